import { describe, expect, it } from "vitest";
import { jointOutcomeViews, lastEndedQuarter, outcomeViewKey, outcomeViewProblem, reachablePeriods, wholeOutcomePeriod, type ScoredFact } from "~/modules/metrics/outcome-views";

const TODAY = "2026-12-05";

/** One person's intake and later score in quality of life, in a program. */
function person(id: string, programId: string, intakeOn: string, laterOn: string, later: number, intake = 2): ScoredFact[] {
  return [
    { participantId: id, programId, domain: "quality_of_life", phase: "intake", score: intake, measuredOn: intakeOn },
    { participantId: id, programId, domain: "quality_of_life", phase: "exit", score: later, measuredOn: laterOn },
  ];
}
const people = (prefix: string, n: number, programId: string, intakeOn: string, laterOn: string, later = 4) =>
  Array.from({ length: n }, (_, i) => person(`${prefix}${i}`, programId, intakeOn, laterOn, later)).flat();

function qol(views: ReturnType<typeof jointOutcomeViews>, period: string, program: string | null) {
  return views.get(outcomeViewKey(period, program))!.outcomes.find((o) => o.domain === "quality_of_life")!;
}

describe("which views show outcome figures", () => {
  it("a whole calendar quarter or year, from its first day to the day after its last", () => {
    expect(wholeOutcomePeriod({ from: "2025-04-01", to: "2025-07-01" })).toMatchObject({ key: "2025-Q2", kind: "quarter" });
    expect(wholeOutcomePeriod({ from: "2025-01-01", to: "2026-01-01" })).toMatchObject({ key: "2025", kind: "year" });
    expect(wholeOutcomePeriod({ from: "2025-02-01", to: "2025-05-01" })).toBeNull();
    expect(wholeOutcomePeriod({ from: "2025-01-01", to: "2025-02-15" })).toBeNull();
    expect(wholeOutcomePeriod({ from: "2025-01-01", to: "2025-01-02" })).toBeNull();
  });

  it("only once it has ended, and never for a group or a facilitator", () => {
    const view = (from: string, to: string, extra: { groupId?: string; facilitatorId?: string } = {}) => ({ period: { from, to }, groupId: extra.groupId ?? null, facilitatorId: extra.facilitatorId ?? null });
    expect(outcomeViewProblem(view("2026-07-01", "2026-10-01"), TODAY)).toBeNull();
    expect(outcomeViewProblem(view("2026-10-01", "2027-01-01"), TODAY)).toBe("running");
    expect(outcomeViewProblem(view("2026-01-01", "2027-01-01"), TODAY)).toBe("running");
    expect(outcomeViewProblem(view("2025-12-05", "2026-12-06"), TODAY)).toBe("period");
    expect(outcomeViewProblem(view("2025-01-01", "2026-01-01", { groupId: "g" }), TODAY)).toBe("scope");
    expect(outcomeViewProblem(view("2025-01-01", "2026-01-01", { facilitatorId: "f" }), TODAY)).toBe("scope");
    // The last day of a quarter is still running; the day after, it has ended.
    expect(outcomeViewProblem(view("2026-07-01", "2026-10-01"), "2026-09-30")).toBe("running");
    expect(outcomeViewProblem(view("2026-07-01", "2026-10-01"), "2026-10-01")).toBeNull();
  });

  it("the last quarter that has ended", () => {
    expect(lastEndedQuarter(TODAY).key).toBe("2026-Q3");
    expect(lastEndedQuarter("2026-01-01").key).toBe("2025-Q4");
    expect(lastEndedQuarter("2026-03-31").key).toBe("2025-Q4");
    expect(lastEndedQuarter("2026-04-01").key).toBe("2026-Q1");
  });

  it("every quarter and year that has ended, from the first year with a score", () => {
    expect(reachablePeriods(person("p", "A", "2025-02-01", "2025-03-01", 3), "2026-05-01").map((p) => p.key)).toEqual(["2025", "2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1"]);
    expect(reachablePeriods([], TODAY)).toEqual([]);
  });
});

