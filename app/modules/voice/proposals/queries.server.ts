/** Proposals as read: who belongs to a proposal's group or program, lists, the proposal page, and recent decisions. */
import { rows as typedRows } from "~/db/rows.server";
import { and, asc, desc, eq, gte, inArray, isNull, lte, or, sql, type SQL } from "drizzle-orm";
import { db, type Executor } from "~/db/client.server";
import { enrolments, groupFacilitators, groups, programs, users } from "~/db/schema";
import { proposalBallots, proposalComments, proposals, proposalVoteReceipts, proposalVotes, ruleVersions } from "~/db/tables/voice";
import { canManage, type CurrentUser } from "~/modules/auth/policy";
import { notFound } from "~/modules/errors";
import { canDecideProposal, canModerateProposal, canPublishRules, canViewProposal, canVote, type ProposalRelation } from "../policy";
import { choicesFor, tallyChoices, tallyVotes, votingOpen, votingState } from "../tally";
import { alias } from "drizzle-orm/pg-core";
import { waitlistSettings } from "~/db/tables/registration";
import { hasConsent } from "~/modules/consent/queries.server";
import { firstNameOf, FORMER_MEMBER, UNNAMED_MEMBER, YOU } from "./names";
import { currentRules } from "../rules/current.server";
import { rulesForm } from "../rules/version";

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
  const rows = await typedRows<{ enrolled: boolean; facilitator: boolean }>(
    sql`
    select
      exists (select 1 from ${members} m where m.user_id = ${user.id} and not m.facilitator) as enrolled,
      exists (select 1 from ${members} m where m.user_id = ${user.id} and m.facilitator) as facilitator`,
    ex,
  );
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
  return typedRows<{ id: string; email: string; name: string; locale: string; proposer: boolean | null }>(
    sql`
    select u.id, u.email, u.name, u.locale, u.id = ${p.proposerId} as proposer
      from users u
      join memberships ms on ms.user_id = u.id and ms.organization_id = ${p.organizationId}
     where u.id in (select m.user_id from ${proposalMembers(p.organizationId, p)} m ${proposer})
       and u.id <> ${exceptUserId}
     order by u.email`,
    ex,
  );
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

/**
 * The first names a participant may read of other participants (the `classmates` consent's words:
 * "Other members of this group may see my first name"): people enrolled now in a group the reader
 * is enrolled in now, that shares names with its members, whose current classmates consent for it
 * is a yes. Everyone else is unnamed to participants.
 */
async function firstNamesShownTo(viewer: CurrentUser, userIds: string[], now: Date): Promise<Map<string, string>> {
  const ids = [...new Set(userIds.filter((id) => id !== viewer.id))];
  if (ids.length === 0) return new Map();
  const mine = alias(enrolments, "mine");
  const rows = await db
    .selectDistinct({ id: users.id, name: users.name })
    .from(enrolments)
    .innerJoin(mine, and(eq(mine.groupId, enrolments.groupId), eq(mine.userId, viewer.id), eq(mine.status, "enrolled")))
    .innerJoin(waitlistSettings, and(eq(waitlistSettings.groupId, enrolments.groupId), eq(waitlistSettings.shareNamesWithGroup, true)))
    .innerJoin(users, eq(users.id, enrolments.userId))
    .where(
      and(
        eq(enrolments.organizationId, viewer.organizationId),
        eq(enrolments.status, "enrolled"),
        inArray(enrolments.userId, ids),
        hasConsent("classmates", enrolments.userId, enrolments.groupId, now),
      ),
    );
  return new Map(rows.map((r) => [r.id, firstNameOf(r.name)]));
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
      authorId: proposalComments.authorId,
      authorName: users.name,
      hiddenAt: proposalComments.hiddenAt,
      hiddenReason: proposalComments.hiddenReason,
    })
    .from(proposalComments)
    .leftJoin(users, eq(users.id, proposalComments.authorId))
    .where(eq(proposalComments.proposalId, p.id))
    .orderBy(asc(proposalComments.createdAt));
  // A hidden comment's text goes only to moderators (to show it again); members see the reason.
  // Names: staff (the group's facilitators, managers) see them; a participant sees their own, and
  // another participant's first name only as that person's classmates consent allows.
  const staffView = canManage(user.role) || rel.facilitator;
  const shownFirstNames = staffView ? null : await firstNamesShownTo(user, [p.proposerId ?? "", ...commentRows.map((c) => c.authorId ?? ""), ...ballots.map((b) => b.voterId)].filter(Boolean), now);
  const nameOf = (id: string | null, name: string | null): string | null => {
    if (id === null || name === null) return null;
    if (!shownFirstNames || id === user.id) return name;
    return shownFirstNames.get(id) ?? UNNAMED_MEMBER;
  };
  const comments = commentRows.map(({ hiddenAt, authorId, ...c }) => ({ ...c, authorName: nameOf(authorId, c.authorName), hidden: hiddenAt !== null, body: hiddenAt && !moderator ? "" : c.body }));
  const rules = await db
    .select({ version: ruleVersions.version, targetId: ruleVersions.targetId, scope: ruleVersions.scope })
    .from(ruleVersions)
    .where(and(eq(ruleVersions.proposalId, p.id), eq(ruleVersions.organizationId, user.organizationId)));
  const closed = now.getTime() >= p.closesAt.getTime();
  const mayDecide = closed && !p.decidedAt && !p.hiddenAt && canDecideProposal(user, rel);
  const mayPublishRules = canPublishRules(user, p.scope, rel.facilitator);
  // The decision form may publish new rules: it carries the version of the rules it was opened on.
  const rulesVersion = mayDecide && mayPublishRules ? rulesForm.version(await currentRules(db, user.organizationId, p.scope === "group" ? p.groupId! : p.programId)) : null;
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
        .map((b) => nameOf(b.voterId, people.find((x) => x.id === b.voterId)?.name ?? null) ?? FORMER_MEMBER)
        .sort(),
    }));
  }
  return {
    proposal: { ...p, proposerName: p.proposerId === user.id ? YOU : (nameOf(p.proposerId, p.proposerName) ?? FORMER_MEMBER) },
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
    rulesVersion,
    can: {
      // A secret vote is final: nothing links it to the voter, so it cannot be changed.
      vote: open && canVote(rel) && !(p.anonymousVotes && voted),
      comment: !p.hiddenAt && !p.decidedAt && (rel.member || canManage(user.role)),
      moderate: moderator,
      // Asked to reword: the proposer edits while a moderator has it hidden.
      edit: p.proposerId === user.id && p.hiddenAt !== null && !p.decidedAt,
      decide: mayDecide,
      publishRules: mayPublishRules,
    },
  };
}
