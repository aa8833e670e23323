import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { groups } from "~/db/schema";
import { availabilityExceptions, availabilityWindows, schedulingRounds } from "~/db/tables/scheduling";
import * as availability from "~/routes/availability";
import * as groupRounds from "~/routes/groups.$groupId.rounds._index";
import * as roundsNew from "~/routes/groups.$groupId.rounds.new";
import * as roundPage from "~/routes/rounds.$roundId._index";
import * as roundTable from "~/routes/rounds.$roundId.table";
import { addParticipant, createRoundAs, ROUND_FORM, setAvailability, w } from "../../factories/scheduling";
import { createOrgScenario, type Person, type Scenario } from "../../factories/scenario";
import { callRoute } from "../../factories/requests";

/**
 * Every scheduling route × every kind of visitor. A participant of another group of the same
 * organisation, and everyone of another organisation, get 404 — never the record.
 */
type Who =
  | "anonymous"
  | "participant"
  | "otherGroupParticipant"
  | "facilitator"
  | "otherFacilitator"
  | "manager"
  | "admin"
  | "foreignManager"
  | "foreignParticipant";
type Expect = Record<Who, number>;

let s: Scenario;
let foreign: Scenario;
let otherGroupParticipant: Person;
let roundId: string;
let foreignRoundId: string;

const ROUTES: { name: string; route: Parameters<typeof callRoute>[0]; path: () => string; params: () => Record<string, string>; expect: Expect }[] = [
  {
    name: "own availability",
    route: availability,
    path: () => "/availability",
    params: () => ({}),
    expect: { anonymous: 302, participant: 200, otherGroupParticipant: 200, facilitator: 200, otherFacilitator: 200, manager: 200, admin: 200, foreignManager: 200, foreignParticipant: 200 },
  },
  {
    name: "availability for a round",
    route: availability,
    path: () => `/availability?round=${roundId}`,
    params: () => ({}),
    expect: { anonymous: 302, participant: 200, otherGroupParticipant: 404, facilitator: 404, otherFacilitator: 404, manager: 404, admin: 404, foreignManager: 404, foreignParticipant: 404 },
  },
  {
    name: "group rounds",
    route: groupRounds,
    path: () => `/groups/${s.group.id}/rounds`,
    params: () => ({ groupId: s.group.id }),
    expect: { anonymous: 302, participant: 403, otherGroupParticipant: 403, facilitator: 200, otherFacilitator: 403, manager: 200, admin: 200, foreignManager: 404, foreignParticipant: 403 },
  },
  {
    name: "new round",
    route: roundsNew,
    path: () => `/groups/${s.group.id}/rounds/new`,
    params: () => ({ groupId: s.group.id }),
    expect: { anonymous: 302, participant: 403, otherGroupParticipant: 403, facilitator: 200, otherFacilitator: 403, manager: 200, admin: 200, foreignManager: 404, foreignParticipant: 403 },
  },
  {
    name: "round heatmap",
    route: roundPage,
    path: () => `/rounds/${roundId}`,
    params: () => ({ roundId }),
    expect: { anonymous: 302, participant: 200, otherGroupParticipant: 404, facilitator: 200, otherFacilitator: 404, manager: 200, admin: 200, foreignManager: 404, foreignParticipant: 404 },
  },
  {
    name: "round table",
    route: roundTable,
    path: () => `/rounds/${roundId}/table`,
    params: () => ({ roundId }),
    expect: { anonymous: 302, participant: 200, otherGroupParticipant: 404, facilitator: 200, otherFacilitator: 404, manager: 200, admin: 200, foreignManager: 404, foreignParticipant: 404 },
  },
];

function cookieFor(who: Who): string | undefined {
  switch (who) {
    case "anonymous":
      return undefined;
    case "otherGroupParticipant":
      return otherGroupParticipant.cookie;
    case "foreignManager":
      return foreign.manager.cookie;
    case "foreignParticipant":
      return foreign.participant.cookie;
    default:
      return s[who].cookie;
  }
}

beforeAll(async () => {
  [s, foreign] = await Promise.all([createOrgScenario(), createOrgScenario()]);
  const [other] = await db
    .insert(groups)
    .values({ organizationId: s.org.id, programId: s.program.id, kind: "class", name: "Other group", timezone: "America/New_York", capacity: 5, location: "Room 9" })
    .returning();
  otherGroupParticipant = await addParticipant(s, { name: "Olive Other", timezone: "America/Denver", groupId: other.id });
  await setAvailability(s.participant, [w("tue", "14:00", "18:00")]);
  await setAvailability(s.otherParticipant, [w("wed", "20:00", "23:00")]);
  roundId = await createRoundAs(s.manager, s.group.id);
  foreignRoundId = await createRoundAs(foreign.manager, foreign.group.id);
});

