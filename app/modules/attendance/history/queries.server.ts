/** Attendance over time: a participant's own record, a group's sessions with counts, and the group's CSV export. */
import { and, asc, desc, eq, gte, lt, sql } from "drizzle-orm";
import { DateTime } from "luxon";
import { db } from "~/db/client.server";
import { enrolments, groupFacilitators, groups, sessions, users } from "~/db/schema";
import { attendanceRecords, attendanceSettings } from "~/db/tables/attendance";
import { recordDisclosure } from "~/modules/audit/mutations.server";
import type { CurrentUser } from "~/modules/auth/policy";
import { sessionVisibleToMember } from "~/modules/calendar/queries.server";
import { REDISCLOSURE_NOTICE_42_CFR_2_32 } from "~/modules/consent/wording";
import { scopeHasSubstanceUseGroup } from "~/modules/consent/queries.server";
import { forbidden, notFound } from "~/modules/errors";
import { outer } from "~/modules/groups/queries.server";
import { canRunRoster } from "../policy";
import { withContactConsent } from "../queries.server";
import { canApologise, effectiveSettings, summarise } from "../rules";
import { realEmail } from "../walk-ins";

/** A participant's own record: past marks and upcoming sessions they can send apologies for. */
/** How many past marks "My attendance" lists (its totals count them all). */
export const HISTORY_LISTED = 100;

export async function myAttendance(user: CurrentUser, now: Date) {
  const mine = and(eq(attendanceRecords.userId, user.id), eq(attendanceRecords.organizationId, user.organizationId), lt(sessions.startsAt, now));
  const history = await db
    .select({
      sessionId: sessions.id,
      groupName: groups.name,
      startsAt: sessions.startsAt,
      endsAt: sessions.endsAt,
      status: attendanceRecords.status,
      arrivedAt: attendanceRecords.arrivedAt,
      walkIn: attendanceRecords.walkIn,
      sessionStatus: sessions.status,
    })
    .from(attendanceRecords)
    .innerJoin(sessions, eq(sessions.id, attendanceRecords.sessionId))
    .innerJoin(groups, eq(groups.id, sessions.groupId))
    .where(mine)
    .orderBy(desc(sessions.startsAt))
    .limit(HISTORY_LISTED);
  const horizon = new Date(now.getTime() + 60 * 86_400_000);
  const upcomingRows = await db
    .select({
      sessionId: sessions.id,
      groupId: groups.id,
      groupName: groups.name,
      startsAt: sessions.startsAt,
      endsAt: sessions.endsAt,
      sessionStatus: sessions.status,
      status: attendanceRecords.status,
      apologyReason: attendanceRecords.apologyReason,
    })
    .from(enrolments)
    .innerJoin(groups, eq(groups.id, enrolments.groupId))
    .innerJoin(sessions, eq(sessions.groupId, groups.id))
    .leftJoin(attendanceRecords, and(eq(attendanceRecords.sessionId, sessions.id), eq(attendanceRecords.userId, user.id)))
    .where(
      and(
        eq(enrolments.userId, user.id),
        eq(enrolments.organizationId, user.organizationId),
        eq(enrolments.status, "enrolled"),
        gte(sessions.endsAt, now),
        lt(sessions.startsAt, horizon),
        sessionVisibleToMember(user.id),
      ),
    )
    .orderBy(asc(sessions.startsAt))
    .limit(30);
  const upcoming = upcomingRows.map((r) => ({
    ...r,
    canApologise: canApologise(now, { startsAt: r.startsAt, status: r.sessionStatus }, r.status),
  }));
  // The list shows the newest HISTORY_LISTED past marks (`marks` says how many there are). The
  // totals count every past mark except those at sessions that were cancelled: an apology for a
  // session that then did not take place is not an excused absence (as in the metrics, where marks
  // at cancelled sessions count nowhere); the list names such a session cancelled.
  const byStatus = await db
    .select({ status: attendanceRecords.status, cancelled: sql<boolean>`${sessions.status} = 'cancelled'`, n: sql<number>`count(*)::int` })
    .from(attendanceRecords)
    .innerJoin(sessions, eq(sessions.id, attendanceRecords.sessionId))
    .where(mine)
    .groupBy(attendanceRecords.status, sql`${sessions.status} = 'cancelled'`);
  const counts = summarise(byStatus.filter((r) => !r.cancelled).flatMap((r) => Array<(typeof r)["status"]>(r.n).fill(r.status)));
  const marks = byStatus.reduce((sum, r) => sum + r.n, 0);
  return { history, upcoming, counts, marks };
}

