import { and, asc, eq, inArray } from "drizzle-orm";
import { DateTime } from "luxon";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { auditEvents, enrolments, groupFacilitators, groups, sessions } from "~/db/schema";
import { attendanceRecords } from "~/db/tables/attendance";
import { goalObjectives, participantGoals } from "~/db/tables/metrics";
import { goalProposals, planInterventions, planServices, servicePlans } from "~/db/tables/plans";
import { individualContacts, progressNotes } from "~/db/tables/records";
import { intakes } from "~/db/tables/registration";
import { findParticipant } from "~/modules/metrics/queries.server";
import { loadServicePlan, plansReport } from "~/modules/plans/queries.server";
import * as plansCsv from "~/routes/metrics.plans[.]csv";
import * as myGoals from "~/routes/my.goals";
import * as planRoute from "~/routes/participants.$userId.plan";
import { callRoute } from "../../factories/requests";
import { postPlanBasics } from "../../factories/versioned-saves";
import { createOrgScenario, FIXED_SERIES_START, type Scenario } from "../../factories/scenario";

/**
 * The individualized service plan (issue 16): pre-filled from intake, objectives edited with an
 * audit of before and after, proposals accepted once, the roll-up of attendance and notes under
 * each objective, and the managers' report.
 */

let s: Scenario;

type Loaded = Awaited<ReturnType<typeof planRoute.loader>>;
type Failure = { ok: false; errors: Record<string, string[]>; values: Record<string, string> };

const planPath = (who = s) => ({ path: `/participants/${who.participant.id}/plan`, params: { userId: who.participant.id } });
const view = async (cookie = s.facilitator.cookie) => {
  const res = await callRoute(planRoute, { ...planPath(), cookie });
  expect(res.status).toBe(200);
  return res.data as Loaded;
};
const post = (form: Record<string, string>, cookie = s.facilitator.cookie) => callRoute(planRoute, { ...planPath(), cookie, form });
const orgToday = () => DateTime.now().setZone(s.org.timezone).toISODate()!;

async function goalWithObjective(title: string, description = "Track spending for 4 weeks", measure = "spending diary") {
  expect((await post({ intent: "add-goal", form: "goal", title })).status).toBe(200);
  const [goal] = await db.select().from(participantGoals).where(and(eq(participantGoals.participantId, s.participant.id), eq(participantGoals.title, title)));
  expect((await post({ intent: "add-objective", form: `objective-${goal.id}`, goalId: goal.id, description, measure })).status).toBe(200);
  const [objective] = await db.select().from(goalObjectives).where(and(eq(goalObjectives.goalId, goal.id), eq(goalObjectives.description, description)));
  return { goal, objective };
}

beforeAll(async () => {
  s = await createOrgScenario({ seriesStart: FIXED_SERIES_START });
});

