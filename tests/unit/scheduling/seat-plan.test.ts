import { describe, expect, it } from "vitest";
import { seatPlan } from "~/modules/scheduling/round-plan";

const cohort = (participantIds: string[]) => ({ day: "thu", start: "18:00", facilitatorId: null, participantIds });

describe("seatPlan: who of a round's newcomers publishing seats", () => {
  it("seats newcomers in the round's order up to the seats nobody holds or waits for; the rest wait", () => {
    const plan = [cohort(["a", "c", "e"]), cohort(["b", "d"])];
    const out = seatPlan(plan, { capacity: 5, taken: 2, waiting: 0, holders: new Set(["a"]), order: ["e", "a", "d", "b", "c"] });
    expect(out).toEqual({ capacity: 5, taken: 2, waiting: 0, left: 3, newcomers: 4, seated: ["e", "d", "b"], waitlisted: ["c"] });
  });

  it("people already waiting come first: their seats are not the round's", () => {
    const out = seatPlan([cohort(["x", "y"])], { capacity: 4, taken: 2, waiting: 1, holders: new Set(), order: ["x", "y"] });
    expect(out).toMatchObject({ left: 1, seated: ["x"], waitlisted: ["y"] });
  });

  it("an overfilled or full group seats nobody new; someone who never answered comes last", () => {
    const out = seatPlan([cohort(["late", "p", "q"])], { capacity: 3, taken: 4, waiting: 0, holders: new Set(["q"]), order: ["p", "q"] });
    expect(out).toMatchObject({ left: 0, newcomers: 2, seated: [], waitlisted: ["p", "late"] });
  });
});
