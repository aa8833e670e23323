import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { enrolments, groupFacilitators, groups, programs } from "~/db/schema";
import { attendanceRecords } from "~/db/tables/attendance";
import * as planPage from "~/routes/participants.$userId.plan";
import * as goalsPage from "~/routes/participants.$userId.goals";
import { createSessionAt } from "../../factories/attendance";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, createPerson, type Person, type Scenario } from "../../factories/scenario";

/**
 * Hostile review (dec 6b), 42 CFR Part 2 across programs: a budgeting workshop's facilitator has a
 * relationship with a person who is also in the recovery group (another program), and so opens the
 * person's plan and goals. The recovery group's progress notes and contacts are scoped away from
 * them (HD2, HN2), but the plan's forms listed every group of the organisation marked "(enrolled)"
 * for the person — naming the recovery group they attend (the goals page even marked groups the
 * person had only waited for or left) — and a planned service in any group, which they can add
 * themselves, showed "attended N of M sessions" of that group: the person's attendance in a Part 2
 * group, read by someone who may not open that group's attendance.
 */
type Group = { id: string; name: string; enrolled: boolean };
type GoalsData = { options: { groups: Group[] } };
type PlanData = { options: { groups: Group[] }; goals: { objectives: { services: { groupId: string; held: number | null; attended: number | null }[] }[] }[] };

describe("the plan and goals pages of a person in two programs, read by the other program's facilitator", () => {
  let s: Scenario;
  let budgetingLead: Person;
  let budgetingId: string;
  let leftId: string;
  const plan = (who: Person, form?: Record<string, string>) => callRoute(planPage, { path: `/participants/${s.participant.id}/plan`, params: { userId: s.participant.id }, cookie: who.cookie, form });
  const goals = (who: Person) => callRoute(goalsPage, { path: `/participants/${s.participant.id}/goals`, params: { userId: s.participant.id }, cookie: who.cookie });
  const marked = (gs: Group[]) => gs.filter((g) => g.enrolled).map((g) => g.name).sort();

  beforeAll(async () => {
    s = await createOrgScenario();
    budgetingLead = await createPerson(s.org, "facilitator", { name: "Bea Budget" });
    const [financial] = await db.insert(programs).values({ organizationId: s.org.id, name: "Financial skills" }).returning();
    const insertGroup = async (name: string) =>
      (await db.insert(groups).values({ organizationId: s.org.id, programId: financial.id, kind: "workshop", name, timezone: "America/New_York", capacity: 10, location: "Room 3" }).returning())[0].id;
    budgetingId = await insertGroup("Budgeting Basics");
    leftId = await insertGroup("Anger Management");
    await db.insert(groupFacilitators).values({ groupId: budgetingId, userId: budgetingLead.id, organizationId: s.org.id });
    await db.insert(enrolments).values([
      { groupId: budgetingId, userId: s.participant.id, organizationId: s.org.id },
      { groupId: leftId, userId: s.participant.id, organizationId: s.org.id, status: "withdrawn" },
    ]);
    // The person attended two past sessions of the recovery group (the scenario's Circle).
    for (const daysAgo of [9, 2]) {
      const session = await createSessionAt(s.group.id, s.org.id, new Date(Date.now() - daysAgo * 86_400_000), { status: "held" });
      await db.insert(attendanceRecords).values({ organizationId: s.org.id, groupId: s.group.id, sessionId: session.id, userId: s.participant.id, status: "present", source: "roster" });
    }
    await db.update(enrolments).set({ createdAt: new Date(Date.now() - 30 * 86_400_000) }).where(eq(enrolments.userId, s.participant.id));
  });

  it("the forms mark as 'enrolled' only the groups the reader leads (a manager: every current enrolment)", async () => {
    const bea = await plan(budgetingLead);
    expect(bea.status).toBe(200);
    expect(marked((bea.data as PlanData).options.groups)).toEqual(["Budgeting Basics"]);
    expect(marked(((await goals(budgetingLead)).data as GoalsData).options.groups)).toEqual(["Budgeting Basics"]);
    // A manager: every group the person is enrolled in now (not the one they left: the goals page marked it too).
    expect(marked(((await plan(s.manager)).data as PlanData).options.groups)).toEqual(["Budgeting Basics", "Circle"]);
    expect(marked(((await goals(s.manager)).data as GoalsData).options.groups)).toEqual(["Budgeting Basics", "Circle"]);
  });

  it("a planned service in the recovery group shows its attendance to the recovery group's facilitator and managers, and nothing of it to the workshop's", async () => {
    // The workshop's leader plans only the groups of her program (plan-privacy: a plan is read by program).
    expect((await plan(budgetingLead, { intent: "add-goal", title: "Stay well" })).status).toBeLessThan(400);
    const ownGoal = ((await plan(budgetingLead)).data as { goals: { id: string }[] }).goals[0].id;
    expect((await plan(budgetingLead, { intent: "add-objective", goalId: ownGoal, description: "Keep coming", measure: "Weekly" })).status).toBeLessThan(400);
    const ownObjective = ((await plan(budgetingLead)).data as { goals: { objectives: { id: string }[] }[] }).goals[0].objectives[0].id;
    const refused = await plan(budgetingLead, { intent: "add-service", objectiveId: ownObjective, groupId: s.group.id, timesPerPeriod: "1", period: "week", minutesPerContact: "60" });
    expect(refused.status).toBe(400);
    // The recovery group's facilitator plans it under a goal of the recovery program.
    expect((await plan(s.facilitator, { intent: "add-goal", title: "Stay sober" })).status).toBeLessThan(400);
    const goalId = ((await plan(s.facilitator)).data as { goals: { id: string }[] }).goals[0].id;
    expect((await plan(s.facilitator, { intent: "add-objective", goalId, description: "Keep coming", measure: "Weekly" })).status).toBeLessThan(400);
    const objectiveId = ((await plan(s.facilitator)).data as { goals: { objectives: { id: string }[] }[] }).goals[0].objectives[0].id;
    const added = await plan(s.facilitator, { intent: "add-service", objectiveId, groupId: s.group.id, timesPerPeriod: "1", period: "week", minutesPerContact: "60" });
    expect(added.status).toBeLessThan(400);
    const serviceOf = async (who: Person) => ((await plan(who)).data as PlanData).goals.flatMap((g) => g.objectives.flatMap((o) => o.services)).find((x) => x.groupId === s.group.id);
    expect(await serviceOf(s.manager)).toMatchObject({ held: 2, attended: 2 });
    expect(await serviceOf(s.facilitator)).toMatchObject({ held: 2, attended: 2 });
    expect(await serviceOf(budgetingLead)).toBeUndefined();
  });
});
