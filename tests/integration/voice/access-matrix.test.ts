import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { concerns, proposals, ruleVersions, voiceChanges } from "~/db/tables/voice";
import { raiseConcern } from "~/modules/voice/concerns/mutations.server";
import * as changesPage from "~/routes/changes._index";
import * as concernPage from "~/routes/concerns.$concernId";
import * as concernsIndex from "~/routes/concerns._index";
import * as followUp from "~/routes/concerns.follow-up.$token";
import * as concernNew from "~/routes/concerns.new";
import * as feedbackPage from "~/routes/feedback.$sessionId";
import * as reportsPage from "~/routes/feedback.reports";
import * as settingsPage from "~/routes/feedback.settings";
import * as groupRules from "~/routes/groups.$groupId.rules";
import * as programRules from "~/routes/programs.$programId.rules";
import * as proposalPage from "~/routes/proposals.$proposalId";
import * as proposalsIndex from "~/routes/proposals._index";
import * as proposalNew from "~/routes/proposals.new";
import { callRoute } from "../../factories/requests";
import { postGroupRules } from "../../factories/versioned-saves";
import { createOrgScenario, type Scenario } from "../../factories/scenario";
import { createHeldSession, openGroupProposal } from "../../factories/voice";

/**
 * Every voice route × every role, plus another organisation's manager and participant (404,
 * never the record) and an anonymous visitor (sent to sign in). Then every action's denials.
 */
type Who = "anonymous" | "participant" | "otherParticipant" | "facilitator" | "otherFacilitator" | "manager" | "admin" | "foreignManager" | "foreignParticipant";
type Expect = Partial<Record<Who, number>>;

let s: Scenario;
let foreign: Scenario;
let sessionId: string;
let proposalId: string;
let concernId: string;
let token: string;

const all = (status: number): Expect => ({ participant: status, otherParticipant: status, facilitator: status, otherFacilitator: status, manager: status, admin: status });
const staff: Expect = { participant: 403, otherParticipant: 403, facilitator: 200, otherFacilitator: 200, manager: 200, admin: 200 };
const managers: Expect = { participant: 403, facilitator: 403, otherFacilitator: 403, manager: 200, admin: 200 };

type RouteCase = { name: string; route: Parameters<typeof callRoute>[0]; path: () => string; params: () => Record<string, string>; expect: Expect };

const ROUTES: RouteCase[] = [
  {
    name: "session feedback",
    route: feedbackPage,
    path: () => `/feedback/${sessionId}`,
    params: () => ({ sessionId }),
    expect: { participant: 200, otherParticipant: 200, facilitator: 403, otherFacilitator: 403, manager: 403, admin: 403, foreignParticipant: 404, anonymous: 302 },
  },
  { name: "feedback reports", route: reportsPage, path: () => "/feedback/reports", params: () => ({}), expect: { ...staff, anonymous: 302 } },
  {
    name: "feedback report of a group",
    route: reportsPage,
    path: () => `/feedback/reports?group=${s.group.id}`,
    params: () => ({}),
    expect: { participant: 403, facilitator: 200, otherFacilitator: 404, manager: 200, foreignManager: 404 },
  },
  { name: "feedback settings", route: settingsPage, path: () => "/feedback/settings", params: () => ({}), expect: { ...managers, anonymous: 302 } },
  { name: "proposals", route: proposalsIndex, path: () => "/proposals", params: () => ({}), expect: { ...all(200), anonymous: 302 } },
  { name: "new proposal", route: proposalNew, path: () => "/proposals/new", params: () => ({}), expect: { ...all(200), anonymous: 302 } },
  {
    name: "proposal",
    route: proposalPage,
    path: () => `/proposals/${proposalId}`,
    params: () => ({ proposalId }),
    expect: { ...all(200), otherFacilitator: 404, foreignManager: 404, foreignParticipant: 404, anonymous: 302 },
  },
  {
    name: "group rules",
    route: groupRules,
    path: () => `/groups/${s.group.id}/rules`,
    params: () => ({ groupId: s.group.id }),
    expect: { ...all(200), foreignManager: 404, anonymous: 302 },
  },
  {
    name: "program rules",
    route: programRules,
    path: () => `/programs/${s.program.id}/rules`,
    params: () => ({ programId: s.program.id }),
    expect: { ...all(200), foreignManager: 404, anonymous: 302 },
  },
  { name: "concerns", route: concernsIndex, path: () => "/concerns", params: () => ({}), expect: { ...all(200), anonymous: 302 } },
  { name: "new concern", route: concernNew, path: () => "/concerns/new", params: () => ({}), expect: { ...all(200), anonymous: 302 } },
  {
    name: "concern about the facilitator",
    route: concernPage,
    path: () => `/concerns/${concernId}`,
    params: () => ({ concernId }),
    expect: { participant: 200, otherParticipant: 404, facilitator: 404, otherFacilitator: 404, manager: 200, admin: 200, foreignManager: 404, anonymous: 302 },
  },
  {
    name: "anonymous follow-up link",
    route: followUp,
    path: () => `/concerns/follow-up/${token}`,
    params: () => ({ token }),
    expect: { anonymous: 200, foreignManager: 200 },
  },
  {
    name: "junk follow-up link",
    route: followUp,
    path: () => "/concerns/follow-up/not-a-token",
    params: () => ({ token: "not-a-token" }),
    expect: { anonymous: 404, manager: 404 },
  },
  { name: "you said, we did", route: changesPage, path: () => "/changes", params: () => ({}), expect: { ...all(200), anonymous: 302 } },
];

