import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { auditEvents, groupFacilitators } from "~/db/schema";
import { competencySettings } from "~/db/tables/competency";
import { installFramework, makeCurrent } from "../../factories/competency";
import { createEmptyGroup } from "../../factories/registration";
import { saveGroupEdit } from "../../factories/versioned-saves";
import { createOrgScenario, createPerson, type Scenario } from "../../factories/scenario";

// The caseload limit (PA-CSE 2.08): "a facilitator leads at most N groups" is checked when a
// group's facilitators are saved. Two managers each adding the same facilitator to a different
// group at the same moment each counted the groups the facilitator led without the other's
// uncommitted assignment, both passed, and the facilitator ended over the limit with no override
// (and no reason) recorded for either.

let s: Scenario;
beforeAll(async () => {
  s = await createOrgScenario();
  await installFramework(s.org.id);
  await db
    .insert(competencySettings)
    .values({ organizationId: s.org.id, maxGroupsPerFacilitator: 1 })
    .onConflictDoUpdate({ target: competencySettings.organizationId, set: { maxGroupsPerFacilitator: 1 } });
});

const assign = (cookie: string, group: { id: string; name: string }, facilitatorId: string) =>
  saveGroupEdit(cookie, group.id, { name: group.name, kind: "workshop", timezone: "America/New_York", capacity: "10", location: "Room 9", language: "en", "facilitatorIds[]": [facilitatorId] });

describe("a caseload limit of one group, two managers assigning at once", () => {
  it("(control) one after the other, the second assignment is refused", async () => {
    const facilitator = await createPerson(s.org, "facilitator");
    await makeCurrent(s.org.id, facilitator.id, s.manager.id);
    const a = await createEmptyGroup(s, 10, "Caseload first");
    const b = await createEmptyGroup(s, 10, "Caseload second");
    expect((await assign(s.manager.cookie, a, facilitator.id)).status).toBe(302);
    expect((await assign(s.admin.cookie, b, facilitator.id)).status).toBe(400);
  });

  it("one assignment goes through, the other is refused with the limit (5 rounds)", async () => {
    for (let round = 0; round < 5; round++) {
      const facilitator = await createPerson(s.org, "facilitator");
      await makeCurrent(s.org.id, facilitator.id, s.manager.id);
      const a = await createEmptyGroup(s, 10, `Caseload A${round}`);
      const b = await createEmptyGroup(s, 10, `Caseload B${round}`);
      const answers = await Promise.all([assign(s.manager.cookie, a, facilitator.id), assign(s.admin.cookie, b, facilitator.id)]);
      const led = await db.select().from(groupFacilitators).where(eq(groupFacilitators.userId, facilitator.id));
      expect(led).toHaveLength(1);
      expect(answers.map((x) => x.status).sort()).toEqual([302, 400]);
      const refused = answers.find((x) => x.status === 400)!;
      expect(JSON.stringify(refused.data)).toMatch(/group/);
      const overrides = await db.select().from(auditEvents).where(and(eq(auditEvents.organizationId, s.org.id), eq(auditEvents.action, "competency.override.caseload")));
      expect(overrides).toHaveLength(0);
    }
  }, 120_000);
});
