import { beforeAll, describe, expect, it } from "vitest";
import { and, asc, eq } from "drizzle-orm";
import { db } from "~/db/client.server";
import { auditEvents, enrolments, groupFacilitators, groups, programs } from "~/db/schema";
import { participantGoals } from "~/db/tables/metrics";
import { updateGoal } from "~/modules/metrics/mutations.server";
import { findParticipant } from "~/modules/metrics/queries.server";
import * as dashboardRoute from "~/routes/metrics._index";
import * as myGoals from "~/routes/my.goals";
import * as goalsRoute from "~/routes/participants.$userId.goals";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Scenario } from "../../factories/scenario";

/**
 * Correcting a goal after it was made: the goal's own fields (title, program, target date), with
 * the authorisation and validation of creating one, audited with before/after of what changed.
 */

let s: Scenario;
let foreign: Scenario;
let secondProgram: { id: string; name: string };

type Plan = Awaited<ReturnType<typeof goalsRoute.loader>>;
type Failure = { ok: false; errors: Record<string, string[]>; values: Record<string, string> };
type Done = { ok: true; message: string };

const goalsPath = (who: Scenario) => ({ path: `/participants/${who.participant.id}/goals`, params: { userId: who.participant.id } });
/**
 * Posts on the goals page as a person does: an edit carries the version of the goal the page shows
 * to `cookie` (a save naming none is refused), unless the form brings its own.
 */
const post = async (form: Record<string, string | string[]>, cookie = s.facilitator.cookie, who = s) => {
  if (form.intent === "edit-goal" && form.version === undefined) {
    const page = await callRoute(goalsRoute, { ...goalsPath(who), cookie });
    const shown = page.status === 200 ? (page.data as Plan).plan.goals.find((g) => g.id === form.goalId) : undefined;
    if (shown) form = { ...form, version: shown.version };
  }
  return callRoute(goalsRoute, { ...goalsPath(who), cookie, form });
};
const plan = async (cookie = s.facilitator.cookie) => (await callRoute(goalsRoute, { ...goalsPath(s), cookie })).data as Plan;
const goalRow = async (id: string) => (await db.select().from(participantGoals).where(eq(participantGoals.id, id)))[0];
const edits = (goalId: string) =>
  db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.subjectId, goalId), eq(auditEvents.action, "goal.update")))
    .orderBy(asc(auditEvents.id));

/** A goal made through the page, as staff would; returns its id. */
async function createGoal(who: Scenario, form: Record<string, string | string[]>): Promise<string> {
  const res = await post({ intent: "create-goal", objectives: "", interventions: "", ...form }, who.facilitator.cookie, who);
  expect(res.status).toBe(200);
  const [row] = await db
    .select({ id: participantGoals.id })
    .from(participantGoals)
    .where(and(eq(participantGoals.participantId, who.participant.id), eq(participantGoals.title, String(form.title))));
  return row.id;
}

beforeAll(async () => {
  s = await createOrgScenario();
  foreign = await createOrgScenario();
  [secondProgram] = await db.insert(programs).values({ organizationId: s.org.id, name: "Housing First" }).returning({ id: programs.id, name: programs.name });
  // The facilitator also leads a Housing First group the participant attends: a goal moves only
  // between programs the editor leads with the person (plan-privacy; a manager moves it anywhere).
  const [housing] = await db
    .insert(groups)
    .values({ organizationId: s.org.id, programId: secondProgram.id, kind: "workshop", name: "Housing workshop", timezone: "America/New_York", capacity: 10, location: "Room 4" })
    .returning();
  await db.insert(groupFacilitators).values({ groupId: housing.id, userId: s.facilitator.id, organizationId: s.org.id });
  await db.insert(enrolments).values({ groupId: housing.id, userId: s.participant.id, organizationId: s.org.id });
});