describe("pre-filled from intake", () => {
  // The plan's basics belong to no program: the managers' and the person's (metrics/policy.ts planReach).
  it("a plan not yet saved starts from the person's intake answers (needs and barriers, strengths left to write), audited as intake reads; saving keeps it", async () => {
    const [enrolment] = await db.select().from(enrolments).where(and(eq(enrolments.groupId, s.group.id), eq(enrolments.userId, s.participant.id)));
    await db.insert(intakes).values({
      organizationId: s.org.id,
      enrolmentId: enrolment.id,
      groupId: s.group.id,
      userId: s.participant.id,
      needAreas: ["housing", "mental_health", "other"],
      otherNeed: "Childcare on Tuesdays",
      urgentNote: "",
      preferredContact: "email",
      language: "Spanish",
      accessibilityNeeds: "Step-free access",
      consentParticipation: true,
      consentRosterSharing: false,
    });
    const loaded = await view(s.manager.cookie);
    expect(loaded.plan).toBeNull();
    expect(loaded.prefill).toEqual({
      strengths: "",
      needs: "Housing; Mental health\nAlso needs: Childcare on Tuesdays",
      barriers: "Accessibility: Step-free access\nPrefers Spanish to English",
      intakes: 1,
    });
    // Opened again the same day: the read of the intake is recorded once for this viewer.
    await view(s.manager.cookie);
    const reads = await db.select().from(auditEvents).where(and(eq(auditEvents.action, "intake.view"), eq(auditEvents.subjectUserId, s.participant.id), eq(auditEvents.actorUserId, s.manager.id)));
    expect(reads).toHaveLength(1);
    expect(reads[0].reason).toBe("service plan pre-filled from intake");
    // Nothing is stored until staff save (an empty form creates no plan); then the plan holds it and no longer reads the intake.
    const empty = await postPlanBasics(s.manager.cookie, s.participant.id, { intent: "save-basics", form: "basics", strengths: "", barriers: "", needs: "", nextReviewOn: "" });
    expect(empty.data).toEqual({ ok: true, message: "Nothing changed: the plan already reads like that." });
    expect(await db.select().from(servicePlans).where(eq(servicePlans.participantId, s.participant.id))).toHaveLength(0);
    const next = DateTime.fromISO(orgToday()).plus({ days: 60 }).toISODate()!;
    const saved = await postPlanBasics(s.manager.cookie, s.participant.id, { intent: "save-basics", form: "basics", strengths: "Shows up; good with numbers", barriers: loaded.prefill!.barriers, needs: loaded.prefill!.needs, nextReviewOn: next });
    expect(saved.data).toEqual({ ok: true, message: "The plan was saved." });
    const again = await view(s.manager.cookie);
    expect(again.prefill).toBeNull();
    expect(again.plan).toMatchObject({ strengths: "Shows up; good with numbers", needs: "Housing; Mental health\nAlso needs: Childcare on Tuesdays", nextReviewOn: next });
  });

  it("refuses a review date in the past, beside the field, and changes nothing", async () => {
    const before = (await view(s.manager.cookie)).plan;
    const res = await postPlanBasics(s.manager.cookie, s.participant.id, { intent: "save-basics", form: "basics", strengths: "changed", barriers: "", needs: "", nextReviewOn: "2020-01-01" });
    expect(res.status).toBe(400);
    expect((res.data as Failure).errors.nextReviewOn).toEqual(["Choose a review date from today on."]);
    expect((await view(s.manager.cookie)).plan).toEqual(before);
  });
});

describe("objectives", () => {
  it("an objective is reworded after creation; the audit keeps exactly the changed fields before and after; the same words again record nothing", async () => {
    const { objective } = await goalWithObjective("Keep a budget", "Save $50 a month", "bank statement");
    // The form carries the version of the objective the page shows (a save naming none is refused).
    const shown = (await view()).goals.flatMap((g) => g.objectives).find((o) => o.id === objective.id)!;
    const res = await post({ intent: "edit-objective", form: `edit-${objective.id}`, objectiveId: objective.id, version: shown.version, description: "Save $100 a month", measure: "bank statement" });
    expect(res.data).toEqual({ ok: true, message: "The objective was saved." });
    const events = await db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, objective.id), eq(auditEvents.action, "plan.objective_update")));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorUserId: s.facilitator.id, subjectUserId: s.participant.id, before: { description: "Save $50 a month" }, after: { description: "Save $100 a month" } });
    expect(Object.keys(events[0].after as object)).toEqual(["description"]);
    const same = await post({ intent: "edit-objective", form: `edit-${objective.id}`, objectiveId: objective.id, description: " Save $100 a month ", measure: "bank statement" });
    expect(same.data).toEqual({ ok: true, message: "Nothing changed: the objective already reads like that." });
    expect(await db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, objective.id), eq(auditEvents.action, "plan.objective_update")))).toHaveLength(1);
  });

  it("an empty objective or a missing measure is refused with a message and nothing changes; another person's objective is not found", async () => {
    const { objective } = await goalWithObjective("Find work", "Send 5 applications", "applications log");
    const empty = await post({ intent: "edit-objective", form: `edit-${objective.id}`, objectiveId: objective.id, description: "  ", measure: "" });
    expect(empty.status).toBe(400);
    expect((empty.data as Failure).errors).toMatchObject({ description: ["Describe the objective."], measure: [expect.stringMatching(/^Say how it is measured/)] });
    const [row] = await db.select().from(goalObjectives).where(eq(goalObjectives.id, objective.id));
    expect(row.description).toBe("Send 5 applications");
    const [otherGoal] = await db.insert(participantGoals).values({ organizationId: s.org.id, participantId: s.otherParticipant.id, title: "Theirs" }).returning();
    const [theirs] = await db.insert(goalObjectives).values({ organizationId: s.org.id, goalId: otherGoal.id, description: "Their objective" }).returning();
    const wrong = await post({ intent: "edit-objective", form: "x", objectiveId: theirs.id, description: "Hijacked", measure: "x" });
    expect(wrong.status).toBe(404);
    expect((await db.select().from(goalObjectives).where(eq(goalObjectives.id, theirs.id)))[0].description).toBe("Their objective");
  });

  it("adds an intervention tagged with a component of peer support and a responsible staff member; refuses an unknown component or a participant as responsible", async () => {
    const { objective } = await goalWithObjective("Stay well", "Use a crisis plan", "plan written and shared");
    const ok = await post({ intent: "add-intervention", form: `intervention-${objective.id}`, objectiveId: objective.id, description: "Write a crisis plan together, sharing mine", component: "crisis_support", responsibleId: s.facilitator.id });
    expect(ok.data).toEqual({ ok: true, message: "The intervention was added." });
    const badComponent = await post({ intent: "add-intervention", form: "i", objectiveId: objective.id, description: "x", component: "therapy", responsibleId: s.facilitator.id });
    expect((badComponent.data as Failure).errors.component).toEqual(["Choose a component of peer support."]);
    const participantResponsible = await post({ intent: "add-intervention", form: "i", objectiveId: objective.id, description: "x", component: "advocacy", responsibleId: s.participant.id });
    expect((participantResponsible.data as Failure).errors.responsibleId).toEqual(["Choose who is responsible from the list of staff."]);
    const rows = await db.select().from(planInterventions).where(eq(planInterventions.objectiveId, objective.id));
    expect(rows.map((r) => [r.component, r.responsibleId])).toEqual([["crisis_support", s.facilitator.id]]);
  });
});

