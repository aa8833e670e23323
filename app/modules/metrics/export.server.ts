import type { CurrentUser } from "~/modules/auth/policy";
import type { CsvCell } from "~/modules/export/csv";
import { directionLabel } from "./custom-measures/change";
import { formatFigure, METRIC_INFO, OUTPUT_METRICS, type OutputMetric } from "./definitions";
import { OUTCOMES_WITHHELD } from "./outcome-views";
import { loadDashboard, loadRows, outcomeSection, type MetricsFilters } from "./queries.server";

const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");

/**
 * The CSV table of one dashboard table: the same rows and the same shown values as the page.
 * `people`: everyone the rows name (only the rows table names anyone), to record the export for
 * each of them. The route writes the file (`~/modules/export/csv`).
 */
export async function metricsCsv(
  user: CurrentUser,
  filters: MetricsFilters & { today: string; now: Date },
  table: "summary" | "trend" | "outcomes" | "rows",
  metric: OutputMetric | null,
): Promise<{ filename: string; header: string[]; rows: CsvCell[][]; people: string[] }> {
  const stem = `metrics-${table}${metric ? `-${metric}` : ""}-${slug(filters.period.key === "custom" ? `${filters.period.from}-${filters.period.to}` : filters.period.key)}`;
  const filename = `${stem}.csv`;
  if (table === "rows") {
    const rows = await loadRows(user, filters, metric!, filters.now, 1_000_000);
    return { filename, header: rows.columns, rows: rows.rows, people: rows.people };
  }
  const d = await loadDashboard(user, filters, filters.now);
  if (table === "summary") {
    return {
      filename,
      people: [],
      header: ["Figure", "Key", "Shown as", "Value", "Behind the figure", "Period", "Scope"],
      rows: OUTPUT_METRICS.map((k) => [
        METRIC_INFO[k].label,
        k,
        formatFigure(d.summary[k], METRIC_INFO[k].format),
        d.summary[k],
        d.summary.details[k] ?? "",
        filters.period.label,
        d.scope.description.join("; ") || "Whole organisation",
      ]),
    };
  }
  if (table === "trend") {
    return {
      filename,
      people: [],
      header: ["Period", "Starts on", "Sessions scheduled", "Sessions held", "Sessions cancelled", "Attendance rate", "Unique participants", "Participant-hours"],
      rows: d.trend.map((t) => [
        t.label,
        t.bucket,
        t.sessionsTotal,
        t.sessionsHeld,
        t.sessionsCancelled,
        formatFigure(t.attendanceRate, "percent"),
        t.uniqueParticipants,
        Math.round(t.participantHours * 10) / 10,
      ]),
    };
  }
  // Outcome figures: only the jointly suppressed ones of a whole quarter or year that has ended (outcome-views.ts).
  const section = await outcomeSection(user, filters, filters.today);
  const header = ["Domain", "People", "Mean at baseline", "Mean latest", "Mean change", "Improved"];
  if (section.withheld) return { filename, people: [], header, rows: [[OUTCOMES_WITHHELD[section.withheld], "", "", "", "", ""]] };
  return {
    filename,
    people: [],
    header,
    rows: [
      ...section.table.outcomes.map((o) => ({ ...o, label: o.label })),
      // The organisation's own measures: "improved" follows each measure's direction.
      ...section.table.customOutcomes.map((o) => ({ ...o, label: `Other: ${o.name} (${o.instrument}, ${o.scoreMin}–${o.scoreMax}, ${directionLabel(o.higherIsBetter).toLowerCase()})` })),
    ].map((o) =>
      o.complementary
        ? [o.label, "not shown", "", "", "", ""]
        : o.suppressed
          ? [o.label, o.people === 0 ? 0 : "fewer than 5", "", "", "", ""]
          : [o.label, o.people, round2(o.baselineMean), round2(o.latestMean), round2(o.meanChange), o.improved],
    ),
  };
}

const round2 = (v: number | null) => (v === null ? "" : Math.round(v * 100) / 100);
