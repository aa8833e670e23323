import { and, asc, eq, gte, isNotNull, isNull, or, sql, type AnyColumn, type SQL } from "drizzle-orm";
import { db, type Executor } from "~/db/client.server";
import { enrolments, groupFacilitators, groups, memberships, organizations, sessions, users } from "~/db/schema";
import { calendarFeeds, notificationPreferences, seriesAssignments } from "~/db/tables/scheduling";
import type { CurrentUser, Role } from "~/modules/auth/policy";
import { canManage } from "~/modules/auth/policy";
import { notFound } from "~/modules/errors";
import { sha256 } from "~/modules/auth/tokens.server";
import type { CalendarSession } from "./ics";
import { calendarEntriesDiscreet, followsOwnSessionsOnly } from "./policy";

/**
 * A session of a cohort series (one with assigned members) belongs only to its members; sessions
 * of a series without assignments, or without a series, belong to every enrolled participant.
 */
export function sessionVisibleToMember(userId: string | SQL | AnyColumn): SQL {
  return sql`(${sessions.seriesId} is null
    or not exists (select 1 from ${seriesAssignments} sa where sa.series_id = ${sessions.seriesId})
    or exists (select 1 from ${seriesAssignments} sa where sa.series_id = ${sessions.seriesId} and sa.user_id = ${userId}))`;
}

/** The columns every calendar view of a session needs (with its group joined). */
export const sessionFields = {
  id: sessions.id,
  sequence: sessions.sequence,
  startsAt: sessions.startsAt,
  endsAt: sessions.endsAt,
  status: sessions.status,
  timezone: groups.timezone,
  groupId: groups.id,
  groupName: groups.name,
  description: groups.description,
  location: sql<string>`coalesce(nullif(${sessions.locationOverride}, ''), nullif(${groups.location}, ''), ${groups.onlineUrl})`,
};

type Row = { id: string; sequence: number; startsAt: Date; endsAt: Date; status: "scheduled" | "cancelled" | "held"; timezone: string; groupName: string; description: string; location: string };

export function toCalendarSession(row: Row, baseUrl: string, groupId?: string): CalendarSession {
  return {
    id: row.id,
    sequence: row.sequence,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    timezone: row.timezone,
    status: row.status,
    title: row.groupName,
    description: row.description,
    location: row.location,
    url: groupId ? `${baseUrl}/groups/${groupId}` : undefined,
  };
}

/**
 * What decides the calendar entries of a person selected from `users` (calendarEntriesDiscreet):
 * their choice, and their role in the organisation the entry comes from. The person's id is written
 * `users.id` in full: drizzle writes a column of a one-table select without its table ("id"), which
 * inside this subquery would be the membership's own id (no role found: every staff member discreet).
 */
export const calendarChoiceFields = (organizationId: string | SQL | AnyColumn) => ({
  calendarDiscreet: users.calendarDiscreet,
  roleHere: sql<Role | null>`(select m.role from ${memberships} m where m.user_id = ${users}.id and m.organization_id = ${organizationId})`,
});

/** Whether a person selected with calendarChoiceFields gets discreet entries (no role there: the safe choice, discreet). */
export function discreetEntriesFor(row: { calendarDiscreet: boolean | null; roleHere: Role | null }): boolean {
  return calendarEntriesDiscreet(row.calendarDiscreet, row.roleHere ?? "participant");
}

/**
 * Whether one person's calendar entries and email subjects are discreet, in the organisation a
 * message comes from (as discreetEntriesFor; someone not found: discreet, the safe choice).
 */
export async function discreetReader(tx: Executor, organizationId: string, userId: string): Promise<boolean> {
  const [row] = await tx.select(calendarChoiceFields(organizationId)).from(users).where(eq(users.id, userId));
  return row ? discreetEntriesFor(row) : true;
}

/**
 * Whether an invitation's subject to `email` is discreet (names no organisation). Its reader may have
 * no account yet, so no choice, and an agency's name on a locked phone can disclose treatment: named
 * only for the confirmed owner of an account at that address who chose named entries (Profile →
 * Calendar entries). The body still names the organisation.
 */
