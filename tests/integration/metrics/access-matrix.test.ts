import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { goalForm, logicModelVersion, saveLogicModel } from "~/modules/metrics/mutations.server";
import { participantGoals as goalsTable } from "~/db/tables/metrics";
import * as evidenceCsv from "~/routes/evidence[.]csv";
import * as evidencePage from "~/routes/evidence._index";
import * as metricsExport from "~/routes/metrics.export[.]csv";
import * as metricsIndex from "~/routes/metrics._index";
import * as metricsReport from "~/routes/metrics.report";
import * as metricsRows from "~/routes/metrics.rows";
import * as myGoals from "~/routes/my.goals";
import * as outcomes from "~/routes/outcomes";
import * as participantGoals from "~/routes/participants.$userId.goals";
import * as logicModel from "~/routes/programs.$programId.logic-model";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Scenario } from "../../factories/scenario";

/**
 * Who reaches which metrics route. Participants reach no metrics route at all (only their own
 * goals); facilitators see the plans of people in the groups they lead; a manager of another
 * organisation gets 404 for anything of this one; anonymous visitors are sent to sign in.
 */
type Who = "anonymous" | "participant" | "facilitator" | "otherFacilitator" | "manager" | "admin" | "foreignManager";
type Expect = Record<Who, number>;

let s: Scenario;
let foreign: Scenario;
let goalId: string;
let goalVersion: string;
const LOGIC_MODEL = { needs: "Isolation", inputs: "", activities: "", impact: "" };

const managersOnly = (foreignStatus = 200): Expect => ({
  anonymous: 302,
  participant: 403,
  facilitator: 403,
  otherFacilitator: 403,
  manager: 200,
  admin: 200,
  foreignManager: foreignStatus,
});

type RouteCase = {
  name: string;
  route: Parameters<typeof callRoute>[0];
  path: () => string;
  params?: () => Record<string, string>;
  form?: Record<string, string> | (() => Record<string, string>);
  expect: Expect;
};

const CASES: RouteCase[] = [
  { name: "dashboard", route: metricsIndex, path: () => "/metrics", expect: managersOnly() },
  { name: "dashboard filtered to a program", route: metricsIndex, path: () => `/metrics?program=${s.program.id}`, expect: managersOnly(404) },
  { name: "dashboard filtered to a group", route: metricsIndex, path: () => `/metrics?group=${s.group.id}&period=2027-Q1`, expect: managersOnly(404) },
  { name: "drill-down rows", route: metricsRows, path: () => `/metrics/rows?metric=attendance_rate&group=${s.group.id}`, expect: managersOnly(404) },
  { name: "CSV export", route: metricsExport, path: () => `/metrics/export.csv?table=summary&program=${s.program.id}`, expect: managersOnly(404) },
  { name: "CSV rows export", route: metricsExport, path: () => "/metrics/export.csv?table=rows&metric=unique_participants", expect: managersOnly() },
  { name: "printable report", route: metricsReport, path: () => "/metrics/report?period=2027-Q1", expect: managersOnly() },
  { name: "outcomes", route: outcomes, path: () => "/outcomes", expect: managersOnly() },
  {
    name: "outcome settings (POST)",
    route: outcomes,
    path: () => "/outcomes",
    form: { scaleMin: "1", scaleMax: "5", scaleDescription: "1 low, 5 high", retentionAttended: "3", retentionOf: "4" },
    expect: managersOnly(),
  },
  {
    name: "logic model",
    route: logicModel,
    path: () => `/programs/${s.program.id}/logic-model`,
    params: () => ({ programId: s.program.id }),
    expect: managersOnly(404),
  },
  {
    name: "logic model (POST)",
    route: logicModel,
    path: () => `/programs/${s.program.id}/logic-model`,
    params: () => ({ programId: s.program.id }),
    // The version of the logic model as saved in beforeAll (the same text each time, so each post is on the current version).
    form: { intent: "model", version: logicModelVersion(LOGIC_MODEL), ...LOGIC_MODEL },
    expect: managersOnly(404),
  },
  { name: "evidence", route: evidencePage, path: () => "/evidence", expect: managersOnly() },
  { name: "evidence CSV", route: evidenceCsv, path: () => "/evidence.csv", expect: managersOnly() },
  {
    name: "a participant's goals",
    route: participantGoals,
    path: () => `/participants/${s.participant.id}/goals`,
    params: () => ({ userId: s.participant.id }),
    expect: { anonymous: 302, participant: 403, facilitator: 200, otherFacilitator: 403, manager: 200, admin: 200, foreignManager: 404 },
  },
  {
    name: "a participant's goals (POST)",
    route: participantGoals,
    path: () => `/participants/${s.participant.id}/goals`,
    params: () => ({ userId: s.participant.id }),
    form: { intent: "create-goal", title: "Keep a budget", objectives: "", interventions: "" },
    expect: { anonymous: 302, participant: 403, facilitator: 200, otherFacilitator: 403, manager: 200, admin: 200, foreignManager: 404 },
  },
  {
    name: "edit a participant's goal (POST)",
    route: participantGoals,
    path: () => `/participants/${s.participant.id}/goals`,
    params: () => ({ userId: s.participant.id }),
    // The version the page showed before the first edit (later posts change nothing and are not compared).
    form: () => ({ intent: "edit-goal", goalId, version: goalVersion, title: "Keep a weekly budget", programId: s.program.id, targetDate: "2027-06-30" }),
    expect: { anonymous: 302, participant: 403, facilitator: 200, otherFacilitator: 403, manager: 200, admin: 200, foreignManager: 404 },
  },
  {
    name: "my goals",
    route: myGoals,
    path: () => "/my/goals",
    expect: { anonymous: 302, participant: 200, facilitator: 403, otherFacilitator: 403, manager: 403, admin: 403, foreignManager: 403 },
  },
];

