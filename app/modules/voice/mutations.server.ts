import { appUrl } from "~/config.server";
import { randomInt } from "node:crypto";
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { DateTime } from "luxon";
import { concernAlertEmail, concernReplyEmail } from "~emails/voice-concern";
import { proposalDecisionEmail } from "~emails/voice-decision";
import { feedbackInvitationEmail } from "~emails/voice-feedback-invite";
import { db, type Executor } from "~/db/client.server";
import { groups, memberships, organizations, programs, sessions, users } from "~/db/schema";
import {
  concernMessages,
  concerns,
  feedbackAnonymousAnswers,
  feedbackAnonymousInbox,
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
import { randomToken, sha256 } from "~/modules/auth/tokens.server";
import { enqueueEmail } from "~/modules/notifications/mutations.server";
import { dateStyleOf, formatInZone } from "~/modules/time/zoned";
import { forbidden, notFound, UserInputError } from "~/web/http.server";
import { anonymousReceivedAt, canMoveConcern, isConcernOverdue, type ConcernStatus } from "./concerns";
import { DEFAULT_QUESTIONS, MIN_RESPONSES, NOT_ATTENDED, validateRatings } from "./feedback";
import { canDecideProposal, canHandleConcern, canModerateProposal, canPublishChanges, canPublishRules, canVote } from "./policy";
import { attended, attendedPairs, belongsToGroup, concernGroupLeads, decisionAudience, getVoiceSettings, relationTo } from "./queries.server";
import { choicesFor, votingOpen } from "./tally";


// ───────────────────────── settings and questions ─────────────────────────

/** Gives an organisation the default rating questions the first time they are needed. */
export async function ensureFeedbackQuestions(ex: Executor, organizationId: string) {
  const [any] = await ex
    .select({ id: feedbackQuestions.id })
    .from(feedbackQuestions)
    .where(eq(feedbackQuestions.organizationId, organizationId))
    .limit(1);
  if (any) return;
  const insert = async (tx: Executor) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`voice.questions:${organizationId}`}))`);
    const [again] = await tx.select({ id: feedbackQuestions.id }).from(feedbackQuestions).where(eq(feedbackQuestions.organizationId, organizationId)).limit(1);
    if (again) return;
    await tx.insert(feedbackQuestions).values(DEFAULT_QUESTIONS.map((prompt, position) => ({ organizationId, prompt, position })));
  };
  await (ex === db ? db.transaction(insert) : insert(ex));
}

export async function saveVoiceSettings(
  user: CurrentUser,
  input: { questions: string[]; concernResponseDays: number; feedbackWindowDays: number },
) {
  if (!canManage(user.role)) forbidden();
  await db.transaction(async (tx) => {
    await ensureFeedbackQuestions(tx, user.organizationId);
    const existing = await tx.select().from(feedbackQuestions).where(eq(feedbackQuestions.organizationId, user.organizationId));
    const before = existing.filter((q) => q.active).sort((a, b) => a.position - b.position).map((q) => q.prompt);
    // Questions keep their id while their wording is unchanged, so earlier answers stay comparable.
    await tx.update(feedbackQuestions).set({ active: false }).where(eq(feedbackQuestions.organizationId, user.organizationId));
    for (const [position, prompt] of input.questions.entries()) {
      const same = existing.find((q) => q.prompt.toLowerCase() === prompt.toLowerCase());
      if (same) await tx.update(feedbackQuestions).set({ active: true, position, prompt }).where(eq(feedbackQuestions.id, same.id));
      else await tx.insert(feedbackQuestions).values({ organizationId: user.organizationId, prompt, position });
    }
    await tx
      .insert(voiceSettings)
      .values({ organizationId: user.organizationId, concernResponseDays: input.concernResponseDays, feedbackWindowDays: input.feedbackWindowDays })
      .onConflictDoUpdate({
        target: voiceSettings.organizationId,
        set: { concernResponseDays: input.concernResponseDays, feedbackWindowDays: input.feedbackWindowDays },
      });
    await audit(tx, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: "voice.settings.update",
      subjectType: "organization",
      subjectId: user.organizationId,
      before: { questions: before },
      after: input,
    });
  });
}

// ───────────────────────── session feedback ─────────────────────────

/** Anonymous answers are released from the inbox in shuffled batches of at least this many. */
export const RELEASE_BATCH = MIN_RESPONSES;

/**
 * Records one person's feedback for a session they attended. The receipt (primary key
 * session + person) makes it once per person, also for two submissions at the same instant.
 * An anonymous answer goes to the inbox with no person, no time and a random id; it is released
 * into the answers table later in a separate, shuffled batch (see releaseAnonymousFeedback).
 */
export async function submitFeedback(
  user: CurrentUser,
  sessionId: string,
  input: { raw: Record<string, unknown>; comment: string; anonymous: boolean },
  now: Date,
) {
  if (user.role !== "participant") forbidden("Only participants give session feedback.");
  await db.transaction(async (tx) => {
    const [session] = await tx
      .select({ id: sessions.id, groupId: sessions.groupId, endsAt: sessions.endsAt, status: sessions.status })
      .from(sessions)
      .where(and(eq(sessions.id, sessionId), eq(sessions.organizationId, user.organizationId), eq(sessions.status, "held")));
    if (!session) notFound("Session not found");
    if (!(await attended(tx, user.id, sessionId))) {
      if (await belongsToGroup(tx, user.id, session.groupId)) throw new UserInputError(NOT_ATTENDED);
      notFound("There is no feedback request for you for this session.");
    }
    const { feedbackWindowDays } = await getVoiceSettings(tx, user.organizationId);
    if (now.getTime() > session.endsAt.getTime() + feedbackWindowDays * 86_400_000) {
      throw new UserInputError("Feedback for this session has closed.");
    }
    await ensureFeedbackQuestions(tx, user.organizationId);
    const questions = await tx
      .select({ id: feedbackQuestions.id, prompt: feedbackQuestions.prompt })
      .from(feedbackQuestions)
      .where(and(eq(feedbackQuestions.organizationId, user.organizationId), eq(feedbackQuestions.active, true)));
    const checked = validateRatings(input.raw, questions);
    if (!checked.ok) {
      const [field, message] = Object.entries(checked.errors)[0];
      throw new UserInputError(message, `q_${field}`);
    }
    const receipt = await tx
      .insert(feedbackReceipts)
      .values({ organizationId: user.organizationId, sessionId, userId: user.id })
      .onConflictDoNothing()
      .returning({ sessionId: feedbackReceipts.sessionId });
    if (receipt.length === 0) throw new UserInputError("You have already given feedback for this session. Thank you!");
    const answer = { organizationId: user.organizationId, sessionId, groupId: session.groupId, ratings: checked.ratings, comment: input.comment };
    if (input.anonymous) await tx.insert(feedbackAnonymousInbox).values(answer);
    else await tx.insert(feedbackNamedAnswers).values({ ...answer, userId: user.id, createdAt: now });
  });
  // A separate transaction: released rows never carry the submitter's transaction id.
  const [session] = await db.select({ groupId: sessions.groupId }).from(sessions).where(eq(sessions.id, sessionId));
  if (session) await releaseAnonymousFeedback({ groupId: session.groupId, now });
}

function shuffle<T>(items: T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * Releases a group's waiting answers (anonymous ones from the inbox, named ones without a batch)
 * as one batch once at least RELEASE_BATCH wait — never fewer, whatever the feedback window:
 * a lone answer waits for four more from its group. The batch counts in the month (organisation
 * zone) of `now`. Anonymous answers are moved in random order with new ids in this transaction,
 * so neither their order nor their transaction id matches a receipt. One group at a time under an
 * advisory lock, so concurrent runs never release a row twice.
 */
export async function releaseAnonymousFeedback(options: { now: Date; groupId?: string }) {
  const groupIds = options.groupId
    ? [options.groupId]
    : (
        (await db.execute(sql`
          select group_id from (
            select group_id from feedback_anonymous_inbox
            union all
            select group_id from feedback_named_answers where batch_id is null
          ) w group by group_id having count(*) >= ${RELEASE_BATCH}`)) as unknown as { group_id: string }[]
      ).map((r) => r.group_id);
  let released = 0;
  for (const groupId of groupIds) released += await releaseGroupBatch(groupId, options.now);
  return { released };
}

async function releaseGroupBatch(groupId: string, now: Date): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`voice.batch:${groupId}`}))`);
    const inbox = await tx.select().from(feedbackAnonymousInbox).where(eq(feedbackAnonymousInbox.groupId, groupId)).for("update");
    const named = await tx
      .select({ id: feedbackNamedAnswers.id })
      .from(feedbackNamedAnswers)
      .where(and(eq(feedbackNamedAnswers.groupId, groupId), isNull(feedbackNamedAnswers.batchId)))
      .for("update");
    const total = inbox.length + named.length;
    if (total < RELEASE_BATCH) return 0;
    const [group] = await tx
      .select({ organizationId: groups.organizationId, zone: organizations.timezone })
      .from(groups)
      .innerJoin(organizations, eq(organizations.id, groups.organizationId))
      .where(eq(groups.id, groupId));
    const [{ next }] = (await tx.execute(
      sql`select coalesce(max(seq), 0) + 1 as next from feedback_release_batches where group_id = ${groupId}`,
    )) as unknown as { next: number }[];
    const [batch] = await tx
      .insert(feedbackReleaseBatches)
      .values({
        organizationId: group.organizationId,
        groupId,
        seq: Number(next),
        releasedIn: DateTime.fromJSDate(now, { zone: group.zone }).startOf("month").toISODate()!,
        answers: total,
      })
      .returning({ id: feedbackReleaseBatches.id });
    if (inbox.length) {
      await tx.insert(feedbackAnonymousAnswers).values(
        shuffle(inbox).map((r) => ({
          organizationId: r.organizationId,
          sessionId: r.sessionId,
          groupId: r.groupId,
          batchId: batch.id,
          ratings: r.ratings,
          comment: r.comment,
        })),
      );
      await tx.delete(feedbackAnonymousInbox).where(inArray(feedbackAnonymousInbox.id, inbox.map((r) => r.id)));
    }
    if (named.length) {
      await tx.update(feedbackNamedAnswers).set({ batchId: batch.id }).where(inArray(feedbackNamedAnswers.id, named.map((r) => r.id)));
    }
    return total;
  });
}