describe("goals the participant proposes", () => {
  it("the participant proposes from /my/goals; staff reply to discuss; accepting makes it a goal with their words beside the staff wording, once", async () => {
    const proposed = await callRoute(myGoals, { path: "/my/goals", cookie: s.participant.cookie, form: { intent: "propose-goal", form: "propose", words: "I want to cook for my kids on weekends" } });
    // Named about nothing in particular (no `about`): the plan as a whole, which the managers read.
    expect(proposed.data).toEqual({ ok: true, message: "Your proposal was sent to the managers of your plan." });
    const [proposal] = await db.select().from(goalProposals).where(eq(goalProposals.participantId, s.participant.id));
    expect((await view(s.manager.cookie)).proposals.map((p) => [p.words, p.status])).toEqual([["I want to cook for my kids on weekends", "open"]]);

    expect((await post({ intent: "reply-proposal", form: `reply-${proposal.id}`, proposalId: proposal.id, body: "Great idea. Which meals?" }, s.manager.cookie)).status).toBe(200);
    const mine = (await callRoute(myGoals, { path: "/my/goals", cookie: s.participant.cookie })).data as Awaited<ReturnType<typeof myGoals.loader>>;
    expect(mine.servicePlan.proposals[0]).toMatchObject({ status: "discussing", replies: [{ body: "Great idea. Which meals?", byParticipant: false }] });
    expect((await callRoute(myGoals, { path: "/my/goals", cookie: s.participant.cookie, form: { intent: "reply-proposal", form: `reply-${proposal.id}`, proposalId: proposal.id, body: "Pasta and soup" } })).status).toBe(200);

    // Two staff accept at the same moment: one goal, the other is told it is already in the plan.
    const [a, b] = await Promise.all([
      post({ intent: "accept-proposal", form: `accept-${proposal.id}`, proposalId: proposal.id, title: "Prepare two family meals a week" }, s.admin.cookie),
      post({ intent: "accept-proposal", form: `accept-${proposal.id}`, proposalId: proposal.id, title: "Prepare two family meals a week" }, s.manager.cookie),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 400]);
    const goals = await db.select().from(participantGoals).where(and(eq(participantGoals.participantId, s.participant.id), eq(participantGoals.title, "Prepare two family meals a week")));
    expect(goals).toHaveLength(1);
    expect(goals[0].participantWords).toBe("I want to cook for my kids on weekends");
    const [after] = await db.select().from(goalProposals).where(eq(goalProposals.id, proposal.id));
    expect(after).toMatchObject({ status: "accepted", acceptedGoalId: goals[0].id });
    expect(await db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, proposal.id), eq(auditEvents.action, "plan.proposal_accept")))).toHaveLength(1);
    // A reply after the decision is refused, with a message.
    const late = await post({ intent: "reply-proposal", form: "r", proposalId: proposal.id, body: "One more thing" }, s.manager.cookie);
    expect((late.data as Failure).errors.body).toEqual(["This proposal is already decided; propose a new goal instead."]);
  });

  it("an empty proposal is refused beside the field and stores nothing; staff cannot propose for themselves", async () => {
    const before = await db.select().from(goalProposals);
    const res = await callRoute(myGoals, { path: "/my/goals", cookie: s.otherParticipant.cookie, form: { intent: "propose-goal", form: "propose", words: "   " } });
    expect(res.status).toBe(400);
    expect((res.data as Failure).errors.words).toEqual(["Write the goal in your own words."]);
    expect((await callRoute(myGoals, { path: "/my/goals", cookie: s.facilitator.cookie, form: { intent: "propose-goal", form: "propose", words: "x" } })).status).toBe(403);
    expect(await db.select().from(goalProposals)).toHaveLength(before.length);
  });
});

