/**
 * The managers' plans report: its period and its CSV tables (pure: rows come from
 * queries.server.ts `plansReport`; today is passed in).
 */
import type { CsvCell } from "~/modules/export/csv";
import { addDays, isCivilDate } from "~/modules/metrics/definitions";
import { daysBetween } from "./review";

export const PLAN_REPORT_TABLES = ["due", "met"] as const;
export type PlanReportTable = (typeof PLAN_REPORT_TABLES)[number];

/** The default period: the last 90 days up to today. */
export const DEFAULT_PERIOD_DAYS = 90;
/** The longest period the report reads (five years). */
const MAX_PERIOD_DAYS = 1830;

/**
 * The period from the URL (?from=yyyy-MM-dd&to=yyyy-MM-dd, both days included). Missing: the last
 * 90 days. Unreadable, reversed or too long: the default, with a message saying why.
 */
export function parsePlanPeriod(params: URLSearchParams, today: string): { from: string; to: string; problem: string | null } {
  const fallback = { from: addDays(today, -(DEFAULT_PERIOD_DAYS - 1)), to: today };
  const from = params.get("from")?.trim() ?? "";
  const to = params.get("to")?.trim() ?? "";
  if (!from && !to) return { ...fallback, problem: null };
  const f = from || fallback.from;
  const t = to || today;
  if (!isCivilDate(f) || !isCivilDate(t)) return { ...fallback, problem: "Dates are written like 2027-06-30; showing the last 90 days instead." };
  if (t < f) return { ...fallback, problem: "The period ends before it starts; showing the last 90 days instead." };
  if (daysBetween(f, t) > MAX_PERIOD_DAYS) return { ...fallback, problem: "Choose a period of at most five years; showing the last 90 days instead." };
  return { from: f, to: t, problem: null };
}

type Due = { name: string; nextReviewOn: string; lastReview: string | null; facilitators: string };
type Met = { name: string; goal: string; objective: string; measure: string; metOn: string };

export function plansReportCsv(table: PlanReportTable, data: { due: Due[]; met: Met[]; period: { from: string; to: string } }, today: string): { header: string[]; rows: CsvCell[][]; filename: string } {
  if (table === "due") {
    return {
      filename: `plans-due-for-review-${today}.csv`,
      header: ["Participant", "Next review", "Days overdue", "Last review", "Facilitators"],
      rows: data.due.map((d) => [d.name, d.nextReviewOn, Math.max(0, daysBetween(d.nextReviewOn, today)), d.lastReview ?? "", d.facilitators]),
    };
  }
  return {
    filename: `objectives-met-${data.period.from}-to-${data.period.to}.csv`,
    header: ["Participant", "Goal", "Objective", "Measured by", "Met on"],
    rows: data.met.map((m) => [m.name, m.goal, m.objective, m.measure, m.metOn]),
  };
}
