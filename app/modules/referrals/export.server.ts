import { db } from "~/db/client.server";
import { recordDisclosure } from "~/modules/audit/mutations.server";
import type { CurrentUser } from "~/modules/auth/policy";
import { scopeHasSubstanceUseGroup } from "~/modules/consent/queries.server";
import { EXPORT_ROW_LIMIT, type CsvCell } from "~/modules/export/csv";
import { NEED_AREA_LABELS, type NeedArea } from "~/modules/registration/schema";
import { civilToday, followUpDue } from "./dates";
import { listReferrals } from "./queries.server";
import { REFERRAL_OUTCOME_LABELS, type ReferralView } from "./schema";

/**
 * The referrals list as CSV rows: the same query, scope and view as /referrals (a facilitator gets
 * the referrals of their own groups' participants, a manager the organisation's). The download is
 * in each named person's disclosure history; with a substance-use group in the organisation the
 * 42 CFR 2.32 notice comes first.
 */
export async function referralsCsv(user: CurrentUser, view: ReferralView, now: Date) {
  const today = civilToday(now, user.timezone);
  const list = await listReferrals(user, { view, today, limit: EXPORT_ROW_LIMIT });
  const header = ["Participant", "Service", "Service phone", "Need area", "Could not be served by", "Referred on", "Follow up on", "Follow-up due", "Reason", "Outcome", "Outcome note", "Recorded by"];
  const rows: CsvCell[][] = list.map((r) => [
    r.participantName,
    r.resourceName,
    r.resourcePhone,
    NEED_AREA_LABELS[r.needArea as NeedArea] ?? r.needArea,
    r.groupName ?? "",
    r.referredOn,
    r.followUpOn ?? "",
    followUpDue(r, today),
    r.reason,
    REFERRAL_OUTCOME_LABELS[r.outcome as keyof typeof REFERRAL_OUTCOME_LABELS] ?? r.outcome,
    r.outcomeNote,
    r.createdByName ?? "former staff",
  ]);
  await recordDisclosure(
    db,
    { organizationId: user.organizationId, actorId: user.id, action: "referral.exported", subjectType: "referrals", subjectId: user.organizationId, after: { view, rows: rows.length } },
    list.map((r) => r.participantId),
  );
  return { header, rows, today, redisclosureNotice: await scopeHasSubstanceUseGroup(user.organizationId, {}) };
}
