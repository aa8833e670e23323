/**
 * The metrics facilitator filter counts what the person actually led (group_facilitator_periods):
 * a session counts for whoever led its group when it started, a promotion or referral for whoever
 * led it then, the waiting list for whoever leads it now. Circle (tests/factories/metrics.ts:
 * Tuesdays 19:00 New York from 2 March 2027) is led by Fran until 14:00 on Tuesday 23 March —
 * hours before that day's session — then by Olive; Fran is added again on 10 April. Before the
 * fix the filter read today's assignments: every Circle figure followed whoever leads it today.
 */
import { and, asc, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { enrolments, groupFacilitators } from "~/db/schema";
import { goalInterventions, groupFacilitatorPeriods, participantGoals } from "~/db/tables/metrics";
import { resolvePeriod, type OutputMetric } from "~/modules/metrics/definitions";
import { computeDashboard, loadDashboard, loadRows, resolveScope, type Dashboard, type MetricsFilters } from "~/modules/metrics/queries.server";
import { addParticipant } from "../../factories/attendance";
import { createMetricsScenario, type MetricsScenario } from "../../factories/metrics";

let s: MetricsScenario;
const now = new Date("2027-06-01T12:00:00Z");
const q1 = resolvePeriod("2027-Q1", {}, "2027-06-01")!;
const q2 = resolvePeriod("2027-Q2", {}, "2027-07-01")!;
const HANDOVER = "2027-03-23T18:00:00Z"; // 14:00 in New York, the session is at 19:00
const BACK = "2027-04-10T12:00:00Z";

const view = (f: Partial<MetricsFilters>): MetricsFilters => ({ programId: null, groupId: null, facilitatorId: null, period: q1, by: "month", ...f });
const figures = async (f: Partial<MetricsFilters>) => computeDashboard(s.manager, view(f), await resolveScope(s.manager, view(f)), now);

/** A group save as the group form writes it: every facilitator deleted, the chosen ones inserted, in one transaction. */
const save = (userIds: string[]) =>
  db.transaction(async (tx) => {
    await tx.delete(groupFacilitators).where(eq(groupFacilitators.groupId, s.group.id));
    await tx.insert(groupFacilitators).values(userIds.map((userId) => ({ groupId: s.group.id, userId, organizationId: s.org.id })));
  });

const periods = () =>
  db.select().from(groupFacilitatorPeriods).where(eq(groupFacilitatorPeriods.groupId, s.group.id)).orderBy(asc(groupFacilitatorPeriods.startedAt), asc(groupFacilitatorPeriods.userId));

let keptSave: { before: Dashboard; after: Dashboard; periodsBefore: unknown; periodsAfter: unknown };

beforeAll(async () => {
  s = await createMetricsScenario();
  // Fran (s.facilitator) led Circle from its beginning. The saves happen now; their periods are
  // then dated to the handover and the return, as if the saves had been made then.
  await save([s.otherFacilitator.id]);
  await save([s.otherFacilitator.id, s.facilitator.id]);
  // A save that keeps both (the form rewrites every facilitator row), before the periods are dated:
  // it must leave the periods, and so every figure, as they were.
  const fran = view({ facilitatorId: s.facilitator.id, period: q2 });
  keptSave = { before: await loadDashboard(s.manager, fran, now), after: undefined!, periodsBefore: await periods(), periodsAfter: undefined };
  await save([s.facilitator.id, s.otherFacilitator.id]);
  keptSave.periodsAfter = await periods();
  keptSave.after = await loadDashboard(s.manager, fran, now);
  const [franFirst, olive, franAgain] = await periods();
  expect([franFirst.userId, olive.userId, franAgain.userId]).toEqual([s.facilitator.id, s.otherFacilitator.id, s.facilitator.id]);
  await db.update(groupFacilitatorPeriods).set({ endedAt: new Date(HANDOVER) }).where(eq(groupFacilitatorPeriods.id, franFirst.id));
  await db.update(groupFacilitatorPeriods).set({ startedAt: new Date(HANDOVER) }).where(eq(groupFacilitatorPeriods.id, olive.id));
  await db.update(groupFacilitatorPeriods).set({ startedAt: new Date(BACK) }).where(eq(groupFacilitatorPeriods.id, franAgain.id));
});

const ADDITIVE = ["sessions_total", "sessions_held", "sessions_cancelled", "participant_hours", "referrals_made", "referrals_followed_up"] as const;

describe("facilitator filter: what each person led", () => {
  it("counts Circle's sessions and marks before the handover for Fran, after it for Olive, and the two add up to the group", async () => {
    const fran = await figures({ facilitatorId: s.facilitator.id });
    // 2, 9 March held, 16 March cancelled; marks: Pat present twice, Theo late and excused.
    expect(fran.summary).toMatchObject({ sessions_total: 3, sessions_held: 2, sessions_cancelled: 1, attendance_rate: 1, unique_participants: 2, median_days_to_seat: 6, referrals_made: 2 });
    expect(fran.summary.details.attendance_rate).toBe("3 attended of 3; 1 excused absences left out; 0 walk-ins");
    // Fran's two feedback answers (2 March) of three attendances.
    expect(fran.summary.feedback_response_rate).toBeCloseTo(2 / 3);
    // Olive in Circle: 23 March (the day of the handover: counted by the session's start) and 30 March.
    const oliveCircle = await figures({ facilitatorId: s.otherFacilitator.id, groupId: s.group.id });
    expect(oliveCircle.summary).toMatchObject({ sessions_total: 2, sessions_held: 2, sessions_cancelled: 0, attendance_rate: 0.6, unique_participants: 3, referrals_made: 1 });
    expect(oliveCircle.summary.median_days_to_seat).toBeNull();
    const circle = await figures({ groupId: s.group.id });
    for (const k of ADDITIVE) expect(fran.summary[k]! + oliveCircle.summary[k]!, k).toBeCloseTo(circle.summary[k]!);
    const month = (d: Dashboard, bucket: string) => d.trend.find((t) => t.bucket === bucket)!;
    expect(month(fran, "2027-03-01").sessionsTotal + month(oliveCircle, "2027-03-01").sessionsTotal).toBe(month(circle, "2027-03-01").sessionsTotal);
    // Olive's whole view also holds Night Owls, which she led throughout (its month from the monthly attendee array).
    const olive = await figures({ facilitatorId: s.otherFacilitator.id });
    expect(olive.summary).toMatchObject({ sessions_total: 3, sessions_held: 3, unique_participants: 4 });
  });

  it("counts the day of the handover by each session's start, by week and by quarter as by month", async () => {
    for (const by of ["week", "quarter"] as const) {
      const fran = await figures({ facilitatorId: s.facilitator.id, by });
      const olive = await figures({ facilitatorId: s.otherFacilitator.id, groupId: s.group.id, by });
      const circle = await figures({ groupId: s.group.id, by });
      expect(fran.summary.sessions_total! + olive.summary.sessions_total!).toBe(circle.summary.sessions_total);
      // The week of the handover (from Monday 22 March): its one session, that evening, is Olive's.
      const handoverWeek = (d: Dashboard) => d.trend.find((t) => t.bucket === "2027-03-22")!;
      if (by === "week") {
        expect(handoverWeek(fran).sessionsTotal).toBe(0);
        expect(handoverWeek(olive)).toMatchObject({ sessionsTotal: 1, sessionsHeld: 1, uniqueParticipants: 2 });
      }
      expect(fran.summary.unique_participants).toBe(2);
      expect(olive.summary.unique_participants).toBe(3);
    }
  });

  it("a facilitator removed and added again counts both stretches and not the time between", async () => {
    const fran = await figures({ facilitatorId: s.facilitator.id, period: q2 });
    const olive = await figures({ facilitatorId: s.otherFacilitator.id, groupId: s.group.id, period: q2 });
    const circle = await figures({ groupId: s.group.id, period: q2 });
    // Q2: 6 April is Olive's alone; 13, 20 and 27 April both lead (co-facilitators each count them).
    expect(circle.summary.sessions_total).toBe(4);
    expect(olive.summary.sessions_total).toBe(4);
    expect(fran.summary.sessions_total).toBe(3);
    // 6 April's mark (Pat present) is Olive's only.
    expect(olive.summary.unique_participants).toBe(1);
    expect(fran.summary.unique_participants).toBe(0);
    // Waiting now (Wendy, Circle): both lead Circle today.
    expect(fran.summary.waitlist_length).toBe(1);
    expect(olive.summary.waitlist_length).toBe(1);
  });

  it("a save that keeps the facilitators keeps their periods and changes no figure", () => {
    expect(keptSave.periodsAfter).toEqual(keptSave.periodsBefore);
    expect(keptSave.after.summary).toEqual(keptSave.before.summary);
    // Both led Circle from the saves (today) on: every Q2 2027 session is Fran's too.
    expect(keptSave.after.summary.sessions_total).toBe(4);
  });

  it("counts a goal for who led its group while it was due and the person held a place", async () => {
    // Lee left Circle on 1 March, before Olive took it over; Pat stayed all quarter; Theo's plan names Night Owls.
    const lee = await addParticipant(s, s.group.id);
    await db.update(enrolments).set({ status: "withdrawn", updatedAt: new Date("2027-03-01T15:00:00Z") }).where(and(eq(enrolments.groupId, s.group.id), eq(enrolments.userId, lee.id)));
    const goal = async (participantId: string, targetDate: string) =>
      (await db.insert(participantGoals).values({ organizationId: s.org.id, participantId, programId: s.program.id, title: "Goal", targetDate, status: "achieved" }).returning())[0];
    await goal(lee.id, "2027-03-15");
    await goal(s.participant.id, "2027-02-15");
    const named = await goal(s.third.id, "2027-03-20");
    await db.insert(goalInterventions).values({ organizationId: s.org.id, goalId: named.id, groupId: s.nightOwls.id, description: "Night sessions" });
    expect((await figures({ facilitatorId: s.facilitator.id })).goals).toMatchObject({ due: 2, achieved: 2 });
    expect((await figures({ facilitatorId: s.otherFacilitator.id, groupId: s.group.id })).goals).toMatchObject({ due: 1, achieved: 1 });
    expect((await figures({ facilitatorId: s.otherFacilitator.id })).goals).toMatchObject({ due: 2, achieved: 2 });
    expect((await figures({ groupId: s.group.id })).goals).toMatchObject({ due: 2, achieved: 2 });
  });

  it("the drill-down rows are the rows the figures count", async () => {
    for (const [f, label] of [
      [{ facilitatorId: s.facilitator.id }, "Fran"],
      [{ facilitatorId: s.otherFacilitator.id }, "Olive"],
      [{ facilitatorId: s.otherFacilitator.id, groupId: s.group.id }, "Olive in Circle"],
    ] as const) {
      const d = await figures(f);
      const rowsOf = (metric: OutputMetric) => loadRows(s.manager, view(f), metric, now).then((r) => r.rows);
      expect((await rowsOf("sessions_total")).length, label).toBe(d.summary.sessions_total);
      expect((await rowsOf("sessions_held")).length, label).toBe(d.summary.sessions_held);
      expect((await rowsOf("sessions_cancelled")).length, label).toBe(d.summary.sessions_cancelled);
      expect((await rowsOf("unique_participants")).length, label).toBe(d.summary.unique_participants);
      const marks = await rowsOf("attendance_rate");
      const attended = marks.filter((r) => ["present", "late", "left_early"].includes(String(r[3]))).length;
      const absent = marks.filter((r) => r[3] === "absent").length;
      expect(attended / (attended + absent), label).toBeCloseTo(d.summary.attendance_rate!);
      expect(marks.reduce((sum, r) => sum + Number(r[5]), 0) / 60, label).toBeCloseTo(d.summary.participant_hours!);
      expect((await rowsOf("referrals_made")).length, label).toBe(d.summary.referrals_made);
      expect((await rowsOf("median_days_to_seat")).length, label).toBe(d.summary.median_days_to_seat === null ? 0 : 2);
      expect((await rowsOf("waitlist_length")).length, label).toBe(d.summary.waitlist_length);
      const feedback = await rowsOf("feedback_response_rate");
      const answers = feedback.reduce((sum, r) => sum + Number(r[3]), 0);
      const attendances = feedback.reduce((sum, r) => sum + Number(r[2]), 0);
      expect(attendances ? answers / attendances : null, label).toBe(d.summary.feedback_response_rate);
    }
  });

  it("a period of a group in another organisation's filter is a 404 like any foreign id", async () => {
    const other = await createMetricsScenario();
    await expect(resolveScope(s.manager, { programId: null, groupId: null, facilitatorId: other.facilitator.id })).rejects.toMatchObject({ status: 404 });
    const [row] = await db.execute<{ n: number }>(sql`select count(*)::int as n from group_facilitator_periods where organization_id = ${other.org.id}`);
    expect(row.n).toBeGreaterThan(0);
    expect(await db.select().from(groupFacilitatorPeriods).where(and(eq(groupFacilitatorPeriods.userId, other.facilitator.id), eq(groupFacilitatorPeriods.organizationId, s.org.id)))).toEqual([]);
  });
});