beforeAll(async () => {
  s = await createOrgScenario();
  foreign = await createOrgScenario();
  // Filed under the program of the facilitator's group (a goal of no program is for managers and the person only).
  const [goal] = await db.insert(goalsTable).values({ organizationId: s.org.id, participantId: s.participant.id, programId: s.program.id, title: "Keep a budget" }).returning();
  goalId = goal.id;
  goalVersion = goalForm.version(goal);
  await saveLogicModel(s.manager, s.program.id, LOGIC_MODEL);
});

function cookieOf(who: Who): string | undefined {
  if (who === "anonymous") return undefined;
  if (who === "foreignManager") return foreign.manager.cookie;
  return s[who].cookie;
}

describe("metrics access matrix", () => {
  const whos: Who[] = ["anonymous", "participant", "facilitator", "otherFacilitator", "manager", "admin", "foreignManager"];
  for (const c of CASES) {
    it(`${c.name}: ${whos.map((w) => `${w} ${c.expect[w]}`).join(", ")}`, async () => {
      const got: Partial<Record<Who, number>> = {};
      for (const who of whos) {
        const res = await callRoute(c.route, { path: c.path(), params: c.params?.() ?? {}, cookie: cookieOf(who), form: typeof c.form === "function" ? c.form() : c.form });
        got[who] = res.status;
      }
      expect(got).toEqual(c.expect);
    });
  }

  it("participants reach no metrics route, whatever the figure or table", async () => {
    for (const metric of ["sessions_total", "attendance_rate", "retention_rate", "waitlist_length", "referrals_made"]) {
      expect((await callRoute(metricsRows, { path: `/metrics/rows?metric=${metric}`, cookie: s.participant.cookie })).status).toBe(403);
    }
    for (const table of ["summary", "trend", "outcomes"]) {
      expect((await callRoute(metricsExport, { path: `/metrics/export.csv?table=${table}`, cookie: s.otherParticipant.cookie })).status).toBe(403);
    }
  });

  it("a participant id of another organisation is 404, and a staff member is not a participant", async () => {
    const res = await callRoute(participantGoals, {
      path: `/participants/${foreign.participant.id}/goals`,
      params: { userId: foreign.participant.id },
      cookie: s.manager.cookie,
    });
    expect(res.status).toBe(404);
    const staff = await callRoute(participantGoals, { path: `/participants/${s.facilitator.id}/goals`, params: { userId: s.facilitator.id }, cookie: s.manager.cookie });
    expect(staff.status).toBe(404);
    const junk = await callRoute(participantGoals, { path: "/participants/junk/goals", params: { userId: "junk" }, cookie: s.manager.cookie });
    expect(junk.status).toBe(404);
  });
});
