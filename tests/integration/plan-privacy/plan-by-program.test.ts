import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { enrolments, groupFacilitators } from "~/db/schema";
import { goalInterventions, goalNotes, goalObjectives, outcomeMeasures, participantGoals } from "~/db/tables/metrics";
import { goalProposals, planInterventions, planReviews, planServices, servicePlans } from "~/db/tables/plans";
import { attendanceRecords } from "~/db/tables/attendance";
import { progressNotes } from "~/db/tables/records";
import * as myGoalsPage from "~/routes/my.goals";
import * as goalsPage from "~/routes/participants.$userId.goals";
import * as planPage from "~/routes/participants.$userId.plan";
import * as historyPage from "~/routes/participants.$userId.plan_.history";
import * as progressNotePage from "~/routes/sessions.$sessionId.notes.$userId";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, createPerson, type Person, type Scenario } from "../../factories/scenario";
import { postPlanBasics, postProgressNote } from "../../factories/versioned-saves";
import { createSessionAt } from "../../factories/attendance";
import { parentingProgram } from "../../factories/programs";

/**
 * A person's plan is read by program, like their progress notes and contacts (42 CFR Part 2). Pat
 * is in a parenting class (program A, led by Fran) and in the scenario's recovery group "Circle"
 * (program B, led by Felix). Fran must not read or change Pat's recovery goals, objectives,
 * services, notes or scores, on any page or through any action; Felix must not read the parenting
 * goals; a manager and Pat read everything; Fay, who led the recovery group until she left it,
 * reads nothing. A goal filed under no program is for managers and the person only, and so are the
 * plan's parts of no program (strengths, barriers, needs, reviews, proposals, history), whatever
 * programs the person is in (plan-basics-unrevealing.test.ts compares the pages).
 */
type GoalsData = {
  plan: { goals: { id: string; title: string; objectives: { id: string }[]; notes: { body: string }[]; interventions: { description: string }[] }[]; measures: { id: string; program_name: string; note: string }[] };
  options: { programs: { id: string }[]; groups: { id: string }[] };
};
type PlanData = {
  wholePlan: boolean;
  plan: { strengths: string } | null;
  prefill: unknown;
  reviews: unknown[];
  proposals: unknown[];
  goals: { id: string; title: string; objectives: { id: string; description: string; services: { id: string }[]; interventions: { id: string }[] }[] }[];
  options: { programs: { id: string }[]; groups: { id: string }[] };
};

let s: Scenario;
let fran: Person;
let felix: Person;
let fay: Person;
let programA: string;
let parentingGroup: string;
const ids = {} as Record<"goalA" | "goalB" | "goalNone" | "objectiveA" | "objectiveB" | "serviceB" | "interventionB" | "scoreA" | "scoreB", string>;

const at = (page: "goals" | "plan") => ({ path: `/participants/${s.participant.id}/${page}`, params: { userId: s.participant.id } });
const goals = (who: Person, form?: Record<string, string | string[]>) => callRoute(goalsPage, { ...at("goals"), cookie: who.cookie, form });
const plan = (who: Person, form?: Record<string, string | string[]>) => callRoute(planPage, { ...at("plan"), cookie: who.cookie, form });
const history = (who: Person) => callRoute(historyPage, { path: `/participants/${s.participant.id}/plan/history`, params: { userId: s.participant.id }, cookie: who.cookie });
const goalTitles = async (who: Person) => ((await goals(who)).data as GoalsData).plan.goals.map((g) => g.title).sort();
const scoreNotes = async (who: Person) => ((await goals(who)).data as GoalsData).plan.measures.map((m) => m.note).sort();
const planTitles = async (who: Person) => ((await plan(who)).data as PlanData).goals.map((g) => g.title).sort();
const goalRow = async (id: string) => (await db.select().from(participantGoals).where(eq(participantGoals.id, id)))[0];