function cookieFor(who: Who): string | undefined {
  if (who === "anonymous") return undefined;
  if (who === "foreignManager") return foreign.manager.cookie;
  if (who === "foreignParticipant") return foreign.participant.cookie;
  return s[who].cookie;
}

beforeAll(async () => {
  [s, foreign] = await Promise.all([createOrgScenario(), createOrgScenario()]);
  sessionId = (await createHeldSession(s)).id;
  const now = new Date();
  proposalId = await openGroupProposal(s, s.participant, "Matrix", now);
  const base = { sessionId: null, groupId: null, programId: null, summary: "About Fran", body: "b" };
  concernId = (await raiseConcern(s.participant, { ...base, subject: "facilitator", facilitatorId: s.facilitator.id, anonymous: false }, now, "http://test.local")).id;
  token = (await raiseConcern(s.otherParticipant, { ...base, subject: "program", programId: s.program.id, facilitatorId: null, anonymous: true }, now, "http://test.local")).token!;
});

describe("voice loaders", () => {
  const cases = ROUTES.flatMap((r) => Object.entries(r.expect).map(([who, status]) => ({ r, who: who as Who, status })));
  it.each(cases.map((c) => [c.r.name, c.who, c.status, c] as const))("%s as %s → %i", async (_n, who, status, c) => {
    const outcome = await callRoute(c.r.route, { path: c.r.path(), params: c.r.params(), cookie: cookieFor(who) });
    expect(outcome.status).toBe(status);
    if (status === 302) expect(outcome.location).toMatch(/^\/login\?redirectTo=/);
  });
});

type ActionCase = { name: string; route: Parameters<typeof callRoute>[0]; path: () => string; params: () => Record<string, string>; form: () => Record<string, string>; who: Who; status: number };

