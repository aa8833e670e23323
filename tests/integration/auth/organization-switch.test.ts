import { and, eq, like } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { auditEvents, memberships } from "~/db/schema";
import { createAuthSession } from "~/modules/auth/session.server";
import * as groupPage from "~/routes/groups.$groupId._index";
import * as home from "~/routes/home";
import * as organizationsPage from "~/routes/organizations";
import * as root from "~/root";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Scenario } from "../../factories/scenario";

/**
 * A person in two organisations: a participant of A who facilitates in B. The session carries
 * the current organisation; switching moves this session only and is audited in both.
 */
let a: Scenario;
let b: Scenario;
let cookie: string;
let otherDeviceCookie: string;

const cookieFrom = (setCookie: string) => setCookie.split(";")[0];
const rootUser = async (c: string) => ((await callRoute(root, { path: "/", cookie: c })).data as Awaited<ReturnType<typeof root.loader>>).user;

beforeAll(async () => {
  [a, b] = await Promise.all([createOrgScenario(), createOrgScenario()]);
  await db.insert(memberships).values({ userId: a.participant.id, organizationId: b.org.id, role: "facilitator" });
  cookie = a.participant.cookie;
  otherDeviceCookie = cookieFrom(await createAuthSession(a.participant.id, a.org.id));
});

describe("switching organisation", () => {
  it("lists both organisations with the role in each, and the navigation offers switching", async () => {
    const out = await callRoute(organizationsPage, { path: "/organizations", cookie });
    const list = (out.data as Awaited<ReturnType<typeof organizationsPage.loader>>).organizations;
    expect(list.map((o) => [o.id, o.role, o.current]).sort()).toEqual(
      [
        [a.org.id, "participant", true],
        [b.org.id, "facilitator", false],
      ].sort(),
    );
    expect((await rootUser(cookie))?.organizations).toBe(2);
    expect((await rootUser(b.manager.cookie))?.organizations).toBe(1);
  });

  it("refuses an organisation the person does not belong to (404) and changes nothing", async () => {
    const c = await createOrgScenario();
    const out = await callRoute(organizationsPage, { path: "/organizations", cookie, form: { organizationId: c.org.id } });
    expect(out.status).toBe(404);
    const junk = await callRoute(organizationsPage, { path: "/organizations", cookie, form: { organizationId: "nope" } });
    expect(junk.status).toBe(404);
    expect((await rootUser(cookie))?.organizationName).toBe(a.org.name);
  });

  it("switches this session: the role and records follow the organisation, the other device stays where it was", async () => {
    // Before: as a participant of A, B's group is another organisation's record.
    expect((await callRoute(groupPage, { path: `/groups/${b.group.id}`, params: { groupId: b.group.id }, cookie })).status).toBe(404);
    const out = await callRoute(organizationsPage, { path: "/organizations", cookie, form: { organizationId: b.org.id } });
    expect(out.status).toBe(302);
    expect(out.location).toBe("/home");
    const now = await rootUser(cookie);
    expect(now).toMatchObject({ organizationName: b.org.name, role: "facilitator" });
    expect((await callRoute(groupPage, { path: `/groups/${b.group.id}`, params: { groupId: b.group.id }, cookie })).status).toBe(200);
    expect((await callRoute(groupPage, { path: `/groups/${a.group.id}`, params: { groupId: a.group.id }, cookie })).status).toBe(404);
    expect((await callRoute(home, { path: "/home", cookie })).status).toBe(200);
    expect(await rootUser(otherDeviceCookie)).toMatchObject({ organizationName: a.org.name, role: "participant" });
  });

  it("tells neither organisation that the person belongs to the other (no audit entry about the move in either)", async () => {
    for (const org of [a.org.id, b.org.id]) {
      const moves = await db.select().from(auditEvents).where(and(eq(auditEvents.organizationId, org), like(auditEvents.action, "session.organization_%")));
      expect(moves).toEqual([]);
    }
  });

  it("a membership removed meanwhile signs the session out rather than showing the old organisation", async () => {
    await db.delete(memberships).where(and(eq(memberships.userId, a.participant.id), eq(memberships.organizationId, b.org.id)));
    const out = await callRoute(home, { path: "/home", cookie });
    expect(out.status).toBe(302);
    expect(out.location).toMatch(/^\/login/);
  });
});
