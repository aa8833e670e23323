/**
 * The check-in reads: the code a session's check-in screen shows now, and the session a typed
 * code opens for a participant. Codes are derived (check-in/codes.ts), so neither writes anything.
 */
import { and, eq, gte, lte, sql } from "drizzle-orm";
import { config } from "~/config.server";
import { db } from "~/db/client.server";
import { enrolments, groups, sessions } from "~/db/schema";
import { attendanceSettings } from "~/db/tables/attendance";
import type { CurrentUser } from "~/modules/auth/policy";
import { UserInputError } from "~/modules/errors";
import { findSessionForStaff } from "../queries.server";
import { CHECK_IN_CLOSES_MINUTES_AFTER, CHECK_IN_OPENS_MINUTES_BEFORE, CODE_ROTATE_MINUTES, checkInWindow, effectiveSettings, isWellFormedCode, normaliseCode } from "../rules";
import { checkCode, checkInCodeKey, shownCode } from "./codes";

const MIN = 60_000;
/** Sessions whose window closed this recently are still looked at, so their codes get "closed" rather than "not right". */
const CLOSED_LOOKBACK_MINUTES = 2 * CODE_ROTATE_MINUTES;

const codeKey = () => checkInCodeKey(config().sessionSecret);

/**
 * What a session's check-in screen shows at `now`, for staff who may run its roster: the code and
 * until when it works (none outside the window or for a cancelled session). A read: nothing is stored.
 */
export async function currentCheckInCode(user: CurrentUser, sessionId: string, now: Date) {
  const session = await findSessionForStaff(db, user, sessionId);
  const window = checkInWindow(session.startsAt);
  const shown = shownCode(codeKey(), session, now);
  return { session, window, code: shown ? { code: shown.code, expiresAt: shown.expiresAt } : null };
}

/**
 * The session a code opens, for the participant's confirmation page and the check-in itself (or a
 * clear reason why not). Only the sessions of the participant's organisation whose window is open
 * at `now` (or closed a few minutes ago) are candidates — an index range on (organisation, start),
 * never a scan of every session — and each candidate's codes are compared in constant time.
 */
export async function findCheckInTarget(user: CurrentUser, rawCode: string, now: Date) {
  const code = normaliseCode(rawCode);
  if (!isWellFormedCode(code)) throw new UserInputError("Enter the 6-character code shown in the room.", "code");
  const candidates = await db
    .select({
      sessionId: sessions.id,
      organizationId: sessions.organizationId,
      groupId: sessions.groupId,
      groupName: groups.name,
      groupKind: groups.kind,
      startsAt: sessions.startsAt,
      endsAt: sessions.endsAt,
      status: sessions.status,
      allowWalkIns: attendanceSettings.allowWalkIns,
      absenceAlertAfter: attendanceSettings.absenceAlertAfter,
      lateAfterMinutes: attendanceSettings.lateAfterMinutes,
      enrolled: sql<boolean>`exists (select 1 from ${enrolments} where ${enrolments.groupId} = ${groups.id} and ${enrolments.userId} = ${user.id} and ${enrolments.status} = 'enrolled')`,
    })
    .from(sessions)
    .innerJoin(groups, eq(groups.id, sessions.groupId))
    .leftJoin(attendanceSettings, eq(attendanceSettings.groupId, groups.id))
    .where(
      and(
        eq(sessions.organizationId, user.organizationId),
        gte(sessions.startsAt, new Date(now.getTime() - (CHECK_IN_CLOSES_MINUTES_AFTER + CLOSED_LOOKBACK_MINUTES) * MIN)),
        lte(sessions.startsAt, new Date(now.getTime() + CHECK_IN_OPENS_MINUTES_BEFORE * MIN)),
      ),
    );
  const key = codeKey();
  const checked = candidates.map((row) => ({ row, outcome: checkCode(key, { id: row.sessionId, startsAt: row.startsAt, status: row.status }, code, now) }));
  // A clash between two sessions' codes is a one-in-a-billion chance; should it happen, the
  // participant's own group wins.
  const accepted = checked.filter((c) => c.outcome === "accepted").sort((a, b) => Number(b.row.enrolled) - Number(a.row.enrolled));
  if (!accepted.length) {
    if (checked.some((c) => c.outcome === "expired")) throw new UserInputError("That code has expired. Use the code on the screen now.", "code");
    if (checked.some((c) => c.outcome === "closed")) throw new UserInputError("Check-in for this session is closed.", "code");
    throw new UserInputError("That code is not right, or it has expired. Check the code on the screen in the room now.", "code");
  }
  const { row } = accepted[0];
  const settings = effectiveSettings(
    row.groupKind,
    row.allowWalkIns === null ? null : { allowWalkIns: row.allowWalkIns, absenceAlertAfter: row.absenceAlertAfter!, lateAfterMinutes: row.lateAfterMinutes! },
  );
  if (!row.enrolled && !settings.allowWalkIns) {
    throw new UserInputError("This code is for a session of a group you are not enrolled in.", "code");
  }
  return { ...row, code, settings };
}
