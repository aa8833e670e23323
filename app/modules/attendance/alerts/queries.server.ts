/**
 * What needs a facilitator's or manager's attention: today's sessions, open absence alerts, and
 * sessions that ended with no attendance (also read by the reminder job).
 */
import { and, asc, desc, eq, gte, inArray, isNull, lt, lte, ne, sql, type SQLWrapper } from "drizzle-orm";
import { DateTime } from "luxon";
import { db, type Executor } from "~/db/client.server";
import { enrolments, groupFacilitators, groups, sessions, users } from "~/db/schema";
import { absenceAlerts, attendanceRecords } from "~/db/tables/attendance";
import { canManage, type CurrentUser } from "~/modules/auth/policy";
import { hasConsent } from "~/modules/consent/queries.server";
import { outer } from "~/modules/groups/queries.server";
import { MISSING_ATTENDANCE_AFTER_HOURS, MISSING_ATTENDANCE_LOOKBACK_DAYS } from "../rules";

function dayBounds(now: Date, zone: string) {
  const start = DateTime.fromJSDate(now, { zone }).startOf("day");
  return { from: start.toJSDate(), to: start.plus({ days: 1 }).toJSDate() };
}

/** Groups whose rosters this person runs: the ones they lead; for managers, the whole organisation's. */
function runnableGroupsFilter(user: CurrentUser, groupIdColumn: typeof sessions.groupId | typeof absenceAlerts.groupId) {
  if (canManage(user.role)) return undefined;
  return inArray(
    groupIdColumn,
    db
      .select({ id: groupFacilitators.groupId })
      .from(groupFacilitators)
      .where(and(eq(groupFacilitators.userId, user.id), eq(groupFacilitators.organizationId, user.organizationId))),
  );
}

/** Today's sessions (in the viewer's zone) of the groups the viewer leads, or, for managers, `all` of them. */
export async function todaysSessions(user: CurrentUser, now: Date, options: { all?: boolean } = {}) {
  const { from, to } = dayBounds(now, user.timezone);
  const scope =
    options.all && canManage(user.role)
      ? undefined
      : inArray(
          sessions.groupId,
          db
            .select({ id: groupFacilitators.groupId })
            .from(groupFacilitators)
            .where(and(eq(groupFacilitators.userId, user.id), eq(groupFacilitators.organizationId, user.organizationId))),
        );
  return db
    .select({
      id: sessions.id,
      groupId: sessions.groupId,
      groupName: groups.name,
      startsAt: sessions.startsAt,
      endsAt: sessions.endsAt,
      status: sessions.status,
      marked: sql<number>`(select count(*)::int from ${attendanceRecords} where ${attendanceRecords.sessionId} = ${outer(sessions.id)})`,
    })
    .from(sessions)
    .innerJoin(groups, eq(groups.id, sessions.groupId))
    .where(and(eq(sessions.organizationId, user.organizationId), gte(sessions.startsAt, from), lt(sessions.startsAt, to), scope))
    .orderBy(asc(sessions.startsAt), asc(groups.name));
}

/**
 * Open (not dismissed) absence alerts for the groups this person runs, about people still enrolled
 * in the group: someone who withdrew or was removed is no one's to-do (and no longer anyone's
 * relationship), so their alert is not shown.
 */
export async function openAbsenceAlerts(user: CurrentUser) {
  return db
    .select({
      id: absenceAlerts.id,
      groupId: absenceAlerts.groupId,
      groupName: groups.name,
      userId: absenceAlerts.userId,
      name: users.name,
      email: sql<string>`case when ${hasConsent("facilitator_contact", absenceAlerts.userId, absenceAlerts.groupId, new Date())} then ${users.email} else '' end`,
      absences: absenceAlerts.absences,
      lastSessionId: absenceAlerts.lastSessionId,
      createdAt: absenceAlerts.createdAt,
    })
    .from(absenceAlerts)
    .innerJoin(groups, eq(groups.id, absenceAlerts.groupId))
    .innerJoin(users, eq(users.id, absenceAlerts.userId))
    .innerJoin(enrolments, and(eq(enrolments.groupId, absenceAlerts.groupId), eq(enrolments.userId, absenceAlerts.userId), eq(enrolments.status, "enrolled")))
    .where(and(eq(absenceAlerts.organizationId, user.organizationId), isNull(absenceAlerts.dismissedAt), runnableGroupsFilter(user, absenceAlerts.groupId)))
    .orderBy(desc(absenceAlerts.createdAt));
}

/**
 * That attendance was taken at session `session` (an id column or fragment): a mark other than an
 * apology. An apology sent in advance (source "apology") is the participant's word, not
 * attendance. One definition for the missing-attendance flag and for holding a session whose
 * attendance was taken before it started (jobs.server holdSessionsMarkedBeforeStart).
 */
export const attendanceTaken = (session: SQLWrapper) =>
  sql`exists (select 1 from ${attendanceRecords} where ${attendanceRecords.sessionId} = ${session} and ${attendanceRecords.source} <> 'apology')`;

/**
 * Sessions that ended at least a day ago (within the look-back) and were not cancelled, with no
 * attendance taken (attendanceTaken): a session whose only records are apologies is still missing
 * its attendance.
 */
export async function sessionsMissingAttendance(exec: Executor, now: Date, scope: { organizationId?: string; user?: CurrentUser } = {}) {
  const newest = new Date(now.getTime() - MISSING_ATTENDANCE_AFTER_HOURS * 3_600_000);
  const oldest = new Date(now.getTime() - MISSING_ATTENDANCE_LOOKBACK_DAYS * 86_400_000);
  return exec
    .select({
      id: sessions.id,
      organizationId: sessions.organizationId,
      groupId: sessions.groupId,
      groupName: groups.name,
      startsAt: sessions.startsAt,
      endsAt: sessions.endsAt,
      status: sessions.status,
    })
    .from(sessions)
    .innerJoin(groups, eq(groups.id, sessions.groupId))
    .where(
      and(
        scope.organizationId ? eq(sessions.organizationId, scope.organizationId) : undefined,
        scope.user ? runnableGroupsFilter(scope.user, sessions.groupId) : undefined,
        ne(sessions.status, "cancelled"),
        lte(sessions.endsAt, newest),
        gte(sessions.endsAt, oldest),
        sql`not ${attendanceTaken(sessions.id)}`,
      ),
    )
    .orderBy(asc(sessions.startsAt));
}

/** Groups whose attendance this person runs (for links to each group's attendance page). */
export async function runnableGroups(user: CurrentUser) {
  return db
    .select({ id: groups.id, name: groups.name })
    .from(groups)
    .where(and(eq(groups.organizationId, user.organizationId), canManage(user.role) ? undefined : inArray(groups.id, db.select({ id: groupFacilitators.groupId }).from(groupFacilitators).where(eq(groupFacilitators.userId, user.id)))))
    .orderBy(asc(groups.name));
}