/**
 * Periodic job: invites everyone who attended a session held in the last two days (and not past
 * the feedback window) to give feedback, once (dedupe key per session and person).
 */
export async function sendFeedbackInvitations(now: Date, options: { limit?: number } = {}) {
  const since = new Date(now.getTime() - 2 * 86_400_000);
  const rows = (await db.execute(sql`
    select a.session_id, a.user_id, u.email, u.name, u.timezone, u.locale, g.name as group_name, s.starts_at, a.organization_id
      from ${attendedPairs(sql`s.ends_at <= ${now.toISOString()}::timestamptz and s.ends_at > ${since.toISOString()}::timestamptz`)} a
      join users u on u.id = a.user_id
      join memberships m on m.user_id = a.user_id and m.organization_id = a.organization_id and m.role = 'participant'
      join sessions s on s.id = a.session_id
      join groups g on g.id = a.group_id
     where not exists (select 1 from feedback_receipts r where r.session_id = a.session_id and r.user_id = a.user_id)
       and not exists (select 1 from email_outbox o where o.dedupe_key = 'voice:feedback-invite:' || a.session_id || ':' || a.user_id)
     limit ${options.limit ?? 500}`)) as unknown as {
    session_id: string;
    user_id: string;
    email: string;
    name: string;
    timezone: string;
    locale: string;
    group_name: string;
    starts_at: string | Date;
    organization_id: string;
  }[];
  let queued = 0;
  for (const r of rows) {
    const mail = feedbackInvitationEmail({
      name: r.name,
      groupName: r.group_name,
      when: formatInZone(new Date(r.starts_at), r.timezone, dateStyleOf(r.locale)),
      url: `${appUrl()}/feedback/${r.session_id}`,
    });
    const added = await enqueueEmail(db, {
      ...mail,
      to: r.email,
      organizationId: r.organization_id,
      dedupeKey: `voice:feedback-invite:${r.session_id}:${r.user_id}`,
    });
    if (added) queued++;
  }
  return { queued };
}

