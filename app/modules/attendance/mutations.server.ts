import { appUrl } from "~/config.server";
import { randomBytes, randomUUID } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import { attendanceAbsenceAlertEmail } from "~emails/attendance-absence-alert";
import { hasConsent } from "~/modules/consent/queries.server";
import { attendanceMissingEmail } from "~emails/attendance-missing";
import { DateTime } from "luxon";
import { db, type Executor } from "~/db/client.server";
import { emailOutbox, enrolments, groupFacilitators, groups, memberships, sessions, users } from "~/db/schema";
import { absenceAlerts, attendanceRecords, attendanceSettings, checkInCodes } from "~/db/tables/attendance";
import { audit } from "~/modules/audit/mutations.server";
import type { CurrentUser } from "~/modules/auth/policy";
import { cancelSession } from "~/modules/groups/mutations.server";
import { enqueueEmail } from "~/modules/notifications/mutations.server";
import { dateStyleOf, formatInZone, parseClock, wallTimeToEpoch } from "~/modules/time/zoned";
import { forbidden, notFound, UserInputError } from "~/web/http.server";
import { canEditAttendanceSettings, canRunRoster } from "./policy";
import { emailHint, sameNameKey, WALK_IN_EMAIL_DOMAIN } from "./walk-ins";
import {
  attendanceSubject,
  findSessionForStaff,
  latestCheckInCode,
  rosterRows,
  sessionsMissingAttendance,
  type StaffSession,
} from "./queries.server";
import {
  absenceAlertDue,
  arrivalStatus,
  canApologise,
  canMarkHeld,
  canRecordAttendance,
  checkInReplaces,
  checkInWindow,
  codeExpiry,
  codeFromBytes,
  effectiveSettings,
  isCheckInOpen,
  isCorrection,
  isWellFormedCode,
  needsNewCode,
  normaliseCode,
  statusWithArrival,
  tapTime,
  timesForStatus,
  type AttendanceStatus,
} from "./rules";

type Source = "roster" | "paper" | "self_check_in" | "apology";
type SessionRef = { id: string; groupId: string; organizationId: string; startsAt: Date; endsAt: Date };
type Patch = {
  status: AttendanceStatus;
  arrivedAt?: Date | null;
  leftAt?: Date | null;
  note?: string;
  apologyReason?: string;
  walkIn?: boolean;
};
type Snapshot = { status: AttendanceStatus; arrivedAt: Date | null; leftAt: Date | null; note: string; apologyReason: string; walkIn: boolean };

const snapshot = (r: Snapshot) => ({
  status: r.status,
  arrivedAt: r.arrivedAt ? r.arrivedAt.toISOString() : null,
  leftAt: r.leftAt ? r.leftAt.toISOString() : null,
  note: r.note,
  apologyReason: r.apologyReason,
  walkIn: r.walkIn,
});

