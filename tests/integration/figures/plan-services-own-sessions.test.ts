/**
 * A service plan's planned group reads "attended N of M <group> sessions": M is now the person's own
 * sessions that ended, as the completion page, letters and certificates count them
 * (attendanceInputs.sessionsOf) — their own cohort's, from the day their stay began in the group's
 * zone. Before, the plan counted every cohort's sessions, and from the instant of registration (a
 * person who registered during a session did not have that day's session, which the completion page
 * counts as theirs: sessionBeforeEnrolment).
 *
 * Counted by hand. Circle meets as two cohorts (FIXED_SERIES_START): Tuesdays 2 March – 27 April
 * 2027 (the participant's) and Thursdays 4 March – 29 April (the other participant's), 19:00–20:00
 * New York. On Wednesday 21 April 2027, 16:00 UTC:
 * - The participant attended 6 of the first 8 Tuesdays (absent twice). Their sessions that ended:
 *   the 8 Tuesdays 2 March – 20 April. Plan: 6 of 8; the completion page: 6 attended, 9 sessions,
 *   1 to come (9 − 1 = 8 over). Before: 6 of 15 (the 7 Thursdays 4 March – 15 April added).
 * - Sam registers on Thursday 8 April at 19:30 (during that day's session) into the Thursday cohort.
 *   His sessions that ended: Thursdays 8 and 15 April, 2; the completion page: 4 sessions (8, 15,
 *   22, 29 April), 2 to come. Before: 3 (Tuesday 13 April, Thursday 15 April, Tuesday 20 April:
 *   the other cohort's, and not the 8 April session he registered during).
 */
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { enrolments, sessions } from "~/db/schema";
import { completionCriteria } from "~/db/tables/completion";
import { goalObjectives, participantGoals } from "~/db/tables/metrics";
import { planServices } from "~/db/tables/plans";
import { groupCompletionPage } from "~/modules/completion/queries.server";
import { findParticipant } from "~/modules/metrics/queries.server";
import { loadServicePlan } from "~/modules/plans/queries.server";
import { circleInTwoCohorts } from "../../factories/attendance";
import { createOrgScenario, createPerson, FIXED_SERIES_START, type Person, type Scenario } from "../../factories/scenario";

let s: Scenario;
let sam: Person;
const now = new Date("2027-04-21T16:00:00Z");

/** A planned service naming Circle on a new goal of `personId`; returns the objective's id. */
async function planCircle(personId: string) {
  const [goal] = await db.insert(participantGoals).values({ organizationId: s.org.id, participantId: personId, programId: s.program.id, title: "Stay connected" }).returning();
  const [objective] = await db.insert(goalObjectives).values({ organizationId: s.org.id, goalId: goal.id, description: "Come to Circle" }).returning();
  await db.insert(planServices).values({ organizationId: s.org.id, objectiveId: objective.id, groupId: s.group.id, timesPerPeriod: 1, period: "week", minutesPerContact: 60 });
  return objective.id;
}

async function servicesOf(personId: string, objectiveId: string) {
  const plan = await loadServicePlan(s.manager, await findParticipant(s.manager, personId), now);
  return plan.goals.flatMap((g) => g.objectives).find((o) => o.id === objectiveId)!.services;
}

let mine: string;
let sams: string;

beforeAll(async () => {
  s = await createOrgScenario({ seriesStart: FIXED_SERIES_START });
  sam = await createPerson(s.org, "participant", { name: "Sam Sameday" });
  // 19:30 New York on Thursday 8 April, half-way through that day's session.
  await db.insert(enrolments).values({ groupId: s.group.id, userId: sam.id, organizationId: s.org.id, createdAt: new Date("2027-04-08T23:30:00Z") });
  // Two cohorts: the participant on Tuesdays (6 of the first 8 attended), the other participant and Sam on Thursdays.
  const { all, tuesdays } = await circleInTwoCohorts(s, [sam]);
  expect([tuesdays.length, all.length]).toEqual([9, 18]);
  // Not yet held on 21 April: Tuesday 27 April, Thursdays 22 and 29 April.
  for (const x of all.filter((x) => x.startsAt > now)) await db.update(sessions).set({ status: "scheduled" }).where(eq(sessions.id, x.id));
  await db.insert(completionCriteria).values({ organizationId: s.org.id, groupId: s.group.id, minSessionsAttended: 8, maxUnexcusedAbsences: null });
  mine = await planCircle(s.participant.id);
  sams = await planCircle(sam.id);
});

describe("a plan's planned group counts the person's own sessions", () => {
  it("a member of one cohort: 6 of their 8 sessions, as on the completion page", async () => {
    expect(await servicesOf(s.participant.id, mine)).toEqual([expect.objectContaining({ held: 8, attended: 6 })]);
    const page = await groupCompletionPage(s.manager, s.group.id, now);
    const me = page.people.find((p) => p.userId === s.participant.id)!.progress!;
    expect(me).toMatchObject({ attended: 6, totalSessions: 9, upcomingSessions: 1 });
    expect(me.totalSessions - me.upcomingSessions).toBe(8);
  });

  it("someone who registered during a session has that day's session, and not the other cohort's", async () => {
    expect(await servicesOf(sam.id, sams)).toEqual([expect.objectContaining({ held: 2, attended: 0 })]);
    const page = await groupCompletionPage(s.manager, s.group.id, now);
    const his = page.people.find((p) => p.userId === sam.id)!.progress!;
    expect(his).toMatchObject({ attended: 0, totalSessions: 4, upcomingSessions: 2 });
  });
});