describe("roll-up under each objective", () => {
  it("attended 7 of 8 Circle sessions (a cancelled session and future ones not counted) and the latest signed note on the objective, as each viewer may read it", async () => {
    const { objective } = await goalWithObjective("Connect with others", "Attend the group weekly", "attends 6 of 8 sessions");
    expect((await post({ intent: "add-service", form: `service-${objective.id}`, objectiveId: objective.id, groupId: s.group.id, timesPerPeriod: "1", period: "week", minutesPerContact: "60" })).status).toBe(200);
    const all = await db.select().from(sessions).where(eq(sessions.groupId, s.group.id)).orderBy(asc(sessions.startsAt));
    expect(all).toHaveLength(9);
    // By 2027-04-22 eight Tuesdays ended (2 Mar … 20 Apr); the 9th is still ahead. One extra session was cancelled.
    const now = new Date("2027-04-22T12:00:00Z");
    const [cancelled] = await db
      .insert(sessions)
      .values({ organizationId: s.org.id, groupId: s.group.id, startsAt: new Date("2027-03-04T23:00:00Z"), endsAt: new Date("2027-03-05T00:00:00Z"), status: "cancelled" })
      .returning();
    const ended = all.slice(0, 8);
    await db.insert(attendanceRecords).values([
      ...ended.map((x, i) => ({ organizationId: s.org.id, sessionId: x.id, groupId: s.group.id, userId: s.participant.id, status: i === 3 ? ("absent" as const) : i === 5 ? ("late" as const) : ("present" as const), source: "roster" as const })),
      { organizationId: s.org.id, sessionId: cancelled.id, groupId: s.group.id, userId: s.participant.id, status: "present" as const, source: "roster" as const },
    ]);
    await db.insert(progressNotes).values([
      { organizationId: s.org.id, sessionId: ended[6].id, groupId: s.group.id, participantId: s.participant.id, authorId: s.facilitator.id, objectiveId: objective.id, workedOn: "Shared a budgeting tip", progressRating: 4, nextStep: "Bring receipts", signedAt: now, signedBy: s.facilitator.id },
      // A newer draft is not shown (notes count once signed).
      { organizationId: s.org.id, sessionId: ended[7].id, groupId: s.group.id, participantId: s.participant.id, authorId: s.facilitator.id, objectiveId: objective.id, workedOn: "Draft words" },
    ]);
    // One-to-one contacts on the objective (of the Circle's program, as the contacts page files them): signed ones count (a draft does not).
    await db.insert(individualContacts).values([
      { organizationId: s.org.id, participantId: s.participant.id, authorId: s.facilitator.id, programId: s.program.id, contactDate: "2027-04-02", minutes: 45, mode: "phone", component: "advocacy", objectiveId: objective.id, note: "Called the bank together", signedAt: now, signedBy: s.facilitator.id },
      { organizationId: s.org.id, participantId: s.participant.id, authorId: s.facilitator.id, programId: s.program.id, contactDate: "2027-03-20", minutes: 30, mode: "in_person", objectiveId: objective.id, signedAt: now, signedBy: s.facilitator.id },
      { organizationId: s.org.id, participantId: s.participant.id, authorId: s.facilitator.id, programId: s.program.id, contactDate: "2027-04-10", minutes: 60, mode: "video", objectiveId: objective.id },
    ]);
    const owner = await findParticipant(s.facilitator, s.participant.id);
    const plan = await loadServicePlan(s.facilitator, owner, now);
    const o = plan.goals.flatMap((g) => g.objectives).find((x) => x.id === objective.id)!;
    expect(o.services).toEqual([expect.objectContaining({ groupName: "Circle", held: 8, attended: 7, timesPerPeriod: 1, period: "week", minutesPerContact: 60 })]);
    expect(o.latestNote).toMatchObject({ workedOn: "Shared a budgeting tip", progressRating: 4, nextStep: "Bring receipts", groupName: "Circle" });
    expect(o.contacts).toEqual({ count: 2, minutes: 75, lastOn: "2027-04-02" });

    // A note from a group this facilitator does not lead: the manager reads it, the facilitator does not.
    const [other] = await db.insert(groups).values({ organizationId: s.org.id, programId: s.program.id, kind: "class", name: "Budgeting Basics", timezone: "America/New_York", capacity: 8 }).returning();
    await db.insert(groupFacilitators).values({ groupId: other.id, userId: s.otherFacilitator.id, organizationId: s.org.id });
    const [otherSession] = await db.insert(sessions).values({ organizationId: s.org.id, groupId: other.id, startsAt: new Date("2027-04-21T14:00:00Z"), endsAt: new Date("2027-04-21T15:00:00Z"), status: "held" }).returning();
    await db.insert(progressNotes).values({ organizationId: s.org.id, sessionId: otherSession.id, groupId: other.id, participantId: s.participant.id, authorId: s.otherFacilitator.id, objectiveId: objective.id, workedOn: "Budget sheet done", signedAt: now, signedBy: s.otherFacilitator.id });
    const byManager = (await loadServicePlan(s.manager, owner, now)).goals.flatMap((g) => g.objectives).find((x) => x.id === objective.id)!;
    expect(byManager.latestNote?.workedOn).toBe("Budget sheet done");
    const byFacilitator = (await loadServicePlan(s.facilitator, owner, now)).goals.flatMap((g) => g.objectives).find((x) => x.id === objective.id)!;
    expect(byFacilitator.latestNote?.workedOn).toBe("Shared a budgeting tip");
    // The participant sees attendance; notes only when the organisation shares progress notes (it does not here).
    const own = await loadServicePlan(s.participant, { id: s.participant.id, organizationId: s.org.id, currentFacilitatorIds: [] }, now);
    const mine = own.goals.flatMap((g) => g.objectives).find((x) => x.id === objective.id)!;
    expect(mine.services[0]).toMatchObject({ held: 8, attended: 7 });
    expect(mine.latestNote).toBeNull();
    expect(mine.contacts.count).toBe(0);
    await db.delete(planServices).where(eq(planServices.objectiveId, objective.id));
  });
});

