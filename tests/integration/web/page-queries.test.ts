import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asc, eq } from "drizzle-orm";
import { db } from "~/db/client.server";
import { enrolments, sessions } from "~/db/schema";
import { rawRequest } from "../../factories/http";
import { createEmptyGroup } from "../../factories/registration";
import { addParticipant, createRoundAs, roundFormForScenario, setAvailability, viewRound, w } from "../../factories/scheduling";
import { createOrgScenario, type Scenario } from "../../factories/scenario";
import { startAppServer, type AppServer } from "../../setup/app-server";

// Issue 20: a page's queries, counted by the built app with the query log on (DB_QUERY_LOG=1: one
// "[sql]" line per statement, its text only).
let app: AppServer;
let s: Scenario;

beforeAll(async () => {
  app = await startAppServer({ env: { DB_QUERY_LOG: "1" } });
  s = await createOrgScenario();
});
afterAll(async () => {
  await app?.stop();
});

const sqlLines = () => app.output().split("\n").filter((l) => l.startsWith("[sql] "));

/** The SQL statements the server ran for one request (after a first request that fills the caches). */
async function queriesOf(path: string, cookie: string): Promise<string[]> {
  const get = () => rawRequest(app.baseUrl, { method: "GET", path, headers: { cookie } });
  expect((await get()).status).toBe(200);
  await new Promise((r) => setTimeout(r, 150));
  const before = sqlLines().length;
  expect((await get()).status).toBe(200);
  await new Promise((r) => setTimeout(r, 150)); // the last lines reach the pipe
  return sqlLines().slice(before);
}
const queriesFor = async (path: string, cookie: string) => (await queriesOf(path, cookie)).length;

describe("My groups (N+1: each group's waiting-list setting and completion criteria, its own then its program's, were read one group at a time)", () => {
  it("runs as many queries for a person in four groups as for a person in one", async () => {
    const one = await queriesFor("/my/groups", s.participant.cookie);
    for (const name of ["Second", "Third", "Fourth"]) {
      const group = await createEmptyGroup(s, 10, name);
      await db.insert(enrolments).values({ groupId: group.id, userId: s.participant.id, organizationId: s.org.id });
    }
    const page = await rawRequest(app.baseUrl, { method: "GET", path: "/my/groups", headers: { cookie: s.participant.cookie } });
    for (const name of ["Circle", "Second", "Third", "Fourth"]) expect(page.body).toContain(name);
    expect(await queriesFor("/my/groups", s.participant.cookie)).toBe(one);
  });
});

describe("the roster", () => {
  it("reads its session once (the curriculum panel uses the session the roster read), and the contact consents with its people", async () => {
    const [first] = await db.select({ id: sessions.id }).from(sessions).where(eq(sessions.groupId, s.group.id)).orderBy(asc(sessions.startsAt)).limit(1);
    const queries = await queriesOf(`/sessions/${first.id}/roster`, s.facilitator.cookie);
    const sessionReads = queries.filter((q) => /from "sessions" .*where \("sessions"\."id" = \$1/.test(q));
    expect(sessionReads).toHaveLength(1);
    expect(queries.filter((q) => /^\[sql\] select "user_id" from "group_facilitators" where "group_facilitators"\."group_id" = \$1$/.test(q))).toHaveLength(0);
    // Whose contact details may show is read with the people, not by a query of its own.
    expect(queries.filter((q) => /^\[sql\] select "id" from "users" where \("users"\."id" in/.test(q))).toHaveLength(0);
  });
});

describe("the group page", () => {
  it("reads its group and its facilitators once, together (the changes and the curriculum titles use the group the page read), and the roster's contact consents with its people", async () => {
    for (const who of [s.facilitator, s.participant]) {
      const queries = await queriesOf(`/groups/${s.group.id}`, who.cookie);
      expect(queries.filter((q) => /from "groups" .*where \("groups"\."id" = \$\d+/.test(q))).toHaveLength(1);
      expect(queries.filter((q) => /from "group_facilitators"/.test(q) && !/from "intakes"/.test(q))).toHaveLength(1);
      // The facilitators are read with the group, the roster's contact consents with its people.
      expect(queries.filter((q) => /^\[sql\] select "users"\."id", "users"\."name" from "group_facilitators"/.test(q))).toHaveLength(0);
      expect(queries.filter((q) => /^\[sql\] select "id" from "users" where \("users"\."id" in/.test(q))).toHaveLength(0);
    }
  });
});

describe("every signed-in page", () => {
  it("reads the navigation's intake badge and the organisation's zone with the session, not in queries of their own", async () => {
    for (const who of [s.facilitator, s.manager, s.participant]) {
      const queries = await queriesOf("/home", who.cookie);
      expect(queries.filter((q) => /^\[sql\] select count\(\*\) from "intakes"/.test(q))).toHaveLength(0);
    }
    const matrix = await queriesOf("/competency", s.manager.cookie);
    expect(matrix.filter((q) => /^\[sql\] select "timezone" from "organizations"/.test(q))).toHaveLength(0);
  });
});

describe("the round page", () => {
  it("reads the round with its facilitators and the viewer's part in it, the facilitators' sessions once (busy times and clashes alike) and the gate's settings with the zone", async () => {
    // Two people free on Tuesday evenings, so the plan has a cohort whose clashes are checked.
    const free = [await addParticipant(s, { name: "Robin Round", timezone: s.group.timezone }), await addParticipant(s, { name: "Sasha Round", timezone: s.group.timezone })];
    for (const who of free) await setAvailability(who, [w("tue", "17:00", "21:00")]);
    const roundId = await createRoundAs(s.facilitator, s.group.id, roundFormForScenario(s));
    expect((await viewRound(s.facilitator, roundId)).data.staff?.plan.length).toBeGreaterThan(0);
    const queries = await queriesOf(`/rounds/${roundId}`, s.facilitator.cookie);
    expect(queries.filter((q) => /^\[sql\] select "users"\."id", "users"\."name", "sessions"\."id"/.test(q))).toHaveLength(1);
    expect(queries.filter((q) => /^\[sql\] select "timezone" from "organizations"/.test(q))).toHaveLength(0);
    // The round is read with its group's facilitators and the viewer's part in it.
    expect(queries.filter((q) => /^\[sql\] select "users"\."id", "users"\."name", "users"\."timezone" from "group_facilitators"/.test(q))).toHaveLength(0);
    const invitee = await queriesOf(`/rounds/${roundId}`, s.participant.cookie);
    expect(invitee.filter((q) => /^\[sql\] select "user_id" from "round_invitees"/.test(q))).toHaveLength(0);
    expect(invitee.filter((q) => /^\[sql\] select "user_id" from "enrolments"/.test(q))).toHaveLength(0);
  });
});
