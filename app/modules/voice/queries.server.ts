import { and, asc, desc, eq, gte, inArray, isNull, lt, lte, or, sql, type SQL } from "drizzle-orm";
import { DateTime } from "luxon";
import { db, type Executor } from "~/db/client.server";
import { enrolments, groupFacilitators, groups, memberships, organizations, programs, sessions, users } from "~/db/schema";
import {
  concernMessages,
  concerns,
  feedbackAnonymousAnswers,
  feedbackNamedAnswers,
  feedbackQuestions,
  feedbackReceipts,
  feedbackReleaseBatches,
  proposalBallots,
  proposalComments,
  proposals,
  proposalVoteReceipts,
  proposalVotes,
  ruleVersions,
  voiceChanges,
  voiceSettings,
} from "~/db/tables/voice";
import { audit } from "~/modules/audit/mutations.server";
import { canManage, type CurrentUser } from "~/modules/auth/policy";
import { sha256 } from "~/modules/auth/tokens.server";
import { notFound } from "~/modules/errors";
import { DEFAULT_RESPONSE_DAYS, dueAt, hoursToFirstResponse, isConcernOverdue } from "./concerns";
import { MIN_RESPONSES, parsePeriod, periodOptions, quarterKey, summariseBatches, type FeedbackAnswer } from "./feedback";
import { ensureFeedbackQuestions } from "./mutations.server";
import {
  canDecideProposal,
  canHandleConcern,
  canModerateProposal,
  canPublishRules,
  canReadConcern,
  canViewProposal,
  canVote,
  type ProposalRelation,
} from "./policy";
import { choicesFor, tallyChoices, tallyVotes, votingOpen, votingState } from "./tally";

// ───────────────────────── settings ─────────────────────────

export async function getVoiceSettings(ex: Executor, organizationId: string) {
  const [row] = await ex.select().from(voiceSettings).where(eq(voiceSettings.organizationId, organizationId));
  return { concernResponseDays: row?.concernResponseDays ?? DEFAULT_RESPONSE_DAYS, feedbackWindowDays: row?.feedbackWindowDays ?? 14 };
}

export async function listQuestions(organizationId: string, options: { includeInactive?: boolean } = {}) {
  await ensureFeedbackQuestions(db, organizationId);
  return db
    .select({ id: feedbackQuestions.id, prompt: feedbackQuestions.prompt, active: feedbackQuestions.active })
    .from(feedbackQuestions)
    .where(
      and(eq(feedbackQuestions.organizationId, organizationId), options.includeInactive ? undefined : eq(feedbackQuestions.active, true)),
    )
    .orderBy(asc(feedbackQuestions.position));
}

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
  const { feedbackWindowDays } = await getVoiceSettings(db, user.organizationId);
  const since = new Date(now.getTime() - feedbackWindowDays * 86_400_000);
  const rows = (await db.execute(sql`
    select a.session_id, g.id as group_id, g.name as group_name, g.timezone as group_zone, s.starts_at, s.ends_at
      from ${attendedPairs(sql`s.organization_id = ${user.organizationId} and s.ends_at <= ${now.toISOString()}::timestamptz and s.ends_at > ${since.toISOString()}::timestamptz`)} a
      join sessions s on s.id = a.session_id
      join groups g on g.id = a.group_id
     where a.user_id = ${user.id}
       and not exists (select 1 from feedback_receipts r where r.session_id = a.session_id and r.user_id = ${user.id})
     order by s.starts_at desc
     limit ${limit}`)) as unknown as PendingRow[];
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
    closesAt,
  };
}

/** Enrolled in the group (any status) or marked at any of its sessions: may learn why they cannot answer. */
export async function belongsToGroup(ex: Executor, userId: string, groupId: string): Promise<boolean> {
  const rows = (await ex.execute(sql`
    select 1 where exists (select 1 from enrolments e where e.group_id = ${groupId} and e.user_id = ${userId})
       or exists (select 1 from attendance_records ar where ar.group_id = ${groupId} and ar.user_id = ${userId})`)) as unknown as unknown[];
  return rows.length > 0;
}