const ACTIONS: ActionCase[] = [
  ...(["facilitator", "manager", "foreignParticipant", "anonymous"] as const).map((who) => ({
    name: "give feedback",
    route: feedbackPage,
    path: () => `/feedback/${sessionId}`,
    params: () => ({ sessionId }),
    form: () => ({ comment: "x" }),
    who,
    status: { facilitator: 403, manager: 403, foreignParticipant: 404, anonymous: 302 }[who],
  })),
  ...(["participant", "facilitator"] as const).map((who) => ({
    name: "edit feedback questions",
    route: settingsPage,
    path: () => "/feedback/settings",
    params: () => ({}),
    form: () => ({ questions: "Hijacked", concernResponseDays: "5", feedbackWindowDays: "14" }),
    who,
    status: 403,
  })),
  ...([
    ["participant", { intent: "decide", outcome: "adopted", decisionText: "x", rationale: "y" }, 403],
    ["participant", { intent: "hide", reason: "mine" }, 403],
    ["otherFacilitator", { intent: "hide", reason: "x" }, 404],
    ["otherFacilitator", { intent: "vote", choice: "agree" }, 404],
    ["foreignManager", { intent: "decide", outcome: "adopted", decisionText: "x", rationale: "y" }, 404],
    ["foreignParticipant", { intent: "comment", body: "x" }, 404],
    ["anonymous", { intent: "vote", choice: "agree" }, 302],
  ] as const).map(([who, form, status]) => ({
    name: `proposal ${form.intent}`,
    route: proposalPage,
    path: () => `/proposals/${proposalId}`,
    params: () => ({ proposalId }),
    form: () => ({ ...form }),
    who,
    status,
  })),
  ...([
    ["participant", 403],
    ["otherFacilitator", 403],
    ["foreignManager", 404],
    ["anonymous", 302],
  ] as const).map(([who, status]) => ({
    name: "publish group rules",
    route: groupRules,
    path: () => `/groups/${s.group.id}/rules`,
    params: () => ({ groupId: s.group.id }),
    form: () => ({ body: "Hijacked rules", changeSummary: "x" }),
    who,
    status,
  })),
  ...([
    ["participant", 403],
    ["facilitator", 403],
    ["foreignManager", 404],
  ] as const).map(([who, status]) => ({
    name: "publish program rules",
    route: programRules,
    path: () => `/programs/${s.program.id}/rules`,
    params: () => ({ programId: s.program.id }),
    form: () => ({ body: "Hijacked rules", changeSummary: "x" }),
    who,
    status,
  })),
  ...([
    ["participant", { intent: "respond", body: "I respond to myself" }, 403],
    ["participant", { intent: "status", status: "closed" }, 403],
    ["otherParticipant", { intent: "reply", body: "x" }, 404],
    ["facilitator", { intent: "status", status: "closed" }, 404],
    ["foreignManager", { intent: "respond", body: "x" }, 404],
    ["anonymous", { intent: "respond", body: "x" }, 302],
  ] as const).map(([who, form, status]) => ({
    name: `concern ${form.intent}`,
    route: concernPage,
    path: () => `/concerns/${concernId}`,
    params: () => ({ concernId }),
    form: () => ({ ...form }),
    who,
    status,
  })),
  ...([
    ["participant", 403],
    ["facilitator", 403],
    ["anonymous", 302],
  ] as const).map(([who, status]) => ({
    name: "publish a change",
    route: changesPage,
    path: () => "/changes",
    params: () => ({}),
    form: () => ({ audience: "org", youSaid: "x", weDid: "y", feedbackGroupId: s.group.id }),
    who,
    status,
  })),
  {
    name: "raise a concern",
    route: concernNew,
    path: () => "/concerns/new",
    params: () => ({}),
    form: () => ({ subject: "program", programId: s.program.id, summary: "x", body: "y" }),
    who: "anonymous",
    status: 302,
  },
  {
    name: "make a proposal",
    route: proposalNew,
    path: () => "/proposals/new",
    params: () => ({}),
    form: () => ({ target: `group:${s.group.id}`, topic: "rules", title: "x", description: "y", voting: "agree", closesAt: "2030-01-01T10:00" }),
    who: "anonymous",
    status: 302,
  },
];

describe("voice actions are denied to the wrong people and change nothing", () => {
  it.each(ACTIONS.map((a) => [a.name, a.who, a.status, a] as const))("%s as %s → %i", async (_n, who, status, a) => {
    const count = async () => ({
      rules: (await db.select().from(ruleVersions)).length,
      changes: (await db.select().from(voiceChanges)).length,
      concerns: (await db.select().from(concerns)).length,
      proposals: JSON.stringify(await db.select().from(proposals)),
    });
    const before = await count();
    const outcome = await callRoute(a.route, { path: a.path(), params: a.params(), cookie: cookieFor(who), form: a.form() });
    expect(outcome.status).toBe(status);
    expect(await count()).toEqual(before);
  });

  it("the group's own facilitator may publish its rules (the positive control)", async () => {
    // Posted as the page does (opened first: the form carries the rules' version).
    const out = await postGroupRules(s.facilitator.cookie, s.group.id, { body: "1. Be kind.", changeSummary: "First rules." });
    expect(out.status).toBe(200);
  });
});
