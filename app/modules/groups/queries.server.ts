import { and, asc, count, eq, getTableName, gt, gte, inArray, lt, sql, type Column, type SQL } from "drizzle-orm";
import { db, type Executor } from "~/db/client.server";
import { qualified } from "~/db/qualified";
import { enrolments, groupFacilitators, groups, memberships, organizations, programs, series, sessions, users } from "~/db/schema";
import { seriesAssignments } from "~/db/tables/scheduling";
import type { CurrentUser } from "~/modules/auth/policy";
import { sessionVisibleToMember } from "~/modules/calendar/queries.server";
import { currentStayStart } from "~/modules/completion/queries.server";
import { notFound } from "~/modules/errors";
import { realEmail } from "~/modules/attendance/walk-ins";
import { contactSharedColumn, shownContact } from "~/modules/attendance/queries.server";
import { viewsGroupAsMember } from "./policy";

/**
 * A column of the outer query, always written as `"table"."column"`, for correlated subqueries.
 * Drizzle writes columns without their table when a query reads one table, and inside a
 * subquery a bare `"id"` names the subquery's own table: `(select count(*) from enrolments where
 * "group_id" = "id")` compares an enrolment with itself and counts 0.
 */
export function outer(column: Column) {
  return sql`${sql.identifier(getTableName(column.table))}.${sql.identifier(column.name)}`;
}

/**
 * A group's next scheduled session start as a column (`groups` must be in the query): the next to
 * start after `now`, or with "not-ended" also one under way. A `Date` (decoded like
 * `sessions.startsAt`), not the driver's text, so every page and email reads the same value.
 */
export function nextScheduledSession(now: Date, which: "not-started" | "not-ended" = "not-started") {
  const bound = which === "not-ended" ? sessions.endsAt : sessions.startsAt;
  return sql<Date | null>`(select min(${sessions.startsAt}) from ${sessions}
        where ${sessions.groupId} = ${outer(groups.id)} and ${sessions.status} = 'scheduled' and ${bound} >= ${now.toISOString()}::timestamptz)`.mapWith(
    sessions.startsAt,
  );
}

export async function findOrganizationBySlug(slug: string) {
  const [org] = await db.select().from(organizations).where(eq(organizations.slug, slug));
  return org ?? null;
}

export async function listOrganizations() {
  return db.select({ slug: organizations.slug, name: organizations.name }).from(organizations).orderBy(organizations.name);
}

export async function listPrograms(organizationId: string) {
  return db
    .select({
      id: programs.id,
      name: programs.name,
      purpose: programs.purpose,
      serviceType: programs.serviceType,
      groupCount: sql<number>`(select count(*)::int from ${groups} where ${groups.programId} = ${outer(programs.id)})`,
    })
    .from(programs)
    .where(eq(programs.organizationId, organizationId))
    .orderBy(programs.name);
}

export async function getProgram(user: CurrentUser, programId: string) {
  const [program] = await db
    .select()
    .from(programs)
    .where(and(eq(programs.id, programId), eq(programs.organizationId, user.organizationId)));
  if (!program) notFound("Program not found");
  const programGroups = await db
    .select({
      id: groups.id,
      name: groups.name,
      kind: groups.kind,
      capacity: groups.capacity,
      enrolled: sql<number>`(select count(*)::int from ${enrolments} where ${enrolments.groupId} = ${outer(groups.id)} and ${enrolments.status} = 'enrolled')`,
    })
    .from(groups)
    .where(and(eq(groups.programId, program.id), eq(groups.organizationId, user.organizationId)))
    .orderBy(groups.name);
  return { program, groups: programGroups };
}

/** A group of the user's organisation, with its facilitator ids, or 404. */
export async function getGroup(user: CurrentUser, groupId: string) {
  const [group] = await db
    .select({
      id: groups.id,
      organizationId: groups.organizationId,
      programId: groups.programId,
      programName: programs.name,
      kind: groups.kind,
      name: groups.name,
      description: groups.description,
      timezone: groups.timezone,
      capacity: groups.capacity,
      location: groups.location,
      onlineUrl: groups.onlineUrl,
      language: groups.language,
      leaders: groupLeadersColumn(groups.id, user.organizationId),
    })
    .from(groups)
    .innerJoin(programs, eq(programs.id, groups.programId))
    .where(and(eq(groups.id, groupId), eq(groups.organizationId, user.organizationId)));
  if (!group) notFound("Group not found");
  const { leaders, ...rest } = group;
  const facilitators = leaders.map((l) => ({ id: l.id, name: l.name }));
  return { ...rest, facilitators, facilitatorIds: facilitators.map((f) => f.id) };
}

