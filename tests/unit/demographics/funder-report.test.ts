import { describe, expect, it } from "vitest";
import type { Profile } from "~/modules/demographics/dimensions";
import { ageOn, cellOf } from "~/modules/demographics/dimensions";
import { buildFunderReport, layoutOf, rawFigures, type FunderFacts } from "~/modules/demographics/funder-report";
import { DEFAULT_RACE_ETHNICITY, demographicsSchema, maskMedicaidId, coverageSchema, type Demographics } from "~/modules/demographics/schema";

const races = DEFAULT_RACE_ETHNICITY.map((r) => ({ ...r, retired: false }));
const none: Demographics = { birthDate: null, ageBand: null, gender: null, raceEthnicity: null, primaryLanguage: null, zipCode: null, veteranStatus: null };
const period = { from: "2026-07-01", to: "2026-10-01", last: "2026-09-30" };

function facts(people: { gender: string | null; isNew: boolean; completed?: boolean; race?: string[] }[]): FunderFacts {
  const profiles = new Map<string, Profile>();
  const served = people.map((p, i) => {
    profiles.set(`u${i}`, { demographics: { ...none, gender: p.gender, raceEthnicity: p.race ?? null }, coverage: null });
    return { userId: `u${i}`, isNew: p.isNew, attendances: 2, minutes: 120 };
  });
  const ended = people.flatMap((p, i) => (p.completed === undefined ? [] : [{ userId: `u${i}`, completed: p.completed }]));
  return { period, served, ended, profiles, outcomeScores: [], customMeasures: [], sessionsDelivered: 10, hoursDelivered: 15, races };
}

const many = (n: number, p: { gender: string | null; isNew: boolean; completed?: boolean; race?: string[] }) => Array.from({ length: n }, () => p);

describe("funder report breakdowns", () => {
  it("every dimension's cells add up to the total when nothing is suppressed", () => {
    const report = buildFunderReport(facts([...many(6, { gender: "woman", isNew: true }), ...many(7, { gender: "man", isNew: false }), ...many(5, { gender: null, isNew: true })]));
    expect(report.total.people.value).toBe(18);
    for (const d of report.dimensions) {
      const sum = d.rows.reduce((s, r) => s + (r.people.value ?? 0), 0);
      expect(d.rows.every((r) => r.people.hidden === null), d.key).toBe(true);
      expect(sum, d.key).toBe(18);
    }
    const gender = report.dimensions.find((d) => d.key === "gender")!;
    expect(gender.rows.find((r) => r.key === "woman")!.people.value).toBe(6);
    expect(gender.rows.find((r) => r.key === "not_recorded")!.people.value).toBe(5);
    expect(gender.rows.find((r) => r.key === "non_binary")!.people.value).toBe(0);
  });

  it("hides a small cell and its complement, so the total minus the shown cells is never one cell", () => {
    const report = buildFunderReport(facts([...many(12, { gender: "woman", isNew: true }), ...many(2, { gender: "non_binary", isNew: true }), ...many(8, { gender: "man", isNew: true })]));
    const gender = report.dimensions.find((d) => d.key === "gender")!;
    const by = (k: string) => gender.rows.find((r) => r.key === k)!;
    expect(by("non_binary").people).toEqual({ value: null, hidden: "small" });
    expect(by("man").people).toEqual({ value: null, hidden: "complementary" });
    expect(by("woman").people.value).toBe(12);
    // Their attendance and hours go with them.
    expect(by("non_binary").hours.value).toBeNull();
    expect(by("man").attendances.value).toBeNull();
  });

  it("hides new and continuing together when either is small (they add up to the people shown)", () => {
    const report = buildFunderReport(facts([...many(8, { gender: "woman", isNew: true }), ...many(2, { gender: "woman", isNew: false }), ...many(9, { gender: "man", isNew: false })]));
    const woman = report.dimensions.find((d) => d.key === "gender")!.rows.find((r) => r.key === "woman")!;
    expect(woman.people.value).toBe(10);
    expect(woman.newPeople.value).toBeNull();
    expect(woman.continuing.value).toBeNull();
  });

  it("completion rate per cell only when completed and not completed are both 5 or more", () => {
    const report = buildFunderReport(
      facts([...many(5, { gender: "woman", isNew: true, completed: true }), ...many(5, { gender: "woman", isNew: true, completed: false }), ...many(6, { gender: "man", isNew: true, completed: true })]),
    );
    const gender = report.dimensions.find((d) => d.key === "gender")!;
    expect(gender.rows.find((r) => r.key === "woman")!.completionRate).toBe(0.5);
    // Men: 6 completed, 0 not completed — nothing small; rate 100%.
    expect(gender.rows.find((r) => r.key === "man")!.completionRate).toBe(1);
    expect(report.total.completionRate).toBeCloseTo(11 / 16);
  });

  it("withholds everything about people when fewer than 5 were served, but not the sessions delivered", () => {
    const report = buildFunderReport(facts(many(3, { gender: "woman", isNew: true })));
    expect(report.total.people.value).toBeNull();
    expect(report.total.newPeople.value).toBeNull();
    expect(report.sessionsDelivered).toBe(10);
    expect(report.dimensions.every((d) => d.rows.every((r) => r.people.value === null || r.people.value === 0))).toBe(true);
  });

  it("puts someone who chose two race or ethnicity categories in 'Two or more categories'", () => {
    const report = buildFunderReport(facts([...many(5, { gender: null, isNew: true, race: ["asian", "white"] }), ...many(5, { gender: null, isNew: true, race: ["hispanic_latino"] })]));
    const race = report.dimensions.find((d) => d.key === "race")!;
    expect(race.rows.find((r) => r.key === "two_or_more")!.people.value).toBe(5);
    expect(race.rows.find((r) => r.key === "hispanic_latino")!.people.value).toBe(5);
    expect(race.rows.map((r) => r.label)).toContain("Middle Eastern or North African");
  });
});

