import { and, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { enrolments, groups as groupsTable, sessions } from "~/db/schema";
import { seriesAssignments } from "~/db/tables/scheduling";
import { listGroupSessions, mayJoinOnline } from "~/modules/groups/queries.server";
import * as groupPage from "~/routes/groups.$groupId._index";
import { callRoute } from "../../factories/requests";
import { createSeries } from "~/modules/groups/mutations.server";
import { createOrgScenario, createPerson, type Scenario } from "../../factories/scenario";

/**
 * Issue 13: a cohort's sessions (with their notes and cancellation reasons) are for its members
 * and staff; a group's online link for its enrolled members and staff.
 */
let s: Scenario;
let cohortSessionIds: string[];

beforeAll(async () => {
  s = await createOrgScenario();
  const { seriesId } = await createSeries(s.manager, s.group.id, {
    weekdays: ["thu"],
    startTime: "18:00",
    durationMinutes: 60,
    startDate: "2027-03-04",
    endDate: "2027-03-25",
    count: null,
    skipDates: [],
  });
  await db.insert(seriesAssignments).values({ seriesId, userId: s.otherParticipant.id, organizationId: s.org.id, role: "participant" });
  const cohort = await db.select({ id: sessions.id }).from(sessions).where(eq(sessions.seriesId, seriesId)).orderBy(sessions.startsAt);
  cohortSessionIds = cohort.map((c) => c.id);
  await db.update(sessions).set({ note: "Bring your relapse-prevention plan" }).where(eq(sessions.id, cohortSessionIds[0]));
  await db.update(sessions).set({ status: "cancelled", cancelReason: "Facilitator at a funeral" }).where(eq(sessions.id, cohortSessionIds[1]));
});

describe("a cohort's sessions", () => {
  it("are shown to the cohort's members, with their notes and cancellation reasons", async () => {
    const seen = await listGroupSessions(s.otherParticipant, s.group.id);
    expect(seen.map((x) => x.id)).toEqual(expect.arrayContaining(cohortSessionIds));
    expect(seen.find((x) => x.id === cohortSessionIds[1])?.cancelReason).toBe("Facilitator at a funeral");
  });

  it("are not shown to another participant of the group, who still sees the group's shared sessions", async () => {
    const seen = await listGroupSessions(s.participant, s.group.id);
    expect(seen.filter((x) => cohortSessionIds.includes(x.id))).toEqual([]);
    expect(JSON.stringify(seen)).not.toContain("relapse-prevention");
    expect(JSON.stringify(seen)).not.toContain("funeral");
    const shared = await db.select({ id: sessions.id }).from(sessions).where(eq(sessions.seriesId, s.seriesId));
    expect(seen.map((x) => x.id).sort()).toEqual(shared.map((x) => x.id).sort());
  });

  it("are shown to staff", async () => {
    for (const who of [s.facilitator, s.otherFacilitator, s.manager, s.admin]) {
      const seen = await listGroupSessions(who, s.group.id);
      expect(seen.map((x) => x.id)).toEqual(expect.arrayContaining(cohortSessionIds));
    }
  });
});

describe("a group's online link", () => {
  it("is for its enrolled members and staff only", async () => {
    expect(await mayJoinOnline(s.participant, s.group.id)).toBe(true);
    for (const who of [s.facilitator, s.otherFacilitator, s.manager]) expect(await mayJoinOnline(who, s.group.id)).toBe(true);
    const outsider = await createPerson(s.org, "participant");
    expect(await mayJoinOnline(outsider, s.group.id)).toBe(false);
    for (const status of ["waitlisted", "interested", "withdrawn"] as const) {
      await db.delete(enrolments).where(and(eq(enrolments.groupId, s.group.id), inArray(enrolments.userId, [outsider.id])));
      await db.insert(enrolments).values({ groupId: s.group.id, userId: outsider.id, organizationId: s.org.id, status });
      expect(await mayJoinOnline(outsider, s.group.id), status).toBe(false);
    }
  });
});

describe("the group page", () => {
  const page = (who: { cookie: string }) => callRoute(groupPage, { path: `/groups/${s.group.id}`, params: { groupId: s.group.id }, cookie: who.cookie });
  it("shows a participant only their own sessions and the online link only to enrolled members", async () => {
    await db.update(groupsTable).set({ onlineUrl: "https://meet.example.org/circle-secret" }).where(eq(groupsTable.id, s.group.id));
    const member = await page(s.participant);
    expect(member.status).toBe(200);
    const text = JSON.stringify(member.data);
    expect(text).not.toContain("funeral");
    expect(text).not.toContain("relapse-prevention");
    expect(text).toContain("circle-secret");
    const outsider = await createPerson(s.org, "participant");
    await db.insert(enrolments).values({ groupId: s.group.id, userId: outsider.id, organizationId: s.org.id, status: "waitlisted" });
    const waiting = await page(outsider);
    expect(waiting.status).toBe(200);
    expect(JSON.stringify(waiting.data)).not.toContain("circle-secret");
    expect(JSON.stringify((await page(s.facilitator)).data)).toContain("funeral");
  });
});