beforeAll(async () => {
  s = await createOrgScenario();
  felix = s.facilitator;
  fran = await createPerson(s.org, "facilitator", { name: "Fran Parenting" });
  fay = await createPerson(s.org, "facilitator", { name: "Fay Former" });
  ({ programId: programA, groupId: parentingGroup } = await parentingProgram(s, { leaders: [fran], enrolled: [s.participant], scenarioProgramName: "Recovery" }));

  const goal = async (title: string, programId: string | null) =>
    (await db.insert(participantGoals).values({ organizationId: s.org.id, participantId: s.participant.id, programId, title, createdBy: s.manager.id }).returning())[0].id;
  ids.goalA = await goal("Read with my kids nightly", programA);
  ids.goalB = await goal("Ninety days sober", s.program.id);
  ids.goalNone = await goal("Unfiled goal", null);
  const objective = async (goalId: string, description: string) => (await db.insert(goalObjectives).values({ organizationId: s.org.id, goalId, description, measure: "self-report" }).returning())[0].id;
  ids.objectiveA = await objective(ids.goalA, "Bedtime story 5 nights a week");
  ids.objectiveB = await objective(ids.goalB, "Attend the circle weekly");
  await objective(ids.goalNone, "Unfiled objective");
  ids.serviceB = (await db.insert(planServices).values({ organizationId: s.org.id, objectiveId: ids.objectiveB, groupId: s.group.id, timesPerPeriod: 1, period: "week", minutesPerContact: 60 }).returning())[0].id;
  ids.interventionB = (await db.insert(planInterventions).values({ organizationId: s.org.id, objectiveId: ids.objectiveB, description: "Call after a relapse", component: "crisis_support", responsibleId: felix.id }).returning())[0].id;
  await db.insert(goalInterventions).values({ organizationId: s.org.id, goalId: ids.goalB, groupId: s.group.id, description: "Relapse prevention" });
  await db.insert(goalNotes).values({ organizationId: s.org.id, goalId: ids.goalB, authorId: felix.id, byParticipant: false, body: "Relapsed on Friday" });
  const score = async (programId: string, note: string) =>
    (await db.insert(outcomeMeasures).values({ organizationId: s.org.id, participantId: s.participant.id, programId, domain: "functional_status", phase: "intake", score: 2, measuredOn: "2026-10-01", note, recordedBy: s.manager.id }).returning())[0].id;
  ids.scoreA = await score(programA, "parenting intake");
  ids.scoreB = await score(s.program.id, "recovery intake");
  const [sp] = await db.insert(servicePlans).values({ organizationId: s.org.id, participantId: s.participant.id, strengths: "Loves her kids", needs: "Opioid use disorder", createdBy: s.manager.id }).returning();
  await db.insert(planReviews).values({ organizationId: s.org.id, planId: sp.id, reviewedOn: "2026-11-01", attendees: "Pat, manager", whatChanged: "Added the recovery goal" });
  await db.insert(goalProposals).values({ organizationId: s.org.id, participantId: s.participant.id, words: "Stay clean through the holidays" });
  // Fay led the recovery group until she left it.
  await db.insert(groupFacilitators).values({ groupId: s.group.id, userId: fay.id, organizationId: s.org.id });
  await db.delete(groupFacilitators).where(and(eq(groupFacilitators.groupId, s.group.id), eq(groupFacilitators.userId, fay.id)));
});

