import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { enrolments, sessions } from "~/db/schema";
import { absenceAlerts, attendanceRecords } from "~/db/tables/attendance";
import { raiseAbsenceAlerts } from "~/modules/attendance/jobs.server";
import { markAttendance } from "~/modules/attendance/roster/mutations.server";
import { addParticipant, createGroup, createSessionAt, minutes, setAttendanceSettings, withdraw } from "../../factories/attendance";
import { createOrgScenario, type Person, type Scenario } from "../../factories/scenario";

/**
 * The absence-alert job costs what changed (issue 20): triggers queue the people whose absence
 * runs may have changed, and a tick reads only those people's trailing marks. A tick with nothing
 * changed reads no attendance at all; every kind of change the rule depends on is still noticed.
 */
let s: Scenario;
const week = 7 * 24 * 60;
/** Far from the other files' dates; each test takes its own weeks. */
const BASE = new Date("2032-03-02T23:00:00Z");

const queued = async (groupId: string) =>
  (await db.execute<{ n: number }>(sql`select count(*)::int as n from absence_alert_queue where group_id = ${groupId}`))[0].n;
const alertsOf = (groupId: string, userId: string) =>
  db.select().from(absenceAlerts).where(and(eq(absenceAlerts.groupId, groupId), eq(absenceAlerts.userId, userId)));

/** A fresh group (default threshold: 2) with `count` weekly sessions from `weekOffset`, and one enrolled participant. */
async function groupWithSessions(weekOffset: number, count: number) {
  const group = await createGroup(s, { facilitatorId: s.facilitator.id, name: `Queue group ${weekOffset}` });
  const list = [];
  for (let i = 0; i < count; i++) list.push(await createSessionAt(group.id, s.org.id, minutes(BASE, (weekOffset + i) * week)));
  const person = await addParticipant(s, group.id);
  return { group, list, person };
}
const mark = (session: { id: string; startsAt: Date }, who: Person, status: "present" | "absent" | "excused", at = minutes(session.startsAt, 20)) =>
  markAttendance(s.facilitator, session.id, { userId: who.id, status }, at);

beforeAll(async () => {
  s = await createOrgScenario();
});