describe("demographic answers", () => {
  it("age is taken on the day given (the report's year's first day)", () => {
    expect(ageOn("2000-10-01", "2026-09-30")).toBe(25);
    expect(ageOn("2000-09-30", "2026-09-30")).toBe(26);
    expect(cellOf("age", { demographics: { ...none, birthDate: "2000-10-01" }, coverage: null }, "2026-09-30")).toBe("25_34");
    expect(cellOf("age", { demographics: { ...none, birthDate: "2008-10-01" }, coverage: null }, "2026-09-30")).toBe("under_18");
  });

  it("ZIP codes are 5 digits or ZIP+4; reports group them by their first 3 digits (the ZIP area)", () => {
    const schema = demographicsSchema("2026-12-05", ["asian"]);
    expect(schema.safeParse({ zipCode: "02134" }).success).toBe(true);
    expect(schema.safeParse({ zipCode: "02134-1234" }).data?.zipCode).toBe("02134-1234");
    for (const bad of ["2134", "021345", "02134-12", "ABCDE", "02134 1234"]) expect(schema.safeParse({ zipCode: bad }).success, bad).toBe(false);
    expect(schema.safeParse({ zipPreferNot: "yes" }).data?.zipCode).toBe("prefer_not_to_say");
    expect(schema.safeParse({ zipCode: "02134", zipPreferNot: "yes" }).success).toBe(false);
    expect(cellOf("zip", { demographics: { ...none, zipCode: "02134-1234" }, coverage: null }, "2026-09-30")).toBe("021");
  });

  it("refuses a birth date in the future, both a birth date and an age group, and 'prefer not to say' with categories", () => {
    const schema = demographicsSchema("2026-12-05", ["asian", "white"]);
    expect(schema.safeParse({ birthDate: "2026-12-06" }).success).toBe(false);
    expect(schema.safeParse({ birthDate: "1980-02-30" }).success).toBe(false);
    expect(schema.safeParse({ birthDate: "1980-02-03", ageBand: "35_44" }).success).toBe(false);
    expect(schema.safeParse({ raceEthnicity: ["asian", "prefer_not_to_say"] }).success).toBe(false);
    expect(schema.safeParse({ raceEthnicity: ["martian"] }).success).toBe(false);
    expect(schema.safeParse({ raceEthnicity: ["asian", "white"], gender: "prefer_not_to_say" }).data).toMatchObject({ raceEthnicity: ["asian", "white"], gender: "prefer_not_to_say" });
  });

  it("Medicaid IDs are normalised and masked to their last four characters", () => {
    expect(coverageSchema.safeParse({ payer: "medicaid", medicaidId: "ab-12 3456" }).data).toEqual({ payer: "medicaid", medicaidId: "AB123456" });
    expect(coverageSchema.safeParse({ medicaidId: "12" }).success).toBe(false);
    expect(maskMedicaidId("AB123456")).toBe("••••3456");
  });
});

