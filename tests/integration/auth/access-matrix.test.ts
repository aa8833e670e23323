import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { db } from "~/db/client.server";
import { sessions } from "~/db/schema";
import * as adminMail from "~/routes/admin.mail";
import * as adminOrganization from "~/routes/admin.organization";
import * as adminPeople from "~/routes/admin.people";
import * as groupEdit from "~/routes/groups.$groupId.edit";
import * as groupPage from "~/routes/groups.$groupId._index";
import * as seriesNew from "~/routes/groups.$groupId.series.new";
import * as home from "~/routes/home";
import * as organizationsPage from "~/routes/organizations";
import * as profile from "~/routes/profile";
import * as programPage from "~/routes/programs.$programId._index";
import * as programGroupsNew from "~/routes/programs.$programId.groups.new";
import * as programsIndex from "~/routes/programs._index";
import * as programsNew from "~/routes/programs.new";
import * as sessionPage from "~/routes/sessions.$sessionId._index";
import { createOrgScenario, type Scenario } from "../../factories/scenario";
import { callRoute } from "../../factories/requests";

/**
 * Foundation routes in detail: each role, plus a manager of another organisation (who must get
 * 404, never the record) and an anonymous visitor (sent to sign in). The matrix over *every*
 * route, discovered at test time, is every-route-access.test.ts with its rows in
 * route-expectations.ts; this file keeps the foundation's action and roster checks.
 */
type Who = "anonymous" | "participant" | "facilitator" | "otherFacilitator" | "manager" | "admin" | "foreignManager";
type Expect = Partial<Record<Who, number>>;

let s: Scenario;
let foreign: Scenario;
let sessionId: string;

const everyone = (status: number): Expect => ({
  participant: status,
  facilitator: status,
  otherFacilitator: status,
  manager: status,
  admin: status,
});
const managersOnly: Expect = { participant: 403, facilitator: 403, otherFacilitator: 403, manager: 200, admin: 200 };

type RouteCase = {
  name: string;
  route: Parameters<typeof callRoute>[0];
  path: () => string;
  params: () => Record<string, string>;
  expect: Expect;
  /** Where a 302 goes, when not to sign in. */
  redirect?: () => string;
};

const ROUTES: RouteCase[] = [
  { name: "home", route: home, path: () => "/home", params: () => ({}), expect: { ...everyone(200), anonymous: 302, foreignManager: 200 } },
  { name: "profile", route: profile, path: () => "/profile", params: () => ({}), expect: { ...everyone(200), anonymous: 302 } },
  { name: "organisation details", route: adminOrganization, path: () => "/admin/organization", params: () => ({}), expect: { ...managersOnly, anonymous: 302, foreignManager: 200 } },
  { name: "organizations", route: organizationsPage, path: () => "/organizations", params: () => ({}), expect: { ...everyone(200), anonymous: 302, foreignManager: 200 } },
  { name: "programs", route: programsIndex, path: () => "/programs", params: () => ({}), expect: { ...managersOnly, anonymous: 302 } },
  { name: "programs/new", route: programsNew, path: () => "/programs/new", params: () => ({}), expect: { ...managersOnly, anonymous: 302 } },
  {
    name: "program page",
    route: programPage,
    path: () => `/programs/${s.program.id}`,
    params: () => ({ programId: s.program.id }),
    expect: { ...managersOnly, foreignManager: 404, anonymous: 302 },
  },
  {
    name: "new group in program",
    route: programGroupsNew,
    path: () => `/programs/${s.program.id}/groups/new`,
    params: () => ({ programId: s.program.id }),
    expect: { ...managersOnly, foreignManager: 404 },
  },
  {
    name: "group page",
    route: groupPage,
    path: () => `/groups/${s.group.id}`,
    params: () => ({ groupId: s.group.id }),
    expect: { ...everyone(200), foreignManager: 404, anonymous: 302 },
    // A group in its organisation's public catalogue opens its public page signed out.
    redirect: () => `/o/${s.org.slug}/groups/${s.group.id}`,
  },
  {
    name: "group edit",
    route: groupEdit,
    path: () => `/groups/${s.group.id}/edit`,
    params: () => ({ groupId: s.group.id }),
    expect: { ...managersOnly, foreignManager: 404 },
  },
  {
    name: "new series",
    route: seriesNew,
    path: () => `/groups/${s.group.id}/series/new`,
    params: () => ({ groupId: s.group.id }),
    expect: { ...managersOnly, foreignManager: 404 },
  },
  {
    name: "change session",
    route: sessionPage,
    path: () => `/sessions/${sessionId}`,
    params: () => ({ sessionId }),
    expect: { ...managersOnly, foreignManager: 404 },
  },
  { name: "people", route: adminPeople, path: () => "/admin/people", params: () => ({}), expect: { ...managersOnly, anonymous: 302 } },
  {
    name: "dev mail",
    route: adminMail,
    path: () => "/admin/mail",
    params: () => ({}),
    expect: { participant: 403, facilitator: 403, manager: 403, admin: 200 },
  },
];

