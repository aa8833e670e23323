/** Attendance on the roster: one tap, the details form, everyone at once, a paper sheet typed in, held or cancelled. Every change is one audited row write (`writeMark`), shared with check-in and walk-ins. */
import { and, eq, sql } from "drizzle-orm";
import { DateTime } from "luxon";
import { db, type Executor } from "~/db/client.server";
import { sessions } from "~/db/schema";
import { attendanceRecords } from "~/db/tables/attendance";
import { audit } from "~/modules/audit/mutations.server";
import type { CurrentUser } from "~/modules/auth/policy";
import { cancelSession } from "~/modules/groups/mutations.server";
import { parseClock, wallTimeToEpoch } from "~/modules/time/zoned";
import { UserInputError } from "~/modules/errors";
import { attendanceSubject, findSessionForStaff, type StaffSession } from "../queries.server";
import { rosterRows } from "./queries.server";
import { canMarkHeld, canRecordAttendance, isCorrection, statusWithArrival, tapTime, timesForStatus, type AttendanceStatus } from "../rules";

type Source = "roster" | "paper" | "self_check_in" | "apology";
export type SessionRef = { id: string; groupId: string; organizationId: string; startsAt: Date; endsAt: Date };
type Patch = {
  status: AttendanceStatus;
  arrivedAt?: Date | null;
  leftAt?: Date | null;
  note?: string;
  apologyReason?: string;
  walkIn?: boolean;
};
type Snapshot = { status: AttendanceStatus; arrivedAt: Date | null; leftAt: Date | null; note: string; apologyReason: string; walkIn: boolean };

export const snapshot = (r: Snapshot) => ({
  status: r.status,
  arrivedAt: r.arrivedAt ? r.arrivedAt.toISOString() : null,
  leftAt: r.leftAt ? r.leftAt.toISOString() : null,
  note: r.note,
  apologyReason: r.apologyReason,
  walkIn: r.walkIn,
});

export async function lockRecord(tx: Executor, sessionId: string, userId: string) {
  const [row] = await tx
    .select({
      id: attendanceRecords.id,
      status: attendanceRecords.status,
      arrivedAt: attendanceRecords.arrivedAt,
      leftAt: attendanceRecords.leftAt,
      note: attendanceRecords.note,
      apologyReason: attendanceRecords.apologyReason,
      walkIn: attendanceRecords.walkIn,
      source: attendanceRecords.source,
      updatedAt: attendanceRecords.updatedAt,
    })
    .from(attendanceRecords)
    .where(and(eq(attendanceRecords.sessionId, sessionId), eq(attendanceRecords.userId, userId)))
    .for("update");
  return row ?? null;
}

/**
 * The one write path for a mark: the person's row for the session is locked (or created), the
 * patch applied, and an audit event with before and after written — only when something changed,
 * so the same submission twice leaves one row and one audit event. Concurrent writers of one row
 * queue on its lock; the last to commit wins and every audit event's "before" is the previous "after".
 */
