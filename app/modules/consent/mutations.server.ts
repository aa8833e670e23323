import { and, eq, isNull, sql } from "drizzle-orm";
import { db, type Executor } from "~/db/client.server";
import { enrolments, groups } from "~/db/schema";
import { consents } from "~/db/tables/consent";
import { audit } from "~/modules/audit/mutations.server";
import type { CurrentUser } from "~/modules/auth/policy";
import { notFound, UserInputError } from "~/modules/errors";
import { CONSENT_WORDING_VERSION, consentExpiry, consentTextIn, type ConsentKind, type SmsConsentKind } from "./wording";
import { DEFAULT_LOCALE, type Locale } from "~/i18n/locales";
import { localeOf } from "~/i18n/locales";

type Decision = "given" | "refused" | "pending";
type Source = "self" | "staff_verbal" | "staff_pending" | "sms_keyword";

/**
 * Records one decision for (person, kind, group): ends the current row ("replaced") and inserts
 * the new one with the exact wording and version, in the caller's transaction, audited.
 * `groupId` null: a decision for all of the organisation's groups (the text-message kinds).
 */
export async function recordConsent(
  tx: Executor,
  input: {
    organizationId: string;
    userId: string;
    groupId: string | null;
    kind: ConsentKind | SmsConsentKind;
    status: Decision;
    source: Source;
    recordedBy: string;
    now: Date;
    /** The language the statement was shown in: the record keeps those exact words. */
    locale?: Locale;
  },
) {
  const text = consentTextIn(input.kind, input.locale ?? DEFAULT_LOCALE);
  // One decision at a time per (person, kind, group): a double-submitted form waits here, then
  // replaces the row the first one wrote instead of colliding with it.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`consent:${input.userId}:${input.kind}:${input.groupId ?? "all"}`}, 0))`);
  const ended = await tx
    .update(consents)
    .set({ revokedAt: input.now, revokedBy: input.recordedBy, endedReason: "replaced" })
    .where(and(eq(consents.userId, input.userId), eq(consents.kind, input.kind), input.groupId === null ? isNull(consents.groupId) : eq(consents.groupId, input.groupId), isNull(consents.revokedAt)))
    .returning({ id: consents.id, status: consents.status });
  const [row] = await tx
    .insert(consents)
    .values({
      organizationId: input.organizationId,
      userId: input.userId,
      kind: input.kind,
      groupId: input.groupId,
      status: input.status,
      purpose: text.purpose,
      wordingVersion: CONSENT_WORDING_VERSION,
      wording: text.wording,
      source: input.source,
      recordedBy: input.recordedBy,
      givenAt: input.now,
      expiresAt: input.status === "given" ? consentExpiry(input.kind, input.now) : null,
    })
    .returning({ id: consents.id });
  await audit(tx, {
    organizationId: input.organizationId,
    actorId: input.recordedBy,
    action: input.source === "staff_verbal" ? "consent.attest_verbal" : input.source === "sms_keyword" ? `consent.sms_${input.status === "given" ? "start" : "stop"}` : input.status === "pending" ? "consent.pending" : `consent.${input.status === "given" ? "give" : "refuse"}`,
    subjectType: "user",
    subjectId: input.userId,
    before: ended[0] ? { consentId: ended[0].id, status: ended[0].status } : null,
    after: { consentId: row.id, kind: input.kind, groupId: input.groupId, status: input.status, source: input.source, wordingVersion: CONSENT_WORDING_VERSION },
  });
  return row.id;
}

/** The person's own enrolment in the group (any status but "interested"), or 404. */
async function ownGroup(tx: Executor, user: CurrentUser, groupId: string) {
  const [row] = await tx
    .select({ id: groups.id })
    .from(enrolments)
    .innerJoin(groups, eq(groups.id, enrolments.groupId))
    .where(and(eq(enrolments.groupId, groupId), eq(enrolments.userId, user.id), eq(enrolments.organizationId, user.organizationId), sql`${enrolments.status} <> 'interested'`));
  if (!row) notFound("Group not found");
}

/**
 * The participant answers (gives, refuses) or revokes one of their own consents. Takes effect at
 * once: every roster, list and export reads the current row. Participation is an acknowledgement
 * and cannot be refused while in the group (withdrawing from the group is the way out).
 */
export async function decideOwnConsent(
  user: CurrentUser,
  input: { groupId: string; kind: ConsentKind; intent: "give" | "refuse" | "revoke" },
  now = new Date(),
) {
  await db.transaction(async (tx) => {
    await ownGroup(tx, user, input.groupId);
    if (input.intent === "revoke") {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`consent:${user.id}:${input.kind}:${input.groupId}`}, 0))`);
    }
    if (input.kind === "participation" && input.intent !== "give") {
      throw new UserInputError("Taking part needs this acknowledgement. To stop sharing, withdraw from the group on My groups.", "kind");
    }
    if (input.intent !== "revoke") {
      await recordConsent(tx, {
        organizationId: user.organizationId,
        userId: user.id,
        groupId: input.groupId,
        kind: input.kind,
        status: input.intent === "give" ? "given" : "refused",
        source: "self",
        recordedBy: user.id,
        now,
        locale: localeOf(user.locale),
      });
      return;
    }
    const [ended] = await tx
      .update(consents)
      .set({ revokedAt: now, revokedBy: user.id, endedReason: "revoked" })
      .where(and(eq(consents.userId, user.id), eq(consents.organizationId, user.organizationId), eq(consents.kind, input.kind), eq(consents.groupId, input.groupId), isNull(consents.revokedAt), eq(consents.status, "given")))
      .returning({ id: consents.id });
    if (!ended) throw new UserInputError("There is no current consent to revoke.", "kind");
    await audit(tx, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: "consent.revoke",
      subjectType: "user",
      subjectId: user.id,
      before: { consentId: ended.id, kind: input.kind, groupId: input.groupId, status: "given" },
      after: { status: "revoked" },
    });
  });
}