/**
 * A group's facilitators (id, name, zone) by name, as one JSON column of the query that reads the
 * group (`groupColumn`): no read of their own. Scoped to the organisation.
 */
export function groupLeadersColumn(groupColumn: Column, organizationId: string) {
  return sql<{ id: string; name: string; timezone: string }[]>`coalesce((
    select json_agg(json_build_object('id', u.id, 'name', u.name, 'timezone', u.timezone) order by u.name)
      from ${groupFacilitators} gf join ${users} u on u.id = gf.user_id
     where gf.group_id = ${qualified(groupColumn)} and gf.organization_id = ${organizationId}), '[]'::json)`;
}

/**
 * A group's sessions as this person may see them on the group page: staff of the organisation see
 * every session; a participant only sessions that belong to them (a cohort's sessions, with their
 * notes and cancellation reasons, only to its members — `sessionVisibleToMember`).
 */
export async function listGroupSessions(user: CurrentUser, groupId: string) {
  return db
    .select({
      id: sessions.id,
      startsAt: sessions.startsAt,
      endsAt: sessions.endsAt,
      status: sessions.status,
      locationOverride: sessions.locationOverride,
      note: sessions.note,
      cancelReason: sessions.cancelReason,
      seriesId: sessions.seriesId,
    })
    .from(sessions)
    .where(
      and(
        eq(sessions.groupId, groupId),
        eq(sessions.organizationId, user.organizationId),
        viewsGroupAsMember(user) ? sessionVisibleToMember(user.id) : undefined,
      ),
    )
    .orderBy(asc(sessions.startsAt));
}

/** Whether this person may see the group's online meeting link: staff, or a participant enrolled in it. Never the public. */
export async function mayJoinOnline(user: CurrentUser, groupId: string): Promise<boolean> {
  if (!viewsGroupAsMember(user)) return true;
  const [row] = await db
    .select({ id: enrolments.id })
    .from(enrolments)
    .where(and(eq(enrolments.groupId, groupId), eq(enrolments.userId, user.id), eq(enrolments.organizationId, user.organizationId), eq(enrolments.status, "enrolled")));
  return Boolean(row);
}

/** Enrolled participants: only for callers that passed canViewRoster (health information). */
export async function listRoster(user: CurrentUser, groupId: string, now: Date) {
  const rows = await db
    .select({
      userId: users.id,
      name: users.name,
      email: users.email,
      timezone: users.timezone,
      since: currentStayStart,
      // Names are acknowledged at intake; the email shows only with the person's facilitator_contact
      // consent, read with the people (contactSharedColumn) rather than by a query of its own.
      contactShared: contactSharedColumn(users.id, groupId, now),
    })
    .from(enrolments)
    .innerJoin(users, eq(users.id, enrolments.userId))
    .where(
      and(
        eq(enrolments.groupId, groupId),
        eq(enrolments.organizationId, user.organizationId),
        eq(enrolments.status, "enrolled"),
      ),
    )
    .orderBy(users.name);
  // A walk-in's placeholder address is not an email: never sent to the page.
  return rows.map(({ contactShared, ...r }) => shownContact({ ...r, email: realEmail(r.email) ?? "" }, contactShared));
}

export async function listStaffForAssignment(user: CurrentUser) {
  return db
    .select({ id: users.id, name: users.name, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(memberships.organizationId, user.organizationId),
        inArray(memberships.role, ["facilitator", "manager", "admin"]),
      ),
    )
    .orderBy(users.name);
}

