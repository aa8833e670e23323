/** "You said, we did" as read: published changes, what they can link to, and the home page's voice block. */
import { and, desc, eq, isNull, not, or, sql, type SQL } from "drizzle-orm";
import { db } from "~/db/client.server";
import { groups, programs } from "~/db/schema";
import { concerns, proposals, voiceChanges } from "~/db/tables/voice";
import { type CurrentUser } from "~/modules/auth/policy";
import { pendingFeedback } from "../feedback/queries.server";
import { canGiveFeedback, seesOwnGroupsChangesOnly } from "../policy";
import { concernIsAbout } from "../concerns/queries.server";
import { proposalTargets, recentDecisions } from "../proposals/queries.server";

// ───────────────────────── "you said, we did" ─────────────────────────

/**
 * Published changes the user may see: staff see all of the organisation; participants see
 * organisation-wide ones and those for their groups and those groups' programs.
 */
export async function listChanges(user: CurrentUser, options: { group?: { id: string; organizationId: string; programId: string }; limit?: number } = {}) {
  let audience: SQL | undefined;
  // `group`: one group's changes and its program's (the group page, which has read the group).
  if (options.group) {
    const g = options.group;
    if (g.organizationId !== user.organizationId) return [];
    audience = or(eq(voiceChanges.groupId, g.id), and(isNull(voiceChanges.groupId), eq(voiceChanges.programId, g.programId)));
  } else if (seesOwnGroupsChangesOnly(user)) {
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
    // Never a concern about this manager (named, or about a session or group she leads or led then).
    .where(and(eq(concerns.organizationId, user.organizationId), not(concernIsAbout(user.id))))
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
  // Three independent reads, sent together (one round trip of waiting, not three).
  const [pending, changes, decisions] = await Promise.all([
    canGiveFeedback(user) ? pendingFeedback(user, now, 5) : Promise.resolve([]),
    listChanges(user, { limit: 3 }),
    recentDecisions(user, now, 3),
  ]);
  return { pending, changes, decisions };
}