describe("reading a person's plan by program", () => {
  it("the goals page: each facilitator reads the goals and scores of their own program, a manager all, a goal of no program only the manager", async () => {
    expect(await goalTitles(fran)).toEqual(["Read with my kids nightly"]);
    expect(await goalTitles(felix)).toEqual(["Ninety days sober"]);
    expect(await goalTitles(s.manager)).toEqual(["Ninety days sober", "Read with my kids nightly", "Unfiled goal"]);
    expect(await scoreNotes(fran)).toEqual(["parenting intake"]);
    expect(await scoreNotes(felix)).toEqual(["recovery intake"]);
    expect(await scoreNotes(s.manager)).toEqual(["parenting intake", "recovery intake"]);
    // Nothing of the recovery goal reaches Fran: no note, intervention or planned group under any goal.
    const franPage = JSON.stringify((await goals(fran)).data);
    for (const secret of ["Ninety days sober", "Relapsed on Friday", "Relapse prevention", "Attend the circle weekly", "recovery intake", "Unfiled"]) expect(franPage).not.toContain(secret);
    // She files new goals and scores only under her program, and plans only its groups.
    const options = ((await goals(fran)).data as GoalsData).options;
    expect(options.programs.map((p) => p.id)).toEqual([programA]);
    expect(options.groups.map((g) => g.id)).toEqual([parentingGroup]);
  });

  it("the service plan page: goals, objectives, services and interventions by program; the basics, reviews and proposals only for the manager while Pat is in two programs", async () => {
    expect(await planTitles(fran)).toEqual(["Read with my kids nightly"]);
    expect(await planTitles(felix)).toEqual(["Ninety days sober"]);
    expect(await planTitles(s.manager)).toEqual(["Ninety days sober", "Read with my kids nightly", "Unfiled goal"]);
    for (const who of [fran, felix]) {
      const res = await plan(who);
      expect(res.status).toBe(200);
      const data = res.data as PlanData;
      expect(data).toMatchObject({ wholePlan: false, plan: null, prefill: null, reviews: [], proposals: [] });
      expect(JSON.stringify(data)).not.toContain("Opioid use disorder");
      expect(JSON.stringify(data)).not.toContain("Stay clean through the holidays");
    }
    expect(JSON.stringify((await plan(fran)).data)).not.toContain("Call after a relapse");
    const felixObjective = ((await plan(felix)).data as PlanData).goals[0].objectives[0];
    expect(felixObjective.services.map((x) => x.id)).toEqual([ids.serviceB]);
    expect(felixObjective.interventions.map((x) => x.id)).toEqual([ids.interventionB]);
    const manager = (await plan(s.manager)).data as PlanData;
    expect(manager).toMatchObject({ wholePlan: true, plan: { strengths: "Loves her kids" } });
    expect(manager.reviews).toHaveLength(1);
    expect(manager.proposals).toHaveLength(1);
  });

  it("the plan history is the manager's while Pat is in two programs", async () => {
    expect((await history(fran)).status).toBe(403);
    expect((await history(felix)).status).toBe(403);
    expect((await history(s.manager)).status).toBe(200);
  });

  it("Pat reads all of her own plan", async () => {
    const res = await callRoute(myGoalsPage, { path: "/my/goals", cookie: s.participant.cookie });
    const data = res.data as { plan: GoalsData["plan"]; servicePlan: PlanData };
    expect(data.plan.goals.map((g) => g.title).sort()).toEqual(["Ninety days sober", "Read with my kids nightly", "Unfiled goal"]);
    expect(data.plan.measures).toHaveLength(2);
    expect(data.servicePlan.plan?.strengths).toBe("Loves her kids");
  });

  it("a progress note links only to goals of the writer's programs: the page offers no other, and a post naming one is refused", async () => {
    const session = await createSessionAt(parentingGroup, s.org.id, new Date(Date.now() - 2 * 3_600_000), { status: "held" });
    await db.insert(attendanceRecords).values({ organizationId: s.org.id, groupId: parentingGroup, sessionId: session.id, userId: s.participant.id, status: "present", source: "roster" });
    const page = await callRoute(progressNotePage, { path: `/sessions/${session.id}/notes/${s.participant.id}`, params: { sessionId: session.id, userId: s.participant.id }, cookie: fran.cookie });
    expect(page.status).toBe(200);
    const links = (page.data as { plan: { value: string }[] }).plan.map((p) => p.value);
    expect(links).toContain(`goal:${ids.goalA}`);
    expect(links).toContain(`objective:${ids.objectiveA}`);
    for (const hidden of [`goal:${ids.goalB}`, `objective:${ids.objectiveB}`, `goal:${ids.goalNone}`]) expect(links).not.toContain(hidden);
    expect(JSON.stringify(page.data)).not.toContain("Ninety days sober");
    const blank = { workedOn: "", progressRating: "", nextStep: "", minutesOfService: "60" };
    const refused = await postProgressNote(fran.cookie, session.id, s.participant.id, { ...blank, intent: "save", planLink: `objective:${ids.objectiveB}` });
    expect(refused.status).toBe(400);
    expect(await db.select().from(progressNotes).where(eq(progressNotes.sessionId, session.id))).toEqual([]);
    expect((await postProgressNote(fran.cookie, session.id, s.participant.id, { ...blank, intent: "save", planLink: `objective:${ids.objectiveA}` })).status).toBe(302);
  });

  it("a facilitator who left the recovery group reads nothing of the plan", async () => {
    expect((await goals(fay)).status).toBe(403);
    expect((await plan(fay)).status).toBe(403);
    expect((await history(fay)).status).toBe(403);
  });
});

