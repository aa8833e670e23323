/** Proposals: creation, votes (secret ones kept without a person), comments, moderation, and the decision with its notices. */
import { appUrl } from "~/config.server";
import { and, eq } from "drizzle-orm";
import { proposalDecisionEmail } from "~emails/voice-decision";
import { db, type Executor } from "~/db/client.server";
import { groups, programs } from "~/db/schema";
import { proposalBallots, proposalComments, proposals, proposalVoteReceipts, proposalVotes } from "~/db/tables/voice";
import { audit } from "~/modules/audit/mutations.server";
import { claimForm, recordOutcome, type FormClaim } from "~/modules/forms/mutations.server";
import { canManage, type CurrentUser } from "~/modules/auth/policy";
import { enqueueEmail } from "~/modules/notifications/mutations.server";
import { discreetReader } from "~/modules/calendar/queries.server";
import { forbidden, notFound, UserInputError } from "~/modules/errors";
import { canDecideProposal, canModerateProposal, canPublishRules, canVote } from "../policy";
import { decisionAudience, relationTo } from "~/modules/voice/proposals/queries.server";
import { choicesFor, votingOpen } from "../tally";
import { shuffle } from "../shuffle";
import { insertRuleVersion, resolveTarget, rulesUnchangedSince } from "../rules/mutations.server";
import { STALE_DECISION_RULES } from "../rules/version";
import { localeOf } from "~/i18n/locales";

// ───────────────────────── proposals ─────────────────────────

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
  /** The form's one-time token: the same proposal sent again is not made twice. */
  claim?: FormClaim,
): Promise<{ id: string }> {
  if (Number.isNaN(input.closesAt.getTime()) || input.closesAt.getTime() < now.getTime() + 3_600_000) {
    throw new UserInputError("Voting must stay open for at least an hour from now.", "closesAt");
  }
  if (input.closesAt.getTime() > now.getTime() + 90 * 86_400_000) {
    throw new UserInputError("Voting can stay open for at most 90 days.", "closesAt");
  }
  return db.transaction(async (tx) => {
    if (claim) {
      const first = await claimForm<{ id: string }>(tx, user.organizationId, claim);
      if (first) return first.outcome;
    }
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
    if (claim) await recordOutcome(tx, claim, { id: created.id });
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
  /** `rulesVersion`: the version of the rules the decision page showed (rulesForm), checked when the decision publishes new rules. */
  options: { rulesVersion?: string | null } = {},
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
      // Rules a colleague published after the page was opened would be replaced by a text written
      // without them: refused, and with it the decision (one transaction), the entries kept.
      await rulesUnchangedSince(tx, user.organizationId, p.scope === "group" ? p.groupId! : p.programId, options.rulesVersion, STALE_DECISION_RULES);
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
  const audience = group ? group.name : (program?.name ?? "");
  let queued = 0;
  for (const person of await decisionAudience(tx, p, decider.id)) {
    const mail = proposalDecisionEmail({
      name: person.name,
      title: p.title,
      audience,
      wholeProgram: !group,
      outcome: p.outcome,
      decisionText: p.decisionText,
      rationale: p.rationale,
      proposer: Boolean(person.proposer),
      url: `${baseUrl}/proposals/${p.id}`,
      locale: localeOf(person.locale),
      discreet: await discreetReader(tx, p.organizationId, person.id),
    });
    const added = await enqueueEmail(tx, { ...mail, to: person.email, toUser: person.id, organizationId: p.organizationId, dedupeKey: `voice:proposal-decided:${p.id}:${person.id}` });
    if (added) queued++;
  }
  return queued;
}
