import { DateTime } from "luxon";
import type { CurrentUser } from "~/modules/auth/policy";
import { scopeHasSubstanceUseGroup } from "~/modules/consent/queries.server";
import { EXPORT_ROW_LIMIT, type CsvCell } from "~/modules/export/csv";
import { listIntakeQueue } from "./queries.server";
import { NEED_AREA_LABELS, REGISTRATION_STATUS_LABELS, type NeedArea } from "./schema";

/**
 * The intake queue as CSV rows: the page's own query (managers see every intake; a facilitator
 * only those of people enrolled in a group they lead), so the same rows and columns as /intake —
 * never the intake answers themselves. The download is recorded in each listed person's
 * disclosure history instead of the page view.
 */
export async function intakeQueueCsv(user: CurrentUser, show: "open" | "all", now: Date) {
  const list = await listIntakeQueue(user, { show, exported: true, limit: EXPORT_ROW_LIMIT });
  const at = (d: Date | null) => (d ? DateTime.fromJSDate(d, { zone: user.timezone }).toFormat("yyyy-MM-dd HH:mm") : "");
  const header = ["Priority", "Participant", "Group", "Need areas", "Status", `Received (${user.timezone})`, `Reviewed (${user.timezone})`];
  const rows: CsvCell[][] = list.map((r) => [
    r.crisis ? "Crisis" : r.urgent ? "Urgent" : "Routine",
    r.participantName,
    r.groupName,
    r.needAreas.length ? r.needAreas.map((n) => NEED_AREA_LABELS[n as NeedArea] ?? n).join(", ") : "None given",
    REGISTRATION_STATUS_LABELS[r.status] ?? r.status,
    at(r.createdAt),
    at(r.reviewedAt),
  ]);
  const today = DateTime.fromJSDate(now, { zone: user.timezone }).toISODate()!;
  return { header, rows, today, redisclosureNotice: await scopeHasSubstanceUseGroup(user.organizationId, {}) };
}
