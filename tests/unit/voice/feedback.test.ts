import { describe, expect, it } from "vitest";
import {
  feedbackTrend,
  MIN_RESPONSES,
  NOTHING_RELEASED,
  parsePeriod,
  periodOptions,
  quarterKey,
  summariseBatches,
  summariseFeedback,
  validateRatings,
  type FeedbackAnswer,
} from "~/modules/voice/feedback";

const questions = [
  { id: "heard", prompt: "I felt heard" },
  { id: "useful", prompt: "Useful" },
];
const answer = (heard: number, useful: number, comment = ""): FeedbackAnswer => ({ ratings: { heard, useful }, comment });

describe("k ≥ 5 suppression", () => {
  it("withholds everything — count, averages, distribution and comments — from 4 answers, and says why", () => {
    const summary = summariseFeedback([answer(5, 5, "loved it"), answer(4, 4), answer(1, 2, "felt unsafe"), answer(3, 3)], questions);
    expect(summary.withheld).toBe(true);
    expect(JSON.stringify(summary)).not.toMatch(/loved it|felt unsafe|"responses"|"average"/);
    if (summary.withheld) expect(summary.reason).toMatch(/fewer than 5/);
  });

  it("shows averages, distribution and comments from exactly 5 answers", () => {
    const summary = summariseFeedback(
      [answer(5, 4, "Good pace"), answer(4, 4), answer(3, 2, "More breaks"), answer(5, 5), answer(1, 5, " ")],
      questions,
    );
    expect(summary.withheld).toBe(false);
    if (summary.withheld) return;
    expect(summary.responses).toBe(5);
    expect(summary.questions[0]).toMatchObject({ questionId: "heard", answered: 5, average: 3.6, distribution: [1, 0, 1, 1, 2] });
    expect(summary.questions[1]).toMatchObject({ average: 4, distribution: [0, 1, 0, 2, 2] });
    // Blank comments are dropped; the order is by content, not by receipt.
    expect(summary.comments.map((c) => c.text)).toEqual(["Good pace", "More breaks"]);
  });

  it("withholds one question answered by fewer than 5 people even when the session passes", () => {
    const answers = [answer(5, 4), answer(4, 4), answer(3, 3), answer(5, 5), { ratings: { heard: 2 }, comment: "" }];
    const summary = summariseFeedback(answers, questions);
    if (summary.withheld) throw new Error("expected a summary");
    expect(summary.questions[0].average).toBe(3.8);
    expect(summary.questions[1]).toMatchObject({ average: null, answered: 0, distribution: [0, 0, 0, 0, 0] });
  });

  it("the threshold is 5 and a trend point with fewer answers is withheld", () => {
    expect(MIN_RESPONSES).toBe(5);
    const trend = feedbackTrend(
      [
        { key: "a", label: "A", answers: [answer(5, 5), answer(5, 5), answer(4, 4), answer(4, 4), answer(2, 2)] },
        { key: "b", label: "B", answers: [answer(1, 1), answer(1, 1)] },
      ],
      questions,
    );
    expect(trend[0].averages).toEqual({ heard: 4, useful: 4 });
    expect(trend[1].averages).toBeNull();
    expect(trend[1].withheldReason).toMatch(/fewer than 5/);
  });
});

describe("rating validation", () => {
  it("needs a whole number from 1 to 5 for every question", () => {
    expect(validateRatings({ heard: "5", useful: "1" }, questions)).toEqual({ ok: true, ratings: { heard: 5, useful: 1 } });
    const bad = validateRatings({ heard: "6", useful: "" }, questions);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(Object.keys(bad.errors).sort()).toEqual(["heard", "useful"]);
    expect(validateRatings({ heard: "2.5", useful: "3" }, questions).ok).toBe(false);
  });
});

describe("figures are sums of whole release batches", () => {
  const batch = (id: string, ...answers: FeedbackAnswer[]) => ({ id, answers });
  const five = (v: number, tag: string) => Array.from({ length: 5 }, (_, i) => answer(v, v, `${tag}${i}`));

  it("shows nothing from no batch and says some answers may be waiting, without a count", () => {
    const summary = summariseBatches([], questions);
    expect(summary).toEqual({ withheld: true, reason: NOTHING_RELEASED });
    expect(NOTHING_RELEASED).toMatch(/batches of at least 5/);
    expect(NOTHING_RELEASED).not.toMatch(/\d+ answers? (are|is) waiting/);
  });

  it("never counts a batch of fewer than 5 (the database refuses one anyway)", () => {
    const summary = summariseBatches([batch("a", ...five(4, "a")), batch("b", answer(1, 1, "lonely"))], questions);
    if (summary.withheld) throw new Error("expected a summary");
    expect(summary.responses).toBe(5);
    expect(JSON.stringify(summary)).not.toContain("lonely");
  });

  it("the total is the sum of the cells: two batches add up exactly, comments included", () => {
    const a = batch("a", ...five(5, "a"));
    const b = batch("b", ...five(1, "b"));
    const both = summariseBatches([a, b], questions);
    if (both.withheld) throw new Error("expected a summary");
    expect(both.responses).toBe(10);
    expect(both.questions[0]).toMatchObject({ answered: 10, average: 3, distribution: [5, 0, 0, 0, 5] });
    expect(both.comments).toHaveLength(10);
  });

  it("a question rated by fewer than 5 of a batch is left out of every figure from that batch", () => {
    const partly = batch("p", ...five(2, "p").map((x, i) => (i < 4 ? { ...x, ratings: { heard: 2 } } : x)));
    const summary = summariseBatches([batch("a", ...five(5, "a")), partly], questions);
    if (summary.withheld) throw new Error("expected a summary");
    expect(summary.questions[0]).toMatchObject({ questionId: "heard", answered: 10 });
    // "useful": 5 from batch a; the single "useful" rating of batch p is not added.
    expect(summary.questions[1]).toMatchObject({ questionId: "useful", answered: 5, average: 5 });
  });
});

describe("fixed reporting periods", () => {
  it("parses months, quarters and years, and nothing else", () => {
    expect(parsePeriod("2026-11")).toMatchObject({ kind: "month", label: "November 2026", months: ["2026-11-01"] });
    expect(parsePeriod("2026-Q4")?.months).toEqual(["2026-10-01", "2026-11-01", "2026-12-01"]);
    expect(parsePeriod("2026")?.months).toHaveLength(12);
    for (const bad of ["2026-13", "2026-00", "2026-11-22", "2026-Q5", "1899", "", "11-2026"]) expect(parsePeriod(bad)).toBeNull();
    expect(quarterKey("2026-02-01")).toBe("2026-Q1");
  });

  it("offers every month, quarter and year from the first batch to now", () => {
    const keys = periodOptions("2025-11-01", "2026-02-01").map((p) => p.key);
    expect(keys).toEqual(["2026", "2025", "2026-Q1", "2025-Q4", "2026-02", "2026-01", "2025-12", "2025-11"]);
  });
});
