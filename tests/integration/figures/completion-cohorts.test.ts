/**
 * Completion figures in a group split into cohorts (a scheduling round publishes one weekly series
 * per cohort, each with its own members): a person's "N of M sessions", what is still possible and
 * the hours count that person's own sessions, not the other cohort's. Failed before the fix
 * (M was 18, and 2 more needed with 3 "left" read as still possible). Retention on /metrics the
 * same (it read 0 %: the other cohort's sessions counted as missed).
 */
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { sessions } from "~/db/schema";
import { attendanceRecords } from "~/db/tables/attendance";
import { completionCriteria } from "~/db/tables/completion";
import { attendanceInputs, groupCompletionPage } from "~/modules/completion/queries.server";
import { evaluateCompletion } from "~/modules/completion/criteria";
import { hoursAttended } from "~/modules/completion/queries.server";
import { resolvePeriod } from "~/modules/metrics/definitions";
import { loadDashboard, loadRows } from "~/modules/metrics/queries.server";
import { circleInTwoCohorts } from "../../factories/attendance";
import { createOrgScenario, FIXED_SERIES_START, type Scenario } from "../../factories/scenario";

let s: Scenario;
let tuesdays: { id: string; startsAt: Date }[];
let thursdays: { id: string; startsAt: Date }[];

beforeAll(async () => {
  s = await createOrgScenario({ seriesStart: FIXED_SERIES_START }); // Tuesdays 2 March – 27 April 2027, 19:00–20:00
  // Two cohorts: the participant meets on Tuesdays (and attended 6 of the first 8, absent twice), the other participant on Thursdays.
  ({ tuesdays, thursdays } = await circleInTwoCohorts(s));
  expect([tuesdays.length, thursdays.length]).toEqual([9, 9]);
  await db.update(sessions).set({ status: "scheduled" }).where(eq(sessions.id, tuesdays[8].id));
  await db.update(sessions).set({ status: "scheduled" }).where(eq(sessions.id, thursdays[8].id));
  await db.update(sessions).set({ status: "scheduled" }).where(eq(sessions.id, thursdays[7].id));
  await db.insert(completionCriteria).values({ organizationId: s.org.id, groupId: s.group.id, minSessionsAttended: 8, maxUnexcusedAbsences: null });
});

describe("completion progress in a group of cohorts", () => {
  // Wednesday 21 April 2027: eight Tuesdays have started; one Tuesday (27 April) and two Thursdays are to come.
  const now = new Date("2027-04-21T16:00:00Z");

  it("counts the person's own cohort's sessions only: 6 of 9, 2 more needed but only 1 left", async () => {
    const page = await groupCompletionPage(s.manager, s.group.id, now);
    const me = page.people.find((p) => p.userId === s.participant.id)!;
    expect(me.progress).toMatchObject({ attended: 6, unexcusedAbsences: 2, totalSessions: 9, upcomingSessions: 1, remaining: 2, stillPossible: false });
    const other = page.people.find((p) => p.userId === s.otherParticipant.id)!;
    expect(other.progress).toMatchObject({ attended: 0, totalSessions: 9, upcomingSessions: 2 });
  });

  it("retention on /metrics counts a starter's own held sessions: four Tuesdays attended of four is retained", async () => {
    // The Thursday cohort's held sessions in between are not the participant's: before, their first
    // four held sessions were Tue, Thu, Tue, Thu — 2 attended of 4, "not retained".
    const period = resolvePeriod("2027-Q1", {}, "2027-06-01")!;
    const filters = { programId: null, groupId: null, facilitatorId: null, period, by: "month" as const };
    const d = await loadDashboard(s.manager, filters, new Date("2027-06-01T12:00:00Z"));
    expect(d.summary.retention_rate).toBe(1);
    expect(d.summary.details.retention_rate).toBe("1 of 1 starters attended 3+ of their first 4; 0 still in progress");
    const rows = await loadRows(s.manager, filters, "retention_rate", new Date("2027-06-01T12:00:00Z"));
    expect(rows.rows.map((r) => [r[3], r[4], r[5]])).toEqual([[4, 4, "retained"]]);
  });

  it("a session of another cohort at which the person has a mark is theirs (a visit, or a move between cohorts)", async () => {
    await db.insert(attendanceRecords).values({ organizationId: s.org.id, sessionId: thursdays[0].id, groupId: s.group.id, userId: s.participant.id, status: "present", source: "roster" });
    const inputs = await attendanceInputs(db, s.group.id, [s.participant.id]);
    const progress = evaluateCompletion({ criteria: { minSessionsAttended: 8, maxUnexcusedAbsences: null }, sessions: inputs.sessionsOf(s.participant.id), marks: inputs.marksOf(s.participant.id), now });
    expect(progress).toMatchObject({ attended: 7, totalSessions: 10, upcomingSessions: 1 });
    expect(hoursAttended(inputs.sessionsOf(s.participant.id), inputs.marksOf(s.participant.id), null, now)).toBe("7.0");
    await db.delete(attendanceRecords).where(and(eq(attendanceRecords.sessionId, thursdays[0].id), eq(attendanceRecords.userId, s.participant.id)));
  });
});
