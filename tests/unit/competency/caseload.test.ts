import { describe, expect, it } from "vitest";
import { caseloadProblems, describeCaseload, limitsFor, weightedParticipantLoad, type CaseloadLimitRule } from "~/modules/competency/gate";

describe("weighted participant load (PA-CSE 2.08 level of need)", () => {
  const people = (urgent: number, routine: number) => [...Array(urgent).fill({ urgent: true }), ...Array(routine).fill({ urgent: false })];

  it("counts everyone once when urgent intakes weigh 1", () => {
    expect(weightedParticipantLoad(people(3, 4), 1)).toBe(7);
    expect(weightedParticipantLoad([], 3)).toBe(0);
  });

  it("counts each urgent intake as the weight", () => {
    expect(weightedParticipantLoad(people(3, 4), 2)).toBe(10);
    expect(weightedParticipantLoad(people(1, 0), 5)).toBe(5);
  });

  it("treats a weight below 1 or not whole as 1 (never lowers the count)", () => {
    expect(weightedParticipantLoad(people(2, 2), 0)).toBe(4);
    expect(weightedParticipantLoad(people(2, 2), 1.5)).toBe(4);
  });

  it("says what was counted when the load is weighted", () => {
    const problems = caseloadProblems({ maxGroups: null, maxParticipants: 8 }, { groups: 1, participants: 10 }, 2);
    expect(problems).toEqual([{ limit: "participants", max: 8, wouldHave: 10, urgentWeight: 2 }]);
    expect(describeCaseload(problems)).toBe("would carry a participant load of 10, urgent intakes counting 2 each (limit 8)");
  });
});

describe("which caseload limits apply to a person", () => {
  const organisation = { maxGroups: 3, maxParticipants: 30 };
  const rules: CaseloadLimitRule[] = [
    { role: "facilitator", itemId: null, maxGroups: 2, maxParticipants: 20 },
    { role: null, itemId: "cert", itemName: "Peer specialist certification", maxGroups: 4, maxParticipants: 40 },
    { role: null, itemId: "senior", itemName: "Senior facilitator", maxGroups: null, maxParticipants: 35 },
  ];

  it("uses the organisation's limits when no rule matches", () => {
    expect(limitsFor({ role: "manager", heldItemIds: [] }, rules, organisation)).toEqual(organisation);
  });

  it("uses the role's limits for that role", () => {
    expect(limitsFor({ role: "facilitator", heldItemIds: ["other"] }, rules, organisation)).toEqual({ maxGroups: 2, maxParticipants: 20, basis: "limit for facilitators" });
  });

  it("lets a held qualification decide before the role", () => {
    expect(limitsFor({ role: "facilitator", heldItemIds: ["cert"] }, rules, organisation)).toEqual({
      maxGroups: 4,
      maxParticipants: 40,
      basis: "limit for holders of Peer specialist certification",
    });
  });

  it("takes the most generous limit of each kind across several qualifications (no limit beats a number)", () => {
    expect(limitsFor({ role: "facilitator", heldItemIds: ["cert", "senior"] }, rules, organisation)).toMatchObject({ maxGroups: null, maxParticipants: 40 });
  });

  it("names the rule in the message", () => {
    const limits = limitsFor({ role: "facilitator", heldItemIds: [] }, rules, organisation);
    expect(describeCaseload(caseloadProblems(limits, { groups: 3, participants: 5 }))).toBe("would lead 3 groups (limit for facilitators: 2)");
  });
});