// ───────────────────────── proposals ─────────────────────────

async function resolveTarget(tx: Executor, user: CurrentUser, target: { scope: "group" | "program"; id: string }) {
  if (target.scope === "group") {
    const [g] = await tx
      .select({ id: groups.id, programId: groups.programId })
      .from(groups)
      .where(and(eq(groups.id, target.id), eq(groups.organizationId, user.organizationId)));
    if (!g) throw new UserInputError("Choose one of your groups or programs.", "target");
    return { scope: "group" as const, groupId: g.id, programId: g.programId };
  }
  const [p] = await tx
    .select({ id: programs.id })
    .from(programs)
    .where(and(eq(programs.id, target.id), eq(programs.organizationId, user.organizationId)));
  if (!p) throw new UserInputError("Choose one of your groups or programs.", "target");
  return { scope: "program" as const, groupId: null, programId: p.id };
}

export async function createProposal(
  user: CurrentUser,
  input: {
    target: { scope: "group" | "program"; id: string };
    topic: "rules" | "topics" | "format" | "times" | "place" | "decision";
    title: string;
    description: string;
    voting: "agree" | "options";
    options: string[];
    anonymousVotes: boolean;
    closesAt: Date;
  },
  now: Date,
) {
  if (Number.isNaN(input.closesAt.getTime()) || input.closesAt.getTime() < now.getTime() + 3_600_000) {
    throw new UserInputError("Voting must stay open for at least an hour from now.", "closesAt");
  }
  if (input.closesAt.getTime() > now.getTime() + 90 * 86_400_000) {
    throw new UserInputError("Voting can stay open for at most 90 days.", "closesAt");
  }
  return db.transaction(async (tx) => {
    const target = await resolveTarget(tx, user, input.target);
    const rel = await relationTo(tx, user, target);
    if (!rel.member && !canManage(user.role)) throw new UserInputError("Choose one of your groups or programs.", "target");
    const [created] = await tx
      .insert(proposals)
      .values({
        organizationId: user.organizationId,
        ...target,
        topic: input.topic,
        title: input.title,
        description: input.description,
        voting: input.voting,
        options: input.options,
        anonymousVotes: input.anonymousVotes,
        closesAt: input.closesAt,
        proposerId: user.id,
        createdAt: now,
      })
      .returning({ id: proposals.id });
    await audit(tx, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: "proposal.create",
      subjectType: "proposal",
      subjectId: created.id,
      after: { ...input, closesAt: input.closesAt.toISOString() },
    });
    return created;
  });
}

