import { describe, expect, it } from "vitest";
import { resolveFunderPeriod, type PeriodRule } from "~/modules/demographics/periods";

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
    expect(at("last_month", "2026-12-31T23:30:00Z", "Pacific/Auckland")).toMatchObject({ from: "2026-12-01", to: "2027-01-01" });
  });

  it("last month, last calendar year, year to date and the last 12 whole months", () => {
    expect(at("last_month", "2026-03-15T12:00:00Z")).toMatchObject({ from: "2026-02-01", to: "2026-03-01", last: "2026-02-28" });
    expect(at("last_year", "2026-03-15T12:00:00Z")).toMatchObject({ from: "2025-01-01", to: "2026-01-01", label: "2025 (Jan 1, 2025 – Dec 31, 2025)" });
    expect(at("year_to_date", "2026-03-15T12:00:00Z")).toMatchObject({ from: "2026-01-01", to: "2026-03-16", last: "2026-03-15" });
    expect(at("last_12_months", "2026-03-15T12:00:00Z")).toMatchObject({ from: "2025-03-01", to: "2026-03-01", last: "2026-02-28" });
  });

  it("fixed dates include both days", () => {
    expect(at("fixed", "2026-12-05T12:00:00Z", "America/New_York", { fixedFrom: "2026-07-01", fixedTo: "2027-06-30" })).toMatchObject({ from: "2026-07-01", to: "2027-07-01", last: "2027-06-30" });
    expect(at("fixed", "2026-12-05T12:00:00Z", "America/New_York", { fixedFrom: "2026-05-05", fixedTo: "2026-05-05" })).toMatchObject({ from: "2026-05-05", to: "2026-05-06" });
  });

  it("refuses impossible, reversed and overlong fixed periods with a message for the field", () => {
    const now = new Date("2026-12-05T12:00:00Z");
    const zone = "America/New_York";
    expect(resolveFunderPeriod("fixed", { now, zone, fixedFrom: "2026-02-30", fixedTo: "2026-03-01" })).toMatchObject({ ok: false, field: "fixedFrom" });
    expect(resolveFunderPeriod("fixed", { now, zone, fixedFrom: "2026-02-01", fixedTo: "" })).toMatchObject({ ok: false, field: "fixedTo" });
    expect(resolveFunderPeriod("fixed", { now, zone, fixedFrom: "2026-03-01", fixedTo: "2026-02-01" })).toMatchObject({ ok: false, field: "fixedTo", message: "The last day cannot be before the first day." });
    expect(resolveFunderPeriod("fixed", { now, zone, fixedFrom: "2000-01-01", fixedTo: "2026-01-01" })).toMatchObject({ ok: false, field: "fixedTo" });
  });
});