describe("ZIP areas and reports that enclose each other", () => {
  const zipFacts = (zips: string[], p = period): FunderFacts => {
    const profiles = new Map<string, Profile>();
    const served = zips.map((zipCode, i) => {
      profiles.set(`z${i}`, { demographics: { ...none, zipCode }, coverage: null });
      return { userId: `z${i}`, isNew: true, attendances: 1, minutes: 60 };
    });
    return { period: p, served, ended: [], profiles, outcomeScores: [], customMeasures: [], sessionsDelivered: 1, hoursDelivered: 1, races };
  };

  it("lists a ZIP area only with at least 5 people in the year; one person's ZIP is counted under 'Other ZIP codes'", () => {
    const year = zipFacts([...Array(6).fill("19104"), "19139", "02134"]);
    const layout = layoutOf(year, "2026-01-01");
    const zip = buildFunderReport(year, { layout }).dimensions.find((d) => d.key === "zip")!;
    expect(zip.rows.map((r) => r.label)).toEqual(["191xx", "Other ZIP codes", "Prefer not to say", "Not recorded"]);
    // 19139 is in the 191 area with the six others; 02134 alone is "Other ZIP codes" (fewer than 5: hidden).
    expect(zip.rows[0].people).toEqual({ value: null, hidden: "complementary" });
    expect(zip.rows[1].people).toEqual({ value: null, hidden: "small" });
  });

  it("hides (and protects) a figure that differs by 1 to 4 from the same figure of a compared report", () => {
    const layout = layoutOf(zipFacts([...Array(10).fill("19104"), "19139"]), "2026-01-01");
    // The quarter: 10 women and men; its year: one more person, a transgender woman.
    const quarter = facts([...many(5, { gender: "woman", isNew: true }), ...many(5, { gender: "man", isNew: true })]);
    const year = facts([...many(5, { gender: "woman", isNew: true }), ...many(5, { gender: "man", isNew: true }), { gender: "transgender_woman", isNew: true }]);
    expect(buildFunderReport(year, { layout }).total.people.value).toBe(11);
    const guarded = buildFunderReport(year, { layout, compared: [rawFigures(quarter, layout)] });
    // 11 − 10 = 1: the year's total is not shown, nor anything that adds up to it.
    expect(guarded.total.people).toEqual({ value: null, hidden: "complementary" });
    expect(guarded.dimensions.flatMap((d) => d.rows).every((r) => r.people.value === null)).toBe(true);
    // A difference of 0 or of 5 and more hides nothing.
    expect(buildFunderReport(quarter, { layout, compared: [rawFigures(quarter, layout)] }).total.people.value).toBe(10);
    expect(buildFunderReport(year, { layout, compared: [rawFigures(facts(many(6, { gender: "man", isNew: true })), layout)] }).total.people.value).toBe(11);
  });

  it("a protected cell of 0 takes a complement, so it cannot be worked out as total − shown", () => {
    const layout = layoutOf(facts([]), "2026-01-01");
    // All programs: 6 women, 7 men, 5 not answered; one program: the same without the 5 — and a
    // transgender woman served only in the other program is in all programs' report alone.
    const program = facts([...many(6, { gender: "woman", isNew: true }), ...many(7, { gender: "man", isNew: true })]);
    const all = facts([...many(6, { gender: "woman", isNew: true }), ...many(7, { gender: "man", isNew: true }), ...many(5, { gender: null, isNew: true }), { gender: "transgender_woman", isNew: true }]);
    const gender = buildFunderReport(program, { layout, compared: [rawFigures(all, layout)] }).dimensions.find((d) => d.key === "gender")!;
    const row = (key: string) => gender.rows.find((r) => r.key === key)!.people;
    // The program's 0 transgender women against all programs' 1: hidden, with the smallest other cell.
    expect(row("transgender_woman")).toEqual({ value: null, hidden: "complementary" });
    expect(row("woman")).toEqual({ value: null, hidden: "complementary" });
    expect(row("man").value).toBe(7);
  });
});