describe("editing a goal", () => {
  it("a facilitator of the participant's group corrects the goal; its objectives, status and own words stay; the audit has before and after", async () => {
    const goalId = await createGoal(s, {
      title: "Keep a monthly budgte",
      programId: s.program.id,
      targetDate: "2027-06-30",
      objectives: "Track spending for 4 weeks | spending diary",
      "groupIds[]": [s.group.id],
      interventions: "Weekly check-in",
    });
    const [objective] = (await plan()).plan.goals.find((g) => g.id === goalId)!.objectives;
    expect((await post({ intent: "objective-status", objectiveId: objective.id, status: "met" })).status).toBe(200);
    expect((await callRoute(myGoals, { path: "/my/goals", cookie: s.participant.cookie, form: { intent: "own-words", goalId, participantWords: "No more rent worries." } })).status).toBe(200);

    const res = await post({ intent: "edit-goal", goalId, title: "Keep a monthly budget", programId: secondProgram.id, targetDate: "2027-07-31" });
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ ok: true, message: "The goal was updated." });

    const goal = (await plan()).plan.goals.find((g) => g.id === goalId)!;
    expect(goal).toMatchObject({
      title: "Keep a monthly budget",
      programId: secondProgram.id,
      programName: "Housing First",
      targetDate: "2027-07-31",
      status: "active",
      participantWords: "No more rent worries.",
    });
    expect(goal.objectives.map((o) => [o.description, o.measure, o.status])).toEqual([["Track spending for 4 weeks", "spending diary", "met"]]);
    expect(goal.interventions.map((i) => [i.group_name, i.description])).toEqual([["Circle", "Weekly check-in"]]);

    const [event] = await edits(goalId);
    expect(event).toMatchObject({
      organizationId: s.org.id,
      actorUserId: s.facilitator.id,
      subjectType: "participant_goal",
      before: { title: "Keep a monthly budgte", programId: s.program.id, targetDate: "2027-06-30" },
      after: { title: "Keep a monthly budget", programId: secondProgram.id, targetDate: "2027-07-31" },
    });

    // A manager clears the target date only: the audit names that field alone.
    const cleared = await post({ intent: "edit-goal", goalId, title: "Keep a monthly budget", programId: secondProgram.id, targetDate: "" }, s.manager.cookie);
    expect(cleared.status).toBe(200);
    const all = await edits(goalId);
    expect(all).toHaveLength(2);
    expect(all[1]).toMatchObject({ actorUserId: s.manager.id, before: { targetDate: "2027-07-31" }, after: { targetDate: null } });
    expect(Object.keys(all[1].before as object)).toEqual(["targetDate"]);
    expect(Object.keys(all[1].after as object)).toEqual(["targetDate"]);
    expect((await goalRow(goalId)).targetDate).toBeNull();

    // Sending the same values again changes nothing and records nothing.
    const updatedAt = (await goalRow(goalId)).updatedAt;
    const same = await post({ intent: "edit-goal", goalId, title: "  Keep a monthly budget ", programId: secondProgram.id.toUpperCase(), targetDate: "" });
    expect(same.data).toEqual({ ok: true, message: "Nothing changed: the goal already reads like that." });
    expect(await edits(goalId)).toHaveLength(2);
    expect((await goalRow(goalId)).updatedAt).toEqual(updatedAt);
  });

  it("stamps the edit with the time it is given and returns the fields it changed", async () => {
    const goalId = await createGoal(s, { title: "Find a part-time job", programId: s.program.id, targetDate: "2027-09-01" });
    const owner = await findParticipant(s.manager, s.participant.id);
    const now = new Date("2027-05-04T15:30:00Z");
    expect(await updateGoal(s.manager, owner, goalId, { title: "Find part-time work", programId: s.program.id, targetDate: "2027-09-01" }, now)).toEqual(["title"]);
    const row = await goalRow(goalId);
    expect(row.title).toBe("Find part-time work");
    expect(row.updatedAt).toEqual(now);
  });

  it("bad input is refused beside the fields and changes nothing", async () => {
    const goalId = await createGoal(s, { title: "Sleep before midnight", programId: s.program.id, targetDate: "2027-04-30" });
    const before = await goalRow(goalId);

    const bad = await post({ intent: "edit-goal", goalId, title: "  ", programId: "not-a-program", targetDate: "2027-02-30" });
    expect(bad.status).toBe(400);
    const failure = bad.data as Failure;
    expect(failure.errors).toEqual({ title: ["Enter the goal."], programId: ["Choose from the list."], targetDate: ["Enter a date like 2027-06-30."] });
    // What was sent comes back so the page can show it in that goal's form.
    expect(failure.values).toMatchObject({ intent: "edit-goal", goalId, targetDate: "2027-02-30" });

    const tooLong = await post({ intent: "edit-goal", goalId, title: "x".repeat(301), programId: "", targetDate: "" });
    expect((tooLong.data as Failure).errors).toEqual({ title: ["Keep it under 300 characters."] });

    const foreignProgram = await post({ intent: "edit-goal", goalId, title: "Sleep before eleven", programId: foreign.program.id, targetDate: "" });
    expect(foreignProgram.status).toBe(400);
    expect((foreignProgram.data as Failure).errors).toEqual({ programId: ["Choose a program from the list."] });

    const noGoal = await post({ intent: "edit-goal", goalId: "junk", title: "Sleep before eleven" });
    expect(noGoal.status).toBe(400);
    expect((noGoal.data as Failure).errors).toEqual({ goalId: ["Choose a goal."] });

    expect(await goalRow(goalId)).toEqual(before);
    expect(await edits(goalId)).toHaveLength(0);
  });

  it("a goal of another participant, through this participant's page, is 404", async () => {
    const [other] = await db.insert(participantGoals).values({ organizationId: s.org.id, participantId: s.otherParticipant.id, title: "Call my sister weekly" }).returning();
    const res = await post({ intent: "edit-goal", goalId: other.id, title: "Changed", programId: "", targetDate: "" });
    expect(res.status).toBe(404);
    expect((await goalRow(other.id)).title).toBe("Call my sister weekly");
    expect(await edits(other.id)).toHaveLength(0);
  });

  it("a facilitator who does not lead the participant's group, the participant and a manager of another organisation are refused", async () => {
    const goalId = await createGoal(s, { title: "Walk 20 minutes a day", programId: s.program.id, targetDate: "2027-05-31" });
    const before = await goalRow(goalId);
    const form = { intent: "edit-goal", goalId, title: "Walk an hour a day", programId: "", targetDate: "2027-12-31" };

    expect((await post(form, s.otherFacilitator.cookie)).status).toBe(403);
    expect((await post(form, s.participant.cookie)).status).toBe(403);
    // The participant's own page has no such action.
    const mine = await callRoute(myGoals, { path: "/my/goals", cookie: s.participant.cookie, form });
    expect(mine.status).toBe(400);
    expect((mine.data as Failure).errors).toEqual({ _form: ["Choose an action."] });
    // Another organisation's manager: this participant is not theirs, nor is the goal through their own participant.
    expect((await post(form, foreign.manager.cookie)).status).toBe(404);
    expect((await post(form, foreign.manager.cookie, foreign)).status).toBe(404);
    // Nobody signed in is sent to sign in.
    expect((await post(form, "")).status).toBe(302);

    // The module refuses the same people when called directly.
    const owner = await findParticipant(s.manager, s.participant.id);
    const statusOf = (p: Promise<unknown>) => p.then(() => 200, (e: unknown) => (e instanceof Response ? e.status : Promise.reject(e)));
    expect(await statusOf(updateGoal(s.otherFacilitator, owner, goalId, form, new Date()))).toBe(403);
    expect(await statusOf(updateGoal(s.participant, owner, goalId, form, new Date()))).toBe(403);
    const foreignOwner = await findParticipant(foreign.manager, foreign.participant.id);
    expect(await statusOf(updateGoal(foreign.manager, foreignOwner, goalId, form, new Date()))).toBe(404);

    expect(await goalRow(goalId)).toEqual(before);
    expect(await edits(goalId)).toHaveLength(0);
  });
});