/** A group's settings and its sessions with attendance counts, for the group's attendance page. */
export async function groupAttendance(user: CurrentUser, groupId: string) {
  const [group] = await db
    .select({
      id: groups.id,
      organizationId: groups.organizationId,
      name: groups.name,
      kind: groups.kind,
      facilitatorIds: sql<string[]>`coalesce((select array_agg(${groupFacilitators.userId}::text) from ${groupFacilitators} where ${groupFacilitators.groupId} = ${groups.id}), '{}')`,
      allowWalkIns: attendanceSettings.allowWalkIns,
      absenceAlertAfter: attendanceSettings.absenceAlertAfter,
      lateAfterMinutes: attendanceSettings.lateAfterMinutes,
    })
    .from(groups)
    .leftJoin(attendanceSettings, eq(attendanceSettings.groupId, groups.id))
    .where(and(eq(groups.id, groupId), eq(groups.organizationId, user.organizationId)));
  if (!group) notFound("Group not found");
  if (!canRunRoster(user, group)) forbidden("Only this group's facilitators and the organisation's managers see its attendance.");
  const settings = effectiveSettings(
    group.kind,
    group.allowWalkIns === null
      ? null
      : { allowWalkIns: group.allowWalkIns, absenceAlertAfter: group.absenceAlertAfter!, lateAfterMinutes: group.lateAfterMinutes! },
  );
  const list = await db
    .select({
      id: sessions.id,
      startsAt: sessions.startsAt,
      endsAt: sessions.endsAt,
      status: sessions.status,
      attended: sql<number>`(select count(*)::int from ${attendanceRecords} where ${attendanceRecords.sessionId} = ${outer(sessions.id)} and ${attendanceRecords.status} in ('present', 'late', 'left_early'))`,
      excused: sql<number>`(select count(*)::int from ${attendanceRecords} where ${attendanceRecords.sessionId} = ${outer(sessions.id)} and ${attendanceRecords.status} = 'excused')`,
      absent: sql<number>`(select count(*)::int from ${attendanceRecords} where ${attendanceRecords.sessionId} = ${outer(sessions.id)} and ${attendanceRecords.status} = 'absent')`,
      // Walk-ins who were in the room (as the metrics count them): one corrected to absent is not a walk-in who came.
      walkIns: sql<number>`(select count(*)::int from ${attendanceRecords} where ${attendanceRecords.sessionId} = ${outer(sessions.id)} and ${attendanceRecords.walkIn} and ${attendanceRecords.status} in ('present', 'late', 'left_early'))`,
    })
    .from(sessions)
    .where(and(eq(sessions.groupId, group.id), eq(sessions.organizationId, user.organizationId)))
    .orderBy(asc(sessions.startsAt));
  return { group: { id: group.id, name: group.name, kind: group.kind }, settings, sessions: list };
}

/**
 * A group's attendance as CSV rows (one per mark), for the group's facilitators and managers:
 * contact email only where the person allows this group's facilitators to see it, and the
 * 42 CFR 2.32 notice above the table when the group is a substance-use (peer recovery) group.
 * The export is audited with the people it names.
 */
export async function groupAttendanceCsv(user: CurrentUser, groupId: string, now: Date) {
  const { group } = await groupAttendance(user, groupId);
  const [{ timezone }] = await db.select({ timezone: groups.timezone }).from(groups).where(eq(groups.id, group.id));
  const marks = await db
    .select({
      userId: attendanceRecords.userId,
      startsAt: sessions.startsAt,
      name: users.name,
      email: users.email,
      status: attendanceRecords.status,
      walkIn: attendanceRecords.walkIn,
      arrivedAt: attendanceRecords.arrivedAt,
    })
    .from(attendanceRecords)
    .innerJoin(sessions, eq(sessions.id, attendanceRecords.sessionId))
    .innerJoin(users, eq(users.id, attendanceRecords.userId))
    .where(and(eq(attendanceRecords.groupId, group.id), eq(attendanceRecords.organizationId, user.organizationId)))
    .orderBy(asc(sessions.startsAt), asc(users.name));
  const shown = await withContactConsent(db, group.id, marks, now);
  const at = (d: Date | null) => (d ? DateTime.fromJSDate(d, { zone: timezone }).toFormat("yyyy-MM-dd HH:mm") : "");
  const header = [`Session (${timezone})`, "Participant", "Email", "Mark", "Walk-in", "Arrived"];
  const rows = shown.map((m) => [at(m.startsAt), m.name, m.contactShared ? (realEmail(m.email) ?? "no email") : "not shared", m.status, m.walkIn ? "yes" : "no", at(m.arrivedAt)]);
  const people = [...new Set(marks.map((m) => m.userId))];
  // A peer recovery group, or any group of a program marked as a 42 CFR Part 2 program.
  const part2 = await scopeHasSubstanceUseGroup(user.organizationId, { groupId: group.id });
  await recordDisclosure(
    db,
    { organizationId: user.organizationId, actorId: user.id, action: "attendance.csv_export", subjectType: "group", subjectId: group.id, after: { people, rows: rows.length, redisclosureNotice: part2 } },
    people,
  );
  return { group, header, rows, notice: part2 ? REDISCLOSURE_NOTICE_42_CFR_2_32 : null };
}
