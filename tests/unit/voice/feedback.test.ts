import { describe, expect, it } from "vitest";
import { feedbackTrend, MIN_RESPONSES, summariseFeedback, validateRatings, type FeedbackAnswer } from "~/modules/voice/feedback";

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
