import { describe, expect, it } from "vitest";
import { containedPeriods, resolveFunderPeriod, type PeriodRule } from "~/modules/demographics/periods";

const at = (rule: PeriodRule, now: string, zone = "America/New_York", fixed: { fixedFrom?: string; fixedTo?: string } = {}) => {
  const r = resolveFunderPeriod(rule, { now: new Date(now), zone, ...fixed });
  if (!r.ok) throw new Error(r.message);
  return r.period;
};

describe("funder report periods (pure: now and zone are arguments)", () => {
  it("last quarter is the quarter before the one today is in, in the organisation's zone", () => {
    expect(at("last_quarter", "2026-12-05T14:00:00Z")).toMatchObject({ from: "2026-07-01", to: "2026-10-01", last: "2026-09-30", label: "Q3 2026 (Jul 1, 2026 – Sep 30, 2026)" });
    expect(at("last_quarter", "2027-02-10T12:00:00Z")).toMatchObject({ from: "2026-10-01", to: "2027-01-01", last: "2026-12-31" });
  });

  it("uses the organisation's day, not the server's: 03:00 UTC on 1 October is still 30 September in New York", () => {
    expect(at("last_quarter", "2026-10-01T03:00:00Z", "America/New_York")).toMatchObject({ from: "2026-04-01", to: "2026-07-01" });
    expect(at("last_quarter", "2026-10-01T03:00:00Z", "Europe/London")).toMatchObject({ from: "2026-07-01", to: "2026-10-01" });
    expect(at("last_quarter", "2026-12-31T23:30:00Z", "Pacific/Auckland")).toMatchObject({ from: "2026-10-01", to: "2027-01-01" });
  });

  it("last calendar year", () => {
    expect(at("last_year", "2026-03-15T12:00:00Z")).toMatchObject({ kind: "year", from: "2025-01-01", to: "2026-01-01", label: "2025 (Jan 1, 2025 – Dec 31, 2025)" });
  });

  it("fixed dates are a whole quarter or year that has ended, both days included", () => {
    const now = "2026-12-05T12:00:00Z";
    expect(at("fixed", now, "America/New_York", { fixedFrom: "2026-07-01", fixedTo: "2026-09-30" })).toMatchObject({ kind: "quarter", from: "2026-07-01", to: "2026-10-01", last: "2026-09-30", label: "Q3 2026 (Jul 1, 2026 – Sep 30, 2026)" });
    expect(at("fixed", now, "America/New_York", { fixedFrom: "2025-01-01", fixedTo: "2025-12-31" })).toMatchObject({ kind: "year", to: "2026-01-01" });
  });

  it("refuses impossible, reversed, partial and unfinished fixed periods with a message for the field", () => {
    const now = new Date("2026-12-05T12:00:00Z");
    const zone = "America/New_York";
    expect(resolveFunderPeriod("fixed", { now, zone, fixedFrom: "2026-02-30", fixedTo: "2026-03-01" })).toMatchObject({ ok: false, field: "fixedFrom" });
    expect(resolveFunderPeriod("fixed", { now, zone, fixedFrom: "2026-02-01", fixedTo: "" })).toMatchObject({ ok: false, field: "fixedTo" });
    expect(resolveFunderPeriod("fixed", { now, zone, fixedFrom: "2026-03-01", fixedTo: "2026-02-01" })).toMatchObject({ ok: false, field: "fixedTo", message: "The last day cannot be before the first day." });
    // A week, a month, two months, a quarter not starting a quarter, a grant year across two calendar years, five years.
    for (const [fixedFrom, fixedTo] of [["2026-03-01", "2026-03-08"], ["2026-03-01", "2026-03-31"], ["2026-03-01", "2026-04-30"], ["2026-02-01", "2026-04-30"], ["2025-07-01", "2026-06-30"], ["2021-01-01", "2025-12-31"], ["2026-03-02", "2026-03-31"]]) {
      expect(resolveFunderPeriod("fixed", { now, zone, fixedFrom, fixedTo }), `${fixedFrom} ${fixedTo}`).toMatchObject({ ok: false, field: "fixedTo", message: expect.stringMatching(/whole quarter or year/) });
    }
    // The current quarter and year are still running: their figures would change day by day.
    for (const [fixedFrom, fixedTo] of [["2026-10-01", "2026-12-31"], ["2026-01-01", "2026-12-31"], ["2027-01-01", "2027-03-31"]]) {
      expect(resolveFunderPeriod("fixed", { now, zone, fixedFrom, fixedTo }), fixedFrom).toMatchObject({ ok: false, field: "fixedTo", message: expect.stringMatching(/ended/) });
    }
  });

  it("a year's report holds its four quarters; a quarter's none", () => {
    const year = at("fixed", "2026-12-05T12:00:00Z", "America/New_York", { fixedFrom: "2025-01-01", fixedTo: "2025-12-31" });
    expect(containedPeriods(year).map((p) => [p.kind, p.from, p.to])).toEqual([
      ["quarter", "2025-01-01", "2025-04-01"],
      ["quarter", "2025-04-01", "2025-07-01"],
      ["quarter", "2025-07-01", "2025-10-01"],
      ["quarter", "2025-10-01", "2026-01-01"],
    ]);
    expect(containedPeriods(containedPeriods(year)[1])).toEqual([]);
  });
});
