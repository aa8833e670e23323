import { DateTime } from "luxon";
import { db } from "~/db/client.server";
import { recordDisclosure } from "~/modules/audit/mutations.server";
import { canManage, type CurrentUser } from "~/modules/auth/policy";
import { scopeHasSubstanceUseGroup } from "~/modules/consent/queries.server";
import { EXPORT_ROW_LIMIT, type CsvCell } from "~/modules/export/csv";
import { CONCERN_STATUS_LABELS } from "~/modules/voice/concerns";
import { listConcerns } from "~/modules/voice/concerns/queries.server";
import { CONCERN_SUBJECT_LABELS } from "~/modules/voice/schema";
import { forbidden } from "~/modules/errors";

/**
 * The "Concerns to handle" table of /concerns as CSV rows, for managers only: the page's own
 * query, so a concern about a manager (or a group they lead) is never in that manager's file, as
 * it is never on their page; the concerns a manager raised themselves are not in it either. The
 * same columns as the table (the subject's name is not one), plus the hours to a first response.
 * Named submitters get the download in their disclosure history.
 */
export async function concernsCsv(user: CurrentUser, now: Date) {
  if (!canManage(user.role)) forbidden("Only managers handle concerns.");
  const handled = (await listConcerns(user, now, { limit: EXPORT_ROW_LIMIT })).filter((c) => !c.mine);
  const at = (d: Date | null) => (d ? DateTime.fromJSDate(d, { zone: user.timezone }).toFormat("yyyy-MM-dd HH:mm") : "");
  const header = ["Concern", "Raised by", "About", "Group", `Received (${user.timezone})`, "Status", "Overdue", "Hours to first response"];
  const rows: CsvCell[][] = handled.map((c) => [
    c.summary,
    c.anonymous ? "Anonymous" : (c.submitterName ?? ""),
    CONCERN_SUBJECT_LABELS[c.subject],
    c.groupName ?? "",
    at(c.receivedAt),
    CONCERN_STATUS_LABELS[c.status],
    c.overdue,
    c.hoursToFirstResponse ?? "",
  ]);
  const named = handled.filter((c) => !c.anonymous && c.submitterId).map((c) => c.submitterId!);
  await recordDisclosure(
    db,
    { organizationId: user.organizationId, actorId: user.id, action: "concern.exported", subjectType: "concerns", subjectId: user.organizationId, after: { rows: rows.length } },
    named,
  );
  const today = DateTime.fromJSDate(now, { zone: user.timezone }).toISODate()!;
  return { header, rows, today, redisclosureNotice: named.length > 0 && (await scopeHasSubstanceUseGroup(user.organizationId, {})) };
}