describe("changing a person's plan by program", () => {
  it("Fran cannot change anything of the recovery goal or a goal of no program: each is 'not found' and nothing changes", async () => {
    const before = await goalRow(ids.goalB);
    for (const goalId of [ids.goalB, ids.goalNone]) {
      expect((await goals(fran, { intent: "goal-status", goalId, status: "achieved" })).status).toBe(404);
      expect((await goals(fran, { intent: "note", goalId, body: "peek" })).status).toBe(404);
      expect((await goals(fran, { intent: "edit-goal", goalId, title: "Renamed", programId: programA, targetDate: "" })).status).toBe(404);
      expect((await plan(fran, { intent: "add-objective", goalId, description: "More", measure: "Weekly" })).status).toBe(404);
    }
    expect((await goals(fran, { intent: "objective-status", objectiveId: ids.objectiveB, status: "met" })).status).toBe(404);
    expect((await plan(fran, { intent: "objective-status", objectiveId: ids.objectiveB, status: "met" })).status).toBe(404);
    expect((await plan(fran, { intent: "edit-objective", objectiveId: ids.objectiveB, description: "Changed", measure: "x" })).status).toBe(404);
    expect((await plan(fran, { intent: "add-service", objectiveId: ids.objectiveB, groupId: parentingGroup, timesPerPeriod: "1", period: "week", minutesPerContact: "60" })).status).toBe(404);
    expect((await plan(fran, { intent: "remove-service", serviceId: ids.serviceB })).status).toBe(404);
    expect((await plan(fran, { intent: "add-intervention", objectiveId: ids.objectiveB, description: "x", component: "advocacy", responsibleId: fran.id })).status).toBe(404);
    expect((await plan(fran, { intent: "remove-intervention", interventionId: ids.interventionB })).status).toBe(404);
    expect(await goalRow(ids.goalB)).toEqual(before);
    expect(await db.select().from(goalNotes).where(eq(goalNotes.authorId, fran.id))).toEqual([]);
    expect((await db.select().from(goalObjectives).where(eq(goalObjectives.goalId, ids.goalB))).map((o) => [o.description, o.status])).toEqual([["Attend the circle weekly", "not_started"]]);
    expect(await db.select({ id: planServices.id }).from(planServices)).toEqual([{ id: ids.serviceB }]);
    expect(await db.select({ id: planInterventions.id }).from(planInterventions)).toEqual([{ id: ids.interventionB }]);
  });

  it("Fran files new goals and scores only under her program, and plans only its groups", async () => {
    const goalsBefore = (await db.select().from(participantGoals).where(eq(participantGoals.participantId, s.participant.id))).length;
    const scoresBefore = (await db.select().from(outcomeMeasures).where(eq(outcomeMeasures.participantId, s.participant.id))).length;
    const create = await goals(fran, { intent: "create-goal", title: "Sneaky", programId: s.program.id, targetDate: "", objectives: "", interventions: "" });
    expect(create.status).toBe(400);
    expect(JSON.stringify(create.data)).toContain("Choose one of the programs you lead with this person.");
    expect((await goals(fran, { intent: "create-goal", title: "Sneaky", programId: programA, targetDate: "", objectives: "", interventions: "", groupIds: s.group.id })).status).toBe(400);
    expect((await goals(fran, { intent: "measure", measureProgramId: s.program.id, domain: "functional_status", phase: "interval", score: "3", measuredOn: "2026-11-01", measureNote: "" })).status).toBe(400);
    expect((await plan(fran, { intent: "add-service", objectiveId: ids.objectiveA, groupId: s.group.id, timesPerPeriod: "1", period: "week", minutesPerContact: "60" })).status).toBe(400);
    expect((await db.select().from(participantGoals).where(eq(participantGoals.participantId, s.participant.id))).length).toBe(goalsBefore);
    expect((await db.select().from(outcomeMeasures).where(eq(outcomeMeasures.participantId, s.participant.id))).length).toBe(scoresBefore);
    // A goal added on the plan page with no program named is filed under her one program (and she then reads it).
    expect((await plan(fran, { intent: "add-goal", title: "Make a bedtime routine" })).status).toBe(200);
    const [added] = await db.select().from(participantGoals).where(eq(participantGoals.title, "Make a bedtime routine"));
    expect(added.programId).toBe(programA);
    expect(await planTitles(fran)).toContain("Make a bedtime routine");
    expect(await planTitles(felix)).not.toContain("Make a bedtime routine");
  });

  it("the basics, reviews and proposals are refused to both facilitators while Pat is in two programs", async () => {
    for (const who of [fran, felix]) {
      expect((await postPlanBasics(who.cookie, s.participant.id, { intent: "save-basics", strengths: "x", barriers: "", needs: "", nextReviewOn: "" })).status).toBe(403);
    }
    const [sp] = await db.select().from(servicePlans).where(eq(servicePlans.participantId, s.participant.id));
    expect(sp.strengths).toBe("Loves her kids");
  });

  it("Felix changes his program's goal; a manager changes any", async () => {
    expect((await goals(felix, { intent: "goal-status", goalId: ids.goalB, status: "achieved" })).status).toBe(200);
    expect((await goalRow(ids.goalB)).status).toBe("achieved");
    expect((await goals(s.manager, { intent: "goal-status", goalId: ids.goalNone, status: "discontinued" })).status).toBe(200);
    expect((await goals(s.manager, { intent: "goal-status", goalId: ids.goalA, status: "achieved" })).status).toBe(200);
  });

  it("when Pat leaves the recovery group, Fran still reads only her program's part: the basics, reviews and proposals stay the manager's, so nothing on her page changes with Pat's other programs", async () => {
    const before = (await plan(fran)).data as PlanData;
    await db.update(enrolments).set({ status: "withdrawn" }).where(and(eq(enrolments.groupId, s.group.id), eq(enrolments.userId, s.participant.id)));
    const data = (await plan(fran)).data as PlanData;
    expect(data).toMatchObject({ wholePlan: false, plan: null, prefill: null, reviews: [], proposals: [] });
    expect(data.goals.map((g) => g.title)).toEqual(before.goals.map((g) => g.title));
    expect(data.goals.map((g) => g.title)).not.toContain("Ninety days sober");
    // The plan history stays the manager's.
    expect((await history(fran)).status).toBe(403);
    expect((await history(s.manager)).status).toBe(200);
    // Felix no longer has a relationship with Pat.
    expect((await goals(felix)).status).toBe(403);
    await db.update(enrolments).set({ status: "enrolled" }).where(and(eq(enrolments.groupId, s.group.id), eq(enrolments.userId, s.participant.id)));
  });
});
