import { and, eq, isNull } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { groupFacilitators, memberships } from "~/db/schema";
import { calendarFeeds } from "~/db/tables/scheduling";
import { createFeed } from "~/modules/calendar/mutations.server";
import * as feedRoute from "~/routes/calendar.$token";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, createPerson, type Person, type Scenario } from "../../factories/scenario";

/**
 * Issue 13: calendar feed tokens are standing grants — they end when the role or relationship
 * that allowed them ends, checked when the feed is read, and revoked when the role changes.
 */
let s: Scenario;
const read = (token: string) => callRoute(feedRoute, { path: `/calendar/${token}.ics`, params: { token: `${token}.ics` } });
const setRole = (person: Person, role: "participant" | "facilitator" | "manager" | "admin") =>
  db.update(memberships).set({ role }).where(and(eq(memberships.userId, person.id), eq(memberships.organizationId, s.org.id)));
const liveFeeds = async (person: Person) =>
  db.select().from(calendarFeeds).where(and(eq(calendarFeeds.userId, person.id), eq(calendarFeeds.organizationId, s.org.id), isNull(calendarFeeds.revokedAt)));

beforeAll(async () => {
  s = await createOrgScenario();
});

describe("group feeds end with the role or relationship that allowed them", () => {
  it("a facilitator demoted to participant: their group feed answers 404 at once", async () => {
    const fac = await createPerson(s.org, "facilitator");
    await db.insert(groupFacilitators).values({ groupId: s.group.id, userId: fac.id, organizationId: s.org.id });
    const token = await createFeed(fac, { groupId: s.group.id });
    expect((await read(token)).status).toBe(200);
    await setRole(fac, "participant");
    expect((await read(token)).status).toBe(404);
    // and the grant is not revived by promoting them back: the feed was revoked with the role change
    await setRole(fac, "facilitator");
    expect((await read(token)).status).toBe(404);
    expect((await liveFeeds(fac)).filter((f) => f.groupId)).toHaveLength(0);
  });

  it("a facilitator taken off the group: that group's feed ends, their personal feed goes on", async () => {
    const fac = await createPerson(s.org, "facilitator");
    await db.insert(groupFacilitators).values({ groupId: s.group.id, userId: fac.id, organizationId: s.org.id });
    const groupToken = await createFeed(fac, { groupId: s.group.id });
    const personalToken = await createFeed(fac, { groupId: null });
    await db.delete(groupFacilitators).where(and(eq(groupFacilitators.groupId, s.group.id), eq(groupFacilitators.userId, fac.id)));
    expect((await read(groupToken)).status).toBe(404);
    expect((await read(personalToken)).status).toBe(200);
  });

  it("a manager's group feed ends when they are no longer a manager", async () => {
    const manager = await createPerson(s.org, "manager");
    const token = await createFeed(manager, { groupId: s.group.id });
    expect((await read(token)).status).toBe(200);
    await setRole(manager, "facilitator"); // leads no group
    expect((await read(token)).status).toBe(404);
  });

  it("someone who leaves the organisation: every feed of theirs there ends", async () => {
    const person = await createPerson(s.org, "participant");
    const token = await createFeed(person, { groupId: null });
    expect((await read(token)).status).toBe(200);
    await db.delete(memberships).where(and(eq(memberships.userId, person.id), eq(memberships.organizationId, s.org.id)));
    expect((await read(token)).status).toBe(404);
    expect(await liveFeeds(person)).toHaveLength(0);
  });
});
