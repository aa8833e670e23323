import { DateTime } from "luxon";
import type { CurrentUser } from "~/modules/auth/policy";
import { scopeHasSubstanceUseGroup } from "~/modules/consent/queries.server";
import type { CsvCell } from "~/modules/export/csv";
import { feedbackReport } from "~/modules/voice/feedback/queries.server";

type Filter = { period: string | null; group: string | null; facilitator: string | null };

/**
 * The feedback report as CSV rows: built from the page's own report (the same query, the same
 * batches of at least 5 answers, the same withheld questions), so the file shows exactly what
 * /feedback/reports shows for these filters — never an answer the page holds back. The download
 * is audited like the page view.
 */
export async function feedbackReportCsv(user: CurrentUser, filter: Filter, now: Date) {
  const report = await feedbackReport(user, { period: filter.period, groupId: filter.group, facilitatorId: filter.facilitator }, now, { exported: true });
  const groupId = filter.group;
  const facilitatorId = groupId ? null : filter.facilitator;
  const scope = groupId
    ? (report.groups.find((g) => g.id === groupId)?.name ?? "")
    : facilitatorId
      ? `Groups led by ${report.facilitators.find((f) => f.id === facilitatorId)?.name ?? "this facilitator"}`
      : "All my groups";
  const header = ["Scope", "Part", "Question or comment", "Answers", "Average (1–5)", "Rated 1", "Rated 2", "Rated 3", "Rated 4", "Rated 5", "Comment by"];
  const rows: CsvCell[][] = [];
  const summaryRows = (label: string, summary: (typeof report)["overall"]) => {
    if (summary.withheld) {
      rows.push([label, "Withheld", summary.reason, "", "", "", "", "", "", "", ""]);
      return;
    }
    rows.push([label, "Responses", "", summary.responses, "", "", "", "", "", "", ""]);
    for (const q of summary.questions) {
      rows.push(q.average === null ? [label, "Rating", q.prompt, "", "Withheld (fewer than 5 answers)", "", "", "", "", "", ""] : [label, "Rating", q.prompt, q.answered, q.average.toFixed(2), ...q.distribution, ""]);
    }
    for (const c of summary.comments) rows.push([label, "Comment", c.text, "", "", "", "", "", "", "", c.name ?? "anonymous"]);
  };
  summaryRows(`${scope}, ${report.period.label}`, report.overall);
  if (!groupId && report.perGroup.length > 1) for (const g of report.perGroup) summaryRows(`${g.groupName}, ${report.period.label}`, g.summary);
  const day = (iso: string) => DateTime.fromISO(iso, { zone: user.timezone }).toISODate();
  for (const t of report.trend) {
    const label = `${t.groupName}, batch ${t.seq} (released ${t.releasedIn}; sessions ${day(t.sessionsFrom)} to ${day(t.sessionsTo)})`;
    for (const q of report.questions) rows.push([label, "Batch average", q.prompt, t.responses, t.averages[q.id]?.toFixed(2) ?? "Withheld", "", "", "", "", "", ""]);
  }
  // A comment left with a name tells who took part: with a substance-use group in scope, the 42 CFR 2.32 notice comes first.
  const named = rows.some((r) => r[1] === "Comment" && r[10] !== "anonymous");
  const redisclosureNotice = named && (await scopeHasSubstanceUseGroup(user.organizationId, { groupId: groupId ?? undefined }));
  return { header, rows, period: report.period.key, redisclosureNotice };
}