export async function discreetInvitee(tx: Executor, email: string): Promise<boolean> {
  const [row] = await tx
    .select({ choice: users.calendarDiscreet })
    .from(users)
    .where(and(sql`lower(${users.email}) = lower(${email})`, isNotNull(users.emailConfirmedAt)));
  return row?.choice !== false;
}

/** Whether the signed-in person's calendar entries (a session's .ics, emailed invitations) are discreet. */
export async function calendarEntriesDiscreetFor(user: CurrentUser): Promise<boolean> {
  const [row] = await db.select({ choice: users.calendarDiscreet }).from(users).where(eq(users.id, user.id));
  return calendarEntriesDiscreet(row?.choice ?? null, user.role);
}

/**
 * Every session of a person: groups they are enrolled in (their cohort only) and groups they lead.
 * With `fromJoining` (the calendar feed), a participant's sessions that were over before they
 * joined the group (registered with a seat, or given one from the waitlist) are left out.
 */
export async function sessionsForPerson(
  tx: Executor,
  userId: string,
  organizationId: string,
  since: Date,
  onlySessionId?: string,
  options: { fromJoining?: boolean } = {},
) {
  const joined = sql`coalesce((select d.promoted_at from enrolment_details d where d.enrolment_id = e.id), e.created_at)`;
  const enrolled = options.fromJoining
    ? sql`exists (select 1 from ${enrolments} e where e.group_id = ${sessions.groupId} and e.user_id = ${userId} and e.status = 'enrolled' and ${sessions.endsAt} > ${joined})`
    : sql`exists (select 1 from ${enrolments} e where e.group_id = ${sessions.groupId} and e.user_id = ${userId} and e.status = 'enrolled')`;
  const leads = sql`exists (select 1 from ${groupFacilitators} gf where gf.group_id = ${sessions.groupId} and gf.user_id = ${userId})`;
  return tx
    .select(sessionFields)
    .from(sessions)
    .innerJoin(groups, eq(groups.id, sessions.groupId))
    .where(
      and(
        eq(sessions.organizationId, organizationId),
        gte(sessions.endsAt, since),
        onlySessionId ? eq(sessions.id, onlySessionId) : undefined,
        or(leads, and(enrolled, sessionVisibleToMember(userId))),
      ),
    )
    .orderBy(asc(sessions.startsAt));
}

export async function sessionsForGroup(tx: Executor, groupId: string, organizationId: string, since: Date) {
  return tx
    .select(sessionFields)
    .from(sessions)
    .innerJoin(groups, eq(groups.id, sessions.groupId))
    .where(and(eq(sessions.groupId, groupId), eq(sessions.organizationId, organizationId), gte(sessions.endsAt, since)))
    .orderBy(asc(sessions.startsAt));
}

/**
 * The feed a token opens, or null. A feed is a standing grant, so it is checked at every use
 * against what allowed it, not only against revocation: its owner must still be a member of the
 * organisation, and a group feed needs them still to manage the organisation or lead the group.
 * A demoted facilitator's or a departed person's feed answers like an unknown one.
 */
export async function findFeed(token: string) {
  const [feed] = await db
    .select({
      id: calendarFeeds.id,
      userId: calendarFeeds.userId,
      groupId: calendarFeeds.groupId,
      discreet: calendarFeeds.discreet,
      organizationId: calendarFeeds.organizationId,
      organizationName: organizations.name,
      userName: users.name,
      userLocale: users.locale,
      role: memberships.role,
    })
    .from(calendarFeeds)
    .innerJoin(organizations, eq(organizations.id, calendarFeeds.organizationId))
    .innerJoin(users, eq(users.id, calendarFeeds.userId))
    // A deactivated member's feeds answer nothing, like their sign-in.
    .innerJoin(memberships, and(eq(memberships.userId, calendarFeeds.userId), eq(memberships.organizationId, calendarFeeds.organizationId), isNull(memberships.deactivatedAt)))
    .where(and(eq(calendarFeeds.tokenHash, sha256(token)), isNull(calendarFeeds.revokedAt)));
  if (!feed) return null;
  if (feed.groupId && !feedMayFollowGroup(feed.role)) {
    const [lead] = await db
      .select({ userId: groupFacilitators.userId })
      .from(groupFacilitators)
      .innerJoin(groups, eq(groups.id, groupFacilitators.groupId))
      .where(and(eq(groupFacilitators.groupId, feed.groupId), eq(groupFacilitators.userId, feed.userId), eq(groups.organizationId, feed.organizationId)));
    if (!lead || feed.role !== "facilitator") return null;
  }
  return feed;
}

