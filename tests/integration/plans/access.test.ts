import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { enrolments, groupFacilitators } from "~/db/schema";
import { goalObjectives, participantGoals } from "~/db/tables/metrics";
import { goalProposals, planInterventions, servicePlans } from "~/db/tables/plans";
import * as plansReport from "~/routes/metrics.plans";
import * as plansCsv from "~/routes/metrics.plans[.]csv";
import * as myGoals from "~/routes/my.goals";
import * as historyRoute from "~/routes/participants.$userId.plan_.history";
import * as planRoute from "~/routes/participants.$userId.plan";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, createPerson, type Person, type Scenario } from "../../factories/scenario";

/**
 * Who reads and writes a service plan: the goals' rule — a manager of the organisation, a
 * facilitator of a group the person is enrolled in now, and the person on /my/goals. Everyone else
 * is refused and changes nothing: other roles, another organisation, and a former facilitator.
 */

let s: Scenario;
let foreign: Scenario;
let former: Person;
let objectiveId: string;

const planPath = (userId: string) => ({ path: `/participants/${userId}/plan`, params: { userId } });
const historyPath = (userId: string) => ({ path: `/participants/${userId}/plan/history`, params: { userId } });
const interventionForm = () => ({ intent: "add-intervention", form: "i", objectiveId, description: "Walk with them to the housing office", component: "advocacy", responsibleId: s.facilitator.id });

beforeAll(async () => {
  s = await createOrgScenario();
  foreign = await createOrgScenario();
  const [goal] = await db.insert(participantGoals).values({ organizationId: s.org.id, participantId: s.participant.id, title: "Find housing" }).returning();
  const [objective] = await db.insert(goalObjectives).values({ organizationId: s.org.id, goalId: goal.id, description: "Apply to 3 landlords", measure: "applications" }).returning();
  objectiveId = objective.id;
  // A facilitator who led the participant's group and no longer does.
  former = await createPerson(s.org, "facilitator");
  await db.insert(groupFacilitators).values({ groupId: s.group.id, userId: former.id, organizationId: s.org.id });
  expect((await callRoute(planRoute, { ...planPath(s.participant.id), cookie: former.cookie })).status).toBe(200);
  await db.delete(groupFacilitators).where(and(eq(groupFacilitators.groupId, s.group.id), eq(groupFacilitators.userId, former.id)));
});

describe("service plan access", () => {
  it("the group's facilitator, a manager and an admin open the plan; its history (a part of no program) is the managers'", async () => {
    for (const who of [s.facilitator, s.manager, s.admin]) {
      expect((await callRoute(planRoute, { ...planPath(s.participant.id), cookie: who.cookie })).status).toBe(200);
      expect((await callRoute(historyRoute, { ...historyPath(s.participant.id), cookie: who.cookie })).status).toBe(who === s.facilitator ? 403 : 200);
    }
  });

  it("refuses the participant (staff page), a facilitator of other groups and a former facilitator (403), another organisation's manager (404); none of them writes anything", async () => {
    const refused: [Person, number][] = [
      [s.participant, 403],
      [s.otherFacilitator, 403],
      [former, 403],
      [foreign.manager, 404],
    ];
    for (const [who, status] of refused) {
      expect((await callRoute(planRoute, { ...planPath(s.participant.id), cookie: who.cookie })).status).toBe(status);
      expect((await callRoute(historyRoute, { ...historyPath(s.participant.id), cookie: who.cookie })).status).toBe(status);
      expect((await callRoute(planRoute, { ...planPath(s.participant.id), cookie: who.cookie, form: interventionForm() })).status).toBe(status);
      expect((await callRoute(planRoute, { ...planPath(s.participant.id), cookie: who.cookie, form: { intent: "save-basics", form: "basics", strengths: "x", barriers: "", needs: "", nextReviewOn: "" } })).status).toBe(status);
    }
    expect(await db.select().from(planInterventions).where(eq(planInterventions.objectiveId, objectiveId))).toHaveLength(0);
    expect(await db.select().from(servicePlans).where(eq(servicePlans.participantId, s.participant.id))).toHaveLength(0);
  });

  it("ends the facilitator's access when the participant leaves their group", async () => {
    expect((await callRoute(planRoute, { ...planPath(s.otherParticipant.id), cookie: s.facilitator.cookie })).status).toBe(200);
    await db.update(enrolments).set({ status: "withdrawn" }).where(and(eq(enrolments.groupId, s.group.id), eq(enrolments.userId, s.otherParticipant.id)));
    expect((await callRoute(planRoute, { ...planPath(s.otherParticipant.id), cookie: s.facilitator.cookie })).status).toBe(403);
    // The manager still has the plan.
    expect((await callRoute(planRoute, { ...planPath(s.otherParticipant.id), cookie: s.manager.cookie })).status).toBe(200);
  });

  it("a participant cannot reply to another person's proposal, and staff of another organisation cannot accept it", async () => {
    const [proposal] = await db.insert(goalProposals).values({ organizationId: s.org.id, participantId: s.participant.id, words: "Get my licence back" }).returning();
    const other = await callRoute(myGoals, { path: "/my/goals", cookie: s.otherParticipant.cookie, form: { intent: "reply-proposal", form: "r", proposalId: proposal.id, body: "Me too" } });
    expect(other.status).toBe(404);
    const foreignAccept = await callRoute(planRoute, { ...planPath(s.participant.id), cookie: foreign.manager.cookie, form: { intent: "accept-proposal", form: "a", proposalId: proposal.id, title: "Licence" } });
    expect(foreignAccept.status).toBe(404);
    expect((await db.select().from(goalProposals).where(eq(goalProposals.id, proposal.id)))[0].status).toBe("open");
  });

  it("the plans report and its CSV are for managers and admins only", async () => {
    for (const who of [s.participant, s.facilitator, s.otherFacilitator]) {
      expect((await callRoute(plansReport, { path: "/metrics/plans", cookie: who.cookie })).status).toBe(403);
      expect((await callRoute(plansCsv, { path: "/metrics/plans.csv?table=due", cookie: who.cookie })).status).toBe(403);
    }
    expect((await callRoute(plansReport, { path: "/metrics/plans", cookie: s.manager.cookie })).status).toBe(200);
    // Another organisation's manager sees their own organisation's report: nobody from this one.
    const theirs = (await callRoute(plansReport, { path: "/metrics/plans", cookie: foreign.manager.cookie })).data as Awaited<ReturnType<typeof plansReport.loader>>;
    expect([...theirs.due, ...theirs.met].some((r) => r.participantId === s.participant.id)).toBe(false);
  });

  it("a bad period on the report is explained and the default period shown", async () => {
    const res = await callRoute(plansReport, { path: "/metrics/plans?from=2027-13-40&to=x", cookie: s.manager.cookie });
    expect(res.status).toBe(200);
    expect((res.data as { problem: string }).problem).toBe("Dates are written like 2027-06-30; showing the last 90 days instead.");
  });
});
