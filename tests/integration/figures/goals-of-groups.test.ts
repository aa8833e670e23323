/**
 * Goal figures under a group or facilitator filter (/metrics?groupId=…, ?facilitatorId=…, the
 * printable report): the goals of those groups, not of every participant of their programs.
 * A goal's groups are the groups its plan names (goal_interventions.group_id, plan_services under
 * its objectives), preferred whenever the plan names any; a goal whose plan names no group belongs
 * to the groups its participant was enrolled in at some time in the period. Each figure below is
 * counted by hand from the rows this file writes. Before the fix the filter read the goals of the
 * whole program (Circle: 5 due, not 3) and never a goal filed under no program.
 */
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { enrolments } from "~/db/schema";
import { enrolmentOutcomes } from "~/db/tables/completion";
import { goalInterventions, goalObjectives, participantGoals } from "~/db/tables/metrics";
import { planServices } from "~/db/tables/plans";
import { resolvePeriod } from "~/modules/metrics/definitions";
import { computeDashboard, loadDashboard, resolveScope, type MetricsFilters } from "~/modules/metrics/queries.server";
import * as dashboardRoute from "~/routes/metrics._index";
import * as reportRoute from "~/routes/metrics.report";
import { addParticipant, createGroup } from "../../factories/attendance";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, FIXED_SERIES_START, type Scenario } from "../../factories/scenario";

let s: Scenario;
let budgeting: { id: string };
let sixth: { id: string };
const now = new Date("2027-06-01T12:00:00Z");
const period = resolvePeriod("2027-Q1", {}, "2027-06-01")!;
const view = (f: Partial<MetricsFilters>): MetricsFilters => ({ programId: null, groupId: null, facilitatorId: null, period, by: "month", ...f });

async function goal(participantId: string, options: { programId?: string | null; status?: "active" | "achieved"; targetDate?: string } = {}) {
  const [row] = await db
    .insert(participantGoals)
    .values({
      organizationId: s.org.id,
      participantId,
      programId: options.programId === undefined ? s.program.id : options.programId,
      title: "Goal",
      targetDate: options.targetDate ?? "2027-02-15",
      status: options.status ?? "active",
    })
    .returning();
  return row;
}

beforeAll(async () => {
  s = await createOrgScenario({ seriesStart: FIXED_SERIES_START });
  // Budgeting: a second group of the same program, led by the other facilitator.
  budgeting = await createGroup(s, { name: "Budgeting", facilitatorId: s.otherFacilitator.id });
  const inBudgeting = await addParticipant(s, budgeting.id);
  const inBoth = await addParticipant(s, budgeting.id);
  const noProgram = await addParticipant(s);
  const left = await addParticipant(s);
  const discharged = await addParticipant(s);
  const waiting = await addParticipant(s, s.group.id, { enrol: false });
  await db.insert(enrolments).values({ groupId: s.group.id, userId: waiting.id, organizationId: s.org.id, status: "waitlisted" });

  // Circle's:
  // 1. Pat, enrolled in Circle, no group in the plan (enrolled during the period) — achieved.
  await goal(s.participant.id, { status: "achieved" });
  // 2. A Budgeting member whose plan names a Circle service (plan_services under an objective).
  const planned = await goal(inBudgeting.id);
  const [objective] = await db.insert(goalObjectives).values({ organizationId: s.org.id, goalId: planned.id, description: "Attend" }).returning();
  await db.insert(planServices).values({ organizationId: s.org.id, objectiveId: objective.id, groupId: s.group.id, timesPerPeriod: 1, period: "week", minutesPerContact: 60 });
  // 3. A Circle member's goal filed under no program.
  await goal(noProgram.id, { programId: null, status: "achieved" });
  // 4. Discharged from Circle on 10 January 2027 (an outcome): enrolled for part of the period.
  await goal(discharged.id);
  const [e] = await db.select().from(enrolments).where(and(eq(enrolments.groupId, s.group.id), eq(enrolments.userId, discharged.id)));
  await db.update(enrolments).set({ status: "discharged" }).where(eq(enrolments.id, e.id));
  await db.insert(enrolmentOutcomes).values({
    organizationId: s.org.id,
    enrolmentId: e.id,
    groupId: s.group.id,
    userId: discharged.id,
    outcome: "discharged",
    reason: "no_longer_attending",
    endedOn: "2027-01-10",
    endedAt: new Date("2027-01-10T17:00:00Z"),
  });

  // Not Circle's:
  // 5. Theo is enrolled in Circle, but his plan names Budgeting: Budgeting's (the explicit link wins).
  const theos = await goal(s.otherParticipant.id, { status: "achieved" });
  await db.insert(goalInterventions).values({ organizationId: s.org.id, goalId: theos.id, groupId: budgeting.id, description: "Budgeting sessions" });
  // 6. In Budgeting and the program, never in Circle: Budgeting's.
  sixth = await goal(inBoth.id);
  // 7. Withdrew from Circle in December 2026, before the period.
  await goal(left.id);
  await db
    .update(enrolments)
    .set({ status: "withdrawn", updatedAt: new Date("2026-12-01T15:00:00Z") })
    .where(and(eq(enrolments.groupId, s.group.id), eq(enrolments.userId, left.id)));
  // 8. Only on Circle's waiting list: never had a place.
  await goal(waiting.id);
  // 9. Pat's goal due after the period: no period's goal.
  await goal(s.participant.id, { targetDate: "2027-04-01" });
});

