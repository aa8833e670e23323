import { and, asc, desc, eq, gte, ilike, inArray, isNull, lt, lte, ne, notInArray, or, sql } from "drizzle-orm";
import { DateTime } from "luxon";
import { db, type Executor } from "~/db/client.server";
import { sessionVisibleToMember } from "~/modules/calendar/queries.server";
import { outer } from "~/modules/groups/queries.server";
import { auditEvents, enrolments, groupFacilitators, groups, memberships, sessions, users } from "~/db/schema";
import { absenceAlerts, attendanceRecords, attendanceSettings, checkInCodes } from "~/db/tables/attendance";
import { canManage, type CurrentUser } from "~/modules/auth/policy";
import { notFound } from "~/modules/errors";
import { recordDisclosure } from "~/modules/audit/mutations.server";
import { hasConsent, usersWithConsent } from "~/modules/consent/queries.server";
import { isSubstanceUseGroup, REDISCLOSURE_NOTICE_42_CFR_2_32 } from "~/modules/consent/wording";
import { canRunRoster } from "./policy";
import {
  canApologise,
  effectiveSettings,
  isCheckInOpen,
  MISSING_ATTENDANCE_AFTER_HOURS,
  MISSING_ATTENDANCE_LOOKBACK_DAYS,
  summarise,
  type AttendanceStatus,
} from "./rules";
import { forbidden } from "~/modules/errors";
import { emailHint, realEmail, WALK_IN_EMAIL_DOMAIN } from "./walk-ins";

/** The audit subject of one person's attendance at one session (stable across re-creation). */
export const attendanceSubject = (sessionId: string, userId: string) => `${sessionId}:${userId}`;

/**
 * One session with its group, facilitators and attendance settings, for staff who may run its
 * roster: another organisation's session is 404; a facilitator who does not lead the group gets 403.
 */
export async function findSessionForStaff(exec: Executor, user: CurrentUser, sessionId: string) {
  const [row] = await exec
    .select({
      id: sessions.id,
      organizationId: sessions.organizationId,
      groupId: sessions.groupId,
      groupName: groups.name,
      groupKind: groups.kind,
      timezone: groups.timezone,
      location: sql<string>`coalesce(nullif(${sessions.locationOverride}, ''), ${groups.location})`,
      startsAt: sessions.startsAt,
      endsAt: sessions.endsAt,
      status: sessions.status,
      cancelReason: sessions.cancelReason,
      facilitatorIds: sql<string[]>`coalesce((select array_agg(${groupFacilitators.userId}::text) from ${groupFacilitators} where ${groupFacilitators.groupId} = ${groups.id}), '{}')`,
      allowWalkIns: attendanceSettings.allowWalkIns,
      absenceAlertAfter: attendanceSettings.absenceAlertAfter,
      lateAfterMinutes: attendanceSettings.lateAfterMinutes,
    })
    .from(sessions)
    .innerJoin(groups, eq(groups.id, sessions.groupId))
    .leftJoin(attendanceSettings, eq(attendanceSettings.groupId, groups.id))
    .where(and(eq(sessions.id, sessionId), eq(sessions.organizationId, user.organizationId)));
  if (!row) notFound("Session not found");
  if (!canRunRoster(user, row)) forbidden("Only this group's facilitators and the organisation's managers see its roster.");
  const { allowWalkIns, absenceAlertAfter, lateAfterMinutes, ...session } = row;
  const settings = effectiveSettings(
    row.groupKind,
    allowWalkIns === null ? null : { allowWalkIns, absenceAlertAfter: absenceAlertAfter!, lateAfterMinutes: lateAfterMinutes! },
  );
  return { ...session, settings };
}
export type StaffSession = Awaited<ReturnType<typeof findSessionForStaff>>;

export type RosterRow = {
  userId: string;
  name: string;
  email: string;
  enrolled: boolean;
  status: AttendanceStatus | null;
  arrivedAt: Date | null;
  leftAt: Date | null;
  note: string;
  apologyReason: string;
  walkIn: boolean;
  source: string | null;
  updatedAt: Date | null;
};

