/** Concerns as read: lists for submitters and handlers, one concern (its read by a handler audited), the anonymous follow-up view, the form's options. */
import { and, asc, desc, eq, gte, inArray, lt, not, or, sql, type SQL } from "drizzle-orm";
import { db, type Executor } from "~/db/client.server";
import { enrolments, groupFacilitators, groups, memberships, programs, sessions, users } from "~/db/schema";
import { concernMessages, concerns } from "~/db/tables/voice";
import { audit } from "~/modules/audit/mutations.server";
import { canManage, type CurrentUser } from "~/modules/auth/policy";
import { sha256 } from "~/modules/auth/tokens.server";
import { notFound } from "~/modules/errors";
import { dueAt, hoursToFirstResponse, isConcernOverdue } from "../concerns";
import { canHandleConcern, canReadConcern } from "../policy";
import { getVoiceSettings } from "~/modules/voice/queries.server";

// ───────────────────────── concerns ─────────────────────────

const concernColumns = {
  id: concerns.id,
  organizationId: concerns.organizationId,
  subject: concerns.subject,
  sessionId: concerns.sessionId,
  groupId: concerns.groupId,
  programId: concerns.programId,
  facilitatorId: concerns.facilitatorId,
  submitterId: concerns.submitterId,
  anonymous: concerns.anonymous,
  summary: concerns.summary,
  body: concerns.body,
  status: concerns.status,
  receivedAt: concerns.receivedAt,
  firstResponseAt: concerns.firstResponseAt,
  closedAt: concerns.closedAt,
};

/**
 * The people a concern is about, as SQL over a concern row's columns (a set of user ids, possibly
 * with a null): the person it names; for a concern about a session, those who led that session — the
 * group's facilitators when it started (group_facilitator_periods) and its cohort's assigned
 * facilitator; for a concern about a group, those who led the group when it was raised; and for
 * both, the group's facilitators now. Decided by history, not only by who leads today: a manager
 * who handed the group over, or took herself off it for a moment, still never reads what was said
 * about her sessions.
 */
function subjectsOf(c: { facilitatorId: SQL; groupId: SQL; sessionId: SQL; receivedAt: SQL }) {
  const at = sql`coalesce((select s.starts_at from sessions s where s.id = ${c.sessionId}), ${c.receivedAt})`;
  return sql`(select ${c.facilitatorId} as id
    union select gf.user_id from group_facilitators gf where gf.group_id = ${c.groupId}
    union select p.user_id from group_facilitator_periods p
      where p.group_id = ${c.groupId} and p.started_at <= ${at} and (p.ended_at is null or p.ended_at > ${at})
    union select sa.user_id from sessions s join series_assignments sa on sa.series_id = s.series_id and sa.role = 'facilitator'
      where s.id = ${c.sessionId})`;
}

/** For a query over `concerns`: the concern is about `userId` (subjectsOf). */
export function concernIsAbout(userId: string) {
  const subjects = subjectsOf({ facilitatorId: sql`${concerns.facilitatorId}`, groupId: sql`${concerns.groupId}`, sessionId: sql`${concerns.sessionId}`, receivedAt: sql`${concerns.receivedAt}` });
  return sql`exists (select 1 from ${subjects} as about(id) where about.id = ${userId})`;
}

/** The ids of the people a concern is about (subjectsOf): never told of it, never its readers. */
export async function concernSubjects(exec: Executor, concernId: string): Promise<string[]> {
  const subjects = subjectsOf({ facilitatorId: sql`c.facilitator_id`, groupId: sql`c.group_id`, sessionId: sql`c.session_id`, receivedAt: sql`c.received_at` });
  const rows = await exec.execute<{ id: string }>(sql`select distinct about.id from ${concerns} c cross join lateral ${subjects} as about(id) where c.id = ${concernId} and about.id is not null`);
  return rows.map((r) => r.id);
}

/** Managers see every concern except those about themselves (or a group they lead); everyone sees the ones they raised by name. */
export async function listConcerns(user: CurrentUser, now: Date, options: { limit?: number } = {}) {
  const { concernResponseDays } = await getVoiceSettings(db, user.organizationId);
  // Nor a concern about this manager: named, or about a session or group she leads or led then.
  const handles = canManage(user.role) ? not(concernIsAbout(user.id)) : sql`false`;
  const rows = await db
    .select({ ...concernColumns, groupName: groups.name, submitterName: users.name })
    .from(concerns)
    .leftJoin(groups, eq(groups.id, concerns.groupId))
    .leftJoin(users, eq(users.id, concerns.submitterId))
    .where(and(eq(concerns.organizationId, user.organizationId), or(eq(concerns.submitterId, user.id), handles)))
    .orderBy(desc(concerns.receivedAt))
    .limit(options.limit ?? 300);
  return rows.map((c) => ({
    ...c,
    mine: c.submitterId === user.id,
    overdue: isConcernOverdue(c, now, concernResponseDays),
    dueAt: dueAt(c.receivedAt, concernResponseDays),
    hoursToFirstResponse: hoursToFirstResponse(c),
    submitterName: c.anonymous ? null : c.submitterName,
  }));
}