async function lockRecord(tx: Executor, sessionId: string, userId: string) {
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
async function writeMark(
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

/** Recording attendance on a session that has started means it took place: scheduled → held. */
async function holdIfStarted(tx: Executor, session: StaffSession, user: CurrentUser, now: Date) {
  if (session.status !== "scheduled" || now.getTime() < session.startsAt.getTime()) return;
  const updated = await tx
    .update(sessions)
    .set({ status: "held", updatedAt: now })
    .where(and(eq(sessions.id, session.id), eq(sessions.status, "scheduled")))
    .returning({ id: sessions.id });
  if (updated.length) {
    await audit(tx, {
      organizationId: session.organizationId,
      actorId: user.id,
      action: "session.held",
      subjectType: "session",
      subjectId: session.id,
      before: { status: "scheduled" },
      after: { status: "held" },
      reason: "attendance recorded",
    });
  }
}

function assertMarkable(session: StaffSession, now: Date) {
  if (session.status === "cancelled") throw new UserInputError("This session was cancelled; there is no attendance to record.");
  if (!canRecordAttendance(now, session)) {
    throw new UserInputError("Attendance can be recorded from 15 minutes before the session starts.");
  }
}

/** On the roster: enrolled in the group, or already marked for this session (a walk-in). */
async function assertOnRoster(tx: Executor, session: StaffSession, userId: string) {
  const [row] = (await tx.execute(sql`
    select exists (select 1 from enrolments where group_id = ${session.groupId} and user_id = ${userId} and status = 'enrolled')
        or exists (select 1 from attendance_records where session_id = ${session.id} and user_id = ${userId}) as on_roster`)) as unknown as {
    on_roster: boolean;
  }[];
  if (!row?.on_roster) throw new UserInputError("This person is not on the roster of this session.", "userId");
}

/** Local "HH:MM" on the session's day in the group's zone, as an instant near the session. */
export function clockOnSessionDay(session: { startsAt: Date; timezone: string }, clock: string): Date | null {
  if (clock === "") return null;
  const minutes = parseClock(clock)!;
  const day = DateTime.fromJSDate(session.startsAt, { zone: session.timezone });
  let at = wallTimeToEpoch(session.timezone, day.year, day.month, day.day, minutes);
  // A session running past midnight: "00:30" means the next morning.
  if (at < session.startsAt.getTime() - 6 * 3_600_000) {
    const next = day.plus({ days: 1 });
    at = wallTimeToEpoch(session.timezone, next.year, next.month, next.day, minutes);
  }
  return new Date(at);
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
    const arrivedAt = attended ? clockOnSessionDay(session, input.arrivedAt) : null;
    const leftAt = input.status === "left_early" ? clockOnSessionDay(session, input.leftAt) : null;
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

/** Everyone on the roster without a mark becomes `status` (present, or absent at the end); marks already made stay. */
export async function markEveryoneUnmarked(user: CurrentUser, sessionId: string, status: "present" | "absent", now = new Date()) {
  return db.transaction(async (tx) => {
    const session = await findSessionForStaff(tx, user, sessionId);
    assertMarkable(session, now);
    await holdIfStarted(tx, session, user, now);
    const rows = await rosterRows(tx, session);
    let changed = 0;
    for (const row of rows) {
      if (row.status !== null) continue;
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
    return { changed };
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
      const arrivedAt = attended ? clockOnSessionDay(session, mark.arrivedAt) : null;
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

async function participantMember(tx: Executor, organizationId: string, userId: string) {
  const [row] = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.userId, userId), eq(memberships.role, "participant")));
  return Boolean(row);
}

export { WALK_IN_EMAIL_DOMAIN };

export type Namesake = { userId: string; name: string; emailHint: string; onRoster: boolean };

/** A new walk-in has the name of a participant already in the organisation: the roster suggests them instead. */
export class NamesakeError extends UserInputError {
  constructor(
    name: string,
    public namesakes: Namesake[],
  ) {
    super(
      `${namesakes.length === 1 ? "A participant" : `${namesakes.length} participants`} called “${name}” already ${namesakes.length === 1 ? "has" : "have"} a record. Add the existing person below, or tick “This is a different person” to add someone new.`,
      "name",
    );
  }
}

/** Participants of the organisation whose name is the same, ignoring case and spacing. */
async function findNamesakes(tx: Executor, organizationId: string, sessionId: string, name: string): Promise<Namesake[]> {
  const rows = await tx
    .select({
      userId: users.id,
      name: users.name,
      email: users.email,
      onRoster: sql<boolean>`exists (select 1 from ${attendanceRecords} where ${attendanceRecords.sessionId} = ${sessionId} and ${attendanceRecords.userId} = ${users.id})`,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(memberships.organizationId, organizationId),
        eq(memberships.role, "participant"),
        sql`lower(regexp_replace(btrim(${users.name}), '\\s+', ' ', 'g')) = ${sameNameKey(name)}`,
      ),
    )
    .orderBy(users.createdAt)
    .limit(5);
  return rows.map((r) => ({ userId: r.userId, name: r.name, emailHint: emailHint(r.email), onRoster: r.onRoster }));
}

/**
 * Adds someone who is not enrolled: an existing participant, or a new person with minimal details.
 * A new person with the name of an existing participant is not created unless the facilitator
 * says it is a different person (`differentPerson`): a `NamesakeError` lists who to add instead.
 */
export async function addWalkIn(
  user: CurrentUser,
  sessionId: string,
  input: { userId: string } | { name: string; email: string; differentPerson?: boolean },
  now = new Date(),
) {
  return db.transaction(async (tx) => {
    const session = await findSessionForStaff(tx, user, sessionId);
    assertMarkable(session, now);
    if (!session.settings.allowWalkIns) {
      throw new UserInputError("Walk-ins are not allowed in this group. A manager can allow them in the group's attendance settings.");
    }
    let personId: string;
    if ("userId" in input) {
      if (!(await participantMember(tx, session.organizationId, input.userId))) {
        throw new UserInputError("Choose a participant of your organisation.", "userId");
      }
      personId = input.userId;
    } else {
      const email = input.email || `walk-in+${randomUUID()}@${WALK_IN_EMAIL_DOMAIN}`;
      const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email));
      if (!taken && !input.differentPerson) {
        const namesakes = await findNamesakes(tx, session.organizationId, session.id, input.name);
        if (namesakes.length) throw new NamesakeError(input.name, namesakes);
      }
      if (taken) {
        if (!(await participantMember(tx, session.organizationId, taken.id))) {
          throw new UserInputError("This email is already in use. Search for the person instead, or leave the email empty.", "email");
        }
        personId = taken.id;
      } else {
        const [created] = await tx
          .insert(users)
          .values({ email, name: input.name, timezone: session.timezone })
          .returning({ id: users.id });
        await tx.insert(memberships).values({ userId: created.id, organizationId: session.organizationId, role: "participant" });
        await audit(tx, {
          organizationId: session.organizationId,
          actorId: user.id,
          action: "person.create_walk_in",
          subjectType: "user",
          subjectId: created.id,
          after: { name: input.name, email: input.email || null, sessionId: session.id },
        });
        personId = created.id;
      }
    }
    const [enrolled] = await tx
      .select({ id: enrolments.id })
      .from(enrolments)
      .where(and(eq(enrolments.groupId, session.groupId), eq(enrolments.userId, personId), eq(enrolments.status, "enrolled")));
    await holdIfStarted(tx, session, user, now);
    const result = await writeMark(tx, {
      session,
      userId: personId,
      actorId: user.id,
      source: "roster",
      now,
      action: "attendance.walk_in",
      patch: (existing) =>
        existing && existing.status !== "absent" && existing.status !== "excused"
          ? null
          : { status: "present", ...timesForStatus("present", now, session, null), walkIn: !enrolled },
    });
    return { userId: personId, changed: result.changed };
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

/**
 * The code the check-in screen shows now: the newest while fresh, else a new random one. Outside
 * the check-in window there is none. Serialised per session so two screens share one code.
 */
export async function currentCheckInCode(user: CurrentUser, sessionId: string, now = new Date()) {
  const session = await findSessionForStaff(db, user, sessionId);
  const window = checkInWindow(session.startsAt);
  if (!isCheckInOpen(now, session)) return { session, window, code: null };
  const code = await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`check-in:${session.id}`}))`);
    const latest = await latestCheckInCode(tx, session.id);
    if (latest && !needsNewCode(latest, now)) return latest;
    for (let attempt = 0; attempt < 8; attempt++) {
      const candidate = codeFromBytes(randomBytes(8));
      const inserted = await tx
        .insert(checkInCodes)
        .values({
          organizationId: session.organizationId,
          sessionId: session.id,
          code: candidate,
          createdAt: now,
          expiresAt: codeExpiry(now, session.startsAt),
        })
        .onConflictDoNothing({ target: checkInCodes.code })
        .returning({ code: checkInCodes.code, createdAt: checkInCodes.createdAt, expiresAt: checkInCodes.expiresAt });
      if (inserted.length) return inserted[0];
    }
    throw new Error("could not draw a free check-in code");
  });
  return { session, window, code };
}

/** The session a code opens, for the participant's confirmation page (or a clear reason why not). */
export async function findCheckInTarget(user: CurrentUser, rawCode: string, now = new Date()) {
  const code = normaliseCode(rawCode);
  if (!isWellFormedCode(code)) throw new UserInputError("Enter the 6-character code shown in the room.", "code");
  const [row] = await db
    .select({
      sessionId: sessions.id,
      organizationId: sessions.organizationId,
      groupId: sessions.groupId,
      groupName: groups.name,
      groupKind: groups.kind,
      startsAt: sessions.startsAt,
      endsAt: sessions.endsAt,
      status: sessions.status,
      expiresAt: checkInCodes.expiresAt,
      allowWalkIns: attendanceSettings.allowWalkIns,
      absenceAlertAfter: attendanceSettings.absenceAlertAfter,
      lateAfterMinutes: attendanceSettings.lateAfterMinutes,
      enrolled: sql<boolean>`exists (select 1 from ${enrolments} where ${enrolments.groupId} = ${groups.id} and ${enrolments.userId} = ${user.id} and ${enrolments.status} = 'enrolled')`,
    })
    .from(checkInCodes)
    .innerJoin(sessions, eq(sessions.id, checkInCodes.sessionId))
    .innerJoin(groups, eq(groups.id, sessions.groupId))
    .leftJoin(attendanceSettings, eq(attendanceSettings.groupId, groups.id))
    .where(and(eq(checkInCodes.code, code), eq(checkInCodes.organizationId, user.organizationId)));
  if (!row) throw new UserInputError("That code is not right. Check the code on the screen in the room.", "code");
  if (row.expiresAt.getTime() <= now.getTime()) {
    throw new UserInputError("That code has expired. Use the code on the screen now.", "code");
  }
  if (!isCheckInOpen(now, row)) throw new UserInputError("Check-in for this session is closed.", "code");
  const settings = effectiveSettings(
    row.groupKind,
    row.allowWalkIns === null ? null : { allowWalkIns: row.allowWalkIns, absenceAlertAfter: row.absenceAlertAfter!, lateAfterMinutes: row.lateAfterMinutes! },
  );
  if (!row.enrolled && !settings.allowWalkIns) {
    throw new UserInputError("This code is for a session of a group you are not enrolled in.", "code");
  }
  return { ...row, code, settings };
}

/** A signed-in participant checks in with a code: present, or late past the group's threshold. */
export async function selfCheckIn(user: CurrentUser, rawCode: string, now = new Date()) {
  if (user.role !== "participant") forbidden("Only participants check in with a code.");
  const target = await findCheckInTarget(user, rawCode, now);
  const status = arrivalStatus(now, target.startsAt, target.settings.lateAfterMinutes);
  const session: SessionRef = {
    id: target.sessionId,
    groupId: target.groupId,
    organizationId: target.organizationId,
    startsAt: target.startsAt,
    endsAt: target.endsAt,
  };
  const result = await db.transaction(async (tx) => {
    if (target.status === "scheduled" && now.getTime() >= target.startsAt.getTime()) {
      await tx.update(sessions).set({ status: "held", updatedAt: now }).where(and(eq(sessions.id, session.id), eq(sessions.status, "scheduled")));
    }
    return writeMark(tx, {
      session,
      userId: user.id,
      actorId: user.id,
      source: "self_check_in",
      now,
      action: "attendance.check_in",
      patch: (existing) =>
        checkInReplaces(existing?.status ?? null) ? { status, arrivedAt: now, leftAt: null, walkIn: !target.enrolled } : null,
    });
  });
  return { groupName: target.groupName, sessionId: target.sessionId, status: result.status ?? status, changed: result.changed };
}

async function participantSession(tx: Executor, user: CurrentUser, sessionId: string) {
  const [row] = await tx
    .select({
      id: sessions.id,
      groupId: sessions.groupId,
      organizationId: sessions.organizationId,
      startsAt: sessions.startsAt,
      endsAt: sessions.endsAt,
      status: sessions.status,
    })
    .from(sessions)
    .innerJoin(enrolments, and(eq(enrolments.groupId, sessions.groupId), eq(enrolments.userId, user.id), eq(enrolments.status, "enrolled")))
    .where(and(eq(sessions.id, sessionId), eq(sessions.organizationId, user.organizationId)));
  if (!row) notFound("Session not found");
  return row;
}

/** An apology in advance: the participant is excused for that session; the facilitator sees the reason. */
export async function giveApology(user: CurrentUser, sessionId: string, reason: string, now = new Date()) {
  if (user.role !== "participant") forbidden("Only participants send apologies.");
  return db.transaction(async (tx) => {
    const session = await participantSession(tx, user, sessionId);
    const existing = await lockRecord(tx, session.id, user.id);
    if (!canApologise(now, session, existing?.status ?? null)) {
      throw new UserInputError(
        session.status === "cancelled"
          ? "This session is cancelled; no apology is needed."
          : "Apologies can be sent only before the session starts.",
        "sessionId",
      );
    }
    return writeMark(tx, {
      session,
      userId: user.id,
      actorId: user.id,
      source: "apology",
      now,
      action: "attendance.apology",
      reason,
      patch: () => ({ status: "excused", arrivedAt: null, leftAt: null, apologyReason: reason }),
    });
  });
}

/** Taking an apology back before the session: the mark is removed (and the removal audited). */
export async function withdrawApology(user: CurrentUser, sessionId: string, now = new Date()) {
  if (user.role !== "participant") forbidden("Only participants send apologies.");
  await db.transaction(async (tx) => {
    const session = await participantSession(tx, user, sessionId);
    const existing = await lockRecord(tx, session.id, user.id);
    if (!existing || existing.status !== "excused" || existing.source !== "apology") {
      throw new UserInputError("There is no apology to withdraw for this session.", "sessionId");
    }
    if (now.getTime() >= session.startsAt.getTime()) {
      throw new UserInputError("The session has started; ask your facilitator to change your attendance.", "sessionId");
    }
    await tx.delete(attendanceRecords).where(eq(attendanceRecords.id, existing.id));
    await audit(tx, {
      organizationId: session.organizationId,
      actorId: user.id,
      action: "attendance.apology_withdrawn",
      subjectType: "attendance",
      subjectId: attendanceSubject(session.id, user.id),
      before: snapshot(existing),
      after: null,
    });
  });
}

export async function updateAttendanceSettings(
  user: CurrentUser,
  groupId: string,
  input: { allowWalkIns: boolean; absenceAlertAfter: number; lateAfterMinutes: number },
) {
  await db.transaction(async (tx) => {
    const [group] = await tx
      .select({ id: groups.id, organizationId: groups.organizationId, kind: groups.kind })
      .from(groups)
      .where(and(eq(groups.id, groupId), eq(groups.organizationId, user.organizationId)));
    if (!group) notFound("Group not found");
    if (!canEditAttendanceSettings(user, group)) forbidden("Only managers change attendance settings.");
    const [before] = await tx.select().from(attendanceSettings).where(eq(attendanceSettings.groupId, groupId));
    await tx
      .insert(attendanceSettings)
      .values({ groupId, organizationId: user.organizationId, ...input })
      .onConflictDoUpdate({ target: attendanceSettings.groupId, set: { ...input, updatedAt: new Date() } });
    await audit(tx, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: "attendance.settings",
      subjectType: "group",
      subjectId: groupId,
      before: effectiveSettings(group.kind, before ?? null),
      after: input,
    });
  });
}

/** A facilitator (of that group) or manager closes an absence alert after following up. */
export async function dismissAbsenceAlert(user: CurrentUser, alertId: string, now = new Date()) {
  await db.transaction(async (tx) => {
    const [alert] = await tx
      .select({
        id: absenceAlerts.id,
        organizationId: absenceAlerts.organizationId,
        groupId: absenceAlerts.groupId,
        dismissedAt: absenceAlerts.dismissedAt,
        facilitatorIds: sql<string[]>`coalesce((select array_agg(gf.user_id::text) from group_facilitators gf where gf.group_id = ${absenceAlerts.groupId}), '{}')`,
      })
      .from(absenceAlerts)
      .where(and(eq(absenceAlerts.id, alertId), eq(absenceAlerts.organizationId, user.organizationId)));
    if (!alert) notFound("Alert not found");
    if (!canRunRoster(user, alert)) forbidden();
    if (alert.dismissedAt) return;
    await tx.update(absenceAlerts).set({ dismissedAt: now, dismissedBy: user.id }).where(eq(absenceAlerts.id, alertId));
    await audit(tx, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: "attendance.alert_dismissed",
      subjectType: "absence_alert",
      subjectId: alertId,
    });
  });
}


/** Records changed within this many days are looked at for new absence runs. */
const ABSENCE_SCAN_DAYS = 21;

/**
 * Periodic job: finds runs of consecutive unexcused absences that reached their group's
 * threshold and raises one alert per run (in the app, and by email to the group's facilitators,
 * or to the managers when the group has none). The unique run key and the email dedupe keys make
 * it exactly-once however often and on however many instances it runs.
 */
export async function raiseAbsenceAlerts(now: Date) {
  const since = new Date(now.getTime() - ABSENCE_SCAN_DAYS * 86_400_000);
  const rows = (await db.execute(sql`
    select r.group_id, r.user_id, r.organization_id, r.session_id, r.status, s.starts_at,
           g.kind as group_kind, st.allow_walk_ins, st.absence_alert_after, st.late_after_minutes
    from (select distinct group_id, user_id from attendance_records
          where status = 'absent' and updated_at >= ${since.toISOString()}::timestamptz) c
    join attendance_records r on r.group_id = c.group_id and r.user_id = c.user_id
    join sessions s on s.id = r.session_id and s.status <> 'cancelled' and s.starts_at <= ${now.toISOString()}::timestamptz
    join enrolments e on e.group_id = r.group_id and e.user_id = r.user_id and e.status = 'enrolled'
    join groups g on g.id = r.group_id
    left join attendance_settings st on st.group_id = r.group_id
    order by r.group_id, r.user_id, s.starts_at, s.id`)) as unknown as {
    group_id: string;
    user_id: string;
    organization_id: string;
    session_id: string;
    status: AttendanceStatus;
    group_kind: string;
    allow_walk_ins: boolean | null;
    absence_alert_after: number | null;
    late_after_minutes: number | null;
  }[];
  const people = new Map<string, typeof rows>();
  for (const row of rows) {
    const key = `${row.group_id}:${row.user_id}`;
    (people.get(key) ?? people.set(key, []).get(key)!).push(row);
  }
  let raised = 0;
  for (const records of people.values()) {
    const first = records[0];
    const settings = effectiveSettings(
      first.group_kind,
      first.allow_walk_ins === null
        ? null
        : { allowWalkIns: first.allow_walk_ins, absenceAlertAfter: first.absence_alert_after!, lateAfterMinutes: first.late_after_minutes! },
    );
    const run = absenceAlertDue(
      records.map((r) => ({ sessionId: r.session_id, status: r.status })),
      settings.absenceAlertAfter,
    );
    if (!run) continue;
    const created = await db.transaction(async (tx) => {
      const inserted = await tx
        .insert(absenceAlerts)
        .values({
          organizationId: first.organization_id,
          groupId: first.group_id,
          userId: first.user_id,
          runStartSessionId: run.startSessionId,
          lastSessionId: run.lastSessionId,
          absences: run.length,
          createdAt: now,
        })
        .onConflictDoNothing({ target: [absenceAlerts.groupId, absenceAlerts.userId, absenceAlerts.runStartSessionId] })
        .returning({ id: absenceAlerts.id });
      if (!inserted.length) return false;
      const alertId = inserted[0].id;
      const [info] = await tx
        .select({
          participantName: users.name,
          groupName: groups.name,
          lastStart: sessions.startsAt,
          contact: sql<string | null>`case when ${hasConsent("facilitator_contact", users.id, first.group_id, now)} then ${users.email} end`,
        })
        .from(users)
        .innerJoin(groups, eq(groups.id, first.group_id))
        .innerJoin(sessions, eq(sessions.id, run.lastSessionId))
        .where(eq(users.id, first.user_id));
      for (const person of await alertRecipients(tx, first.organization_id, first.group_id, { managersAlways: false })) {
        const mail = attendanceAbsenceAlertEmail({
          facilitatorName: person.name,
          participantName: info.participantName,
          groupName: info.groupName,
          absences: run.length,
          lastSession: formatInZone(info.lastStart, person.timezone, dateStyleOf(person.locale)),
          url: `${appUrl()}/attendance`,
          contact: info.contact,
        });
        await enqueueEmail(tx, {
          ...mail,
          to: person.email,
          organizationId: first.organization_id,
          dedupeKey: `attendance:absence-alert:${alertId}:${person.id}`,
        });
      }
      await audit(tx, {
        organizationId: first.organization_id,
        actorId: null,
        action: "attendance.absence_alert",
        subjectType: "absence_alert",
        subjectId: alertId,
        after: { groupId: first.group_id, userId: first.user_id, absences: run.length, runStartSessionId: run.startSessionId },
      });
      return true;
    });
    if (created) raised++;
  }
  return { raised };
}

/** The group's facilitators, and the organisation's managers (always, or only when the group has no facilitator). */
async function alertRecipients(tx: Executor, organizationId: string, groupId: string, options: { managersAlways: boolean }) {
  const facilitators = await tx
    .select({ id: users.id, name: users.name, email: users.email, timezone: users.timezone, locale: users.locale })
    .from(groupFacilitators)
    .innerJoin(users, eq(users.id, groupFacilitators.userId))
    .where(eq(groupFacilitators.groupId, groupId));
  if (facilitators.length && !options.managersAlways) return facilitators;
  const managers = await tx
    .select({ id: users.id, name: users.name, email: users.email, timezone: users.timezone, locale: users.locale })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.role, "manager")));
  const seen = new Set(facilitators.map((f) => f.id));
  return [...facilitators, ...managers.filter((m) => !seen.has(m.id))];
}

/**
 * Periodic job: a session that ended a day ago without any attendance (and was not cancelled)
 * is flagged by email to its facilitators and the organisation's managers, once per person and
 * session (dedupe keys). The in-app flag is the same query, shown until attendance is recorded.
 */
export async function flagMissingAttendance(now: Date) {
  const missing = await sessionsMissingAttendance(db, now);
  let queued = 0;
  for (const session of missing) {
    await db.transaction(async (tx) => {
      const recipients = await alertRecipients(tx, session.organizationId, session.groupId, { managersAlways: true });
      const keys = recipients.map((p) => `attendance:missing:${session.id}:${p.id}`);
      const done = new Set(
        (await tx.select({ key: emailOutbox.dedupeKey }).from(emailOutbox).where(inArray(emailOutbox.dedupeKey, keys))).map((r) => r.key),
      );
      for (const [i, person] of recipients.entries()) {
        if (done.has(keys[i])) continue;
        const mail = attendanceMissingEmail({
          name: person.name,
          groupName: session.groupName,
          when: formatInZone(session.startsAt, person.timezone, dateStyleOf(person.locale)),
          url: `${appUrl()}/sessions/${session.id}/roster`,
        });
        if (await enqueueEmail(tx, { ...mail, to: person.email, organizationId: session.organizationId, dedupeKey: keys[i] })) queued++;
      }
    });
  }
  return { sessions: missing.length, queued };
}