describe("scheduling access matrix", () => {
  const cases = ROUTES.flatMap((r) => Object.entries(r.expect).map(([who, status]) => ({ r, who: who as Who, status })));
  it.each(cases.map((c) => [c.r.name, c.who, c.status, c] as const))("%s as %s → %i", async (_n, who, status, c) => {
    const outcome = await callRoute(c.r.route, { path: c.r.path(), params: c.r.params(), cookie: cookieFor(who) });
    expect(outcome.status).toBe(status);
    if (status === 302) expect(outcome.location).toMatch(/^\/login\?redirectTo=/);
  });

  it("another organisation's round is a 404 for every role, and junk ids are 404", async () => {
    for (const who of ["participant", "facilitator", "manager", "admin"] as const) {
      const out = await callRoute(roundPage, { path: `/rounds/${foreignRoundId}`, params: { roundId: foreignRoundId }, cookie: s[who].cookie });
      expect(out.status).toBe(404);
    }
    expect((await callRoute(roundPage, { path: "/rounds/nope", params: { roundId: "nope" }, cookie: s.manager.cookie })).status).toBe(404);
    expect((await callRoute(availability, { path: "/availability?round=nope", cookie: s.participant.cookie })).status).toBe(404);
  });
});

describe("actions are guarded like their loaders and change nothing when refused", () => {
  it("a participant or a facilitator of another group cannot create a round", async () => {
    const before = await db.select().from(schedulingRounds).where(eq(schedulingRounds.groupId, s.group.id));
    for (const [who, status] of [[s.participant, 403], [s.otherFacilitator, 403], [foreign.manager, 404]] as const) {
      const out = await callRoute(roundsNew, { path: `/groups/${s.group.id}/rounds/new`, params: { groupId: s.group.id }, cookie: who.cookie, form: ROUND_FORM });
      expect(out.status).toBe(status);
    }
    expect(await db.select().from(schedulingRounds).where(eq(schedulingRounds.groupId, s.group.id))).toHaveLength(before.length);
  });

  it("only staff of the group can adjust or publish; others get 403/404 and the round stays open", async () => {
    const form = { intent: "publish" };
    const expectations: Array<[Person, number]> = [
      [s.participant, 403],
      [otherGroupParticipant, 404],
      [s.otherFacilitator, 404],
      [foreign.manager, 404],
    ];
    for (const [who, status] of expectations) {
      const out = await callRoute(roundPage, { path: `/rounds/${roundId}`, params: { roundId }, cookie: who.cookie, form });
      expect(out.status).toBe(status);
    }
    const adjust = await callRoute(roundPage, { path: `/rounds/${roundId}`, params: { roundId }, cookie: s.participant.cookie, form: { intent: "adjust", "slot-1": "tue@11:00" } });
    expect(adjust.status).toBe(403);
    const [round] = await db.select().from(schedulingRounds).where(eq(schedulingRounds.id, roundId));
    expect(round).toMatchObject({ status: "open", plan: null });
  });

  it("a participant cannot read or remove another person's availability (404)", async () => {
    const mine = await callRoute(availability, { path: "/availability", cookie: s.otherParticipant.cookie });
    // The page gets the reader's own weekly windows (the page names them in the reader's language
    // and style) and nobody else's.
    const data = mine.data as { windows: { day: string; start: string; end: string }[] };
    expect(data.windows).toEqual([{ day: "wed", start: "20:00", end: "23:00" }]);
    const text = JSON.stringify(mine.data);
    expect(text).not.toContain('"day":"tue","start":"14:00","end":"18:00"'); // s.participant's window
    const [theirs] = await db
      .insert(availabilityExceptions)
      .values({ organizationId: s.org.id, userId: s.participant.id, startLocal: "2027-03-15T00:00", endLocal: "2027-03-23T00:00", timezone: "Europe/London" })
      .returning();
    const out = await callRoute(availability, { path: "/availability", cookie: s.otherParticipant.cookie, form: { intent: "remove-exception", exceptionId: theirs.id } });
    expect(out.status).toBe(404);
    expect(await db.select().from(availabilityExceptions).where(eq(availabilityExceptions.id, theirs.id))).toHaveLength(1);
  });

  it("bad availability input shows errors and saves nothing", async () => {
    const before = await db.select().from(availabilityWindows).where(eq(availabilityWindows.userId, s.participant.id));
    const out = await callRoute(availability, {
      path: "/availability",
      cookie: s.participant.cookie,
      form: { intent: "weekly", "day[]": ["mon", "tue"], "from[]": ["09:00", "18:00"], "to[]": ["12:00", "18:00"] },
    });
    expect(out.status).toBe(400);
    expect(Object.keys((out.data as { errors: Record<string, string[]> }).errors)).toEqual(["to-1"]);
    const after = await db.select().from(availabilityWindows).where(eq(availabilityWindows.userId, s.participant.id));
    expect(after).toEqual(before);
  });
});