async function lockProposal(tx: Executor, user: CurrentUser, proposalId: string) {
  const [p] = await tx
    .select()
    .from(proposals)
    .where(and(eq(proposals.id, proposalId), eq(proposals.organizationId, user.organizationId)))
    .for("update");
  if (!p) notFound("Proposal not found");
  const rel = await relationTo(tx, user, p);
  return { p, rel };
}

export const SECRET_VOTE_FINAL =
  "You have already voted. Secret ballots are final: your choice is stored without your name, so it cannot be changed.";

/**
 * One vote per member. Open ballots: changeable until closing (the row is replaced, its time
 * updated). Secret ballots: final, stored apart from who voted.
 */
export async function castVote(user: CurrentUser, proposalId: string, choice: string, now: Date) {
  await db.transaction(async (tx) => {
    const { p, rel } = await lockProposal(tx, user, proposalId);
    if (!canVote(rel)) {
      if (!canManage(user.role) && p.proposerId !== user.id) notFound("Proposal not found");
      throw new UserInputError("Only members of this group or program vote; managers record the decision.", "choice");
    }
    if (!votingOpen(p, now)) throw new UserInputError("Voting on this proposal has closed.", "choice");
    if (!choicesFor(p).includes(choice)) throw new UserInputError("Choose one of the answers listed.", "choice");
    if (p.anonymousVotes) {
      // Secret ballot: a receipt says this person voted (once: final); the choice goes in with no
      // person and no time, and every ballot of the proposal is rewritten in random order with new
      // ids, so no row's position or transaction id points to the receipt just written.
      const receipt = await tx
        .insert(proposalVoteReceipts)
        .values({ proposalId, userId: user.id, organizationId: user.organizationId })
        .onConflictDoNothing()
        .returning({ proposalId: proposalVoteReceipts.proposalId });
      if (receipt.length === 0) throw new UserInputError(SECRET_VOTE_FINAL, "choice");
      const earlier = await tx.select({ choice: proposalBallots.choice }).from(proposalBallots).where(eq(proposalBallots.proposalId, proposalId)).for("update");
      await tx.delete(proposalBallots).where(eq(proposalBallots.proposalId, proposalId));
      await tx
        .insert(proposalBallots)
        .values(shuffle([...earlier.map((b) => b.choice), choice]).map((c) => ({ organizationId: user.organizationId, proposalId, choice: c })));
      return;
    }
    await tx
      .insert(proposalVotes)
      .values({ proposalId, voterId: user.id, organizationId: user.organizationId, choice, updatedAt: now })
      .onConflictDoUpdate({ target: [proposalVotes.proposalId, proposalVotes.voterId], set: { choice, updatedAt: now } });
  });
}

export async function commentOnProposal(user: CurrentUser, proposalId: string, body: string, now: Date) {
  await db.transaction(async (tx) => {
    const { p, rel } = await lockProposal(tx, user, proposalId);
    if (!(rel.member || canManage(user.role) || p.proposerId === user.id)) notFound("Proposal not found");
    if (p.hiddenAt) throw new UserInputError("This proposal is hidden; it cannot be discussed.", "body");
    if (p.decidedAt) throw new UserInputError("This proposal has been decided; the discussion is closed.", "body");
    await tx.insert(proposalComments).values({ organizationId: user.organizationId, proposalId, authorId: user.id, body, createdAt: now });
  });
}

export async function moderateProposal(user: CurrentUser, proposalId: string, input: { hide: true; reason: string } | { hide: false }, now: Date) {
  await db.transaction(async (tx) => {
    const { p, rel } = await lockProposal(tx, user, proposalId);
    if (!canModerateProposal(user, rel)) {
      if (!rel.member && p.proposerId !== user.id) notFound("Proposal not found");
      forbidden("Only the group's facilitators and managers moderate proposals.");
    }
    await tx
      .update(proposals)
      .set(input.hide ? { hiddenAt: now, hiddenReason: input.reason, hiddenBy: user.id } : { hiddenAt: null, hiddenReason: "", hiddenBy: null })
      .where(eq(proposals.id, proposalId));
    await audit(tx, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: input.hide ? "proposal.hide" : "proposal.restore",
      subjectType: "proposal",
      subjectId: proposalId,
      before: { hidden: Boolean(p.hiddenAt), reason: p.hiddenReason },
      reason: input.hide ? input.reason : "",
    });
  });
}