function cookieFor(who: Who): string | undefined {
  if (who === "anonymous") return undefined;
  if (who === "foreignManager") return foreign.manager.cookie;
  return s[who].cookie;
}

beforeAll(async () => {
  s = await createOrgScenario();
  foreign = await createOrgScenario();
  const [first] = await db.select({ id: sessions.id }).from(sessions).where(eq(sessions.groupId, s.group.id)).limit(1);
  sessionId = first.id;
});

describe("loader access matrix", () => {
  const cases = ROUTES.flatMap((r) => Object.entries(r.expect).map(([who, status]) => ({ r, who: who as Who, status })));
  it.each(cases.map((c) => [c.r.name, c.who, c.status, c] as const))("%s as %s → %i", async (_n, who, status, c) => {
    const outcome = await callRoute(c.r.route, { path: c.r.path(), params: c.r.params(), cookie: cookieFor(who) });
    expect(outcome.status).toBe(status);
    if (status === 302) {
      if (c.r.redirect) expect(outcome.location).toBe(c.r.redirect());
      else expect(outcome.location).toMatch(/^\/login\?redirectTo=/);
    }
  });
});

describe("actions are guarded like their loaders", () => {
  it("a facilitator cannot create a program", async () => {
    const out = await callRoute(programsNew, { path: "/programs/new", cookie: s.facilitator.cookie, form: { name: "X" } });
    expect(out.status).toBe(403);
  });

  it("a participant cannot edit a group", async () => {
    const out = await callRoute(groupEdit, {
      path: `/groups/${s.group.id}/edit`,
      params: { groupId: s.group.id },
      cookie: s.participant.cookie,
      form: { name: "Hijacked" },
    });
    expect(out.status).toBe(403);
  });

  it("a manager of another organisation cannot add a series (404) and nothing is created", async () => {
    const before = await db.select({ id: sessions.id }).from(sessions).where(eq(sessions.groupId, s.group.id));
    const out = await callRoute(seriesNew, {
      path: `/groups/${s.group.id}/series/new`,
      params: { groupId: s.group.id },
      cookie: foreign.manager.cookie,
      form: { "weekdays[]": "mon", startTime: "10:00", durationMinutes: "60", startDate: "2027-05-03", count: "3" },
    });
    expect(out.status).toBe(404);
    const after = await db.select({ id: sessions.id }).from(sessions).where(eq(sessions.groupId, s.group.id));
    expect(after.length).toBe(before.length);
  });

  it("a facilitator cannot cancel a session", async () => {
    const out = await callRoute(sessionPage, {
      path: `/sessions/${sessionId}`,
      params: { sessionId },
      cookie: s.facilitator.cookie,
      form: { intent: "cancel", reason: "no" },
    });
    expect(out.status).toBe(403);
  });

  it("a facilitator cannot invite people", async () => {
    const out = await callRoute(adminPeople, {
      path: "/admin/people",
      cookie: s.facilitator.cookie,
      form: { intent: "invite", email: "x@example.org", role: "admin" },
    });
    expect(out.status).toBe(403);
  });

  it("a manager may not invite an admin, and only an admin changes roles", async () => {
    const invite = await callRoute(adminPeople, {
      path: "/admin/people",
      cookie: s.manager.cookie,
      form: { intent: "invite", email: "boss@example.org", role: "admin" },
    });
    expect(invite.status).toBe(400);
    const role = await callRoute(adminPeople, {
      path: "/admin/people",
      cookie: s.manager.cookie,
      form: { intent: "role", membershipId: "00000000-0000-0000-0000-000000000000", role: "admin" },
    });
    expect(role.status).toBe(400);
  });

  it("junk ids are 404, not errors", async () => {
    const out = await callRoute(groupPage, { path: "/groups/abc", params: { groupId: "abc" }, cookie: s.manager.cookie });
    expect(out.status).toBe(404);
  });
});

describe("rosters are health information", () => {
  it("shows the roster to the group's facilitator and managers only", async () => {
    const roster = async (cookie: string) =>
      ((await callRoute(groupPage, { path: `/groups/${s.group.id}`, params: { groupId: s.group.id }, cookie })).data as { roster: unknown[] | null }).roster;
    expect(await roster(s.facilitator.cookie)).toHaveLength(2);
    expect(await roster(s.manager.cookie)).toHaveLength(2);
    expect(await roster(s.admin.cookie)).toHaveLength(2);
    expect(await roster(s.otherFacilitator.cookie)).toBeNull();
    expect(await roster(s.participant.cookie)).toBeNull();
  });
});
