/** Session feedback as read: who attended (and may answer), the participant's pending feedback, and staff reports (small cells suppressed). */
import { rows as typedRows } from "~/db/rows.server";
import { and, asc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { DateTime } from "luxon";
import { db, type Executor } from "~/db/client.server";
import { groupFacilitators, groups, organizations, sessions, users } from "~/db/schema";
import { feedbackAnonymousAnswers, feedbackNamedAnswers, feedbackReceipts, feedbackReleaseBatches } from "~/db/tables/voice";
import { audit, recordDisclosure, recordDisclosureOncePerDay } from "~/modules/audit/mutations.server";
import { canManage, type CurrentUser } from "~/modules/auth/policy";
import { notFound } from "~/modules/errors";
import { MIN_RESPONSES, parsePeriod, periodOptions, quarterKey, summariseBatches, type FeedbackAnswer } from "../feedback";
import { feedbackOpenSince, getVoiceSettings, listQuestions } from "~/modules/voice/queries.server";

// ───────────────────────── who attended ─────────────────────────

/**
 * THE definition of "attended" for feedback, in one place: people marked present, late or left
 * early in attendance_records for a held session. Nobody else is invited or may answer (someone
 * enrolled later, or absent, or a session whose attendance was never taken). `sessionFilter` may
 * refer to `s` (sessions). Yields (session_id, organization_id, group_id, user_id, ends_at).
 */
export function attendedPairs(sessionFilter: SQL): SQL {
  return sql`(
    select s.id as session_id, s.organization_id, s.group_id, ar.user_id, s.ends_at
      from sessions s join attendance_records ar on ar.session_id = s.id
     where s.status = 'held' and ar.status in ('present', 'late', 'left_early') and ${sessionFilter}
  )`;
}

type PendingRow = { session_id: string; group_id: string; group_name: string; starts_at: Date; ends_at: Date; group_zone: string };

/** Held sessions the participant attended, still open for feedback, not yet answered. */
export async function pendingFeedback(user: CurrentUser, now: Date, limit = 10) {
  // The window's start is worked out in the query: no read of the setting before it.
  const since = feedbackOpenSince(user.organizationId, now);
  const rows = await typedRows<PendingRow>(sql`
    select a.session_id, g.id as group_id, g.name as group_name, g.timezone as group_zone, s.starts_at, s.ends_at
      from ${attendedPairs(sql`s.organization_id = ${user.organizationId} and s.ends_at <= ${now.toISOString()}::timestamptz and s.ends_at > ${since}`)} a
      join sessions s on s.id = a.session_id
      join groups g on g.id = a.group_id
     where a.user_id = ${user.id}
       and not exists (select 1 from feedback_receipts r where r.session_id = a.session_id and r.user_id = ${user.id})
     order by s.starts_at desc
     limit ${limit}`);
  return rows.map((r) => ({
    sessionId: r.session_id,
    groupId: r.group_id,
    groupName: r.group_name,
    startsAt: new Date(r.starts_at),
    endsAt: new Date(r.ends_at),
  }));
}

/** The feedback page of one session for a participant who attended it; 404 otherwise. */
export async function getFeedbackInvitation(user: CurrentUser, sessionId: string, now: Date) {
  const [session] = await db
    .select({ id: sessions.id, groupId: groups.id, groupName: groups.name, startsAt: sessions.startsAt, endsAt: sessions.endsAt })
    .from(sessions)
    .innerJoin(groups, eq(groups.id, sessions.groupId))
    .where(and(eq(sessions.id, sessionId), eq(sessions.organizationId, user.organizationId), eq(sessions.status, "held")));
  if (!session) notFound("Session not found");
  const eligible = await attended(db, user.id, sessionId);
  if (!eligible && !(await belongsToGroup(db, user.id, session.groupId))) notFound("There is no feedback request for you for this session.");
  const { feedbackWindowDays } = await getVoiceSettings(db, user.organizationId);
  const [receipt] = await db
    .select({ userId: feedbackReceipts.userId })
    .from(feedbackReceipts)
    .where(and(eq(feedbackReceipts.sessionId, sessionId), eq(feedbackReceipts.userId, user.id)));
  const closesAt = new Date(session.endsAt.getTime() + feedbackWindowDays * 86_400_000);
  return {
    session,
    questions: await listQuestions(user.organizationId),
    eligible,
    answered: Boolean(receipt),
    open: now.getTime() >= session.endsAt.getTime() && now.getTime() < closesAt.getTime(),
    /** Still running (a session is held from its first mark): feedback opens when it ends, not "closed". */
    notYet: now.getTime() < session.endsAt.getTime(),
    closesAt,
  };
}

/** Enrolled in the group (any status) or marked at any of its sessions: may learn why they cannot answer. */
export async function belongsToGroup(ex: Executor, userId: string, groupId: string): Promise<boolean> {
  const rows = await typedRows<{ one: number }>(
    sql`
    select 1 as one where exists (select 1 from enrolments e where e.group_id = ${groupId} and e.user_id = ${userId})
       or exists (select 1 from attendance_records ar where ar.group_id = ${groupId} and ar.user_id = ${userId})`,
    ex,
  );
  return rows.length > 0;
}

export async function attended(ex: Executor, userId: string, sessionId: string): Promise<boolean> {
  const rows = await typedRows<{ one: number }>(sql`
    select 1 as one from ${attendedPairs(sql`s.id = ${sessionId}`)} a where a.user_id = ${userId} limit 1`, ex);
  return rows.length > 0;
}

// ───────────────────────── feedback reports ─────────────────────────

/** Groups whose feedback the user may read: all of the organisation for managers, led groups for facilitators. */
export async function reportableGroups(user: CurrentUser) {
  const base = db
    .select({ id: groups.id, name: groups.name, programId: groups.programId })
    .from(groups)
    .where(eq(groups.organizationId, user.organizationId))
    .orderBy(groups.name);
  if (canManage(user.role)) return base;
  return db
    .select({ id: groups.id, name: groups.name, programId: groups.programId })
    .from(groups)
    .innerJoin(groupFacilitators, and(eq(groupFacilitators.groupId, groups.id), eq(groupFacilitators.userId, user.id)))
    .where(eq(groups.organizationId, user.organizationId))
    .orderBy(groups.name);
}

export type ReportFilter = { period: string | null; groupId: string | null; facilitatorId: string | null };

/** Staff who lead at least one group the user may report on (managers only filter by facilitator). */
async function reportableFacilitators(user: CurrentUser) {
  if (!canManage(user.role)) return [];
  return db
    .selectDistinct({ id: users.id, name: users.name })
    .from(groupFacilitators)
    .innerJoin(users, eq(users.id, groupFacilitators.userId))
    .innerJoin(groups, eq(groups.id, groupFacilitators.groupId))
    .where(eq(groups.organizationId, user.organizationId))
    .orderBy(users.name);
}

/**
 * Feedback over one fixed period (month, quarter or year in the organisation's zone), for all
 * the user's groups, one group, or (managers) one facilitator's groups. Every figure is a sum of
 * whole release batches (≥ 5 answers each) released in the period; answers still waiting for a
 * batch are invisible everywhere — no count, no comment.
 */
export async function feedbackReport(user: CurrentUser, filter: ReportFilter, now: Date, options: { exported?: boolean } = {}) {
  const allowed = await reportableGroups(user);
  const facilitators = await reportableFacilitators(user);
  if (filter.groupId && !allowed.some((g) => g.id === filter.groupId)) notFound("Group not found");
  if (filter.facilitatorId && !facilitators.some((f) => f.id === filter.facilitatorId)) notFound("Facilitator not found");
  let groupIds = allowed.map((g) => g.id);
  if (filter.groupId) groupIds = [filter.groupId];
  else if (filter.facilitatorId) {
    const led = await db
      .select({ groupId: groupFacilitators.groupId })
      .from(groupFacilitators)
      .where(and(eq(groupFacilitators.userId, filter.facilitatorId), eq(groupFacilitators.organizationId, user.organizationId)));
    groupIds = groupIds.filter((id) => led.some((l) => l.groupId === id));
  }
  const [org] = await db.select({ timezone: organizations.timezone }).from(organizations).where(eq(organizations.id, user.organizationId));
  const currentMonth = DateTime.fromJSDate(now, { zone: org?.timezone ?? "UTC" }).startOf("month").toISODate()!;
  const [{ first }] = await typedRows<{ first: string }>(sql`
    select coalesce(min(released_in)::text, ${currentMonth}) as first from feedback_release_batches where organization_id = ${user.organizationId}`);
  // At least this year and the whole of last year (annual reports are written in the new year),
  // or further back to the first batch.
  const lastYearStart = DateTime.fromISO(currentMonth).minus({ years: 1 }).startOf("year").toISODate()!;
  const periods = periodOptions(first < lastYearStart ? first : lastYearStart, currentMonth);
  const period = parsePeriod(filter.period ?? quarterKey(currentMonth));
  if (!period) notFound("Period not found");
  const questions = await listQuestions(user.organizationId, { includeInactive: true });
  const batchRows = groupIds.length
    ? await db
        .select({ id: feedbackReleaseBatches.id, groupId: feedbackReleaseBatches.groupId, seq: feedbackReleaseBatches.seq, releasedIn: feedbackReleaseBatches.releasedIn })
        .from(feedbackReleaseBatches)
        .where(
          and(
            eq(feedbackReleaseBatches.organizationId, user.organizationId),
            inArray(feedbackReleaseBatches.groupId, groupIds),
            inArray(feedbackReleaseBatches.releasedIn, period.months),
          ),
        )
        .orderBy(asc(feedbackReleaseBatches.releasedIn), asc(feedbackReleaseBatches.seq))
    : [];
  type Row = { batchId: string; startsAt: Date; ratings: Record<string, number>; comment: string; name: string | null; userId: string | null };
  let rows: Row[] = [];
  const batchIds = batchRows.map((b) => b.id);
  if (batchIds.length) {
    const anonymous = await db
      .select({ batchId: feedbackAnonymousAnswers.batchId, startsAt: sessions.startsAt, ratings: feedbackAnonymousAnswers.ratings, comment: feedbackAnonymousAnswers.comment })
      .from(feedbackAnonymousAnswers)
      .innerJoin(sessions, eq(sessions.id, feedbackAnonymousAnswers.sessionId))
      .where(and(eq(feedbackAnonymousAnswers.organizationId, user.organizationId), inArray(feedbackAnonymousAnswers.batchId, batchIds)));
    const named = await db
      .select({ batchId: feedbackNamedAnswers.batchId, startsAt: sessions.startsAt, ratings: feedbackNamedAnswers.ratings, comment: feedbackNamedAnswers.comment, name: users.name, userId: feedbackNamedAnswers.userId })
      .from(feedbackNamedAnswers)
      .innerJoin(sessions, eq(sessions.id, feedbackNamedAnswers.sessionId))
      .innerJoin(users, eq(users.id, feedbackNamedAnswers.userId))
      .where(and(eq(feedbackNamedAnswers.organizationId, user.organizationId), inArray(feedbackNamedAnswers.batchId, batchIds)));
    rows = [...anonymous.map((a) => ({ ...a, name: null, userId: null })), ...named.map((n) => ({ ...n, batchId: n.batchId! }))];
  }
  const asAnswer = (r: Row): FeedbackAnswer => ({ ratings: r.ratings, comment: r.comment, name: r.name });
  const shownQuestions = questions.filter((q) => q.active || rows.some((r) => r.ratings[q.id] !== undefined));
  const batches = batchRows.map((b) => {
    const mine = rows.filter((r) => r.batchId === b.id);
    const starts = mine.map((r) => r.startsAt.getTime());
    return { ...b, answers: mine.map(asAnswer), sessionsFrom: new Date(Math.min(...starts)), sessionsTo: new Date(Math.max(...starts)) };
  });
  const groupName = new Map(allowed.map((g) => [g.id, g.name]));
  const perGroup = groupIds.map((id) => ({
    groupId: id,
    groupName: groupName.get(id) ?? "",
    summary: summariseBatches(batches.filter((b) => b.groupId === id), shownQuestions),
  }));
  const trend = batches
    .filter((b) => b.answers.length >= MIN_RESPONSES)
    .map((b) => {
      const summary = summariseBatches([b], shownQuestions);
      const averages: Record<string, number> = {};
      if (!summary.withheld) for (const q of summary.questions) if (q.average !== null) averages[q.questionId] = q.average;
      return {
        key: b.id,
        groupName: groupName.get(b.groupId) ?? "",
        seq: b.seq,
        releasedIn: parsePeriod(b.releasedIn.slice(0, 7))?.label ?? b.releasedIn,
        responses: b.answers.length,
        sessionsFrom: b.sessionsFrom.toISOString(),
        sessionsTo: b.sessionsTo.toISOString(),
        averages,
      };
    });
  // A comment shown with its writer's name (the writer chose not to stay anonymous) tells who took
  // part in the group: each such person's disclosure history lists the download (every one) or the
  // page view (once per viewer and day). Comments show from released batches only, as summariseBatches.
  const released = new Set(batches.filter((b) => b.answers.length >= MIN_RESPONSES).map((b) => b.id));
  const commenters = rows.filter((r) => r.userId !== null && r.comment.trim() !== "" && released.has(r.batchId)).map((r) => r.userId!);
  const event = {
    organizationId: user.organizationId,
    actorId: user.id,
    subjectType: filter.groupId ? "group" : filter.facilitatorId ? "user" : "organization",
    subjectId: filter.groupId ?? filter.facilitatorId ?? user.organizationId,
    after: { period: period.key },
  } as const;
  if (options.exported) {
    await recordDisclosure(db, { ...event, action: "feedback.report.exported" }, commenters);
  } else {
    await audit(db, { ...event, action: "feedback.report.view" });
    await recordDisclosureOncePerDay(db, { ...event, action: "feedback.report.view" }, commenters);
  }
  return {
    groups: allowed,
    facilitators,
    questions: shownQuestions,
    periods: periods.map((p) => ({ value: p.key, label: p.label, kind: p.kind })),
    period: { key: period.key, label: period.label },
    overall: summariseBatches(batches, shownQuestions),
    perGroup,
    trend,
  };
}