/** A moderator hides one comment with a reason members see (the text is kept for moderators and the audit), or shows it again. */
export async function moderateComment(
  user: CurrentUser,
  proposalId: string,
  input: { commentId: string; hide: true; reason: string } | { commentId: string; hide: false },
  now: Date,
) {
  await db.transaction(async (tx) => {
    const { p, rel } = await lockProposal(tx, user, proposalId);
    if (!canModerateProposal(user, rel)) {
      if (!rel.member && p.proposerId !== user.id) notFound("Proposal not found");
      forbidden("Only the group's facilitators and managers moderate the discussion.");
    }
    const [comment] = await tx
      .select()
      .from(proposalComments)
      .where(and(eq(proposalComments.id, input.commentId), eq(proposalComments.proposalId, p.id), eq(proposalComments.organizationId, user.organizationId)))
      .for("update");
    if (!comment) throw new UserInputError("That comment is not part of this discussion.", "commentId");
    await tx
      .update(proposalComments)
      .set(input.hide ? { hiddenAt: now, hiddenReason: input.reason, hiddenBy: user.id } : { hiddenAt: null, hiddenReason: "", hiddenBy: null })
      .where(eq(proposalComments.id, comment.id));
    await audit(tx, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: input.hide ? "proposal_comment.hide" : "proposal_comment.restore",
      subjectType: "proposal_comment",
      subjectId: comment.id,
      before: { proposalId: p.id, hidden: Boolean(comment.hiddenAt), reason: comment.hiddenReason },
      reason: input.hide ? input.reason : "",
    });
  });
}

/**
 * The proposer rewords a proposal a moderator hid (asked to reword): title and description only,
 * while it is hidden and undecided. It stays hidden until a moderator shows it again. Audited.
 */
export async function editProposal(user: CurrentUser, proposalId: string, input: { title: string; description: string }, now: Date) {
  await db.transaction(async (tx) => {
    const { p } = await lockProposal(tx, user, proposalId);
    if (p.proposerId !== user.id) forbidden("Only the person who made the proposal can reword it.");
    if (!p.hiddenAt || p.decidedAt) throw new UserInputError("A proposal can be reworded only while a moderator has it hidden.", "title");
    await tx.update(proposals).set({ title: input.title, description: input.description, editedAt: now }).where(eq(proposals.id, p.id));
    await audit(tx, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: "proposal.edit",
      subjectType: "proposal",
      subjectId: p.id,
      before: { title: p.title, description: p.description },
      after: { title: input.title, description: input.description },
    });
  });
}

type RulesInput = { body: string; changeSummary: string };