/** One session of the user's organisation with its group, or 404. */
export async function getSession(user: CurrentUser, sessionId: string) {
  const [row] = await db
    .select({
      id: sessions.id,
      groupId: sessions.groupId,
      groupName: groups.name,
      timezone: groups.timezone,
      startsAt: sessions.startsAt,
      endsAt: sessions.endsAt,
      status: sessions.status,
      locationOverride: sessions.locationOverride,
      note: sessions.note,
      cancelReason: sessions.cancelReason,
      sequence: sessions.sequence,
    })
    .from(sessions)
    .innerJoin(groups, eq(groups.id, sessions.groupId))
    .where(and(eq(sessions.id, sessionId), eq(sessions.organizationId, user.organizationId)));
  if (!row) notFound("Session not found");
  return row;
}

export async function participantUpcomingSessions(user: CurrentUser, now: Date, limit = 20) {
  return db
    .select({
      id: sessions.id,
      groupId: groups.id,
      groupName: groups.name,
      startsAt: sessions.startsAt,
      endsAt: sessions.endsAt,
      status: sessions.status,
      location: sql<string>`coalesce(nullif(${sessions.locationOverride}, ''), ${groups.location})`,
      onlineUrl: groups.onlineUrl,
    })
    .from(enrolments)
    .innerJoin(groups, eq(groups.id, enrolments.groupId))
    .innerJoin(sessions, eq(sessions.groupId, groups.id))
    .where(
      and(
        eq(enrolments.userId, user.id),
        eq(enrolments.organizationId, user.organizationId),
        eq(enrolments.status, "enrolled"),
        gte(sessions.endsAt, now),
        sessionVisibleToMember(user.id),
      ),
    )
    .orderBy(asc(sessions.startsAt))
    .limit(limit);
}

export async function facilitatorGroups(user: CurrentUser, now: Date) {
  return db
    .select({
      id: groups.id,
      name: groups.name,
      kind: groups.kind,
      timezone: groups.timezone,
      enrolled: sql<number>`(select count(*)::int from ${enrolments} where ${enrolments.groupId} = ${outer(groups.id)} and ${enrolments.status} = 'enrolled')`,
      nextSession: nextScheduledSession(now, "not-ended"),
    })
    .from(groupFacilitators)
    .innerJoin(groups, eq(groups.id, groupFacilitators.groupId))
    .where(and(eq(groupFacilitators.userId, user.id), eq(groupFacilitators.organizationId, user.organizationId)))
    .orderBy(groups.name);
}

export async function organizationCounts(user: CurrentUser, now: Date) {
  const [row] = await db
    .select({
      programs: sql<number>`(select count(*)::int from ${programs} where ${programs.organizationId} = ${user.organizationId})`,
      groups: sql<number>`(select count(*)::int from ${groups} where ${groups.organizationId} = ${user.organizationId})`,
      // People who may use the service now: a deactivated membership is history, not a participant.
      participants: sql<number>`(select count(*)::int from ${memberships} where ${memberships.organizationId} = ${user.organizationId} and ${memberships.role} = 'participant' and ${memberships.deactivatedAt} is null)`,
      upcomingSessions: sql<number>`(select count(*)::int from ${sessions} where ${sessions.organizationId} = ${user.organizationId} and ${sessions.status} = 'scheduled' and ${sessions.startsAt} >= ${now.toISOString()}::timestamptz)`,
    })
    .from(organizations)
    .where(eq(organizations.id, user.organizationId));
  return row;
}

export async function countEnrolled(groupId: string) {
  const [row] = await db
    .select({ n: count() })
    .from(enrolments)
    .where(and(eq(enrolments.groupId, groupId), eq(enrolments.status, "enrolled")));
  return row?.n ?? 0;
}

/**
 * The one definition of "a facilitator's sessions": who is busy at a session's time, for every
 * facilitator clash (a round's publication and page, adding a series, moving a session, adding a
 * facilitator to a group) and for the round page's "N sessions already led" and busy heatmap cells.
 *
 * - A session of a series with an assigned facilitator (a round's cohort) is led by that person
 *   only: a group split into cohorts meets at the same hour under different facilitators, and the
 *   group's other facilitators are not at that cohort's sessions.
 * - Any other session of a group (its series nobody is assigned to lead, or a one-off session) is
 *   led by every facilitator of the group. The app has no separate co-facilitator role: a group's
 *   second facilitator is its co-facilitator and is in the room as much as the first.
 * - A cancelled session keeps nobody busy; a scheduled or held one does (a held session may still
 *   be under way). Whether a session has ended is not part of the definition: clashes are decided
 *   by time overlap, so an ended session can only clash with a time that has also passed.
 * - Only the organisation's own sessions. Every query is scoped by organisation, and a manager must
 *   learn nothing about another organisation's groups — not even, through a refusal naming no
 *   group, that their facilitator also works elsewhere at that hour. Each organisation plans its
 *   own staff's time (and the facilitator locks are per organisation too).
 *
 * As a condition on the row of `sessions` in the surrounding query, for the person `userId`.
 */
