/** The check-in reads: a session's current code, and the session a typed code opens for a participant. */
import { and, desc, eq, sql } from "drizzle-orm";
import { db, type Executor } from "~/db/client.server";
import { enrolments, groups, sessions } from "~/db/schema";
import { attendanceSettings, checkInCodes } from "~/db/tables/attendance";
import type { CurrentUser } from "~/modules/auth/policy";
import { UserInputError } from "~/modules/errors";
import { effectiveSettings, isCheckInOpen, isWellFormedCode, normaliseCode } from "../rules";

/** The newest code of a session, if any. */
export async function latestCheckInCode(exec: Executor, sessionId: string) {
  const [row] = await exec
    .select({ code: checkInCodes.code, createdAt: checkInCodes.createdAt, expiresAt: checkInCodes.expiresAt })
    .from(checkInCodes)
    .where(eq(checkInCodes.sessionId, sessionId))
    .orderBy(desc(checkInCodes.createdAt))
    .limit(1);
  return row ?? null;
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
