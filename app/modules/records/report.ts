/**
 * The service-records report as CSV tables (pure: the rows come from queries.server.ts; times are
 * written in the zone passed in, with the zone named in the header).
 */
import type { CsvCell } from "~/modules/export/csv";
import { formatInZone, type DateStyle } from "~/modules/time/zoned";
import { daysOverdue } from "./rules";

export const REPORT_TABLES = ["overdue", "incidents", "signed"] as const;
export type ReportTable = (typeof REPORT_TABLES)[number];

type Overdue = { groupName: string; startsAt: Date; state: "missing" | "draft"; facilitators: string; hoursOverdue: number };
type Signed = { groupName: string; startsAt: Date; topic: string; signedAt: Date; signedBy: string | null; progressNotes: number };
type Incident = { groupName: string; sessionStart: Date; createdAt: Date; whatHappened: string; whoWasNotified: string; reportedBy: string | null; actions: number; actionsOpen: number; nextDue: string | null };

export function reportCsv(
  table: ReportTable,
  data: { overdue?: Overdue[]; incidents?: Incident[]; signed?: Signed[] },
  zone: string,
  style: DateStyle,
  today: string,
): { header: string[]; rows: CsvCell[][]; filename: string } {
  const at = (d: Date) => formatInZone(d, zone, style);
  if (table === "overdue") {
    return {
      filename: `group-notes-overdue-${today}.csv`,
      header: ["Group", `Session (${zone})`, "Note", "Facilitators", "Hours past due"],
      rows: (data.overdue ?? []).map((o) => [o.groupName, at(o.startsAt), o.state === "missing" ? "not written" : "draft, not signed", o.facilitators, o.hoursOverdue]),
    };
  }
  if (table === "signed") {
    return {
      filename: `group-notes-signed-${today}.csv`,
      header: ["Group", `Session (${zone})`, "Topic", `Signed (${zone})`, "Signed by", "Progress notes signed"],
      rows: (data.signed ?? []).map((n) => [n.groupName, at(n.startsAt), n.topic, at(n.signedAt), n.signedBy ?? "a former staff member", n.progressNotes]),
    };
  }
  return {
    filename: `incidents-open-${today}.csv`,
    header: ["Group", `Session (${zone})`, `Recorded (${zone})`, "What happened", "Who was notified", "Recorded by", "Follow-up actions", "Open actions", "Next due", "Days past due"],
    rows: (data.incidents ?? []).map((i) => [
      i.groupName,
      at(i.sessionStart),
      at(i.createdAt),
      i.whatHappened,
      i.whoWasNotified,
      i.reportedBy ?? "",
      i.actions,
      i.actionsOpen,
      i.nextDue ?? "",
      i.nextDue ? daysOverdue(i.nextDue, today) : "",
    ]),
  };
}
