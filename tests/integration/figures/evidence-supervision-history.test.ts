/**
 * Evidence 2.06 lists the peer group facilitators with no supervision recorded in the last 12
 * months: everyone who led a peer recovery group at some time in those months
 * (group_facilitator_periods), not only today's facilitators. Before, someone moved off the group
 * last week had never gone unsupervised as far as the page could tell.
 */
import { eq } from "drizzle-orm";
import { DateTime } from "luxon";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { groupFacilitators } from "~/db/schema";
import { competencySupervisionEntries } from "~/db/tables/competency";
import { groupFacilitatorPeriods } from "~/db/tables/metrics";
import { loadEvidence } from "~/modules/metrics/evidence.server";
import { createOrgScenario, createPerson, type Scenario } from "../../factories/scenario";

let s: Scenario;
let items: string[];
let longAgo: { name: string };

const save = (userIds: string[]) =>
  db.transaction(async (tx) => {
    await tx.delete(groupFacilitators).where(eq(groupFacilitators.groupId, s.group.id));
    await tx.insert(groupFacilitators).values(userIds.map((userId) => ({ groupId: s.group.id, userId, organizationId: s.org.id })));
  });

beforeAll(async () => {
  s = await createOrgScenario(); // Circle: a peer recovery group led by Fran (s.facilitator)
  const now = DateTime.now().setZone("America/New_York");
  // Fran is supervised; Olive (s.otherFacilitator) co-led Circle for a while and was taken off it; neither is supervised but Fran.
  await db.insert(competencySupervisionEntries).values({ organizationId: s.org.id, heldOn: now.minus({ days: 10 }).toISODate()!, supervisorId: s.manager.id, peerWorkerId: s.facilitator.id, minutes: 60, topics: "Role clarity" });
  await save([s.facilitator.id, s.otherFacilitator.id]);
  await save([s.facilitator.id]);
  // Someone who last led Circle more than 12 months ago: not this year's concern.
  const former = await createPerson(s.org, "facilitator");
  longAgo = former;
  await db.insert(groupFacilitatorPeriods).values({
    organizationId: s.org.id,
    groupId: s.group.id,
    userId: former.id,
    startedAt: now.minus({ days: 900 }).toJSDate(),
    endedAt: now.minus({ days: 400 }).toJSDate(),
  });
  const { standards } = await loadEvidence(s.manager, new Date());
  items = standards.find((x) => x.code === "2.06")!.gaps.find((g) => /no supervision recorded/.test(g.label))?.items ?? [];
});

describe("2.06: peer group facilitators with no supervision in the last 12 months", () => {
  it("lists someone who led a peer group during the year though they no longer lead it", async () => {
    const [olive] = await db.select({ userId: groupFacilitators.userId }).from(groupFacilitators).where(eq(groupFacilitators.userId, s.otherFacilitator.id));
    expect(olive).toBeUndefined();
    expect(items).toEqual([s.otherFacilitator.name]);
  });

  it("leaves out the supervised and those whose last stretch ended more than 12 months ago", () => {
    expect(items).not.toContain(s.facilitator.name);
    expect(items).not.toContain(longAgo.name);
  });
});
