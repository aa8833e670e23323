import { and, desc, eq, isNull } from "drizzle-orm";
import { db } from "~/db/client.server";
import { consents } from "~/db/tables/consent";
import { smsOutbox, userPhones } from "~/db/tables/sms";
import type { CurrentUser } from "~/modules/auth/policy";
import { isSmsConsentKind, SMS_CONSENT_KINDS, SMS_CONSENT_TEXT } from "~/modules/consent/wording";
import { displayNumber, maskedNumber } from "./phone";

/**
 * What /profile shows about texts: the number and its state (waiting for a code, confirmed,
 * stopped by text), each kind with its exact wording and current choice, and the ended choices.
 */
export async function smsSettings(user: CurrentUser, now: Date) {
  const [phone] = await db.select().from(userPhones).where(and(eq(userPhones.userId, user.id), eq(userPhones.organizationId, user.organizationId)));
  const rows = await db
    .select()
    .from(consents)
    .where(and(eq(consents.userId, user.id), eq(consents.organizationId, user.organizationId), isNull(consents.groupId)))
    .orderBy(desc(consents.givenAt), desc(consents.id));
  const sms = rows.flatMap((r) => (isSmsConsentKind(r.kind) ? [{ ...r, kind: r.kind }] : []));
  const kinds = SMS_CONSENT_KINDS.map((kind) => {
    const current = sms.find((r) => r.kind === kind && r.revokedAt === null) ?? null;
    return { kind, title: SMS_CONSENT_TEXT[kind].title, wording: SMS_CONSENT_TEXT[kind].wording, on: current?.status === "given", since: current?.givenAt.toISOString() ?? null };
  });
  return {
    phone: phone
      ? {
          display: displayNumber(phone.e164),
          confirmed: Boolean(phone.confirmedAt),
          stoppedAt: phone.stoppedAt?.toISOString() ?? null,
          codeWaiting: !phone.confirmedAt && phone.codeHash !== null && phone.codeExpiresAt !== null && phone.codeExpiresAt > now,
        }
      : null,
    kinds,
    history: sms.slice(0, 30).map((r) => ({
      id: r.id,
      title: SMS_CONSENT_TEXT[r.kind].title,
      status: r.status,
      source: r.source,
      at: r.givenAt.toISOString(),
    })),
  };
}

/** One organisation's texts, newest first (the number masked to its last digits). */
export async function organizationSmsOutbox(organizationId: string, limit: number) {
  const rows = await db
    .select({ id: smsOutbox.id, to: smsOutbox.toNumber, kind: smsOutbox.kind, body: smsOutbox.body, status: smsOutbox.status, lastError: smsOutbox.lastError, deliveryStatus: smsOutbox.deliveryStatus, createdAt: smsOutbox.createdAt })
    .from(smsOutbox)
    .where(eq(smsOutbox.organizationId, organizationId))
    .orderBy(desc(smsOutbox.id))
    .limit(limit);
  // A confirmation code is never shown back, even to an administrator.
  return rows.map((r) => ({ ...r, to: maskedNumber(r.to), body: r.kind === "code" ? r.body.replace(/\d{6}/g, "••••••") : r.body, createdAt: r.createdAt.toISOString() }));
}
