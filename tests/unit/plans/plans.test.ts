import { describe, expect, it } from "vitest";
import { describeService } from "~/modules/plans/components";
import { describeHistoryEvent } from "~/modules/plans/history";
import { prefillFromIntakes, type IntakeAnswers } from "~/modules/plans/prefill";
import { parsePlanPeriod, plansReportCsv } from "~/modules/plans/report";
import { daysBetween, describeAttendance, describeReview, objectiveChanges, planChanges, reminderDue, reviewState } from "~/modules/plans/review";

const intake = (over: Partial<IntakeAnswers> = {}): IntakeAnswers => ({ groupName: "Circle", needAreas: [], otherNeed: "", urgentNote: "", accessibilityNeeds: "", language: "English", ...over });

describe("pre-filling a plan from intake answers", () => {
  it("lists need areas once across intakes, then free-text needs and urgent notes; barriers from accessibility and a language other than English; strengths empty", () => {
    const plan = prefillFromIntakes([
      intake({ needAreas: ["housing", "other"], otherNeed: "Childcare", urgentNote: "Eviction notice", accessibilityNeeds: "Wheelchair user", language: "es" }),
      intake({ groupName: "Budgeting", needAreas: ["housing", "legal"], otherNeed: "Childcare", language: "english" }),
    ]);
    expect(plan).toEqual({
      strengths: "",
      needs: "Housing; Legal help (including expungement)\nAlso needs: Childcare\nUrgent at intake (Circle): Eviction notice",
      barriers: "Accessibility: Wheelchair user\nPrefers Spanish to English",
    });
  });

  it("gives empty fields with no intake", () => {
    expect(prefillFromIntakes([])).toEqual({ strengths: "", barriers: "", needs: "" });
  });
});

describe("review dates", () => {
  it("counts days across month ends and a daylight-saving change the same", () => {
    expect(daysBetween("2027-03-13", "2027-03-15")).toBe(2);
    expect(daysBetween("2027-02-27", "2027-03-01")).toBe(2);
    expect(daysBetween("2027-03-01", "2027-02-27")).toBe(-2);
  });

  it("a reminder is due from seven days before the review, not earlier", () => {
    expect(reminderDue("2027-05-10", "2027-05-02")).toBe(false);
    expect(reminderDue("2027-05-10", "2027-05-03")).toBe(true);
    expect(reminderDue("2027-05-10", "2027-05-12")).toBe(true);
  });

  it("describes the state of a review", () => {
    expect(describeReview(reviewState(null, "2027-05-10"))).toBe("No review date set");
    expect(describeReview(reviewState("2027-05-07", "2027-05-10"))).toBe("Review overdue by 3 days");
    expect(describeReview(reviewState("2027-05-09", "2027-05-10"))).toBe("Review overdue by 1 day");
    expect(describeReview(reviewState("2027-05-10", "2027-05-10"))).toBe("Review due today");
    expect(describeReview(reviewState("2027-05-12", "2027-05-10"))).toBe("Review due in 2 days");
    expect(describeReview(reviewState("2027-06-19", "2027-05-10"))).toBe("Next review in 40 days");
  });
});

describe("roll-up wording", () => {
  it("reads attendance and planned services as sentences", () => {
    expect(describeAttendance({ groupName: "Budgeting Basics", attended: 7, held: 8 })).toBe("attended 7 of 8 Budgeting Basics sessions");
    expect(describeAttendance({ groupName: "Circle", attended: 1, held: 1 })).toBe("attended 1 of 1 Circle session");
    expect(describeAttendance({ groupName: "Circle", attended: 0, held: 0 })).toBe("no Circle sessions held yet since enrolling");
    expect(describeService({ groupName: "Circle", timesPerPeriod: 1, period: "week", minutesPerContact: 75 })).toBe("Circle, once a week, 75 minutes each");
    expect(describeService({ groupName: "Circle", timesPerPeriod: 3, period: "month", minutesPerContact: 30 })).toBe("Circle, 3 times a month, 30 minutes each");
  });
});

describe("what an edit changes", () => {
  it("keeps only the changed fields of an objective or a plan, before and after", () => {
    expect(objectiveChanges({ description: "a", measure: "m" }, { description: "b", measure: "m" })).toEqual({ changed: ["description"], before: { description: "a" }, after: { description: "b" } });
    expect(objectiveChanges({ description: "a", measure: "m" }, { description: "a", measure: "m" }).changed).toEqual([]);
    expect(planChanges({ strengths: "", barriers: "", needs: "x", nextReviewOn: null }, { strengths: "", barriers: "", needs: "x", nextReviewOn: "2027-01-01" })).toEqual({
      changed: ["nextReviewOn"],
      before: { nextReviewOn: null },
      after: { nextReviewOn: "2027-01-01" },
    });
  });

  it("reads history events as sentences with before and after", () => {
    expect(describeHistoryEvent({ action: "plan.objective_update", before: { description: "Save $50" }, after: { description: "Save $100" } })).toEqual({ summary: "Objective reworded", details: ["Objective: “Save $50” → “Save $100”"] });
    expect(describeHistoryEvent({ action: "plan.intervention_add", before: null, after: { description: "Go with them", component: "advocacy" } }).details).toEqual(["“Go with them”", "Advocacy support"]);
    expect(describeHistoryEvent({ action: "plan.save", before: { nextReviewOn: null }, after: { nextReviewOn: "2027-01-01" } }).details).toEqual(["Next review: (empty) → “2027-01-01”"]);
  });
});

describe("the plans report", () => {
  const params = (q: string) => new URLSearchParams(q);
  it("defaults to the last 90 days and explains a period it cannot use", () => {
    expect(parsePlanPeriod(params(""), "2027-05-10")).toEqual({ from: "2027-02-10", to: "2027-05-10", problem: null });
    expect(parsePlanPeriod(params("from=2027-01-01&to=2027-03-31"), "2027-05-10")).toEqual({ from: "2027-01-01", to: "2027-03-31", problem: null });
    expect(parsePlanPeriod(params("from=2027-02-30"), "2027-05-10").problem).toBe("Dates are written like 2027-06-30; showing the last 90 days instead.");
    expect(parsePlanPeriod(params("from=2027-04-01&to=2027-03-01"), "2027-05-10").problem).toBe("The period ends before it starts; showing the last 90 days instead.");
    expect(parsePlanPeriod(params("from=2000-01-01&to=2027-03-01"), "2027-05-10").problem).toBe("Choose a period of at most five years; showing the last 90 days instead.");
  });

  it("writes the due table with days overdue (0 when not yet due)", () => {
    const csv = plansReportCsv("due", { period: { from: "2027-02-10", to: "2027-05-10" }, met: [], due: [{ name: "Pat", nextReviewOn: "2027-05-07", lastReview: null, facilitators: "Fran" }, { name: "Alex", nextReviewOn: "2027-05-12", lastReview: "2027-02-01", facilitators: "" }] }, "2027-05-10");
    expect(csv.rows).toEqual([
      ["Pat", "2027-05-07", 3, "", "Fran"],
      ["Alex", "2027-05-12", 0, "2027-02-01", ""],
    ]);
    expect(csv.filename).toBe("plans-due-for-review-2027-05-10.csv");
  });
});