describe("the dashboard after an edit", () => {
  type DashboardData = Awaited<ReturnType<typeof dashboardRoute.loader>>;
  let d: Scenario;
  const goals = async (query: string) => {
    const res = await callRoute(dashboardRoute, { path: `/metrics${query}`, cookie: d.manager.cookie });
    expect(res.status).toBe(200);
    return (res.data as DashboardData).dashboard.goals;
  };

  beforeAll(async () => {
    d = await createOrgScenario();
  });

  it("goals due and achieved follow the edited target date and program", async () => {
    const achieved = await createGoal(d, { title: "Open a bank account", programId: d.program.id, targetDate: "2027-03-15" });
    await createGoal(d, { title: "Attend every session", programId: d.program.id, targetDate: "2027-02-01" });
    const status = await post({ intent: "goal-status", goalId: achieved, status: "achieved" }, d.facilitator.cookie, d);
    expect(status.status).toBe(200);
    expect(await goals("?period=2027-Q1")).toEqual({ due: 2, achieved: 1, rate: 0.5 });
    expect(await goals("?period=2027-Q2")).toEqual({ due: 0, achieved: 0, rate: null });

    const moved = await post({ intent: "edit-goal", goalId: achieved, title: "Open a bank account", programId: d.program.id, targetDate: "2027-05-10" }, d.facilitator.cookie, d);
    expect((moved.data as Done).message).toBe("The goal was updated.");
    expect(await goals("?period=2027-Q1")).toEqual({ due: 1, achieved: 0, rate: 0 });
    expect(await goals("?period=2027-Q2")).toEqual({ due: 1, achieved: 1, rate: 1 });
    expect(await goals(`?period=2027-Q2&program=${d.program.id}`)).toEqual({ due: 1, achieved: 1, rate: 1 });

    // Taken out of the program (by a manager: a facilitator files goals only under the programs they lead with the person):
    // still counted for the organisation, no longer for the program.
    await post({ intent: "edit-goal", goalId: achieved, title: "Open a bank account", programId: "", targetDate: "2027-05-10" }, d.manager.cookie, d);
    expect(await goals("?period=2027-Q2")).toEqual({ due: 1, achieved: 1, rate: 1 });
    expect(await goals(`?period=2027-Q2&program=${d.program.id}`)).toEqual({ due: 0, achieved: 0, rate: null });
  });
});