describe("the absence-alert job reads only what changed", () => {
  it("a tick with nothing changed evaluates nobody and reads no attendance record", async () => {
    const { group, list, person } = await groupWithSessions(0, 3);
    await mark(list[0], person, "absent");
    await mark(list[1], person, "absent");
    const now = minutes(list[1].endsAt, 10);
    const first = await raiseAbsenceAlerts(now);
    expect(first.raised).toBe(1);
    expect(first.evaluated).toBeGreaterThanOrEqual(1);
    expect(first.recordsRead).toBeGreaterThan(0);
    expect(await queued(group.id)).toBe(0);
    // Nothing changed: nobody is evaluated, no mark is read, however often the job runs.
    for (const later of [now, minutes(now, 1), minutes(now, 60)]) {
      expect(await raiseAbsenceAlerts(later)).toEqual({ raised: 0, evaluated: 0, recordsRead: 0 });
    }
    expect(await alertsOf(group.id, person.id)).toHaveLength(1);
  });

  it("marks recorded after a quiet tick raise the alert on the next tick", async () => {
    const { group, list, person } = await groupWithSessions(10, 3);
    await mark(list[0], person, "present");
    expect((await raiseAbsenceAlerts(minutes(list[0].endsAt, 10))).raised).toBe(0);
    expect(await raiseAbsenceAlerts(minutes(list[0].endsAt, 20))).toMatchObject({ evaluated: 0, recordsRead: 0 });
    await mark(list[1], person, "absent");
    await mark(list[2], person, "absent");
    const tick = await raiseAbsenceAlerts(minutes(list[2].endsAt, 10));
    expect(tick).toMatchObject({ raised: 1, evaluated: 1 });
    // Read newest first and only as far as the rule needs: the two absences and the present mark that ends the run.
    expect(tick.recordsRead).toBe(3);
    const [alert] = await alertsOf(group.id, person.id);
    expect(alert).toMatchObject({ runStartSessionId: list[1].id, lastSessionId: list[2].id, absences: 2 });
  });

  it("an absence marked before the session starts counts from its start, not before", async () => {
    const { group, list, person } = await groupWithSessions(20, 2);
    await mark(list[0], person, "absent");
    // Marking opens 15 minutes before the start: the facilitator already knows they will not come.
    await mark(list[1], person, "absent", minutes(list[1].startsAt, -10));
    expect((await raiseAbsenceAlerts(minutes(list[1].startsAt, -5))).raised).toBe(0);
    expect(await queued(group.id)).toBe(1); // still waiting for the session to start
    expect((await raiseAbsenceAlerts(minutes(list[1].startsAt, 1))).raised).toBe(1);
    expect(await queued(group.id)).toBe(0);
  });

  it("a run longer than the first read is found whole: the alert is keyed by its first absence", async () => {
    const { group, list, person } = await groupWithSessions(30, 8);
    await mark(list[0], person, "present");
    for (let i = 1; i < 8; i++) await mark(list[i], person, "absent");
    const tick = await raiseAbsenceAlerts(minutes(list[7].endsAt, 10));
    expect(tick.raised).toBe(1);
    const [alert] = await alertsOf(group.id, person.id);
    expect(alert).toMatchObject({ runStartSessionId: list[1].id, lastSessionId: list[7].id, absences: 7 });
  });

  it("cancelling the session that broke a run, a lower threshold, and a return to the group are each noticed", async () => {
    // Cancelled session: absent, present, absent → the present mark's session is cancelled → a run of two.
    const a = await groupWithSessions(40, 3);
    await mark(a.list[0], a.person, "absent");
    await mark(a.list[1], a.person, "present");
    await mark(a.list[2], a.person, "absent");
    const after = minutes(a.list[2].endsAt, 10);
    expect((await raiseAbsenceAlerts(after)).raised).toBe(0);
    await db.update(sessions).set({ status: "cancelled" }).where(eq(sessions.id, a.list[1].id));
    expect((await raiseAbsenceAlerts(minutes(after, 1))).raised).toBe(1);
    expect((await alertsOf(a.group.id, a.person.id))[0]).toMatchObject({ runStartSessionId: a.list[0].id, absences: 2 });

    // Threshold: 3 in the group's settings, two absences → none; lowered to 2 → the alert.
    const b = await groupWithSessions(50, 2);
    await setAttendanceSettings(s, b.group.id, { allowWalkIns: false, absenceAlertAfter: 3 });
    await mark(b.list[0], b.person, "absent");
    await mark(b.list[1], b.person, "absent");
    const bNow = minutes(b.list[1].endsAt, 10);
    expect((await raiseAbsenceAlerts(bNow)).raised).toBe(0);
    await setAttendanceSettings(s, b.group.id, { allowWalkIns: false, absenceAlertAfter: 2 });
    expect((await raiseAbsenceAlerts(minutes(bNow, 1))).raised).toBe(1);

    // Absent twice, withdrawn before the tick → none; enrolled again → the alert.
    const c = await groupWithSessions(60, 2);
    await mark(c.list[0], c.person, "absent");
    await mark(c.list[1], c.person, "absent");
    await withdraw(c.group.id, c.person.id);
    const cNow = minutes(c.list[1].endsAt, 10);
    expect((await raiseAbsenceAlerts(cNow)).raised).toBe(0);
    await db.update(enrolments).set({ status: "enrolled" }).where(and(eq(enrolments.groupId, c.group.id), eq(enrolments.userId, c.person.id)));
    expect((await raiseAbsenceAlerts(minutes(cNow, 1))).raised).toBe(1);
  });

  it("a deleted mark that broke a run is noticed", async () => {
    const { group, list, person } = await groupWithSessions(70, 3);
    await mark(list[0], person, "absent");
    await mark(list[1], person, "present");
    await mark(list[2], person, "absent");
    const now = minutes(list[2].endsAt, 10);
    expect((await raiseAbsenceAlerts(now)).raised).toBe(0);
    await db.delete(attendanceRecords).where(and(eq(attendanceRecords.sessionId, list[1].id), eq(attendanceRecords.userId, person.id)));
    expect((await raiseAbsenceAlerts(minutes(now, 1))).raised).toBe(1);
    expect(await alertsOf(group.id, person.id)).toHaveLength(1);
  });

  it("absences recorded more than 21 days before the tick stay without an alert, as before", async () => {
    const { group, list, person } = await groupWithSessions(80, 3);
    await mark(list[0], person, "absent");
    await mark(list[1], person, "present");
    await mark(list[2], person, "absent");
    expect((await raiseAbsenceAlerts(minutes(list[2].endsAt, 10))).raised).toBe(0);
    // Six weeks later the session with the present mark is cancelled: the absences are old news.
    await db.update(sessions).set({ status: "cancelled" }).where(eq(sessions.id, list[1].id));
    expect((await raiseAbsenceAlerts(minutes(list[2].endsAt, 6 * week))).raised).toBe(0);
    expect(await alertsOf(group.id, person.id)).toHaveLength(0);
  });
});
