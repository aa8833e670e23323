import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { auditEvents, groups } from "~/db/schema";
import { participantGoals } from "~/db/tables/metrics";
import { goalProposalReplies, goalProposals } from "~/db/tables/plans";
import * as myGoalsPage from "~/routes/my.goals";
import * as planPage from "~/routes/participants.$userId.plan";
import { callRoute } from "../../factories/requests";
import { parentingProgram } from "../../factories/programs";
import { createOrgScenario, createPerson, type Person, type Scenario } from "../../factories/scenario";

/**
 * A person's proposals belong to a program like their goals (42 CFR Part 2): one about a group they
 * attend or one of their goals is the program's, read and answered by its facilitators with the
 * person (and the managers); one about the plan as a whole is the managers' and the person's only.
 * Pat is in a parenting class (program A, Fran) and the recovery circle (Felix). Before, every
 * proposal was "of no program": neither facilitator could read or answer any of them, although the
 * parenting one was Fran's to take up.
 */
type Proposal = { id: string; words: string; status: string; programName: string | null; aboutGoalTitle: string | null; replies: { body: string }[] };
type PlanData = { proposals: Proposal[] };
type MyData = { servicePlan: PlanData; topics: { groups: { id: string; name: string }[]; goals: { id: string; title: string }[] } };

let s: Scenario;
let fran: Person;
let felix: Person;
let programA: string;
let parentingGroup: string;
let goalB: string;
const ids = {} as Record<"parenting" | "recovery" | "whole", string>;

const my = (form?: Record<string, string>) => callRoute(myGoalsPage, { path: "/my/goals", cookie: s.participant.cookie, form });
const propose = (words: string, about: string) => my({ intent: "propose-goal", form: "propose", words, about });
const plan = (who: Person, form?: Record<string, string>) => callRoute(planPage, { path: `/participants/${s.participant.id}/plan`, params: { userId: s.participant.id }, cookie: who.cookie, form });
const proposalsOf = async (who: Person) => ((await plan(who)).data as PlanData).proposals;
const proposalRow = async (id: string) => (await db.select().from(goalProposals).where(eq(goalProposals.id, id)))[0];
const byWords = async (words: string) => (await db.select().from(goalProposals).where(eq(goalProposals.words, words)))[0];

beforeAll(async () => {
  s = await createOrgScenario();
  felix = s.facilitator;
  fran = await createPerson(s.org, "facilitator", { name: "Fran Parenting" });
  ({ programId: programA, groupId: parentingGroup } = await parentingProgram(s, { leaders: [fran], enrolled: [s.participant], scenarioProgramName: "Recovery" }));
  goalB = (await db.insert(participantGoals).values({ organizationId: s.org.id, participantId: s.participant.id, programId: s.program.id, title: "Ninety days sober", createdBy: s.manager.id }).returning())[0].id;
});

describe("a person proposes a goal about a group, a goal or the plan as a whole", () => {
  it("My goals offers the groups Pat attends now and her open goals; each proposal is filed under its program and Pat is told who reads it", async () => {
    const topics = ((await my()).data as MyData).topics;
    expect(topics.groups.map((g) => g.name)).toEqual(["Circle", "Parenting class"]);
    expect(topics.goals.map((g) => g.title)).toEqual(["Ninety days sober"]);

    const parenting = await propose("Read to my kids every night", `group:${parentingGroup}`);
    expect(parenting.data).toEqual({ ok: true, message: "Your proposal was sent to the staff of that group or goal's program." });
    const recovery = await propose("Change my sober goal to a year", `goal:${goalB}`);
    expect(recovery.data).toEqual({ ok: true, message: "Your proposal was sent to the staff of that group or goal's program." });
    const whole = await propose("Find a new place to live", "");
    expect(whole.data).toEqual({ ok: true, message: "Your proposal was sent to the managers of your plan." });
    ids.parenting = (await byWords("Read to my kids every night")).id;
    ids.recovery = (await byWords("Change my sober goal to a year")).id;
    ids.whole = (await byWords("Find a new place to live")).id;
    expect(await proposalRow(ids.parenting)).toMatchObject({ programId: programA, aboutGoalId: null });
    expect(await proposalRow(ids.recovery)).toMatchObject({ programId: s.program.id, aboutGoalId: goalB });
    expect(await proposalRow(ids.whole)).toMatchObject({ programId: null, aboutGoalId: null });
    const [created] = await db.select().from(auditEvents).where(eq(auditEvents.subjectId, ids.recovery));
    expect(created.after).toMatchObject({ programId: s.program.id, aboutGoalId: goalB });
  });

  it("a proposal about a group Pat does not attend, someone else's goal or junk is refused beside the field and stores nothing", async () => {
    const [elsewhere] = await db
      .insert(groups)
      .values({ organizationId: s.org.id, programId: programA, kind: "workshop", name: "Other class", timezone: "America/New_York", capacity: 10, location: "Room 3" })
      .returning();
    const [othersGoal] = await db.insert(participantGoals).values({ organizationId: s.org.id, participantId: s.otherParticipant.id, programId: programA, title: "Not Pat's" }).returning();
    const before = (await db.select().from(goalProposals)).length;
    for (const about of [`group:${elsewhere.id}`, `goal:${othersGoal.id}`, "program:x", "goal:not-a-uuid"]) {
      const res = await propose("Sneaky", about);
      expect(res.status).toBe(400);
      expect((res.data as { errors: Record<string, string[]> }).errors.about).toEqual(["Choose what your proposal is about from the list."]);
    }
    expect((await db.select().from(goalProposals)).length).toBe(before);
  });
});

