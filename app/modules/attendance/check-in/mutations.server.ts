/** The participant's side of attendance: self check-in with a code, and apologies in advance. */
import { and, eq } from "drizzle-orm";
import { db, type Executor } from "~/db/client.server";
import { enrolments, sessions } from "~/db/schema";
import { attendanceRecords } from "~/db/tables/attendance";
import { audit } from "~/modules/audit/mutations.server";
import type { CurrentUser } from "~/modules/auth/policy";
import { consumeRateLimit, returnRateLimitEvent } from "~/modules/auth/rate-limits.server";
import { forbidden, notFound, UserInputError } from "~/modules/errors";
import { canSelfCheckIn, canSendApology } from "../policy";
import { attendanceSubject } from "../queries.server";
import { findCheckInTarget } from "./queries.server";
import { arrivalStatus, canApologise, checkInReplaces } from "../rules";
import { type SessionRef, lockRecord, snapshot, writeMark } from "../roster/mutations.server";

/**
 * The session a typed or scanned code opens, for a participant who has not used up their wrong
 * codes (10 an hour, counted per person, refusals only: a code is 30 bits, so nobody guesses one
 * and marks themselves present from home). Every try is counted before the code is checked, and a
 * right code gives its count back, so the QR page a participant opens leaves no row behind.
 */
export async function lookUpCheckInCode(user: CurrentUser, rawCode: string, now: Date) {
  // Counted before it is tried (under the limiter's lock), so parallel guesses cannot get past
  // the limit while they are being checked; a right code gives its count back.
  const attempt = await consumeRateLimit("check-in-code", user.id, now);
  if (!attempt.ok) throw new UserInputError(`${attempt.message} Ask your facilitator to mark you present.`, "code");
  const target = await findCheckInTarget(user, rawCode, now);
  await returnRateLimitEvent(attempt.eventId);
  return target;
}

/**
 * A signed-in participant checks in with a code: present, or late past the group's threshold. The
 * code must be the current or the previous one of an open session of their organisation.
 */
export async function selfCheckIn(user: CurrentUser, rawCode: string, now: Date) {
  if (!canSelfCheckIn(user)) forbidden("Only participants check in with a code.");
  const target = await lookUpCheckInCode(user, rawCode, now);
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
  if (!canSendApology(user)) forbidden("Only participants send apologies.");
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
  if (!canSendApology(user)) forbidden("Only participants send apologies.");
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