export async function writeMark(
  tx: Executor,
  input: {
    session: SessionRef;
    userId: string;
    actorId: string;
    source: Source;
    now: Date;
    reason?: string;
    action?: "attendance.walk_in" | "attendance.check_in" | "attendance.apology";
    onlyIfUnmarked?: boolean;
    /**
     * A tap that waited in a phone's queue (dated `now`, when it was tapped) is not applied over a
     * row someone changed after that moment: the later mark stands (LATER_MARK_STANDS).
     */
    refuseIfChangedSinceTap?: boolean;
    /** Decides the patch from the current row (e.g. check-in keeps an earlier "present"). */
    patch: (existing: Snapshot | null) => Patch | null;
  },
): Promise<{ changed: boolean; status: AttendanceStatus | null }> {
  const { session, userId, now } = input;
  const action = input.action ?? (isCorrection(now, session) ? "attendance.correct" : "attendance.mark");
  let existing = await lockRecord(tx, session.id, userId);
  if (!existing) {
    const patch = input.patch(null);
    if (!patch) return { changed: false, status: null };
    const values = {
      status: patch.status,
      arrivedAt: patch.arrivedAt ?? null,
      leftAt: patch.leftAt ?? null,
      note: patch.note ?? "",
      apologyReason: patch.apologyReason ?? "",
      walkIn: patch.walkIn ?? false,
    };
    const inserted = await tx
      .insert(attendanceRecords)
      .values({
        ...values,
        organizationId: session.organizationId,
        sessionId: session.id,
        groupId: session.groupId,
        userId,
        source: input.source,
        recordedBy: input.actorId,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing({ target: [attendanceRecords.sessionId, attendanceRecords.userId] })
      .returning({ id: attendanceRecords.id });
    if (inserted.length) {
      await audit(tx, {
        organizationId: session.organizationId,
        actorId: input.actorId,
        action,
        subjectType: "attendance",
        subjectId: attendanceSubject(session.id, userId),
        before: null,
        after: { ...snapshot(values), source: input.source },
        reason: input.reason ?? "",
      });
      return { changed: true, status: values.status };
    }
    // Someone else created the row between our read and insert: lock it and apply on top.
    existing = await lockRecord(tx, session.id, userId);
    if (!existing) throw new Error("attendance row vanished while locked");
  }
  if (input.onlyIfUnmarked) return { changed: false, status: existing.status };
  if (input.refuseIfChangedSinceTap && existing.updatedAt.getTime() > now.getTime()) throw new UserInputError(LATER_MARK_STANDS, "status");
  const patch = input.patch(existing);
  if (!patch) return { changed: false, status: existing.status };
  const next: Snapshot = {
    status: patch.status,
    arrivedAt: patch.arrivedAt !== undefined ? patch.arrivedAt : existing.arrivedAt,
    leftAt: patch.leftAt !== undefined ? patch.leftAt : existing.leftAt,
    note: patch.note ?? existing.note,
    apologyReason: patch.apologyReason ?? existing.apologyReason,
    walkIn: patch.walkIn ?? existing.walkIn,
  };
  const before = snapshot(existing);
  const after = snapshot(next);
  if (JSON.stringify(before) === JSON.stringify(after)) return { changed: false, status: existing.status };
  await tx
    .update(attendanceRecords)
    .set({ ...next, source: input.source, recordedBy: input.actorId, updatedAt: now })
    .where(eq(attendanceRecords.id, existing.id));
  await audit(tx, {
    organizationId: session.organizationId,
    actorId: input.actorId,
    action,
    subjectType: "attendance",
    subjectId: attendanceSubject(session.id, userId),
    before: { ...before, source: existing.source },
    after: { ...after, source: input.source },
    reason: input.reason ?? "",
  });
  return { changed: true, status: next.status };
}

export const LATER_MARK_STANDS = "Not saved: this person's mark was changed after your tap, and the later mark stands. Tap again if it needs changing.";

/** Recording attendance on a session that has started means it took place: scheduled → held. */
export async function holdIfStarted(tx: Executor, session: StaffSession, user: CurrentUser, now: Date) {
  if (session.status !== "scheduled" || now.getTime() < session.startsAt.getTime()) return;
  const updated = await tx
    .update(sessions)
    .set({ status: "held", updatedAt: now })
    .where(and(eq(sessions.id, session.id), eq(sessions.status, "scheduled")))
    .returning({ id: sessions.id });
  if (updated.length) await auditSessionHeld(tx, { organizationId: session.organizationId, sessionId: session.id, actorId: user.id, reason: "attendance recorded" });
}

/** The audit record of a session that turned from scheduled to held (by a mark, or by the worker: no actor). */
export async function auditSessionHeld(tx: Executor, held: { organizationId: string; sessionId: string; actorId: string | null; reason: string }) {
  await audit(tx, {
    organizationId: held.organizationId,
    actorId: held.actorId,
    action: "session.held",
    subjectType: "session",
    subjectId: held.sessionId,
    before: { status: "scheduled" },
    after: { status: "held" },
    reason: held.reason,
  });
}

export function assertMarkable(session: StaffSession, now: Date) {
  if (session.status === "cancelled") throw new UserInputError("This session was cancelled; there is no attendance to record.");
  if (!canRecordAttendance(now, session)) {
    throw new UserInputError("Attendance can be recorded from 15 minutes before the session starts.");
  }
}

/** On the roster: enrolled in the group, or already marked for this session (a walk-in). */
async function assertOnRoster(tx: Executor, session: StaffSession, userId: string) {
  const [row] = await tx.execute<{
    on_roster: boolean;
  }>(sql`
    select exists (select 1 from enrolments where group_id = ${session.groupId} and user_id = ${userId} and status = 'enrolled')
        or exists (select 1 from attendance_records where session_id = ${session.id} and user_id = ${userId}) as on_roster`);
  if (!row?.on_roster) throw new UserInputError("This person is not on the roster of this session.", "userId");
}

/** How far from a session an arrival or leaving time may be: from 2 hours before it starts to 1 hour after it ends. */
export const CLOCK_BEFORE_START_MS = 2 * 3_600_000;
export const CLOCK_AFTER_END_MS = 3_600_000;
export const CLOCK_OUTSIDE_SESSION =
  "That time is not during this session. Enter a time from 2 hours before it starts to 1 hour after it ends, with AM or PM if you use them (for example 7:05 PM or 19:05).";

/**
 * A typed time (its "HH:MM" readings, readClockReadings) as the instant during the session it
 * means: of each reading on the session's day and the days either side (a session past midnight),
 * the instant nearest the session. Refused (UserInputError on `field`) when even that lies more
 * than 2 hours before the start or 1 hour after the end: "7:05" typed for a 7 PM session is 7:05 PM,
 * while "7:05 AM" for it is refused instead of being saved as the next morning.
 */
export function clockOnSessionDay(session: { startsAt: Date; endsAt: Date; timezone: string }, clock: string, field = "arrivedAt"): Date | null {
  if (clock === "") return null;
  const start = session.startsAt.getTime();
  const end = session.endsAt.getTime();
  const day = DateTime.fromJSDate(session.startsAt, { zone: session.timezone });
  const distance = (at: number) => (at < start ? start - at : at > end ? at - end : 0);
  let best: number | null = null;
  for (const reading of clock.split("|")) {
    const minutes = parseClock(reading);
    if (minutes === null) {
      const label = field === "leftAt" ? "time they left" : "arrival time";
      throw new UserInputError(`Enter the ${label} as a time of day, for example 6:05 PM or 18:05, or leave it empty.`, field);
    }
    for (const offset of [-1, 0, 1]) {
      const d = day.plus({ days: offset });
      const at = wallTimeToEpoch(session.timezone, d.year, d.month, d.day, minutes);
      if (best === null || distance(at) < distance(best)) best = at;
    }
  }
  if (best === null || best < start - CLOCK_BEFORE_START_MS || best > end + CLOCK_AFTER_END_MS) throw new UserInputError(CLOCK_OUTSIDE_SESSION, field);
  return new Date(best);
}

/** One tap on the roster: this person's status for the session. */
/**
 * One roster tap. `ageMs` (from a browser that kept the tap while offline) dates the tap back, so
 * the arrival time and "mark or correction" follow when it happened; who may mark is decided now.
 */
export async function markAttendance(
  user: CurrentUser,
  sessionId: string,
  input: { userId: string; status: AttendanceStatus; ageMs?: number },
  now = new Date(),
) {
  const tapped = tapTime(input.ageMs, now);
  if (!tapped.ok) throw new UserInputError(tapped.message, "status");
  const at = tapped.at;
  return db.transaction(async (tx) => {
    const session = await findSessionForStaff(tx, user, sessionId);
    assertMarkable(session, now);
    await assertOnRoster(tx, session, input.userId);
    await holdIfStarted(tx, session, user, now);
    return writeMark(tx, {
      session,
      userId: input.userId,
      actorId: user.id,
      source: "roster",
      now: at,
      // Only a tap that waited (ageMs): an instant tap is the newest word whatever an instance's clock says.
      refuseIfChangedSinceTap: (input.ageMs ?? 0) > 0,
      patch: (existing) => ({ status: input.status, ...timesForStatus(input.status, at, session, existing && existing.status !== "absent" && existing.status !== "excused" ? existing : null) }),
    });
  });
}

/** The details form of one row: status, times, private note, and a reason for a correction. */
export async function saveAttendanceDetails(
  user: CurrentUser,
  sessionId: string,
  input: { userId: string; status: AttendanceStatus; arrivedAt: string; leftAt: string; note: string; reason: string },
  now = new Date(),
) {
  return db.transaction(async (tx) => {
    const session = await findSessionForStaff(tx, user, sessionId);
    assertMarkable(session, now);
    await assertOnRoster(tx, session, input.userId);
    const attended = input.status !== "absent" && input.status !== "excused";
    const arrivedAt = attended ? clockOnSessionDay(session, input.arrivedAt, "arrivedAt") : null;
    const leftAt = input.status === "left_early" ? clockOnSessionDay(session, input.leftAt, "leftAt") : null;
    if (arrivedAt && leftAt && leftAt.getTime() < arrivedAt.getTime()) {
      throw new UserInputError("The time they left is before the time they arrived.", "leftAt");
    }
    await holdIfStarted(tx, session, user, now);
    return writeMark(tx, {
      session,
      userId: input.userId,
      actorId: user.id,
      source: "roster",
      now,
      reason: input.reason,
      patch: () => ({
        status: statusWithArrival(input.status, arrivedAt, session.startsAt, session.settings.lateAfterMinutes),
        arrivedAt,
        leftAt,
        note: input.note,
      }),
    });
  });
}

/**
 * Everyone on the roster without a mark becomes `status` (present, or absent at the end); marks
 * already made stay. "Absent" leaves out people whose enrolment started after the session's day
 * (`joinedLater`): the session was before they joined, so an absence would lower their rate, count
 * towards absence alerts and pull the session into their completion count. They can still be
 * marked one by one (a paper sheet typed in later). `joinedLater` is how many were left out.
 */
export async function markEveryoneUnmarked(user: CurrentUser, sessionId: string, status: "present" | "absent", now = new Date()) {
  return db.transaction(async (tx) => {
    const session = await findSessionForStaff(tx, user, sessionId);
    assertMarkable(session, now);
    await holdIfStarted(tx, session, user, now);
    const rows = await rosterRows(tx, session);
    let changed = 0;
    let joinedLater = 0;
    for (const row of rows) {
      if (row.status !== null) continue;
      if (status === "absent" && row.joinedLater) {
        joinedLater++;
        continue;
      }
      const result = await writeMark(tx, {
        session,
        userId: row.userId,
        actorId: user.id,
        source: "roster",
        now,
        onlyIfUnmarked: true,
        patch: () => ({ status, ...timesForStatus(status, now, session, null) }),
      });
      if (result.changed) changed++;
    }
    return { changed, joinedLater };
  });
}

/** A paper sheet typed in afterwards: one transaction for the whole sheet, each change audited. */
export async function recordPaperSheet(
  user: CurrentUser,
  sessionId: string,
  input: { reason: string; marks: { userId: string; status: AttendanceStatus; arrivedAt: string }[] },
  now = new Date(),
) {
  return db.transaction(async (tx) => {
    const session = await findSessionForStaff(tx, user, sessionId);
    assertMarkable(session, now);
    const onRoster = new Set((await rosterRows(tx, session)).map((r) => r.userId));
    const stranger = input.marks.find((m) => !onRoster.has(m.userId));
    if (stranger) throw new UserInputError("The sheet names someone who is not on this roster; reload the page and try again.");
    await holdIfStarted(tx, session, user, now);
    let changed = 0;
    for (const mark of input.marks) {
      const attended = mark.status !== "absent" && mark.status !== "excused";
      const arrivedAt = attended ? clockOnSessionDay(session, mark.arrivedAt, `arrivedAt.${mark.userId}`) : null;
      const result = await writeMark(tx, {
        session,
        userId: mark.userId,
        actorId: user.id,
        source: "paper",
        now,
        reason: input.reason || "entered from the paper sheet",
        patch: (existing) => ({
          status: statusWithArrival(mark.status, arrivedAt, session.startsAt, session.settings.lateAfterMinutes),
          arrivedAt: attended ? (arrivedAt ?? existing?.arrivedAt ?? null) : null,
          leftAt: mark.status === "left_early" ? (existing?.leftAt ?? null) : null,
        }),
      });
      if (result.changed) changed++;
    }
    return { changed };
  });
}

/** The facilitator confirms the session took place. */
export async function markSessionHeld(user: CurrentUser, sessionId: string, now = new Date()) {
  await db.transaction(async (tx) => {
    const session = await findSessionForStaff(tx, user, sessionId);
    if (session.status === "held") return;
    if (!canMarkHeld(now, session)) {
      throw new UserInputError(
        session.status === "cancelled" ? "This session was cancelled." : "A session can be marked held once it has started.",
      );
    }
    await holdIfStarted(tx, session, user, now);
  });
}

/** Cancelling from the roster: the same change (and emails) as the manager's session page, after the roster check. */
export async function cancelFromRoster(user: CurrentUser, sessionId: string, input: { reason: string; baseUrl: string }) {
  await findSessionForStaff(db, user, sessionId);
  await cancelSession(user, sessionId, input);
}