describe("reading and answering proposals by program", () => {
  it("each facilitator reads (and counts as waiting) only their program's proposals; the manager and Pat read all three", async () => {
    const fransList = await proposalsOf(fran);
    expect(fransList.map((p) => p.words)).toEqual(["Read to my kids every night"]);
    expect(fransList[0]).toMatchObject({ programName: "Parenting", aboutGoalTitle: null });
    const felixList = await proposalsOf(felix);
    expect(felixList.map((p) => p.words)).toEqual(["Change my sober goal to a year"]);
    expect(felixList[0]).toMatchObject({ programName: "Recovery", aboutGoalTitle: "Ninety days sober" });
    expect((await proposalsOf(s.manager)).map((p) => p.words).sort()).toEqual(["Change my sober goal to a year", "Find a new place to live", "Read to my kids every night"]);
    expect(((await my()).data as MyData).servicePlan.proposals).toHaveLength(3);
    const franPage = JSON.stringify((await plan(fran)).data);
    for (const secret of ["sober", "Ninety", "new place to live", "Recovery"]) expect(franPage).not.toContain(secret);
  });

  it("Fran cannot answer or accept another program's proposal or one about the whole plan ('not found', nothing changes); she answers and accepts her program's, filed under it", async () => {
    for (const id of [ids.recovery, ids.whole]) {
      expect((await plan(fran, { intent: "reply-proposal", form: `reply-${id}`, proposalId: id, body: "peek" })).status).toBe(404);
      expect((await plan(fran, { intent: "accept-proposal", form: `accept-${id}`, proposalId: id, title: "Taken" })).status).toBe(404);
      expect(await proposalRow(id)).toMatchObject({ status: "open", acceptedGoalId: null });
    }
    expect(await db.select().from(goalProposalReplies).where(eq(goalProposalReplies.authorId, fran.id))).toEqual([]);

    expect((await plan(fran, { intent: "reply-proposal", form: `reply-${ids.parenting}`, proposalId: ids.parenting, body: "Which books?" })).status).toBe(200);
    expect((await proposalRow(ids.parenting)).status).toBe("discussing");
    expect((await plan(fran, { intent: "accept-proposal", form: `accept-${ids.parenting}`, proposalId: ids.parenting, title: "Bedtime reading" })).status).toBe(200);
    const accepted = await proposalRow(ids.parenting);
    const [goal] = await db.select().from(participantGoals).where(eq(participantGoals.id, accepted.acceptedGoalId!));
    expect(goal).toMatchObject({ title: "Bedtime reading", programId: programA, participantWords: "Read to my kids every night" });
  });

  it("Felix accepts the recovery one under his program; the manager accepts the whole-plan one under the program they choose", async () => {
    expect((await plan(felix, { intent: "accept-proposal", form: `accept-${ids.recovery}`, proposalId: ids.recovery, title: "A year sober" })).status).toBe(200);
    const [recoveryGoal] = await db.select().from(participantGoals).where(eq(participantGoals.id, (await proposalRow(ids.recovery)).acceptedGoalId!));
    expect(recoveryGoal.programId).toBe(s.program.id);
    expect((await plan(s.manager, { intent: "accept-proposal", form: `accept-${ids.whole}`, proposalId: ids.whole, title: "Housing", programId: programA })).status).toBe(200);
    const [housing] = await db.select().from(participantGoals).where(eq(participantGoals.id, (await proposalRow(ids.whole)).acceptedGoalId!));
    expect(housing.programId).toBe(programA);
  });
});