async function concernDetail(organizationId: string, concernId: string) {
  const [c] = await db
    .select({ ...concernColumns, groupName: groups.name, programName: programs.name, sessionStartsAt: sessions.startsAt })
    .from(concerns)
    .leftJoin(groups, eq(groups.id, concerns.groupId))
    .leftJoin(programs, eq(programs.id, concerns.programId))
    .leftJoin(sessions, eq(sessions.id, concerns.sessionId))
    .where(and(eq(concerns.id, concernId), eq(concerns.organizationId, organizationId)));
  if (!c) return null;
  const messages = await db
    .select({ id: concernMessages.id, author: concernMessages.author, body: concernMessages.body, createdAt: concernMessages.createdAt, staffName: users.name })
    .from(concernMessages)
    .leftJoin(users, eq(users.id, concernMessages.staffId))
    .where(eq(concernMessages.concernId, c.id))
    .orderBy(asc(concernMessages.createdAt));
  const names = await db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(inArray(users.id, [c.facilitatorId, c.submitterId].filter((x): x is string => Boolean(x)).concat(["00000000-0000-0000-0000-000000000000"])));
  const nameOf = (id: string | null) => (id ? (names.find((n) => n.id === id)?.name ?? null) : null);
  const subjectIds = await concernSubjects(db, c.id);
  return { ...c, subjectIds, facilitatorName: nameOf(c.facilitatorId), submitterName: c.anonymous ? null : nameOf(c.submitterId), messages };
}

/** A concern for its named submitter or a manager who may handle it; 404 for anyone else (including its subject). */
export async function getConcern(user: CurrentUser, concernId: string, now: Date, options: { recordRead?: boolean } = {}) {
  const c = await concernDetail(user.organizationId, concernId);
  if (!c || !canReadConcern(user, c)) notFound("Concern not found");
  const handler = canHandleConcern(user, c);
  // A page view is recorded; an action only checks access (its change is audited, a refusal changes nothing).
  if (handler && options.recordRead !== false) {
    await audit(db, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: "concern.read",
      subjectType: "concern",
      subjectId: c.id,
    });
  }
  const { concernResponseDays } = await getVoiceSettings(db, user.organizationId);
  return {
    concern: c,
    handler,
    isSubmitter: c.submitterId === user.id,
    overdue: isConcernOverdue(c, now, concernResponseDays),
    dueAt: dueAt(c.receivedAt, concernResponseDays),
    hoursToFirstResponse: hoursToFirstResponse(c),
  };
}

/** The anonymous submitter's view through their secret follow-up link; 404 for any other token. */
export async function getConcernByToken(token: string) {
  if (!/^[A-Za-z0-9_-]{40,64}$/.test(token)) notFound("This follow-up link is not valid.");
  const [row] = await db
    .select({ id: concerns.id, organizationId: concerns.organizationId })
    .from(concerns)
    .where(eq(concerns.followUpTokenHash, sha256(token)));
  if (!row) notFound("This follow-up link is not valid.");
  const c = await concernDetail(row.organizationId, row.id);
  if (!c) notFound("This follow-up link is not valid.");
  // Staff names are shown; nothing about the submitter is.
  return { concern: { ...c, facilitatorName: c.facilitatorName, submitterName: null } };
}

/** Options for the "raise a concern" form. */
export async function concernOptions(user: CurrentUser, now: Date) {
  const since = new Date(now.getTime() - 90 * 86_400_000);
  const myGroups = canManage(user.role)
    ? await db.select({ id: groups.id, name: groups.name }).from(groups).where(eq(groups.organizationId, user.organizationId)).orderBy(groups.name)
    : await db
        .selectDistinct({ id: groups.id, name: groups.name })
        .from(groups)
        .leftJoin(enrolments, and(eq(enrolments.groupId, groups.id), eq(enrolments.userId, user.id)))
        .leftJoin(groupFacilitators, and(eq(groupFacilitators.groupId, groups.id), eq(groupFacilitators.userId, user.id)))
        .where(and(eq(groups.organizationId, user.organizationId), or(sql`${enrolments.id} is not null`, sql`${groupFacilitators.userId} is not null`)))
        .orderBy(groups.name);
  const groupIds = myGroups.map((g) => g.id);
  const recentSessions = groupIds.length
    ? await db
        .select({ id: sessions.id, groupName: groups.name, startsAt: sessions.startsAt })
        .from(sessions)
        .innerJoin(groups, eq(groups.id, sessions.groupId))
        .where(and(inArray(sessions.groupId, groupIds), gte(sessions.startsAt, since), lt(sessions.startsAt, now)))
        .orderBy(desc(sessions.startsAt))
        .limit(40)
    : [];
  const staff = await db
    .select({ id: users.id, name: users.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organizationId, user.organizationId), inArray(memberships.role, ["facilitator", "manager", "admin"])))
    .orderBy(users.name);
  const programRows = await db
    .select({ id: programs.id, name: programs.name })
    .from(programs)
    .where(eq(programs.organizationId, user.organizationId))
    .orderBy(programs.name);
  return { groups: myGroups, sessions: recentSessions, staff: staff.filter((s) => s.id !== user.id), programs: programRows };
}
