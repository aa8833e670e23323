/**
 * A person who registers a third time keeps each earlier stay apart (migration 0077,
 * enrolments.earlier_stays). Before, the row held only the last earlier stay's end
 * (earlier_stay_ended_at) and the earlier stays ran from the row's creation to it: the first two
 * stays and the weeks between them were one stay for goal figures.
 *
 * Circle, New York. Tess registers on 1 February 2027, withdraws on 20 February, registers again on
 * 10 March, withdraws on 25 March, registers a third time on 10 April. Her goals (none names a group):
 *   T1 written 5 February (first stay), target 1 March (between the first two stays), active;
 *   T2 written 12 March (second stay), target 20 March, achieved;
 *   T3 written 12 April (third stay), target 20 April, active;
 *   T4 written 1 March (between the first two stays: set before she rejoined), target 15 March, active.
 *
 * Counted by hand, Circle:
 *   22 February – 7 March (between the first two stays): nothing (before: T1, due 1);
 *   10–24 March (the second stay): T2 and T4 (the next stay's), due 2, achieved 1 (before: T4 was
 *   the first stay's, due 1);
 *   April: T3, due 1, achieved 0;
 *   the whole organisation, 22 February – 7 March: T1, due 1 (stays aside).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appUrl } from "~/config.server";
import { db } from "~/db/client.server";
import { participantGoals } from "~/db/tables/metrics";
import { resolvePeriod } from "~/modules/metrics/definitions";
import { computeDashboard, resolveScope, type MetricsFilters } from "~/modules/metrics/queries.server";
import { registerForGroup, withdrawEnrolment } from "~/modules/registration/mutations.server";
import { createEmptyGroup, earlierStays, intake } from "../../factories/registration";
import { databaseBefore } from "../../factories/migrations";
import { createOrgScenario, createPerson, FIXED_SERIES_START, type Scenario } from "../../factories/scenario";

let s: Scenario;
const now = new Date("2027-06-01T12:00:00Z");
const base = { baseUrl: appUrl() };
let enrolmentId: string;

async function goalsFor(filters: Partial<MetricsFilters>, custom: { from?: string; to?: string }) {
  const period = resolvePeriod("custom", custom, "2027-06-01")!;
  const view: MetricsFilters = { programId: null, groupId: null, facilitatorId: null, period, by: "month", ...filters };
  return (await computeDashboard(s.manager, view, await resolveScope(s.manager, view), now)).goals;
}

beforeAll(async () => {
  s = await createOrgScenario({ seriesStart: FIXED_SERIES_START });
  const tess = await createPerson(s.org, "participant", { name: "Tess Thrice" });
  const at = (iso: string) => ({ ...base, now: new Date(iso) });
  const first = await registerForGroup(tess, s.group.id, intake(), at("2027-02-01T15:00:00Z"));
  enrolmentId = first.enrolmentId;
  await withdrawEnrolment(tess, enrolmentId, at("2027-02-20T15:00:00Z"));
  await registerForGroup(tess, s.group.id, intake(), at("2027-03-10T15:00:00Z"));
  await withdrawEnrolment(tess, enrolmentId, at("2027-03-25T15:00:00Z"));
  expect(await registerForGroup(tess, s.group.id, intake(), at("2027-04-10T15:00:00Z"))).toMatchObject({ enrolmentId, status: "enrolled" });
  const goal = (title: string, createdAt: string, targetDate: string, status: "active" | "achieved") =>
    db.insert(participantGoals).values({ organizationId: s.org.id, participantId: tess.id, programId: s.program.id, title, targetDate, status, createdAt: new Date(createdAt) });
  await goal("T1", "2027-02-05T15:00:00Z", "2027-03-01", "active");
  await goal("T2", "2027-03-12T15:00:00Z", "2027-03-20", "achieved");
  await goal("T3", "2027-04-12T15:00:00Z", "2027-04-20", "active");
  await goal("T4", "2027-03-01T15:00:00Z", "2027-03-15", "active");
});

describe("a third registration keeps each earlier stay apart", () => {
  it("the row holds both earlier stays, each from its start to its withdrawal", async () => {
    expect(await earlierStays(enrolmentId)).toEqual([
      ["2027-02-01T15:00:00.000Z", "2027-02-20T15:00:00.000Z"],
      ["2027-03-10T15:00:00.000Z", "2027-03-25T15:00:00.000Z"],
    ]);
  });

  it("between the first two stays nothing of Tess's is due in the group; the organisation still counts it", async () => {
    const gap = { from: "2027-02-22", to: "2027-03-07" };
    expect(await goalsFor({ groupId: s.group.id }, gap)).toMatchObject({ due: 0, achieved: 0 });
    expect(await goalsFor({ facilitatorId: s.facilitator.id }, gap)).toMatchObject({ due: 0, achieved: 0 });
    expect(await goalsFor({}, gap)).toMatchObject({ due: 1, achieved: 0 });
  });

  it("the second stay's goals (one written before she rejoined) count in the second stay, the third's in the third", async () => {
    expect(await goalsFor({ groupId: s.group.id }, { from: "2027-03-10", to: "2027-03-24" })).toMatchObject({ due: 2, achieved: 1 });
    expect(await goalsFor({ groupId: s.group.id }, { from: "2027-04-01", to: "2027-04-30" })).toMatchObject({ due: 1, achieved: 0 });
  });
});

describe("an earlier stay of a person waiting for a place again", () => {
  it("still counts: the row's status now (waitlisted) is the current stay's, not the earlier one's", async () => {
    // Wendy: in a one-seat class from 1 February to her withdrawal on 20 February; a goal written
    // 5 February, due 15 February. Hollis takes the seat; Wendy registers again on 10 March and waits.
    const at = (iso: string) => ({ ...base, now: new Date(iso) });
    const group = await createEmptyGroup(s, 1, "One seat");
    const wendy = await createPerson(s.org, "participant", { name: "Wendy Waiting" });
    const hollis = await createPerson(s.org, "participant", { name: "Hollis Holder" });
    const first = await registerForGroup(wendy, group.id, intake(), at("2027-02-01T15:00:00Z"));
    await db.insert(participantGoals).values({ organizationId: s.org.id, participantId: wendy.id, programId: s.program.id, title: "W1", targetDate: "2027-02-15", status: "achieved", createdAt: new Date("2027-02-05T15:00:00Z") });
    await withdrawEnrolment(wendy, first.enrolmentId, at("2027-02-20T15:00:00Z"));
    await registerForGroup(hollis, group.id, intake(), at("2027-03-01T15:00:00Z"));
    expect(await registerForGroup(wendy, group.id, intake(), at("2027-03-10T15:00:00Z"))).toMatchObject({ enrolmentId: first.enrolmentId, status: "waitlisted" });
    expect(await goalsFor({ groupId: group.id }, { from: "2027-02-01", to: "2027-02-19" })).toMatchObject({ due: 1, achieved: 1 });
    // Waiting is no stay: nothing of hers is in the group from 10 March.
    await db.insert(participantGoals).values({ organizationId: s.org.id, participantId: wendy.id, programId: s.program.id, title: "W2", targetDate: "2027-03-20", status: "active", createdAt: new Date("2027-03-12T15:00:00Z") });
    expect(await goalsFor({ groupId: group.id }, { from: "2027-03-10", to: "2027-03-31" })).toMatchObject({ due: 0 });
  });
});

describe("clocks apart", () => {
  it("a withdrawal stamped before its stay's start (two servers' clocks apart) does not block registering again", async () => {
    const group = await createEmptyGroup(s, 5, "Skewed");
    const sky = await createPerson(s.org, "participant", { name: "Sky Skew" });
    const first = await registerForGroup(sky, group.id, intake(), { ...base, now: new Date("2027-05-01T15:00:05Z") });
    await withdrawEnrolment(sky, first.enrolmentId, { ...base, now: new Date("2027-05-01T15:00:00Z") });
    expect(await registerForGroup(sky, group.id, intake(), { ...base, now: new Date("2027-05-02T15:00:00Z") })).toMatchObject({ status: "enrolled" });
    expect(await earlierStays(first.enrolmentId)).toEqual([["2027-05-01T15:00:00.000Z", "2027-05-01T15:00:00.000Z"]]);
  });
});

describe("migration 0077", () => {
  let before: Awaited<ReturnType<typeof databaseBefore>> | undefined;
  afterAll(async () => {
    await before?.close();
  });

  it("keeps the one earlier stay recorded before (creation to the withdrawal) as the row's earlier stays", async () => {
    before = await databaseBefore("0077_enrolment_earlier_stays");
    const sql = before.sql;
    const [org] = await sql`insert into organizations (slug, name, timezone) values ('stays', 'Stays', 'America/New_York') returning id`;
    const [program] = await sql`insert into programs (organization_id, name) values (${org.id}, 'P') returning id`;
    const [group] = await sql`insert into groups (organization_id, program_id, kind, name, timezone, capacity) values (${org.id}, ${program.id}, 'peer_recovery_group', 'G', 'America/New_York', 10) returning id`;
    const people = await sql`insert into users (email, name, timezone) select 's' || i || '@m.example', 'S' || i, 'UTC' from generate_series(1, 3) i returning id`;
    const enrol = async (userId: string, restartedAt: string | null, earlierEnd: string | null) =>
      (
        await sql`insert into enrolments (organization_id, group_id, user_id, status, created_at, updated_at, restarted_at, earlier_stay_ended_at)
          values (${org.id}, ${group.id}, ${userId}, 'enrolled', '2027-02-01T15:00:00Z', now(), ${restartedAt}, ${earlierEnd}) returning id`
      )[0].id as string;
    const again = await enrol(people[0].id, "2027-04-01T15:00:00Z", "2027-03-18T15:00:00Z");
    const afterDecline = await enrol(people[1].id, "2027-04-01T15:00:00Z", null);
    const once = await enrol(people[2].id, null, null);
    await before.migrateTheRest();
    const rows = await sql`select e.id, lower(r) as lo, upper(r) as hi from enrolments e left join lateral unnest(e.earlier_stays) r on true order by e.id`;
    const of = (id: string) => rows.filter((r) => r.id === id).map((r) => (r.lo ? [new Date(r.lo).toISOString(), new Date(r.hi).toISOString()] : null));
    expect(of(again)).toEqual([["2027-02-01T15:00:00.000Z", "2027-03-18T15:00:00.000Z"]]);
    expect(of(afterDecline)).toEqual([null]);
    expect(of(once)).toEqual([null]);
    const [column] = await sql`select count(*)::int as n from information_schema.columns where table_name = 'enrolments' and column_name = 'earlier_stay_ended_at'`;
    expect(column.n).toBe(0);
  });
});