describe("managers' report", () => {
  it("lists plans due for review and objectives met in the period; the CSV names them and each is recorded in their disclosure history", async () => {
    const { objective } = await goalWithObjective("Report goal", "Open a bank account", "account opened");
    expect((await post({ intent: "objective-status", form: `status-${objective.id}`, objectiveId: objective.id, status: "met" })).status).toBe(200);
    const today = orgToday();
    await db.update(servicePlans).set({ nextReviewOn: DateTime.fromISO(today).minus({ days: 2 }).toISODate()! }).where(eq(servicePlans.participantId, s.participant.id));
    const report = await plansReport(s.manager, { from: DateTime.fromISO(today).minus({ days: 7 }).toISODate()!, to: today }, today, s.org.timezone);
    expect(report.due.map((d) => d.name)).toEqual([s.participant.name]);
    expect(report.met.map((m) => [m.name, m.objective, m.metOn])).toEqual([[s.participant.name, "Open a bank account", today]]);
    // A period that ended before it was met lists nothing.
    const earlier = await plansReport(s.manager, { from: "2026-01-01", to: "2026-01-31" }, today, s.org.timezone);
    expect(earlier.met).toEqual([]);

    const csv = await callRoute(plansCsv, { path: "/metrics/plans.csv?table=met", cookie: s.manager.cookie });
    expect(csv.status).toBe(200);
    const text = String(csv.data);
    // The organisation runs a peer recovery group: the 42 CFR 2.32 notice comes first.
    expect(text).toMatch(/^\uFEFF?"Notice \(42 CFR 2\.32\)/);
    expect(text).toContain("Participant,Goal,Objective,Measured by,Met on\r\n");
    expect(text).toContain(`${s.participant.name},Report goal,Open a bank account,account opened,${today}\r\n`);
    const exported = await db.select().from(auditEvents).where(and(eq(auditEvents.action, "plan.report_exported"), inArray(auditEvents.subjectUserId, [s.participant.id])));
    expect(exported).toHaveLength(1);
    expect((await callRoute(plansCsv, { path: "/metrics/plans.csv?table=everything", cookie: s.manager.cookie })).status).toBe(404);
  });
});