export async function attended(ex: Executor, userId: string, sessionId: string): Promise<boolean> {
  const rows = (await ex.execute(sql`
    select 1 from ${attendedPairs(sql`s.id = ${sessionId}`)} a where a.user_id = ${userId} limit 1`)) as unknown as unknown[];
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
  const [{ first }] = (await db.execute(sql`
    select coalesce(min(released_in)::text, ${currentMonth}) as first from feedback_release_batches where organization_id = ${user.organizationId}`)) as unknown as { first: string }[];
  const oneYearBack = DateTime.fromISO(currentMonth).minus({ months: 11 }).toISODate()!;
  const periods = periodOptions(first < oneYearBack ? first : oneYearBack, currentMonth);
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
  type Row = { batchId: string; startsAt: Date; ratings: Record<string, number>; comment: string; name: string | null };
  let rows: Row[] = [];
  const batchIds = batchRows.map((b) => b.id);
  if (batchIds.length) {
    const anonymous = await db
      .select({ batchId: feedbackAnonymousAnswers.batchId, startsAt: sessions.startsAt, ratings: feedbackAnonymousAnswers.ratings, comment: feedbackAnonymousAnswers.comment })
      .from(feedbackAnonymousAnswers)
      .innerJoin(sessions, eq(sessions.id, feedbackAnonymousAnswers.sessionId))
      .where(and(eq(feedbackAnonymousAnswers.organizationId, user.organizationId), inArray(feedbackAnonymousAnswers.batchId, batchIds)));
    const named = await db
      .select({ batchId: feedbackNamedAnswers.batchId, startsAt: sessions.startsAt, ratings: feedbackNamedAnswers.ratings, comment: feedbackNamedAnswers.comment, name: users.name })
      .from(feedbackNamedAnswers)
      .innerJoin(sessions, eq(sessions.id, feedbackNamedAnswers.sessionId))
      .innerJoin(users, eq(users.id, feedbackNamedAnswers.userId))
      .where(and(eq(feedbackNamedAnswers.organizationId, user.organizationId), inArray(feedbackNamedAnswers.batchId, batchIds)));
    rows = [...anonymous.map((a) => ({ ...a, name: null })), ...named.map((n) => ({ ...n, batchId: n.batchId! }))];
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
  await audit(db, {
    organizationId: user.organizationId,
    actorId: user.id,
    action: options.exported ? "feedback.report.exported" : "feedback.report.view",
    subjectType: filter.groupId ? "group" : filter.facilitatorId ? "user" : "organization",
    subjectId: filter.groupId ?? filter.facilitatorId ?? user.organizationId,
    after: { period: period.key },
  });
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

// ───────────────────────── proposals ─────────────────────────

type ProposalTarget = { scope: "group" | "program"; groupId: string | null; programId: string };

/**
 * THE definition of the members of a proposal's group or program, in one place: participants
 * enrolled (status 'enrolled') in the group, or in any group of the program for program-wide
 * proposals, and the facilitators of those groups. They are who may vote (relationTo) and who is
 * told the decision (decisionAudience). Yields (user_id, facilitator).
 */
export function proposalMembers(organizationId: string, target: ProposalTarget): SQL {
  const groupMatch = target.scope === "group" && target.groupId ? sql`g.id = ${target.groupId}` : sql`g.program_id = ${target.programId}`;
  return sql`(
    select e.user_id, false as facilitator
      from enrolments e join groups g on g.id = e.group_id
     where e.status = 'enrolled' and e.organization_id = ${organizationId} and g.organization_id = ${organizationId} and ${groupMatch}
    union
    select f.user_id, true as facilitator
      from group_facilitators f join groups g on g.id = f.group_id
     where f.organization_id = ${organizationId} and g.organization_id = ${organizationId} and ${groupMatch}
  )`;
}

/** How the user relates to a group or a program (enrolled participant / facilitator). */
export async function relationTo(ex: Executor, user: CurrentUser, target: ProposalTarget): Promise<ProposalRelation> {
  const members = proposalMembers(user.organizationId, target);
  const rows = (await ex.execute(sql`
    select
      exists (select 1 from ${members} m where m.user_id = ${user.id} and not m.facilitator) as enrolled,
      exists (select 1 from ${members} m where m.user_id = ${user.id} and m.facilitator) as facilitator`)) as unknown as {
    enrolled: boolean;
    facilitator: boolean;
  }[];
  const row = rows[0];
  return { member: Boolean(row?.enrolled || row?.facilitator), facilitator: Boolean(row?.facilitator) };
}

/**
 * Who is told a proposal's decision: its members (proposalMembers, the people who may vote) and
 * its proposer, each once, if they still belong to the proposal's organisation; never the person
 * who recorded the decision. Ordered by email so the outbox order is stable.
 */
export async function decisionAudience(
  ex: Executor,
  p: ProposalTarget & { organizationId: string; proposerId: string | null },
  exceptUserId: string,
) {
  const proposer = p.proposerId ? sql`union select ${p.proposerId}::uuid` : sql``;
  return (await ex.execute(sql`
    select u.id, u.email, u.name, u.id = ${p.proposerId} as proposer
      from users u
      join memberships ms on ms.user_id = u.id and ms.organization_id = ${p.organizationId}
     where u.id in (select m.user_id from ${proposalMembers(p.organizationId, p)} m ${proposer})
       and u.id <> ${exceptUserId}
     order by u.email`)) as unknown as { id: string; email: string; name: string; proposer: boolean | null }[];
}

/** Where the user may start a proposal (or, for staff, publish rules). */
export async function proposalTargets(user: CurrentUser) {
  const rows = canManage(user.role)
    ? await db
        .select({ groupId: groups.id, groupName: groups.name, programId: programs.id, programName: programs.name })
        .from(groups)
        .innerJoin(programs, eq(programs.id, groups.programId))
        .where(eq(groups.organizationId, user.organizationId))
        .orderBy(programs.name, groups.name)
    : await db
        .selectDistinct({ groupId: groups.id, groupName: groups.name, programId: programs.id, programName: programs.name })
        .from(groups)
        .innerJoin(programs, eq(programs.id, groups.programId))
        .leftJoin(enrolments, and(eq(enrolments.groupId, groups.id), eq(enrolments.userId, user.id), eq(enrolments.status, "enrolled")))
        .leftJoin(groupFacilitators, and(eq(groupFacilitators.groupId, groups.id), eq(groupFacilitators.userId, user.id)))
        .where(and(eq(groups.organizationId, user.organizationId), or(sql`${enrolments.id} is not null`, sql`${groupFacilitators.userId} is not null`)))
        .orderBy(programs.name, groups.name);
  const programMap = new Map(rows.map((r) => [r.programId, r.programName]));
  return [
    ...[...programMap.entries()].map(([id, name]) => ({ value: `program:${id}`, label: `Whole program: ${name}` })),
    ...rows.map((r) => ({ value: `group:${r.groupId}`, label: `Group: ${r.groupName}` })),
  ];
}

const proposalColumns = {
  id: proposals.id,
  organizationId: proposals.organizationId,
  scope: proposals.scope,
  programId: proposals.programId,
  groupId: proposals.groupId,
  topic: proposals.topic,
  title: proposals.title,
  description: proposals.description,
  voting: proposals.voting,
  options: proposals.options,
  anonymousVotes: proposals.anonymousVotes,
  closesAt: proposals.closesAt,
  proposerId: proposals.proposerId,
  hiddenAt: proposals.hiddenAt,
  hiddenReason: proposals.hiddenReason,
  editedAt: proposals.editedAt,
  outcome: proposals.outcome,
  decisionText: proposals.decisionText,
  rationale: proposals.rationale,
  decidedAt: proposals.decidedAt,
  createdAt: proposals.createdAt,
};

/** The visibility rule of canViewProposal, in SQL, for lists. */
function visibleProposalsWhere(user: CurrentUser): SQL | undefined {
  if (canManage(user.role)) return undefined;
  const groupOf = sql`(case when ${proposals.scope} = 'group' then g.id = ${proposals.groupId} else g.program_id = ${proposals.programId} end)`;
  const facilitates = sql`exists (select 1 from group_facilitators f join groups g on g.id = f.group_id where f.user_id = ${user.id} and ${groupOf})`;
  const enrolled = sql`exists (select 1 from enrolments e join groups g on g.id = e.group_id where e.user_id = ${user.id} and e.status = 'enrolled' and ${groupOf})`;
  return or(
    eq(proposals.proposerId, user.id),
    facilitates,
    and(isNull(proposals.hiddenAt), enrolled),
  );
}

export async function listProposals(user: CurrentUser, now: Date) {
  const rows = await db
    .select({
      ...proposalColumns,
      groupName: groups.name,
      programName: programs.name,
      votes: sql<number>`((select count(*)::int from ${proposalVotes} where ${proposalVotes.proposalId} = ${proposals.id})
        + (select count(*)::int from ${proposalVoteReceipts} where ${proposalVoteReceipts.proposalId} = ${proposals.id}))`,
    })
    .from(proposals)
    .innerJoin(programs, eq(programs.id, proposals.programId))
    .leftJoin(groups, eq(groups.id, proposals.groupId))
    .where(and(eq(proposals.organizationId, user.organizationId), visibleProposalsWhere(user)))
    .orderBy(desc(proposals.createdAt))
    .limit(200);
  return rows.map((p) => ({ ...p, open: votingOpen(p, now), closed: now.getTime() >= p.closesAt.getTime() }));
}

/** How far back the home page lists decided proposals. */
export const RECENT_DECISION_DAYS = 30;

/**
 * Proposals decided in the last RECENT_DECISION_DAYS before `now` that the user may see (the
 * list's visibility rule; hidden ones never), newest first: for the home page.
 */
export async function recentDecisions(user: CurrentUser, now: Date, limit = 3) {
  const since = new Date(now.getTime() - RECENT_DECISION_DAYS * 86_400_000);
  const rows = await db
    .select({
      id: proposals.id,
      title: proposals.title,
      outcome: proposals.outcome,
      decisionText: proposals.decisionText,
      decidedAt: proposals.decidedAt,
      groupName: groups.name,
      programName: programs.name,
    })
    .from(proposals)
    .innerJoin(programs, eq(programs.id, proposals.programId))
    .leftJoin(groups, eq(groups.id, proposals.groupId))
    .where(
      and(
        eq(proposals.organizationId, user.organizationId),
        isNull(proposals.hiddenAt),
        gte(proposals.decidedAt, since),
        lte(proposals.decidedAt, now),
        visibleProposalsWhere(user),
      ),
    )
    .orderBy(desc(proposals.decidedAt))
    .limit(limit);
  return rows.flatMap((r) => (r.outcome && r.decidedAt ? [{ ...r, outcome: r.outcome, decidedAt: r.decidedAt }] : []));
}

export async function getProposal(user: CurrentUser, proposalId: string, now: Date) {
  const [p] = await db
    .select({ ...proposalColumns, groupName: groups.name, programName: programs.name, proposerName: users.name })
    .from(proposals)
    .innerJoin(programs, eq(programs.id, proposals.programId))
    .leftJoin(groups, eq(groups.id, proposals.groupId))
    .leftJoin(users, eq(users.id, proposals.proposerId))
    .where(and(eq(proposals.id, proposalId), eq(proposals.organizationId, user.organizationId)));
  if (!p) notFound("Proposal not found");
  const rel = await relationTo(db, user, p);
  if (!canViewProposal(user, p, rel)) notFound("Proposal not found");
  // Open ballots carry the voter (names are shown after closing); secret ballots never do: the
  // choice is in proposal_ballots, the fact of voting in proposal_vote_receipts.
  const ballots = p.anonymousVotes
    ? []
    : await db
        .select({ voterId: proposalVotes.voterId, choice: proposalVotes.choice, castAt: proposalVotes.updatedAt })
        .from(proposalVotes)
        .where(eq(proposalVotes.proposalId, p.id));
  const secretBallots = p.anonymousVotes
    ? (await db.select({ choice: proposalBallots.choice }).from(proposalBallots).where(eq(proposalBallots.proposalId, p.id))).map((b) => b.choice)
    : [];
  const receipts = p.anonymousVotes
    ? await db.select({ userId: proposalVoteReceipts.userId }).from(proposalVoteReceipts).where(eq(proposalVoteReceipts.proposalId, p.id))
    : [];
  const moderator = canModerateProposal(user, rel);
  const commentRows = await db
    .select({
      id: proposalComments.id,
      body: proposalComments.body,
      createdAt: proposalComments.createdAt,
      authorName: users.name,
      hiddenAt: proposalComments.hiddenAt,
      hiddenReason: proposalComments.hiddenReason,
    })
    .from(proposalComments)
    .leftJoin(users, eq(users.id, proposalComments.authorId))
    .where(eq(proposalComments.proposalId, p.id))
    .orderBy(asc(proposalComments.createdAt));
  // A hidden comment's text goes only to moderators (to show it again); members see the reason.
  const comments = commentRows.map(({ hiddenAt, ...c }) => ({ ...c, hidden: hiddenAt !== null, body: hiddenAt && !moderator ? "" : c.body }));
  const rules = await db
    .select({ version: ruleVersions.version, targetId: ruleVersions.targetId, scope: ruleVersions.scope })
    .from(ruleVersions)
    .where(and(eq(ruleVersions.proposalId, p.id), eq(ruleVersions.organizationId, user.organizationId)));
  const closed = now.getTime() >= p.closesAt.getTime();
  const open = votingOpen(p, now);
  const choices = choicesFor(p);
  const myVote = ballots.find((b) => b.voterId === user.id)?.choice ?? null;
  const voted = p.anonymousVotes ? receipts.some((r) => r.userId === user.id) : myVote !== null;
  // An open ballot shows who chose what once voting closes; a secret ballot never does.
  let voters: { choice: string; names: string[] }[] | null = null;
  if (closed && !p.anonymousVotes && ballots.length) {
    const people = await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, ballots.map((b) => b.voterId)));
    voters = choices.map((choice) => ({
      choice,
      names: ballots
        .filter((b) => b.choice === choice)
        .map((b) => people.find((x) => x.id === b.voterId)?.name ?? "a former member")
        .sort(),
    }));
  }
  return {
    proposal: { ...p, proposerName: p.proposerId === user.id ? "you" : (p.proposerName ?? "a former member") },
    isProposer: p.proposerId === user.id,
    open,
    votingState: votingState(p, now),
    closed,
    choices,
    myVote,
    voted,
    secret: p.anonymousVotes,
    voteCount: p.anonymousVotes ? receipts.length : ballots.length,
    // Results are visible to the group once voting closes, never before (no bandwagon).
    tally: closed ? (p.anonymousVotes ? tallyChoices(choices, secretBallots) : tallyVotes({ choices, ballots, closesAt: p.closesAt })) : null,
    voters,
    comments: p.hiddenAt ? [] : comments,
    rules,
    can: {
      // A secret vote is final: nothing links it to the voter, so it cannot be changed.
      vote: open && canVote(rel) && !(p.anonymousVotes && voted),
      comment: !p.hiddenAt && !p.decidedAt && (rel.member || canManage(user.role)),
      moderate: moderator,
      // Asked to reword: the proposer edits while a moderator has it hidden.
      edit: p.proposerId === user.id && p.hiddenAt !== null && !p.decidedAt,
      decide: closed && !p.decidedAt && !p.hiddenAt && canDecideProposal(user, rel),
      publishRules: canPublishRules(user, p.scope, rel.facilitator),
    },
  };
}

