/**
 * A scheduling round publishes cohorts, each a weekly series with its own facilitator
 * (series_assignments). The one definition of the sessions a facilitator leads (sessionLedBy)
 * gives a cohort's sessions to its facilitator only; the metrics facilitator filter read only who
 * led the group (group_facilitator_periods), so a cohort's sessions and marks were credited to the
 * group's facilitators and its own facilitator counted nothing. Circle (a peer recovery group led
 * by Fran) meets as two cohorts in March 2027: Fran's on Tuesdays (5 sessions, Pat), Felix's on
 * Thursdays (4 sessions, Theo). Felix is not one of Circle's facilitators. Before the fix, Felix's
 * view was empty and Fran's held all 9 sessions; evidence 2.06 did not list Felix as a peer group
 * facilitator with no supervision.
 */
import { and, asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { series, sessions } from "~/db/schema";
import { attendanceRecords } from "~/db/tables/attendance";
import { competencySupervisionEntries } from "~/db/tables/competency";
import { seriesAssignments } from "~/db/tables/scheduling";
import { createSeries } from "~/modules/groups/mutations.server";
import { resolvePeriod } from "~/modules/metrics/definitions";
import { loadEvidence } from "~/modules/metrics/evidence.server";
import { metricsCsv } from "~/modules/metrics/export.server";
import { computeDashboard, loadDashboard, loadRows, resolveScope, type MetricsFilters } from "~/modules/metrics/queries.server";
import { createOrgScenario, createPerson, FIXED_SERIES_START, type Person, type Scenario } from "../../factories/scenario";

let s: Scenario;
let felix: Person;
let felixSeries: string;
const now = new Date("2027-04-01T16:00:00Z");
const q1 = resolvePeriod("2027-Q1", {}, "2027-04-01")!;
const march = resolvePeriod("custom", { from: "2027-03-10", to: "2027-03-27" }, "2027-04-01")!;
const view = (f: Partial<MetricsFilters>): MetricsFilters => ({ programId: null, groupId: null, facilitatorId: null, period: q1, by: "month", ...f });
const figures = async (f: Partial<MetricsFilters>) => computeDashboard(s.manager, view(f), await resolveScope(s.manager, view(f)), now);
/** The database's refusal (drizzle wraps it in a "Failed query" error), or null when the write was taken. */
async function failure(work: Promise<unknown>): Promise<string | null> {
  try {
    await work;
    return null;
  } catch (e) {
    const err = e as { message?: string; cause?: { message?: string } };
    return err.cause?.message ?? err.message ?? String(e);
  }
}

beforeAll(async () => {
  s = await createOrgScenario({ seriesStart: FIXED_SERIES_START }); // Circle: Tuesdays 2 March – 27 April 2027, 19:00–20:00, led by Fran
  felix = await createPerson(s.org, "facilitator", { name: "Felix Cohort" });
  ({ seriesId: felixSeries } = await createSeries(s.manager, s.group.id, {
    weekdays: ["thu"],
    startTime: "19:00",
    durationMinutes: 60,
    startDate: "2027-03-04",
    endDate: "2027-03-25",
    count: null,
    skipDates: [],
  }));
  // As a published round assigns them: Fran leads the Tuesday cohort (Pat), Felix the Thursday one (Theo).
  await db.insert(seriesAssignments).values([
    { seriesId: s.seriesId, userId: s.facilitator.id, organizationId: s.org.id, role: "facilitator" },
    { seriesId: s.seriesId, userId: s.participant.id, organizationId: s.org.id, role: "participant" },
    { seriesId: felixSeries, userId: felix.id, organizationId: s.org.id, role: "facilitator" },
    { seriesId: felixSeries, userId: s.otherParticipant.id, organizationId: s.org.id, role: "participant" },
  ]);
  const all = await db.select().from(sessions).where(eq(sessions.groupId, s.group.id)).orderBy(asc(sessions.startsAt));
  const held = all.filter((x) => x.startsAt < new Date("2027-04-01T00:00:00Z"));
  await db.update(sessions).set({ status: "held" }).where(and(eq(sessions.groupId, s.group.id)));
  for (const x of all.filter((x) => !held.includes(x))) await db.update(sessions).set({ status: "scheduled" }).where(eq(sessions.id, x.id));
  // Each cohort's member attended every March session of their cohort.
  await db.insert(attendanceRecords).values(
    held.map((x) => ({
      organizationId: s.org.id,
      sessionId: x.id,
      groupId: s.group.id,
      userId: x.seriesId === felixSeries ? s.otherParticipant.id : s.participant.id,
      status: "present" as const,
      source: "roster" as const,
    })),
  );
  expect(held.map((x) => (x.seriesId === felixSeries ? "thu" : "tue")).sort()).toEqual(["thu", "thu", "thu", "thu", "tue", "tue", "tue", "tue", "tue"]);
});

describe("facilitator filter in a group that meets as cohorts", () => {
  it("counts only Felix's cohort's sessions and marks for Felix, and Fran's for Fran, on the dashboard", async () => {
    const forFelix = await figures({ facilitatorId: felix.id });
    expect(forFelix.summary).toMatchObject({ sessions_total: 4, sessions_held: 4, attendance_rate: 1, unique_participants: 1, participant_hours: 4 });
    expect(forFelix.summary.details.retention_rate).toMatch(/ of 1 starters /);
    const forFran = await figures({ facilitatorId: s.facilitator.id });
    expect(forFran.summary).toMatchObject({ sessions_total: 5, sessions_held: 5, unique_participants: 1, participant_hours: 5 });
    expect(forFran.summary.details.retention_rate).toMatch(/ of 1 starters /);
    // Together, what the group did.
    const circle = await figures({ groupId: s.group.id });
    expect(circle.summary).toMatchObject({ sessions_total: 9, unique_participants: 2 });
    // The stored dashboard (what the page shows) agrees.
    expect((await loadDashboard(s.manager, view({ facilitatorId: felix.id }), now)).summary.sessions_total).toBe(4);
  });

  it("reads the same by week and for part of a month (marks read one by one)", async () => {
    const weekly = await figures({ facilitatorId: felix.id, by: "week" });
    expect(weekly.summary).toMatchObject({ sessions_total: 4, unique_participants: 1 });
    expect(weekly.trend.filter((t) => t.sessionsTotal > 0).map((t) => [t.bucket, t.sessionsTotal, t.uniqueParticipants])).toEqual([
      ["2027-03-01", 1, 1],
      ["2027-03-08", 1, 1],
      ["2027-03-15", 1, 1],
      ["2027-03-22", 1, 1],
    ]);
    // 10–26 March: Felix's 11, 18 and 25 March; Fran's 16 and 23 March.
    expect((await figures({ facilitatorId: felix.id, period: march })).summary).toMatchObject({ sessions_total: 3, unique_participants: 1 });
    expect((await figures({ facilitatorId: s.facilitator.id, period: march })).summary).toMatchObject({ sessions_total: 2, unique_participants: 1 });
  });

  it("lists only his cohort's sessions and marks in the drill-downs and the CSV", async () => {
    const rows = await loadRows(s.manager, view({ facilitatorId: felix.id }), "attendance_rate", now);
    expect(rows.rows).toHaveLength(4);
    expect(new Set(rows.people)).toEqual(new Set([s.otherParticipant.id]));
    expect((await loadRows(s.manager, view({ facilitatorId: felix.id }), "retention_rate", now)).people).toEqual([s.otherParticipant.id]);
    const csv = await metricsCsv(s.manager, { ...view({ facilitatorId: felix.id }), today: "2027-04-01", now }, "summary", null);
    const line = (key: string) => csv.rows.find((r) => r[1] === key)!;
    expect(line("sessions_total")[3]).toBe(4);
    expect(line("unique_participants")[3]).toBe(1);
    const sessionRows = await metricsCsv(s.manager, { ...view({ facilitatorId: felix.id }), today: "2027-04-01", now }, "rows", "sessions_total");
    expect(sessionRows.rows).toHaveLength(4);
  });

  it("lists Felix in evidence 2.06 as a peer group facilitator with no supervision", async () => {
    await db.insert(competencySupervisionEntries).values({ organizationId: s.org.id, heldOn: "2027-03-01", supervisorId: s.manager.id, peerWorkerId: s.facilitator.id, minutes: 60, topics: "Role clarity" });
    const { standards } = await loadEvidence(s.manager, now);
    const items = standards.find((x) => x.code === "2.06")!.gaps.find((g) => /no supervision recorded/.test(g.label))?.items ?? [];
    expect(items).toEqual([felix.name]);
  });

  it("keeps a cohort's facilitator once its sessions have started (the figures of past sessions never move)", async () => {
    // A cohort whose first session was yesterday (by the database's clock).
    const [past] = await db
      .insert(series)
      .values({ organizationId: s.org.id, groupId: s.group.id, weekdays: ["mon"], startTime: "10:00", durationMinutes: 60, startDate: "2026-01-05", timezone: "America/New_York" })
      .returning();
    await db.insert(sessions).values({ organizationId: s.org.id, groupId: s.group.id, seriesId: past.id, startsAt: new Date(Date.now() - 86_400_000), endsAt: new Date(Date.now() - 82_800_000) });
    const refused = /A cohort's facilitator cannot change once its sessions have started/;
    expect(await failure(db.insert(seriesAssignments).values({ seriesId: past.id, userId: felix.id, organizationId: s.org.id, role: "facilitator" }))).toMatch(refused);
    // Felix's cohort has not started by the database's clock (2027): its facilitator can still be set.
    await db.update(seriesAssignments).set({ userId: s.otherFacilitator.id }).where(and(eq(seriesAssignments.seriesId, felixSeries), eq(seriesAssignments.role, "facilitator")));
    await db.update(seriesAssignments).set({ userId: felix.id }).where(and(eq(seriesAssignments.seriesId, felixSeries), eq(seriesAssignments.role, "facilitator")));
    // Once one of its sessions has started, neither a change nor a removal is taken.
    await db.insert(sessions).values({ organizationId: s.org.id, groupId: s.group.id, seriesId: felixSeries, startsAt: new Date(Date.now() - 86_400_000), endsAt: new Date(Date.now() - 82_800_000), status: "cancelled" });
    const felixRow = and(eq(seriesAssignments.seriesId, felixSeries), eq(seriesAssignments.role, "facilitator"));
    expect(await failure(db.update(seriesAssignments).set({ userId: s.otherFacilitator.id }).where(felixRow))).toMatch(refused);
    expect(await failure(db.delete(seriesAssignments).where(felixRow))).toMatch(refused);
    // A member may still be added to a running cohort; deleting the series removes its assignments.
    await db.insert(seriesAssignments).values({ seriesId: past.id, userId: s.participant.id, organizationId: s.org.id, role: "participant" });
    await db.delete(series).where(eq(series.id, past.id));
    expect(await db.select().from(seriesAssignments).where(eq(seriesAssignments.seriesId, past.id))).toEqual([]);
  });
});