/** Enrolled participants plus anyone with a mark for this session (walk-ins, people who left the group). */
export async function rosterRows(exec: Executor, session: { id: string; groupId: string; organizationId: string }): Promise<RosterRow[]> {
  const [enrolled, records] = await Promise.all([
    exec
      .select({ userId: users.id, name: users.name, email: users.email })
      .from(enrolments)
      .innerJoin(users, eq(users.id, enrolments.userId))
      .innerJoin(sessions, eq(sessions.id, session.id))
      .where(
        and(
          eq(enrolments.groupId, session.groupId),
          eq(enrolments.organizationId, session.organizationId),
          eq(enrolments.status, "enrolled"),
          // A cohort session lists its own cohort only.
          sessionVisibleToMember(enrolments.userId),
        ),
      ),
    exec
      .select({
        userId: attendanceRecords.userId,
        name: users.name,
        email: users.email,
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
      .innerJoin(users, eq(users.id, attendanceRecords.userId))
      .where(and(eq(attendanceRecords.sessionId, session.id), eq(attendanceRecords.organizationId, session.organizationId))),
  ]);
  const byUser = new Map<string, RosterRow>();
  for (const e of enrolled) {
    byUser.set(e.userId, {
      ...e,
      enrolled: true,
      status: null,
      arrivedAt: null,
      leftAt: null,
      note: "",
      apologyReason: "",
      walkIn: false,
      source: null,
      updatedAt: null,
    });
  }
  for (const r of records) {
    byUser.set(r.userId, { ...r, enrolled: byUser.has(r.userId) });
  }
  // A walk-in's placeholder address is not an email: never sent to the page.
  for (const row of byUser.values()) row.email = realEmail(row.email) ?? "";
  return [...byUser.values()].sort((a, b) => a.name.localeCompare(b.name, "en"));
}

export type HistoryEntry = {
  at: Date;
  actorName: string | null;
  action: string;
  before: unknown;
  after: unknown;
  reason: string;
};

/** The audit trail of every mark on this session, grouped by person (newest first). */
export async function rosterHistory(session: { id: string; organizationId: string }, userIds: string[]) {
  if (userIds.length === 0) return {} as Record<string, HistoryEntry[]>;
  const rows = await db
    .select({
      subjectId: auditEvents.subjectId,
      at: auditEvents.at,
      actorName: users.name,
      action: auditEvents.action,
      before: auditEvents.before,
      after: auditEvents.after,
      reason: auditEvents.reason,
    })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorUserId))
    .where(
      and(
        eq(auditEvents.organizationId, session.organizationId),
        eq(auditEvents.subjectType, "attendance"),
        inArray(
          auditEvents.subjectId,
          userIds.map((u) => attendanceSubject(session.id, u)),
        ),
      ),
    )
    .orderBy(desc(auditEvents.at), desc(auditEvents.id));
  const out: Record<string, HistoryEntry[]> = {};
  for (const { subjectId, ...entry } of rows) {
    const userId = subjectId.slice(subjectId.indexOf(":") + 1);
    (out[userId] ??= []).push(entry);
  }
  return out;
}

/**
 * Blanks the email of everyone on a roster who has not (currently) allowed this group's
 * facilitators to see their contact details; names stay (taking part is acknowledged at intake).
 */
export async function withContactConsent<T extends { userId: string; email: string }>(exec: Executor, groupId: string, rows: T[], now: Date): Promise<(T & { contactShared: boolean })[]> {
  const allowed = await usersWithConsent(exec, { groupId, kind: "facilitator_contact", userIds: rows.map((r) => r.userId), now });
  return rows.map((r) => ({ ...r, email: allowed.has(r.userId) ? r.email : "", contactShared: allowed.has(r.userId) }));
}

/** Everything the roster page shows. */
export async function getRoster(user: CurrentUser, sessionId: string, now: Date) {
  const session = await findSessionForStaff(db, user, sessionId);
  const rows = await withContactConsent(db, session.groupId, await rosterRows(db, session), now);
  const history = await rosterHistory(session, rows.map((r) => r.userId));
  return {
    session,
    rows,
    history,
    summary: summarise(rows.map((r) => r.status)),
    checkInOpen: isCheckInOpen(now, session),
  };
}

