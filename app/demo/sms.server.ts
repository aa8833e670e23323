import { eq } from "drizzle-orm";
import { db } from "~/db/client.server";
import { organizations } from "~/db/schema";
import { consents } from "~/db/tables/consent";
import { smsOptOuts, smsOutbox, userPhones } from "~/db/tables/sms";
import { CONSENT_WORDING_VERSION, SMS_CONSENT_TEXT, type SmsConsentKind } from "~/modules/consent/wording";
import { appUrl } from "~/config.server";
import { confirmationCodeText, reminderText } from "~/modules/notifications/sms/message";
import { formatInZone } from "~/modules/time/zoned";
import type { DemoContext } from "./context";

/**
 * Text messages demo (issue 18): Pat has a confirmed mobile number and chose session reminders and
 * session changes (consent records with the exact wording); Sam confirmed a number and later texted
 * STOP, so the profile shows texts stopped and each choice ended by keyword. Two texts already sent
 * to Pat appear at /admin/sms.
 */
export async function seedSmsDemo(ctx: DemoContext) {
  const { now, organizationId, userIds } = ctx;
  const ago = (hours: number) => new Date(now.getTime() - hours * 3_600_000);
  const pat = userIds["pat@riverside.example"];
  const sam = userIds["sam@riverside.example"];
  await db.insert(userPhones).values([
    { userId: pat, organizationId, e164: "+14155550100", confirmedAt: ago(24 * 20), codeSends: 1, codeWindowStart: ago(24 * 20), codeSentAt: ago(24 * 20) },
    { userId: sam, organizationId, e164: "+16465550142", confirmedAt: ago(24 * 30), stoppedAt: ago(24 * 2), codeSends: 1, codeWindowStart: ago(24 * 30), codeSentAt: ago(24 * 30) },
  ]);
  await db.insert(smsOptOuts).values({ e164: "+16465550142", stoppedAt: ago(24 * 2) });
  const consent = (userId: string, kind: SmsConsentKind, status: "given" | "refused", source: "self" | "sms_keyword", givenAt: Date, revokedAt: Date | null = null) => ({
    organizationId,
    userId,
    kind,
    groupId: null,
    status,
    purpose: SMS_CONSENT_TEXT[kind].purpose,
    wordingVersion: CONSENT_WORDING_VERSION,
    wording: SMS_CONSENT_TEXT[kind].wording,
    source,
    recordedBy: userId,
    givenAt,
    revokedAt,
    revokedBy: revokedAt ? userId : null,
    endedReason: revokedAt ? "replaced" : null,
  });
  await db.insert(consents).values([
    consent(pat, "sms_session_reminders", "given", "self", ago(24 * 20)),
    consent(pat, "sms_session_changes", "given", "self", ago(24 * 20)),
    consent(sam, "sms_session_reminders", "given", "self", ago(24 * 30), ago(24 * 2)),
    consent(sam, "sms_session_reminders", "refused", "sms_keyword", ago(24 * 2)),
  ]);
  const [org] = await db.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, organizationId));
  const reminder = reminderText({ organizationName: org.name, when: formatInZone(ago(24 * 5), "America/Los_Angeles", "en-US"), url: `${appUrl()}/groups/${ctx.groupIds["Budgeting Basics"]}` });
  await db.insert(smsOutbox).values([
    // A sent code's copy is blanked, as the worker does.
    { organizationId, userId: pat, toNumber: "+14155550100", kind: "code", body: confirmationCodeText(org.name, "••••••"), status: "sent", attempts: 1, sentAt: ago(24 * 20), createdAt: ago(24 * 20) },
    { organizationId, userId: pat, toNumber: "+14155550100", kind: "reminder", body: reminder, status: "sent", attempts: 1, sentAt: ago(24 * 6), createdAt: ago(24 * 6), dedupeKey: "demo:sms:reminder:pat" },
  ]);
}