async function insertRuleVersion(
  tx: Executor,
  user: CurrentUser,
  target: { scope: "group" | "program"; groupId: string | null; programId: string },
  input: RulesInput & { proposalId: string | null },
  now: Date,
) {
  const targetId = target.scope === "group" ? target.groupId! : target.programId;
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`voice.rules:${targetId}`}))`);
  const [{ next }] = (await tx.execute(
    sql`select coalesce(max(version), 0) + 1 as next from rule_versions where target_id = ${targetId}`,
  )) as unknown as { next: number }[];
  const [row] = await tx
    .insert(ruleVersions)
    .values({
      organizationId: user.organizationId,
      scope: target.scope,
      programId: target.programId,
      groupId: target.groupId,
      targetId,
      version: Number(next),
      body: input.body,
      changeSummary: input.changeSummary,
      proposalId: input.proposalId,
      publishedBy: user.id,
      publishedAt: now,
    })
    .returning({ id: ruleVersions.id, version: ruleVersions.version });
  await audit(tx, {
    organizationId: user.organizationId,
    actorId: user.id,
    action: "rules.publish",
    subjectType: target.scope,
    subjectId: targetId,
    after: { version: row.version, changeSummary: input.changeSummary, proposalId: input.proposalId },
  });
  return row;
}

/**
 * Records the decision on a closed proposal (once) and, in the same transaction, tells its
 * members and its proposer by email (decisionAudience; once per person, ever: dedupe key per
 * proposal and person). The email says what was decided and why, never how anyone voted.
 */
export async function decideProposal(
  user: CurrentUser,
  proposalId: string,
  input: { outcome: "adopted" | "adopted_with_changes" | "not_adopted"; decisionText: string; rationale: string; rulesBody: string; changeSummary: string },
  now: Date,
  baseUrl: string = appUrl(),
) {
  await db.transaction(async (tx) => {
    const { p, rel } = await lockProposal(tx, user, proposalId);
    if (!canDecideProposal(user, rel)) {
      if (!rel.member && p.proposerId !== user.id) notFound("Proposal not found");
      forbidden("Only the group's facilitators and managers record decisions.");
    }
    if (p.hiddenAt) throw new UserInputError("A hidden proposal cannot be decided.");
    if (p.decidedAt) throw new UserInputError("The decision on this proposal is already recorded.");
    if (now.getTime() < p.closesAt.getTime()) throw new UserInputError("Record the decision after voting closes.");
    await tx
      .update(proposals)
      .set({ outcome: input.outcome, decisionText: input.decisionText, rationale: input.rationale, decidedBy: user.id, decidedAt: now })
      .where(eq(proposals.id, proposalId));
    await audit(tx, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: "proposal.decide",
      subjectType: "proposal",
      subjectId: proposalId,
      after: { outcome: input.outcome, decisionText: input.decisionText, rationale: input.rationale },
    });
    // Queued in this transaction: if anything below fails, no one is told of a decision that was not recorded.
    await enqueueDecisionNotices(tx, user, { ...p, ...input }, baseUrl);
    if (input.rulesBody) {
      if (!canPublishRules(user, p.scope, rel.facilitator)) {
        throw new UserInputError("Only managers publish the rules of a whole program.", "rulesBody");
      }
      await insertRuleVersion(tx, user, p, { body: input.rulesBody, changeSummary: input.changeSummary, proposalId }, now);
    }
  });
}

async function enqueueDecisionNotices(
  tx: Executor,
  decider: CurrentUser,
  p: typeof proposals.$inferSelect & { outcome: "adopted" | "adopted_with_changes" | "not_adopted"; decisionText: string; rationale: string },
  baseUrl: string,
) {
  const [program] = await tx.select({ name: programs.name }).from(programs).where(eq(programs.id, p.programId));
  const [group] = p.scope === "group" && p.groupId ? await tx.select({ name: groups.name }).from(groups).where(eq(groups.id, p.groupId)) : [];
  const audience = group ? group.name : `the whole program ${program?.name ?? ""}`.trim();
  let queued = 0;
  for (const person of await decisionAudience(tx, p, decider.id)) {
    const mail = proposalDecisionEmail({
      name: person.name,
      title: p.title,
      audience,
      outcome: p.outcome,
      decisionText: p.decisionText,
      rationale: p.rationale,
      proposer: Boolean(person.proposer),
      url: `${baseUrl}/proposals/${p.id}`,
    });
    const added = await enqueueEmail(tx, { ...mail, to: person.email, organizationId: p.organizationId, dedupeKey: `voice:proposal-decided:${p.id}:${person.id}` });
    if (added) queued++;
  }
  return queued;
}

export async function publishRules(user: CurrentUser, scope: "group" | "program", targetId: string, input: RulesInput, now: Date) {
  return db.transaction(async (tx) => {
    const target = await resolveTarget(tx, user, { scope, id: targetId }).catch(() => notFound());
    const rel = await relationTo(tx, user, target);
    if (!canPublishRules(user, scope, rel.facilitator)) forbidden("Only managers and this group's facilitators publish its rules.");
    return insertRuleVersion(tx, user, target, { ...input, proposalId: null }, now);
  });
}

// ───────────────────────── concerns ─────────────────────────

/** Managers to tell about a concern: never anyone it is about (the named person, the group's facilitators). */
async function managersToAlert(tx: Executor, organizationId: string, about: { facilitatorId: string | null; groupId: string | null }) {
  const except = new Set([about.facilitatorId, ...(await concernGroupLeads(tx, about.groupId))]);
  const rows = await tx
    .select({ id: users.id, email: users.email, name: users.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organizationId, organizationId), inArray(memberships.role, ["manager", "admin"]), isNull(memberships.deactivatedAt)));
  return rows.filter((r) => !except.has(r.id));
}

export async function raiseConcern(
  user: CurrentUser,
  input: {
    subject: "session" | "group" | "facilitator" | "program";
    sessionId: string | null;
    groupId: string | null;
    facilitatorId: string | null;
    programId: string | null;
    summary: string;
    body: string;
    anonymous: boolean;
  },
  now: Date,
  baseUrl: string,
) {
  return db.transaction(async (tx) => {
    let sessionId: string | null = null;
    let groupId: string | null = null;
    let programId: string | null = null;
    let facilitatorId: string | null = null;
    if (input.subject === "session") {
      const [s] = await tx
        .select({ id: sessions.id, groupId: sessions.groupId, programId: groups.programId })
        .from(sessions)
        .innerJoin(groups, eq(groups.id, sessions.groupId))
        .where(and(eq(sessions.id, input.sessionId!), eq(sessions.organizationId, user.organizationId)));
      if (!s) throw new UserInputError("Choose a session from the list.", "sessionId");
      [sessionId, groupId, programId] = [s.id, s.groupId, s.programId];
    } else if (input.subject === "group") {
      const [g] = await tx
        .select({ id: groups.id, programId: groups.programId })
        .from(groups)
        .where(and(eq(groups.id, input.groupId!), eq(groups.organizationId, user.organizationId)));
      if (!g) throw new UserInputError("Choose a group from the list.", "groupId");
      [groupId, programId] = [g.id, g.programId];
    } else if (input.subject === "facilitator") {
      const [m] = await tx
        .select({ userId: memberships.userId })
        .from(memberships)
        .where(
          and(
            eq(memberships.userId, input.facilitatorId!),
            eq(memberships.organizationId, user.organizationId),
            inArray(memberships.role, ["facilitator", "manager", "admin"]),
          ),
        );
      if (!m) throw new UserInputError("Choose a facilitator from the list.", "facilitatorId");
      facilitatorId = m.userId;
    } else {
      const [p] = await tx
        .select({ id: programs.id })
        .from(programs)
        .where(and(eq(programs.id, input.programId!), eq(programs.organizationId, user.organizationId)));
      if (!p) throw new UserInputError("Choose a program from the list.", "programId");
      programId = p.id;
    }
    const token = input.anonymous ? randomToken() : null;
    const [created] = await tx
      .insert(concerns)
      .values({
        organizationId: user.organizationId,
        subject: input.subject,
        sessionId,
        groupId,
        programId,
        facilitatorId,
        submitterId: input.anonymous ? null : user.id,
        anonymous: input.anonymous,
        followUpTokenHash: token ? sha256(token) : null,
        summary: input.summary,
        body: input.body,
        receivedAt: input.anonymous ? anonymousReceivedAt(now) : now,
        updatedAt: input.anonymous ? anonymousReceivedAt(now) : now,
      })
      .returning({ id: concerns.id });
    await audit(tx, {
      organizationId: user.organizationId,
      actorId: input.anonymous ? null : user.id,
      action: "concern.create",
      subjectType: "concern",
      subjectId: created.id,
      after: { subject: input.subject, anonymous: input.anonymous },
    });
    // Managers are told a concern arrived (never its content); the person it is about is not.
    for (const m of await managersToAlert(tx, user.organizationId, { facilitatorId, groupId })) {
      const mail = concernAlertEmail({ name: m.name, kind: "new", summary: null, url: `${baseUrl}/concerns/${created.id}` });
      await enqueueEmail(tx, { ...mail, to: m.email, organizationId: user.organizationId, dedupeKey: `voice:concern-new:${created.id}:${m.id}` });
    }
    return { id: created.id, token };
  });
}

async function lockConcern(tx: Executor, user: CurrentUser, concernId: string) {
  const [c] = await tx
    .select()
    .from(concerns)
    .where(and(eq(concerns.id, concernId), eq(concerns.organizationId, user.organizationId)))
    .for("update");
  if (!c) notFound("Concern not found");
  return { ...c, groupLeadIds: await concernGroupLeads(tx, c.groupId) };
}

export async function respondToConcern(user: CurrentUser, concernId: string, body: string, now: Date, baseUrl: string) {
  await db.transaction(async (tx) => {
    const c = await lockConcern(tx, user, concernId);
    if (!canHandleConcern(user, c)) notFound("Concern not found");
    await tx.insert(concernMessages).values({ organizationId: user.organizationId, concernId, author: "staff", staffId: user.id, body, createdAt: now });
    await tx
      .update(concerns)
      .set({ status: "responded", firstResponseAt: c.firstResponseAt ?? now, closedAt: null, updatedAt: now })
      .where(eq(concerns.id, concernId));
    await audit(tx, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: "concern.respond",
      subjectType: "concern",
      subjectId: concernId,
      before: { status: c.status },
      after: { status: "responded" },
    });
    if (c.submitterId) {
      const [submitter] = await tx.select({ email: users.email, name: users.name }).from(users).where(eq(users.id, c.submitterId));
      if (submitter) {
        const mail = concernReplyEmail({ name: submitter.name, url: `${baseUrl}/concerns/${concernId}` });
        await enqueueEmail(tx, { ...mail, to: submitter.email, organizationId: user.organizationId });
      }
    }
  });
}

export async function setConcernStatus(user: CurrentUser, concernId: string, status: ConcernStatus, now: Date) {
  await db.transaction(async (tx) => {
    const c = await lockConcern(tx, user, concernId);
    if (!canHandleConcern(user, c)) notFound("Concern not found");
    if (c.status === status) return;
    if (!canMoveConcern(c.status, status)) {
      throw new UserInputError(`A concern that is ${c.status.replace("_", " ")} cannot move to ${status.replace("_", " ")}.`, "status");
    }
    if (status === "responded" && !c.firstResponseAt) throw new UserInputError("Write a response first; sending it marks the concern responded.", "status");
    await tx
      .update(concerns)
      .set({ status, closedAt: status === "closed" ? now : null, updatedAt: now })
      .where(eq(concerns.id, concernId));
    await audit(tx, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: "concern.status",
      subjectType: "concern",
      subjectId: concernId,
      before: { status: c.status },
      after: { status },
    });
  });
}

/** A message from the submitter (named, or anonymous through the follow-up link). Reopens a closed concern for review. */
export async function addSubmitterMessage(
  who: { user: CurrentUser } | { token: string },
  concernId: string,
  body: string,
  now: Date,
) {
  await db.transaction(async (tx) => {
    const where =
      "token" in who
        ? and(eq(concerns.id, concernId), eq(concerns.followUpTokenHash, sha256(who.token)))
        : and(eq(concerns.id, concernId), eq(concerns.organizationId, who.user.organizationId), eq(concerns.submitterId, who.user.id));
    const [c] = await tx.select().from(concerns).where(where).for("update");
    if (!c) notFound("Concern not found");
    const at = c.anonymous ? anonymousReceivedAt(now) : now;
    await tx.insert(concernMessages).values({ organizationId: c.organizationId, concernId, author: "submitter", staffId: null, body, createdAt: at });
    const status = c.status === "received" ? "received" : "in_review";
    await tx.update(concerns).set({ status, closedAt: null, updatedAt: at }).where(eq(concerns.id, concernId));
  });
}

/** Periodic job: tells managers (not the concern's subject) once when a concern becomes overdue. */
export async function alertOverdueConcerns(now: Date) {
  const open = await db
    .select({
      id: concerns.id,
      organizationId: concerns.organizationId,
      facilitatorId: concerns.facilitatorId,
      groupId: concerns.groupId,
      status: concerns.status,
      receivedAt: concerns.receivedAt,
      firstResponseAt: concerns.firstResponseAt,
      summary: concerns.summary,
      days: sql<number>`coalesce((select vs.concern_response_days from voice_settings vs where vs.organization_id = ${concerns.organizationId}), 5)`,
    })
    .from(concerns)
    .where(and(sql`${concerns.firstResponseAt} is null`, inArray(concerns.status, ["received", "in_review"])))
    .limit(500);
  let queued = 0;
  for (const c of open.filter((row) => isConcernOverdue(row, now, Number(row.days)))) {
    for (const m of await managersToAlert(db, c.organizationId, c)) {
      const mail = concernAlertEmail({ name: m.name, kind: "overdue", summary: null, url: `${appUrl()}/concerns/${c.id}` });
      if (await enqueueEmail(db, { ...mail, to: m.email, organizationId: c.organizationId, dedupeKey: `voice:concern-overdue:${c.id}:${m.id}` })) queued++;
    }
  }
  return { queued };
}

// ───────────────────────── "you said, we did" ─────────────────────────

export async function publishChange(
  user: CurrentUser,
  input: { audience: string; youSaid: string; weDid: string; proposalId: string | null; concernId: string | null; feedbackGroupId: string | null },
  now: Date,
) {
  if (!canPublishChanges(user)) forbidden();
  return db.transaction(async (tx) => {
    let groupId: string | null = null;
    let programId: string | null = null;
    if (input.audience !== "org") {
      const [scope, id] = input.audience.split(":");
      const t = await resolveTarget(tx, user, { scope: scope as "group" | "program", id: id.toLowerCase() }).catch(() => {
        throw new UserInputError("Choose who this is for from the list.", "audience");
      });
      groupId = t.groupId;
      programId = t.programId;
    }
    if (input.proposalId) {
      const [p] = await tx.select({ id: proposals.id }).from(proposals).where(and(eq(proposals.id, input.proposalId), eq(proposals.organizationId, user.organizationId)));
      if (!p) throw new UserInputError("Choose a proposal from the list.", "proposalId");
    }
    if (input.concernId) {
      const [c] = await tx.select().from(concerns).where(and(eq(concerns.id, input.concernId), eq(concerns.organizationId, user.organizationId)));
      if (!c || !canHandleConcern(user, { ...c, groupLeadIds: await concernGroupLeads(tx, c.groupId) })) {
        throw new UserInputError("Choose a concern from the list.", "concernId");
      }
    }
    if (input.feedbackGroupId) {
      const [g] = await tx.select({ id: groups.id }).from(groups).where(and(eq(groups.id, input.feedbackGroupId), eq(groups.organizationId, user.organizationId)));
      if (!g) throw new UserInputError("Choose a group from the list.", "feedbackGroupId");
    }
    const [row] = await tx
      .insert(voiceChanges)
      .values({
        organizationId: user.organizationId,
        groupId,
        programId,
        youSaid: input.youSaid,
        weDid: input.weDid,
        proposalId: input.proposalId,
        concernId: input.concernId,
        feedbackGroupId: input.feedbackGroupId,
        publishedBy: user.id,
        publishedAt: now,
      })
      .returning({ id: voiceChanges.id });
    await audit(tx, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: "voice.change.publish",
      subjectType: "voice_change",
      subjectId: row.id,
      after: input,
    });
    return row;
  });
}
