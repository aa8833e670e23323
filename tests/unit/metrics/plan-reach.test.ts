import { describe, expect, it } from "vitest";
import type { CurrentUser, Role } from "~/modules/auth/policy";
import { planReach, reachesProgram, reachesWholePlan } from "~/modules/metrics/policy";

/** metrics/policy.ts planReach: a person's plan is read by program, like their progress notes and contacts. */
const ORG = "00000000-0000-4000-8000-0000000000aa";
const person = (facilitators: string[]) => ({ id: "pat", organizationId: ORG, currentFacilitatorIds: facilitators });
const as = (id: string, role: Role, organizationId = ORG): CurrentUser => ({
  id,
  name: id,
  email: `${id}@example.org`,
  timezone: "UTC",
  locale: "en-US",
  role,
  organizationId,
  organizationSlug: "org",
  organizationName: "Org",
  sessionIdHash: "x",
});

describe("planReach", () => {
  it("the person and a manager reach everything, an item of no program included", () => {
    for (const reader of [as("pat", "participant"), as("mo", "manager"), as("ada", "admin")]) {
      const reach = planReach(reader, person(["fran"]), { led: [] })!;
      expect(reach).toEqual({ kind: "all" });
      expect(reachesProgram(reach, null)).toBe(true);
      expect(reachesWholePlan(reach)).toBe(true);
    }
  });

  it("a facilitator reaches the programs they lead with the person, never an item of no program nor the plan's parts of no program, whatever else the person is in", () => {
    const fran = planReach(as("fran", "facilitator"), person(["fran", "felix"]), { led: ["A"] })!;
    expect(reachesProgram(fran, "A")).toBe(true);
    expect(reachesProgram(fran, "B")).toBe(false);
    expect(reachesProgram(fran, null)).toBe(false);
    expect(reachesWholePlan(fran)).toBe(false);
    // A person only in Fran's program: the same reach (the reach cannot tell her about other programs).
    const alone = planReach(as("fran", "facilitator"), person(["fran"]), { led: ["A"] })!;
    expect(alone).toEqual(fran);
    expect(reachesWholePlan(alone)).toBe(false);
    expect(reachesProgram(alone, null)).toBe(false);
  });

  it("no reach without a current relationship, in another organisation, or with no led program", () => {
    expect(planReach(as("fay", "facilitator"), person(["felix"]), { led: [] })).toBeNull();
    expect(planReach(as("mo", "manager", "00000000-0000-4000-8000-0000000000bb"), person([]), { led: [] })).toBeNull();
    expect(planReach(as("sam", "participant"), person(["fran"]), { led: [] })).toBeNull();
    const noPrograms = planReach(as("fran", "facilitator"), person(["fran"]), { led: [] })!;
    expect(reachesWholePlan(noPrograms)).toBe(false);
  });
});
