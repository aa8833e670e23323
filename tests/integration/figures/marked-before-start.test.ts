/**
 * A session whose attendance was all taken before it started. Marking and check-in open 15 minutes
 * before the start, and a mark holds a session only when it is given after the start: a session
 * where everyone was marked at the door and nobody after stayed "scheduled" for ever. /metrics then
 * called it "not yet recorded" and counted none of its marks, hours or people, while the
 * completion page (and the letters and certificates built on the same inputs) counted its marks —
 * and the missing-attendance flag never asked anyone to record it, since it had marks. Now the
 * worker holds such a session once it has started (attendance/jobs.server.ts
 * holdSessionsMarkedBeforeStart), as a mark given after the start would have.
 *
 * Counted by hand. Evening Circle (New York), May 2031, three sessions of 90 minutes at 18:00 EDT:
 * - A, Tue 6 May: Pat marked present at 17:50 and Quinn at 17:55 by the facilitator, Rae checks
 *   in with the code at 17:58; nothing after 18:00.
 * - B, Tue 13 May: Quinn sends an apology the day before; nothing else (an apology is not attendance).
 * - C, Tue 20 May: Pat marked present at 18:10 (held at once, as before).
 * The worker runs on 21 May. Dashboard for the group, May 2031: sessions 3, held 2 (A, C), not yet
 * recorded 1 (B); attended 4 (A 3, C 1), absences 0, rate 100%; unique participants 3;
 * participant-hours 4 × 1.5 = 6.0. The completion page: Pat 2, Quinn 1 (1 excused), Rae 1 —
 * 4 attendances, the dashboard's 4. B is flagged as missing its attendance; A is not.
 * Before the fix: held 1, not yet recorded 2, attended 1, unique participants 1, hours 1.5 — beside
 * the completion page's 4 attendances.
 */
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { auditEvents, sessions } from "~/db/schema";
import { completionCriteria } from "~/db/tables/completion";
import { sessionsMissingAttendance } from "~/modules/attendance/alerts/queries.server";
import { giveApology, selfCheckIn } from "~/modules/attendance/check-in/mutations.server";
import { currentCheckInCode } from "~/modules/attendance/check-in/queries.server";
import { markAttendance } from "~/modules/attendance/roster/mutations.server";
import { groupCompletionPage, hoursAttended, attendanceInputs } from "~/modules/completion/queries.server";
import { resolvePeriod } from "~/modules/metrics/definitions";
import { loadDashboard, loadRows } from "~/modules/metrics/queries.server";
import { backgroundJobs } from "~/modules/notifications/jobs.server";
import { runJobsOnce } from "~/modules/notifications/worker.server";
import { addParticipant, createGroup, createSessionAt, minutes } from "../../factories/attendance";
import { createOrgScenario, type Person, type Scenario } from "../../factories/scenario";

let s: Scenario;
let group: Awaited<ReturnType<typeof createGroup>>;
let pat: Person, quinn: Person, rae: Person;
let a: Awaited<ReturnType<typeof createSessionAt>>, b: typeof a, c: typeof a;
const workerRuns = new Date("2031-05-21T12:00:00Z");

const statusOf = async (id: string) => (await db.select({ status: sessions.status }).from(sessions).where(eq(sessions.id, id)))[0].status;
const heldEvents = (id: string) =>
  db.select().from(auditEvents).where(and(eq(auditEvents.action, "session.held"), eq(auditEvents.subjectType, "session"), eq(auditEvents.subjectId, id)));
const runWorker = async (at: Date) => {
  const ran = await runJobsOnce(backgroundJobs(), at, 5_000);
  // A job that failed is left out of `ran` (the worker logs it and goes on): every job ran.
  expect(ran).toEqual(backgroundJobs().map((j) => j.name));
};