/** Participants of the organisation matching a name or email, who are not on this roster yet. */
export async function searchWalkInCandidates(session: StaffSession, query: string, onRoster: string[]) {
  const q = query.trim();
  if (q.length < 2) return [];
  const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const found = await db
    .select({ userId: users.id, name: users.name, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(memberships.organizationId, session.organizationId),
        eq(memberships.role, "participant"),
        isNull(memberships.deactivatedAt),
        // By name, or by the whole address someone already knows: a part of an address would let
        // anyone on the roster spell out people's emails a letter at a time. A walk-in's
        // placeholder address is not an email to search by.
        or(ilike(users.name, pattern), and(sql`lower(${users.email}) = ${q.toLowerCase()}`, sql`${users.email} not ilike ${"%@" + WALK_IN_EMAIL_DOMAIN}`)),
        onRoster.length ? notInArray(users.id, onRoster) : undefined,
      ),
    )
    .orderBy(asc(users.name))
    .limit(10);
  // These people have not agreed to share contact details with this group: a hint to tell
  // namesakes apart, never the address.
  return found.map((c) => ({ ...c, email: emailHint(c.email) }));
}

/** "jamie@riverside.example" → "j…@riverside.example"; a walk-in's placeholder → "no email". */
export const maskEmail = emailHint;

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

/** Open (not dismissed) absence alerts for the groups this person runs. */
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
    .where(and(eq(absenceAlerts.organizationId, user.organizationId), isNull(absenceAlerts.dismissedAt), runnableGroupsFilter(user, absenceAlerts.groupId)))
    .orderBy(desc(absenceAlerts.createdAt));
}

/** Sessions that ended at least a day ago (within the look-back) and were not cancelled, with no attendance. */
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
        sql`not exists (select 1 from ${attendanceRecords} where ${attendanceRecords.sessionId} = ${sessions.id})`,
      ),
    )
    .orderBy(asc(sessions.startsAt));
}

/** A participant's own record: past marks and upcoming sessions they can send apologies for. */
export async function myAttendance(user: CurrentUser, now: Date) {
  const history = await db
    .select({
      sessionId: sessions.id,
      groupName: groups.name,
      startsAt: sessions.startsAt,
      endsAt: sessions.endsAt,
      status: attendanceRecords.status,
      arrivedAt: attendanceRecords.arrivedAt,
      walkIn: attendanceRecords.walkIn,
    })
    .from(attendanceRecords)
    .innerJoin(sessions, eq(sessions.id, attendanceRecords.sessionId))
    .innerJoin(groups, eq(groups.id, sessions.groupId))
    .where(
      and(
        eq(attendanceRecords.userId, user.id),
        eq(attendanceRecords.organizationId, user.organizationId),
        lt(sessions.startsAt, now),
      ),
    )
    .orderBy(desc(sessions.startsAt))
    .limit(100);
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
  const counts = summarise(history.map((h) => h.status));
  return { history, upcoming, counts };
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
      walkIns: sql<number>`(select count(*)::int from ${attendanceRecords} where ${attendanceRecords.sessionId} = ${outer(sessions.id)} and ${attendanceRecords.walkIn})`,
    })
    .from(sessions)
    .where(and(eq(sessions.groupId, group.id), eq(sessions.organizationId, user.organizationId)))
    .orderBy(asc(sessions.startsAt));
  return { group: { id: group.id, name: group.name, kind: group.kind }, settings, sessions: list };
}

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

/** Groups whose attendance this person runs (for links to each group's attendance page). */
export async function runnableGroups(user: CurrentUser) {
  return db
    .select({ id: groups.id, name: groups.name })
    .from(groups)
    .where(and(eq(groups.organizationId, user.organizationId), canManage(user.role) ? undefined : inArray(groups.id, db.select({ id: groupFacilitators.groupId }).from(groupFacilitators).where(eq(groupFacilitators.userId, user.id)))))
    .orderBy(asc(groups.name));
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
  await recordDisclosure(
    db,
    { organizationId: user.organizationId, actorId: user.id, action: "attendance.csv_export", subjectType: "group", subjectId: group.id, after: { people, rows: rows.length, redisclosureNotice: isSubstanceUseGroup(group.kind) } },
    people,
  );
  return { group, header, rows, notice: isSubstanceUseGroup(group.kind) ? REDISCLOSURE_NOTICE_42_CFR_2_32 : null };
}