// ───────────────────────── rules ─────────────────────────

export async function getRulesPage(user: CurrentUser, scope: "group" | "program", targetId: string) {
  let title: string;
  let programId: string;
  let groupId: string | null = null;
  if (scope === "group") {
    const [g] = await db
      .select({ id: groups.id, name: groups.name, programId: groups.programId })
      .from(groups)
      .where(and(eq(groups.id, targetId), eq(groups.organizationId, user.organizationId)));
    if (!g) notFound("Group not found");
    title = g.name;
    programId = g.programId;
    groupId = g.id;
  } else {
    const [pr] = await db
      .select({ id: programs.id, name: programs.name })
      .from(programs)
      .where(and(eq(programs.id, targetId), eq(programs.organizationId, user.organizationId)));
    if (!pr) notFound("Program not found");
    title = pr.name;
    programId = pr.id;
  }
  const rel = await relationTo(db, user, { scope, groupId, programId });
  const versions = await db
    .select({
      id: ruleVersions.id,
      version: ruleVersions.version,
      body: ruleVersions.body,
      changeSummary: ruleVersions.changeSummary,
      proposalId: ruleVersions.proposalId,
      proposalTitle: proposals.title,
      publishedAt: ruleVersions.publishedAt,
      publishedByName: users.name,
    })
    .from(ruleVersions)
    .leftJoin(proposals, eq(proposals.id, ruleVersions.proposalId))
    .leftJoin(users, eq(users.id, ruleVersions.publishedBy))
    .where(and(eq(ruleVersions.targetId, targetId), eq(ruleVersions.organizationId, user.organizationId)))
    .orderBy(desc(ruleVersions.version));
  let programRules: { version: number; body: string } | null = null;
  if (scope === "group") {
    const [pv] = await db
      .select({ version: ruleVersions.version, body: ruleVersions.body })
      .from(ruleVersions)
      .where(and(eq(ruleVersions.targetId, programId), eq(ruleVersions.organizationId, user.organizationId)))
      .orderBy(desc(ruleVersions.version))
      .limit(1);
    programRules = pv ?? null;
  }
  return { scope, targetId, programId, title, versions, programRules, canPublish: canPublishRules(user, scope, rel.facilitator) };
}

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

