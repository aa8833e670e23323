/**
 * Goal figures under a group or facilitator filter count a goal whose plan names no group for the
 * groups where its person held a place during the period — in the stay the goal belongs to. A
 * person who withdrew and registered again has two stays on one enrolment row (migration 0068,
 * currentStayStart): before, the place ran from the first registration on, so a goal of the first
 * stay (achieved then) was "due" in the second stay's months and in the weeks between the stays.
 *
 * Circle, New York. Rosa registers on 25 February 2027, withdraws on 18 March, registers again on
 * 1 April. Her goals (none names a group):
 *   G1 written 1 March (first stay), target 15 April, achieved;
 *   G2 written 5 April (second stay), target 20 April, active;
 *   G3 written 5 March (first stay), target 10 March, achieved;
 *   G4 written 10 March (first stay), target 25 March (between the stays), active.
 * Paula, in Circle since 25 February (one stay), has P1, target 12 April, achieved.
 *
 * Counted by hand, Circle:
 *   April 2027 — G2 (active) and P1 (achieved): due 2, achieved 1 (before: G1 too, due 3, achieved 2);
 *   March 2027 — G3 (achieved) and G4 (active), both of the first stay, which March reaches: due 2, achieved 1;
 *   20–31 March (between the stays) — nothing: due 0 (before: G4, due 1);
 *   the whole organisation, April — every goal due then, stays aside: G1, G2, P1: due 3, achieved 2.
 * The circle's facilitator (who led it throughout) sees the same as the group filter.
 */
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { appUrl } from "~/config.server";
import { db } from "~/db/client.server";
import { enrolments } from "~/db/schema";
import { participantGoals } from "~/db/tables/metrics";
import { resolvePeriod } from "~/modules/metrics/definitions";
import { computeDashboard, resolveScope, type MetricsFilters } from "~/modules/metrics/queries.server";
import { registerForGroup, withdrawEnrolment } from "~/modules/registration/mutations.server";
import { earlierStays, intake } from "../../factories/registration";
import { createOrgScenario, createPerson, FIXED_SERIES_START, type Scenario } from "../../factories/scenario";

let s: Scenario;
const now = new Date("2027-06-01T12:00:00Z");
const base = { baseUrl: appUrl() };

async function goal(participantId: string, title: string, createdAt: string, targetDate: string, status: "active" | "achieved") {
  await db.insert(participantGoals).values({ organizationId: s.org.id, participantId, programId: s.program.id, title, targetDate, status, createdAt: new Date(createdAt) });
}

async function goalsFor(periodKey: string, filters: Partial<MetricsFilters>, custom: { from?: string; to?: string } = {}) {
  const period = resolvePeriod(periodKey, custom, "2027-06-01")!;
  const view: MetricsFilters = { programId: null, groupId: null, facilitatorId: null, period, by: "month", ...filters };
  return (await computeDashboard(s.manager, view, await resolveScope(s.manager, view), now)).goals;
}

beforeAll(async () => {
  s = await createOrgScenario({ seriesStart: FIXED_SERIES_START });
  const rosa = await createPerson(s.org, "participant", { name: "Rosa Returning" });
  const paula = await createPerson(s.org, "participant", { name: "Paula Present" });
  const first = await registerForGroup(rosa, s.group.id, intake(), { ...base, now: new Date("2027-02-25T15:00:00Z") });
  await registerForGroup(paula, s.group.id, intake(), { ...base, now: new Date("2027-02-25T15:00:00Z") });
  await withdrawEnrolment(rosa, first.enrolmentId, { ...base, now: new Date("2027-03-18T15:00:00Z") });
  const again = await registerForGroup(rosa, s.group.id, intake(), { ...base, now: new Date("2027-04-01T15:00:00Z") });
  expect(again).toMatchObject({ enrolmentId: first.enrolmentId, status: "enrolled" });
  // The row keeps both stays: the current from the re-registration, the earlier up to the withdrawal (migration 0077).
  const [row] = await db.select().from(enrolments).where(eq(enrolments.id, first.enrolmentId));
  expect(row.createdAt.toISOString()).toBe("2027-02-25T15:00:00.000Z");
  expect(await earlierStays(first.enrolmentId)).toEqual([["2027-02-25T15:00:00.000Z", "2027-03-18T15:00:00.000Z"]]);
  expect(row.restartedAt?.toISOString()).toBe("2027-04-01T15:00:00.000Z");

  await goal(rosa.id, "G1", "2027-03-01T15:00:00Z", "2027-04-15", "achieved");
  await goal(rosa.id, "G2", "2027-04-05T15:00:00Z", "2027-04-20", "active");
  await goal(rosa.id, "G3", "2027-03-05T15:00:00Z", "2027-03-10", "achieved");
  await goal(rosa.id, "G4", "2027-03-10T15:00:00Z", "2027-03-25", "active");
  await goal(paula.id, "P1", "2027-03-01T15:00:00Z", "2027-04-12", "achieved");
});

describe("goal figures of a group count a re-registered person's goals in the stay they belong to", () => {
  it("April: a goal of the first stay, achieved then, is not due in the second stay", async () => {
    expect(await goalsFor("2027-04", { groupId: s.group.id })).toMatchObject({ due: 2, achieved: 1 });
    expect(await goalsFor("2027-04", { facilitatorId: s.facilitator.id })).toMatchObject({ due: 2, achieved: 1 });
  });

  it("March: the first stay's goals count in the months the first stay reaches", async () => {
    expect(await goalsFor("2027-03", { groupId: s.group.id })).toMatchObject({ due: 2, achieved: 1 });
  });

  it("between the stays nothing of Rosa's is due", async () => {
    expect(await goalsFor("custom", { groupId: s.group.id }, { from: "2027-03-20", to: "2027-03-31" })).toMatchObject({ due: 0, achieved: 0 });
  });

  it("the whole organisation still counts every goal due in the period", async () => {
    expect(await goalsFor("2027-04", {})).toMatchObject({ due: 3, achieved: 2 });
  });
});