describe("goal figures under a group or facilitator filter", () => {
  it("a group's goals are those its plans name, else those of people enrolled in it during the period", async () => {
    const circle = view({ groupId: s.group.id });
    const d = await computeDashboard(s.manager, circle, await resolveScope(s.manager, circle), now);
    // Goals 1–4 (1 and 3 achieved). Before: the program's goals 1, 2, 4, 5, 6, 7, 8 — 7 due, 2 achieved.
    expect(d.goals).toEqual({ due: 4, achieved: 2, rate: 0.5 });
    expect(d.goalCoverage).toBe("groups");
  });

  it("a facilitator's goals are those of the groups they lead", async () => {
    const fran = view({ facilitatorId: s.facilitator.id });
    expect((await computeDashboard(s.manager, fran, await resolveScope(s.manager, fran), now)).goals).toMatchObject({ due: 4, achieved: 2 });
    // The other facilitator leads Budgeting: goals 5 (named) and 6 (enrolled); not 2 (its plan names Circle).
    const other = view({ facilitatorId: s.otherFacilitator.id });
    const others = await computeDashboard(s.manager, other, await resolveScope(s.manager, other), now);
    expect(others.goals).toMatchObject({ due: 2, achieved: 1 });
    expect(others.goalCoverage).toBe("groups");
    const budget = view({ groupId: budgeting.id });
    expect((await computeDashboard(s.manager, budget, await resolveScope(s.manager, budget), now)).goals).toMatchObject({ due: 2, achieved: 1 });
  });

  it("a program's goals are still those filed under it, and the whole organisation's every goal", async () => {
    const program = view({ programId: s.program.id });
    // 1, 2, 4, 5, 6, 7, 8 (3 has no program).
    const programs = await computeDashboard(s.manager, program, await resolveScope(s.manager, program), now);
    expect(programs.goals).toMatchObject({ due: 7, achieved: 2 });
    expect(programs.goalCoverage).toBe("program");
    const all = view({});
    const whole = await computeDashboard(s.manager, all, await resolveScope(s.manager, all), now);
    expect(whole.goals).toMatchObject({ due: 8, achieved: 3 });
    expect(whole.goalCoverage).toBe("organisation");
  });

  it("the page and the printable report show the group's goals and say what they cover", async () => {
    for (const route of [dashboardRoute, reportRoute]) {
      const res = await callRoute(route, { path: `${route === reportRoute ? "/metrics/report" : "/metrics"}?period=2027-Q1&by=month&group=${s.group.id}`, cookie: s.manager.cookie });
      expect(res.status).toBe(200);
      const data = res.data as { dashboard: { goals: { due: number; achieved: number }; goalCoverage: string } };
      expect(data.dashboard.goals).toMatchObject({ due: 4, achieved: 2 });
      expect(data.dashboard.goalCoverage).toBe("groups");
    }
  });

  it("naming a group in a plan changes the stored group figures at the next view", async () => {
    const circle = view({ groupId: s.group.id });
    expect((await loadDashboard(s.manager, circle, now)).goals.due).toBe(4);
    // A Budgeting-only goal (6) gets a Circle session in its plan: it becomes Circle's as well.
    const [link] = await db.insert(goalInterventions).values({ organizationId: s.org.id, goalId: sixth.id, groupId: s.group.id, description: "Circle" }).returning();
    expect((await loadDashboard(s.manager, circle, now)).goals.due).toBe(5);
    await db.delete(goalInterventions).where(eq(goalInterventions.id, link.id));
    expect((await loadDashboard(s.manager, circle, now)).goals.due).toBe(4);
  });
});
