import { DateTime } from "luxon";
import { isCivilDate } from "~/modules/metrics/definitions";

/**
 * The period of a funder report: always a whole calendar quarter or year that has ended — "last
 * quarter" or "last calendar year" relative to the day the report runs, or one named by its first
 * and last day ("fixed"). Pure: `now` and the organisation's zone are arguments, so a saved report
 * rerun next quarter covers the new last quarter, and a test can pass any moment.
 *
 * Why only these: two reports whose periods differ by a few days (or a period still running,
 * rerun the next day) can be subtracted to single out the people who came only in the
 * difference. Quarters never overlap; a year holds its four quarters, and a year's report hides
 * any figure that differs from the same figure of one of its quarters by 1 to 4
 * (funder-report.ts) — the year is reported only once all its quarters have ended, so what a
 * quarter's report showed never changes because of it. Months are not offered: in a steady
 * group a month and its quarter nearly always differ by one or two people, so most quarters
 * would have to be hidden.
 *
 * A period is civil dates in the organisation's zone: `from` is the first day, `to` the day after
 * the last (as app/modules/metrics/definitions.ts periods), `last` the last day included.
 */
export const PERIOD_RULES = ["last_quarter", "last_year", "fixed"] as const;
export type PeriodRule = (typeof PERIOD_RULES)[number];
export const PERIOD_RULE_LABELS: Record<PeriodRule, string> = {
  last_quarter: "Last quarter",
  last_year: "Last calendar year",
  fixed: "A whole quarter or year (first and last day)",
};
/** Rules older saved reports may hold that no longer run (they could be subtracted from a quarter or year). */
export const RETIRED_PERIOD_RULE_LABELS: Record<string, string> = {
  last_month: "Last month",
  year_to_date: "This year to date",
  last_12_months: "The last 12 whole months",
};

export type PeriodKind = "quarter" | "year";
export type FunderPeriod = { rule: PeriodRule; kind: PeriodKind; from: string; to: string; last: string; label: string };

const fmt = (d: DateTime) => d.toFormat("LLL d, yyyy");
const NAMES: Record<PeriodKind, (first: DateTime) => string> = {
  quarter: (first) => `Q${first.quarter} ${first.year}`,
  year: (first) => String(first.year),
};
const LENGTH: Record<PeriodKind, { months: number }> = { quarter: { months: 3 }, year: { months: 12 } };

/** The whole `kind` starting on `first` (the first day of a quarter or year). */
export function calendarPeriod(rule: PeriodRule, kind: PeriodKind, first: DateTime): FunderPeriod {
  const next = first.plus(LENGTH[kind]);
  const last = next.minus({ days: 1 });
  return { rule, kind, from: first.toISODate()!, to: next.toISODate()!, last: last.toISODate()!, label: `${NAMES[kind](first)} (${fmt(first)} – ${fmt(last)})` };
}

/** The periods inside a report's period that are reports too: a year's four quarters; a quarter holds none. */
export function containedPeriods(period: FunderPeriod): FunderPeriod[] {
  if (period.kind !== "year") return [];
  const first = DateTime.fromISO(period.from, { zone: "UTC" });
  return [0, 3, 6, 9].map((m) => calendarPeriod("fixed", "quarter", first.plus({ months: m })));
}

/** The kind of whole period `from`…`last` (both included) is, or null when it is not one. */
export function wholePeriodKind(from: string, last: string): PeriodKind | null {
  const first = DateTime.fromISO(from, { zone: "UTC" });
  for (const kind of ["quarter", "year"] as const) {
    const start = first.startOf(kind);
    if (+start === +first && start.plus(LENGTH[kind]).minus({ days: 1 }).toISODate() === last) return kind;
  }
  return null;
}

export const NOT_WHOLE_MESSAGE = "Choose a whole quarter or year: its first and last day, for example 2026-07-01 to 2026-09-30 or 2025-01-01 to 2025-12-31.";

/**
 * The period a rule covers at `now` in `zone`. Fixed periods take their first and last day (both
 * included) and are checked: real dates, first ≤ last, a whole quarter or year, ended before
 * today.
 */
export function resolveFunderPeriod(
  rule: PeriodRule,
  input: { now: Date; zone: string; fixedFrom?: string | null; fixedTo?: string | null },
): { ok: true; period: FunderPeriod } | { ok: false; field: "fixedFrom" | "fixedTo"; message: string } {
  const today = DateTime.fromJSDate(input.now, { zone: input.zone }).startOf("day");
  const at = (d: DateTime) => DateTime.fromISO(d.toISODate()!, { zone: "UTC" });
  switch (rule) {
    case "last_quarter":
      return { ok: true, period: calendarPeriod(rule, "quarter", at(today.startOf("quarter").minus({ months: 3 }))) };
    case "last_year":
      return { ok: true, period: calendarPeriod(rule, "year", at(today.startOf("year").minus({ years: 1 }))) };
    case "fixed": {
      const from = input.fixedFrom ?? "";
      const to = input.fixedTo ?? "";
      if (!isCivilDate(from)) return { ok: false, field: "fixedFrom", message: "Enter the first day as a real date, for example 2026-07-01." };
      if (!isCivilDate(to)) return { ok: false, field: "fixedTo", message: "Enter the last day as a real date, for example 2026-09-30." };
      if (to < from) return { ok: false, field: "fixedTo", message: "The last day cannot be before the first day." };
      const kind = wholePeriodKind(from, to);
      if (!kind) return { ok: false, field: "fixedTo", message: NOT_WHOLE_MESSAGE };
      if (to >= today.toISODate()!) return { ok: false, field: "fixedTo", message: "Choose a quarter or year that has ended: a report of one still running would change day by day." };
      return { ok: true, period: calendarPeriod(rule, kind, DateTime.fromISO(from, { zone: "UTC" })) };
    }
  }
}
