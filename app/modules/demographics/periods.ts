import { DateTime } from "luxon";
import { isCivilDate } from "~/modules/metrics/definitions";

/**
 * The period of a funder report: a rule relative to the day the report runs ("last quarter") or
 * fixed dates. Pure: `now` and the organisation's zone are arguments, so a saved report rerun
 * next quarter covers the new last quarter, and a test can pass any moment.
 *
 * A period is civil dates in the organisation's zone: `from` is the first day, `to` the day after
 * the last (as app/modules/metrics/definitions.ts periods), `last` the last day included.
 */
export const PERIOD_RULES = ["last_month", "last_quarter", "last_year", "year_to_date", "last_12_months", "fixed"] as const;
export type PeriodRule = (typeof PERIOD_RULES)[number];
export const PERIOD_RULE_LABELS: Record<PeriodRule, string> = {
  last_month: "Last month",
  last_quarter: "Last quarter",
  last_year: "Last calendar year",
  year_to_date: "This year to date",
  last_12_months: "The last 12 whole months",
  fixed: "Fixed dates",
};

export type FunderPeriod = { rule: PeriodRule; from: string; to: string; last: string; label: string };

/** The longest fixed period (a funder's grant year can run a little over a year; five years is plenty). */
export const MAX_PERIOD_DAYS = 366 * 5;

const fmt = (d: DateTime) => d.toFormat("LLL d, yyyy");

function period(rule: PeriodRule, first: DateTime, next: DateTime, name: string): FunderPeriod {
  const last = next.minus({ days: 1 });
  return { rule, from: first.toISODate()!, to: next.toISODate()!, last: last.toISODate()!, label: `${name} (${fmt(first)} – ${fmt(last)})` };
}

/**
 * The period a rule covers at `now` in `zone`. Fixed periods take their first and last day
 * (both included) and are checked: real dates, first ≤ last, at most MAX_PERIOD_DAYS.
 */
export function resolveFunderPeriod(
  rule: PeriodRule,
  input: { now: Date; zone: string; fixedFrom?: string | null; fixedTo?: string | null },
): { ok: true; period: FunderPeriod } | { ok: false; field: "fixedFrom" | "fixedTo"; message: string } {
  const today = DateTime.fromJSDate(input.now, { zone: input.zone }).startOf("day");
  const startOfMonth = today.startOf("month");
  switch (rule) {
    case "last_month": {
      const first = startOfMonth.minus({ months: 1 });
      return { ok: true, period: period(rule, first, startOfMonth, first.toFormat("LLLL yyyy")) };
    }
    case "last_quarter": {
      const thisQuarter = today.startOf("quarter");
      const first = thisQuarter.minus({ months: 3 });
      return { ok: true, period: period(rule, first, thisQuarter, `Q${first.quarter} ${first.year}`) };
    }
    case "last_year": {
      const thisYear = today.startOf("year");
      const first = thisYear.minus({ years: 1 });
      return { ok: true, period: period(rule, first, thisYear, String(first.year)) };
    }
    case "year_to_date": {
      const first = today.startOf("year");
      return { ok: true, period: period(rule, first, today.plus({ days: 1 }), `${first.year} to date`) };
    }
    case "last_12_months": {
      const first = startOfMonth.minus({ months: 12 });
      return { ok: true, period: period(rule, first, startOfMonth, "12 months") };
    }
    case "fixed": {
      const from = input.fixedFrom ?? "";
      const to = input.fixedTo ?? "";
      if (!isCivilDate(from)) return { ok: false, field: "fixedFrom", message: "Enter the first day as a real date, for example 2026-07-01." };
      if (!isCivilDate(to)) return { ok: false, field: "fixedTo", message: "Enter the last day as a real date, for example 2027-06-30." };
      if (to < from) return { ok: false, field: "fixedTo", message: "The last day cannot be before the first day." };
      const first = DateTime.fromISO(from, { zone: input.zone });
      const next = DateTime.fromISO(to, { zone: input.zone }).plus({ days: 1 });
      if (next.diff(first, "days").days > MAX_PERIOD_DAYS) return { ok: false, field: "fixedTo", message: "Choose a period of at most five years." };
      return { ok: true, period: period(rule, first, next, "Fixed dates") };
    }
  }
}