/** Managers and administrators may follow any group of their organisation. */
const feedMayFollowGroup = (role: string) => canManage(role as Role);

export async function listFeeds(user: CurrentUser) {
  return db
    .select({ id: calendarFeeds.id, groupId: calendarFeeds.groupId, groupName: groups.name, discreet: calendarFeeds.discreet, createdAt: calendarFeeds.createdAt })
    .from(calendarFeeds)
    .leftJoin(groups, eq(groups.id, calendarFeeds.groupId))
    .where(and(eq(calendarFeeds.userId, user.id), eq(calendarFeeds.organizationId, user.organizationId), isNull(calendarFeeds.revokedAt)))
    .orderBy(asc(calendarFeeds.createdAt));
}

/** Whether a staff member may see a whole group's calendar: its facilitators and the organisation's managers. */
export async function staffMayFollowGroup(tx: Executor, user: CurrentUser, groupId: string): Promise<boolean> {
  const [group] = await tx
    .select({ id: groups.id })
    .from(groups)
    .where(and(eq(groups.id, groupId), eq(groups.organizationId, user.organizationId)));
  if (!group) return false;
  if (canManage(user.role)) return true;
  const [lead] = await tx
    .select({ userId: groupFacilitators.userId })
    .from(groupFacilitators)
    .where(and(eq(groupFacilitators.groupId, groupId), eq(groupFacilitators.userId, user.id)));
  return Boolean(lead);
}

/** One session for a .ics download: only for people who may see it (else 404). */
export async function sessionForDownload(user: CurrentUser, sessionId: string) {
  const [row] = await db
    .select(sessionFields)
    .from(sessions)
    .innerJoin(groups, eq(groups.id, sessions.groupId))
    .where(and(eq(sessions.id, sessionId), eq(sessions.organizationId, user.organizationId)));
  if (!row) notFound("Session not found");
  if (followsOwnSessionsOnly(user)) {
    const [mine] = await sessionsForPerson(db, user.id, user.organizationId, new Date(0), sessionId);
    if (!mine) notFound("Session not found");
  } else if (!(await staffMayFollowGroup(db, user, row.groupId))) {
    notFound("Session not found");
  }
  return row;
}

/** What the profile page shows: active feeds, reminder preference, and groups a staff member may follow. */
export async function calendarSettings(user: CurrentUser) {
  const [pref] = await db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, user.id));
  const followable =
    followsOwnSessionsOnly(user)
      ? []
      : canManage(user.role)
        ? await db.select({ id: groups.id, name: groups.name }).from(groups).where(eq(groups.organizationId, user.organizationId)).orderBy(groups.name)
        : await db
            .select({ id: groups.id, name: groups.name })
            .from(groupFacilitators)
            .innerJoin(groups, eq(groups.id, groupFacilitators.groupId))
            .where(and(eq(groupFacilitators.userId, user.id), eq(groupFacilitators.organizationId, user.organizationId)))
            .orderBy(groups.name);
  return {
    entries: { discreet: await calendarEntriesDiscreetFor(user) },
    feeds: await listFeeds(user),
    reminders: { enabled: pref?.remindersEnabled ?? true, hours: pref?.reminderHours ?? 24 },
    followable,
  };
}