export function sessionLedBy(userId: SQL | Column) {
  const seriesId = outer(sessions.seriesId);
  return sql`(exists (select 1 from ${seriesAssignments} sa where sa.series_id = ${seriesId} and sa.user_id = ${userId} and sa.role = 'facilitator')
    or (exists (select 1 from ${groupFacilitators} gf where gf.group_id = ${outer(sessions.groupId)} and gf.user_id = ${userId})
      and not exists (select 1 from ${seriesAssignments} sa where sa.series_id = ${seriesId} and sa.role = 'facilitator')))`;
}

/** A session that occupies its facilitators (sessionLedBy): not cancelled. */
export const occupiesLeaders = sql`${sessions.status} <> 'cancelled'`;

/**
 * The sessions each of `userIds` leads (sessionLedBy) that overlap [from, to), with the leader's
 * name and the session's group, earliest first — one query for all of them. Scoped to the
 * organisation.
 */
export async function sessionsLedBy(
  tx: Executor,
  organizationId: string,
  userIds: readonly string[],
  window: { from: Date; to: Date },
) {
  const ids = [...new Set(userIds)];
  if (ids.length === 0 || window.from.getTime() >= window.to.getTime()) return [];
  // Only groups these people lead or have a cohort in: the (group, start) index then finds the
  // sessions in the window, and sessionLedBy decides per person.
  const theirGroups = sql`(select gf.group_id from ${groupFacilitators} gf where gf.organization_id = ${organizationId} and gf.user_id in ${ids}
    union select se.group_id from ${seriesAssignments} sa join ${series} se on se.id = sa.series_id where sa.organization_id = ${organizationId} and sa.role = 'facilitator' and sa.user_id in ${ids})`;
  return tx
    .select({
      userId: users.id,
      leaderName: users.name,
      sessionId: sessions.id,
      groupId: groups.id,
      groupName: groups.name,
      timezone: groups.timezone,
      startsAt: sessions.startsAt,
      endsAt: sessions.endsAt,
    })
    .from(sessions)
    .innerJoin(groups, and(eq(groups.id, sessions.groupId), eq(groups.organizationId, organizationId)))
    .innerJoin(users, and(inArray(users.id, ids), sessionLedBy(users.id)))
    .where(
      and(
        eq(sessions.organizationId, organizationId),
        occupiesLeaders,
        sql`${sessions.groupId} in ${theirGroups}`,
        lt(sessions.startsAt, window.to),
        gt(sessions.endsAt, window.from),
      ),
    )
    .orderBy(asc(sessions.startsAt), asc(users.name));
}

/**
 * Who leads (sessionLedBy) an existing session, or a new series of the group that nobody is
 * assigned to lead (which, by sessionLedBy, every facilitator of the group leads). Ids, sorted.
 */
export async function leadersOf(tx: Executor, organizationId: string, target: { sessionId: string } | { groupId: string }): Promise<string[]> {
  if ("sessionId" in target) {
    const candidates = sql`(select gf.user_id from ${groupFacilitators} gf where gf.group_id = ${outer(sessions.groupId)}
      union select sa.user_id from ${seriesAssignments} sa where sa.series_id = ${outer(sessions.seriesId)})`;
    const rows = await tx
      .select({ id: users.id })
      .from(sessions)
      .innerJoin(users, and(sql`${users.id} in ${candidates}`, sessionLedBy(users.id)))
      .where(and(eq(sessions.id, target.sessionId), eq(sessions.organizationId, organizationId)));
    return rows.map((r) => r.id).sort();
  }
  const rows = await tx
    .select({ id: groupFacilitators.userId })
    .from(groupFacilitators)
    .where(and(eq(groupFacilitators.groupId, target.groupId), eq(groupFacilitators.organizationId, organizationId)));
  return rows.map((r) => r.id).sort();
}