/** The current facilitators of a concern's group (none for a concern about a program or a person). */
export async function concernGroupLeads(exec: Executor, groupId: string | null): Promise<string[]> {
  if (!groupId) return [];
  const rows = await exec.select({ userId: groupFacilitators.userId }).from(groupFacilitators).where(eq(groupFacilitators.groupId, groupId));
  return rows.map((r) => r.userId);
}

/** Managers see every concern except those about themselves (or a group they lead); everyone sees the ones they raised by name. */
export async function listConcerns(user: CurrentUser, now: Date) {
  const { concernResponseDays } = await getVoiceSettings(db, user.organizationId);
  const handles = canManage(user.role)
    ? and(
        or(isNull(concerns.facilitatorId), sql`${concerns.facilitatorId} <> ${user.id}`),
        // Nor a concern about a session or group this manager leads.
        sql`not exists (select 1 from group_facilitators gf where gf.group_id = ${concerns.groupId} and gf.user_id = ${user.id})`,
      )
    : sql`false`;
  const rows = await db
    .select({ ...concernColumns, groupName: groups.name, submitterName: users.name })
    .from(concerns)
    .leftJoin(groups, eq(groups.id, concerns.groupId))
    .leftJoin(users, eq(users.id, concerns.submitterId))
    .where(and(eq(concerns.organizationId, user.organizationId), or(eq(concerns.submitterId, user.id), handles)))
    .orderBy(desc(concerns.receivedAt))
    .limit(300);
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
  const groupLeadIds = await concernGroupLeads(db, c.groupId);
  return { ...c, groupLeadIds, facilitatorName: nameOf(c.facilitatorId), submitterName: c.anonymous ? null : nameOf(c.submitterId), messages };
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

// ───────────────────────── "you said, we did" ─────────────────────────

/**
 * Published changes the user may see: staff see all of the organisation; participants see
 * organisation-wide ones and those for their groups and those groups' programs.
 */
export async function listChanges(user: CurrentUser, options: { groupId?: string; limit?: number } = {}) {
  let audience: SQL | undefined;
  if (options.groupId) {
    const [g] = await db
      .select({ programId: groups.programId })
      .from(groups)
      .where(and(eq(groups.id, options.groupId), eq(groups.organizationId, user.organizationId)));
    if (!g) return [];
    audience = or(eq(voiceChanges.groupId, options.groupId), and(isNull(voiceChanges.groupId), eq(voiceChanges.programId, g.programId)));
  } else if (user.role === "participant") {
    const mine = sql`select e.group_id from enrolments e where e.user_id = ${user.id} and e.status = 'enrolled'`;
    audience = or(
      and(isNull(voiceChanges.groupId), isNull(voiceChanges.programId)),
      sql`${voiceChanges.groupId} in (${mine})`,
      and(isNull(voiceChanges.groupId), sql`${voiceChanges.programId} in (select g.program_id from groups g where g.id in (${mine}))`),
    );
  }
  return db
    .select({
      id: voiceChanges.id,
      youSaid: voiceChanges.youSaid,
      weDid: voiceChanges.weDid,
      publishedAt: voiceChanges.publishedAt,
      groupName: groups.name,
      programName: programs.name,
      proposalId: voiceChanges.proposalId,
      proposalTitle: proposals.title,
      fromConcern: sql<boolean>`${voiceChanges.concernId} is not null`,
      feedbackGroupName: sql<string | null>`(select g2.name from groups g2 where g2.id = ${voiceChanges.feedbackGroupId})`,
    })
    .from(voiceChanges)
    .leftJoin(groups, eq(groups.id, voiceChanges.groupId))
    .leftJoin(programs, eq(programs.id, voiceChanges.programId))
    .leftJoin(proposals, eq(proposals.id, voiceChanges.proposalId))
    .where(and(eq(voiceChanges.organizationId, user.organizationId), audience))
    .orderBy(desc(voiceChanges.publishedAt))
    .limit(options.limit ?? 100);
}

/** What a manager can link a published change to. */
export async function changeSources(user: CurrentUser) {
  const decided = await db
    .select({ id: proposals.id, title: proposals.title })
    .from(proposals)
    .where(and(eq(proposals.organizationId, user.organizationId), sql`${proposals.decidedAt} is not null`))
    .orderBy(desc(proposals.decidedAt))
    .limit(50);
  const concernRows = await db
    .select({ id: concerns.id, summary: concerns.summary })
    .from(concerns)
    .where(and(eq(concerns.organizationId, user.organizationId), or(isNull(concerns.facilitatorId), sql`${concerns.facilitatorId} <> ${user.id}`)))
    .orderBy(desc(concerns.receivedAt))
    .limit(50);
  const targets = await proposalTargets(user);
  const groupRows = await db
    .select({ id: groups.id, name: groups.name })
    .from(groups)
    .where(eq(groups.organizationId, user.organizationId))
    .orderBy(groups.name);
  return { proposals: decided, concerns: concernRows, audiences: targets, groups: groupRows };
}

/** The small "your voice" block of the home page: feedback to give, the latest changes and decisions. */
export async function homeVoice(user: CurrentUser, now: Date) {
  return {
    pending: user.role === "participant" ? await pendingFeedback(user, now, 5) : [],
    changes: await listChanges(user, { limit: 3 }),
    decisions: await recentDecisions(user, now, 3),
  };
}