beforeAll(async () => {
  s = await createOrgScenario();
  group = await createGroup(s, { facilitatorId: s.facilitator.id, name: "Evening Circle" });
  [pat, quinn, rae] = await Promise.all(["Pat Early", "Quinn Early", "Rae Early"].map((name) => addParticipant(s, group.id, { name })));
  await db.insert(completionCriteria).values({ organizationId: s.org.id, groupId: group.id, minSessionsAttended: 2, maxUnexcusedAbsences: null });
  // 18:00 EDT = 22:00 UTC.
  [a, b, c] = await Promise.all(
    ["2031-05-06T22:00:00Z", "2031-05-13T22:00:00Z", "2031-05-20T22:00:00Z"].map((at) => createSessionAt(group.id, s.org.id, new Date(at), { minutes: 90 })),
  );
  // A: everyone marked at the door, before the start.
  await markAttendance(s.facilitator, a.id, { userId: pat.id, status: "present" }, minutes(a.startsAt, -10));
  await markAttendance(s.facilitator, a.id, { userId: quinn.id, status: "present" }, minutes(a.startsAt, -5));
  const code = await currentCheckInCode(s.facilitator, a.id, minutes(a.startsAt, -3));
  expect(await selfCheckIn(rae, code.code!.code, minutes(a.startsAt, -2))).toMatchObject({ status: "present", changed: true });
  // B: only an apology, the day before.
  await giveApology(quinn, b.id, "Working late", minutes(b.startsAt, -24 * 60));
  // C: marked after the start.
  await markAttendance(s.facilitator, c.id, { userId: pat.id, status: "present" }, minutes(c.startsAt, 10));
});

describe("a session whose attendance was taken before it started", () => {
  it("stays scheduled until it starts (it can still be cancelled), then the worker holds it, once", async () => {
    expect(await statusOf(a.id)).toBe("scheduled");
    expect(await statusOf(c.id)).toBe("held");
    await runWorker(minutes(a.startsAt, -1));
    expect(await statusOf(a.id)).toBe("scheduled");
    await runWorker(minutes(a.startsAt, 1));
    expect(await statusOf(a.id)).toBe("held");
    await runWorker(minutes(a.startsAt, 2));
    expect(await heldEvents(a.id)).toEqual([
      expect.objectContaining({ actorUserId: null, before: { status: "scheduled" }, after: { status: "held" }, reason: "attendance recorded before the start" }),
    ]);
    // An apology is not attendance: B is not held by it.
    await runWorker(workerRuns);
    expect(await statusOf(b.id)).toBe("scheduled");
    expect(await heldEvents(b.id)).toEqual([]);
  });

  it("is counted by the dashboard as the completion page counts it", async () => {
    const period = resolvePeriod("2031-05", {}, "2031-05-21")!;
    const filters = { programId: null, groupId: group.id, facilitatorId: null, period, by: "month" as const };
    const dashboard = await loadDashboard(s.manager, filters, workerRuns);
    expect(dashboard.summary).toMatchObject({
      sessions_total: 3,
      sessions_held: 2,
      sessions_cancelled: 0,
      sessions_to_come: 0,
      sessions_unrecorded: 1,
      attendance_rate: 1,
      unique_participants: 3,
      participant_hours: 6,
    });
    expect(dashboard.summary.details.attendance_rate).toMatch(/^4 attended of 4;/);

    const page = await groupCompletionPage(s.manager, group.id, workerRuns);
    const progress = Object.fromEntries(page.people.map((p) => [p.name, p.progress && { attended: p.progress.attended, excused: p.progress.excused, total: p.progress.totalSessions }]));
    expect(progress).toEqual({
      "Pat Early": { attended: 2, excused: 0, total: 3 },
      "Quinn Early": { attended: 1, excused: 1, total: 3 },
      "Rae Early": { attended: 1, excused: 0, total: 3 },
    });

    // Person by person, the rows behind "Unique participants" give the hours a certificate states.
    const rows = await loadRows(s.manager, filters, "unique_participants", workerRuns);
    expect(rows.rows).toEqual([
      ["Pat Early", 2, 3],
      ["Quinn Early", 1, 1.5],
      ["Rae Early", 1, 1.5],
    ]);
    const inputs = await attendanceInputs(db, group.id, [pat.id]);
    expect(hoursAttended(inputs.sessionsOf(pat.id), inputs.marksOf(pat.id), null, workerRuns)).toBe("3.0");
  });

  it("is not flagged as missing its attendance; the session with only an apology is", async () => {
    const missing = (await sessionsMissingAttendance(db, workerRuns, { organizationId: s.org.id })).map((m) => m.id);
    expect(missing).toContain(b.id);
    expect(missing).not.toContain(a.id);
    expect(missing).not.toContain(c.id);
  });
});