describe("joint suppression of every view", () => {
  it("program A (5) beside all programs (6): A shows nothing, not even its count; B's one person is fewer than 5", () => {
    const facts = [...people("a", 5, "A", "2025-01-10", "2025-02-10"), ...person("taylor", "B", "2025-01-10", "2025-02-15", 1)];
    const views = jointOutcomeViews(facts, [], ["A", "B"], TODAY);
    expect(qol(views, "2025-Q1", null)).toMatchObject({ people: 6, suppressed: false, complementary: false });
    expect(qol(views, "2025-Q1", "A")).toMatchObject({ people: null, suppressed: true, complementary: true, meanChange: null, baselineMean: null, improved: null });
    expect(qol(views, "2025-Q1", "B")).toMatchObject({ people: null, suppressed: true, complementary: false, meanChange: null });
  });

  it("all programs less the programs shown is never one hidden program: another program is hidden with it", () => {
    const facts = [...people("a", 5, "A", "2025-01-10", "2025-02-10"), ...people("b", 6, "B", "2025-01-10", "2025-02-10", 3), ...person("c", "C", "2025-01-10", "2025-02-10", 5)];
    const views = jointOutcomeViews(facts, [], ["A", "B", "C"], TODAY);
    expect(qol(views, "2025-Q1", null)).toMatchObject({ people: 12, suppressed: false });
    expect(qol(views, "2025-Q1", "C")).toMatchObject({ people: null, suppressed: true, meanChange: null });
    // The smallest program holding someone goes with C: 12 − 6 = A and C together, 6 people.
    expect(qol(views, "2025-Q1", "A")).toMatchObject({ complementary: true, people: null });
    expect(qol(views, "2025-Q1", "B")).toMatchObject({ people: 6, suppressed: false });
  });

  it("a year one person more than its quarter is hidden (the quarter may already be printed)", () => {
    const facts = [...people("a", 5, "A", "2025-01-10", "2025-02-10"), ...person("late", "A", "2025-07-01", "2025-08-10", 1)];
    const views = jointOutcomeViews(facts, [], ["A"], TODAY);
    expect(qol(views, "2025-Q1", null)).toMatchObject({ people: 5, suppressed: false });
    expect(qol(views, "2025", null)).toMatchObject({ complementary: true, people: null });
    expect(qol(views, "2025", "A")).toMatchObject({ complementary: true, people: null });
  });

  it("two quarters with the same five people and the same scores and one more person do not both show", () => {
    // Five people measured again in Q2 with the same score: Q2 − Q1 would be the sixth person.
    const again = Array.from({ length: 5 }, (_, i) => ({ participantId: `a${i}`, programId: "A", domain: "quality_of_life" as const, phase: "interval" as const, score: 4, measuredOn: "2025-05-10" }));
    const facts = [...people("a", 5, "A", "2025-01-10", "2025-02-10"), ...again, ...person("new", "A", "2025-04-02", "2025-05-20", 1)];
    const views = jointOutcomeViews(facts, [], [], TODAY);
    expect(qol(views, "2025-Q1", null)).toMatchObject({ people: 5, suppressed: false });
    expect(qol(views, "2025-Q2", null)).toMatchObject({ complementary: true, people: null });
  });

  it("views five or more people apart all show", () => {
    const facts = [...people("a", 5, "A", "2025-01-10", "2025-02-10"), ...people("b", 5, "B", "2025-01-10", "2025-02-10", 3)];
    const views = jointOutcomeViews(facts, [], ["A", "B"], TODAY);
    for (const program of [null, "A", "B"]) expect(qol(views, "2025-Q1", program).complementary).toBe(false);
    expect(qol(views, "2025-Q1", null)).toMatchObject({ people: 10, improved: 10 });
    expect(qol(views, "2025", null).meanChange).toBeCloseTo(1.5);
  });
});
