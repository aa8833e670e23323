import { and, asc, desc, eq, sql } from "drizzle-orm";
import { db } from "~/db/client.server";
import type { DemoContext } from "./context";
import { organizations, sessions } from "~/db/schema";
import { DateTime } from "luxon";
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
} from "~/db/tables/voice";
import { randomToken, sha256 } from "~/modules/auth/tokens.server";
import { ensureFeedbackQuestions } from "~/modules/voice/mutations.server";
import { attendedPairs } from "~/modules/voice/feedback/queries.server";

const DAY = 86_400_000;

/** Comments of answers still waiting for their batch: never shown in reports. */
export const WAITING_COMMENTS = ["The room was too warm.", "More time for questions, please.", "I liked the new handout."];

export const VOICE_DEMO = {
  openProposal: "Start each circle with a 5-minute check-in round",
  closedProposal: "Move the circle to 18:30",
  decidedProposal: "Phones on silent during the circle",
};

/**
 * Participant voice demo: one released batch of feedback (6 answers) and three answers still
 * waiting for their batch, an adopted rule set with history, an open, a closed-undecided and a decided proposal,
 * a concern with a reply and an overdue anonymous one, and two "you said, we did" entries.
 * Pat (pat@riverside.example) answers nothing, so Pat can try giving feedback.
 */
export async function seedVoice(ctx: DemoContext) {
  const { now, organizationId: org, userIds } = ctx;
  const circleId = ctx.groupIds["Tuesday Peer Recovery Circle"];
  const budgetingId = ctx.groupIds["Budgeting Basics"];
  const pat = userIds["pat@riverside.example"];
  const fran = userIds["fran@riverside.example"];
  const manager = ctx.manager.id;
  const at = (days: number) => new Date(now.getTime() + days * DAY);

  // ── Session feedback ──
  await ensureFeedbackQuestions(db, org);
  const questions = await db
    .select({ id: feedbackQuestions.id })
    .from(feedbackQuestions)
    .where(eq(feedbackQuestions.organizationId, org))
    .orderBy(asc(feedbackQuestions.position));
  const attendees = await db.execute<{ session_id: string; group_id: string; user_id: string }>(sql`
    select a.session_id, a.group_id, a.user_id, s.starts_at
      from ${attendedPairs(sql`s.organization_id = ${org} and s.group_id in (${circleId}, ${budgetingId}) and s.ends_at < ${now.toISOString()}::timestamptz`)} a
      join sessions s on s.id = a.session_id
     where a.user_id <> ${pat}
     order by s.starts_at desc`);
  const bySession = new Map<string, { groupId: string; people: string[] }>();
  for (const a of attendees) {
    const entry = bySession.get(a.session_id) ?? { groupId: a.group_id, people: [] };
    entry.people.push(a.user_id);
    bySession.set(a.session_id, entry);
  }
  const candidates = [...bySession.entries()];
  const above = candidates.find(([, e]) => e.people.length >= 6);
  const below = candidates.find(([id, e]) => id !== above?.[0] && e.people.length >= 3);
  const comments = [
    "The check-in round helped me open up.",
    "I would like a short break halfway through.",
    "Felt welcome from the first minute.",
    "",
    "Please start on time.",
    "",
  ];
  const ratingsFor = (i: number) => Object.fromEntries(questions.map((q, j) => [q.id, [5, 4, 4, 3, 5, 4][(i + j) % 6]]));
  const [{ timezone }] = await db.select({ timezone: organizations.timezone }).from(organizations).where(eq(organizations.id, org));
  const thisMonth = DateTime.fromJSDate(now, { zone: timezone }).startOf("month").toISODate()!;
  // Six answers of one session form a released batch (2 named, 4 anonymous); three answers of
  // another session wait in the inbox for their batch and show nowhere.
  if (above) {
    const [sessionId, { groupId, people }] = above;
    const chosen = people.slice(0, 6);
    await db.insert(feedbackReceipts).values(chosen.map((userId) => ({ organizationId: org, sessionId, userId })));
    const [batch] = await db
      .insert(feedbackReleaseBatches)
      .values({ organizationId: org, groupId, seq: 1, releasedIn: thisMonth, answers: chosen.length })
      .returning({ id: feedbackReleaseBatches.id });
    await db.insert(feedbackNamedAnswers).values(
      chosen.slice(0, 2).map((userId, i) => ({ organizationId: org, sessionId, groupId, userId, ratings: ratingsFor(i), comment: comments[i], batchId: batch.id })),
    );
    await db.insert(feedbackAnonymousAnswers).values(
      chosen.slice(2).map((_, k) => ({ organizationId: org, sessionId, groupId, batchId: batch.id, ratings: ratingsFor(k + 2), comment: comments[k + 2] })),
    );
  }
  if (below) {
    const [sessionId, { groupId, people }] = below;
    const chosen = people.slice(0, 3);
    await db.insert(feedbackReceipts).values(chosen.map((userId) => ({ organizationId: org, sessionId, userId })));
    await db.insert(feedbackAnonymousInbox).values(
      chosen.map((_, k) => ({ organizationId: org, sessionId, groupId, ratings: ratingsFor(k), comment: WAITING_COMMENTS[k] })),
    );
  }

  // ── Rules and proposals (Tuesday Peer Recovery Circle) ──
  const circleMembers = [pat, ...["taylor", "jamie", "drew", "quinn", "robin", "morgan.p", "kai"].map((n) => userIds[`${n}@riverside.example`])];
  const [decided, closed, open] = await db
    .insert(proposals)
    .values([
      {
        organizationId: org,
        scope: "group" as const,
        programId: ctx.programId,
        groupId: circleId,
        topic: "rules" as const,
        title: VOICE_DEMO.decidedProposal,
        description: "Add to our rules: phones stay on silent and out of sight during the circle, unless you are on call.",
        voting: "agree" as const,
        anonymousVotes: true,
        closesAt: at(-12),
        proposerId: userIds["taylor@riverside.example"],
        outcome: "adopted" as const,
        decisionText: "Phones on silent and out of sight; people on call tell the facilitator at the start.",
        rationale: "Most of the group agreed, and the on-call exception answers the concern raised in the discussion.",
        decidedBy: fran,
        decidedAt: at(-11),
        createdAt: at(-20),
      },
      {
        organizationId: org,
        scope: "group" as const,
        programId: ctx.programId,
        groupId: circleId,
        topic: "times" as const,
        title: VOICE_DEMO.closedProposal,
        description: "Several of us finish work at 18:00 and could come earlier if the circle ended earlier.",
        voting: "options" as const,
        options: ["Keep 19:00", "Move to 18:30"],
        anonymousVotes: false,
        closesAt: at(-1),
        proposerId: userIds["jamie@riverside.example"],
        createdAt: at(-8),
      },
      {
        organizationId: org,
        scope: "group" as const,
        programId: ctx.programId,
        groupId: circleId,
        topic: "rules" as const,
        title: VOICE_DEMO.openProposal,
        description: "Add to our rules: we start each circle with a round where everyone may say in a sentence how they arrive (passing is fine).",
        voting: "agree" as const,
        anonymousVotes: true,
        closesAt: at(7),
        proposerId: userIds["drew@riverside.example"],
        createdAt: at(-2),
      },
    ])
    .returning({ id: proposals.id });
  const vote = (proposalId: string, choices: string[], castAt: Date) =>
    db.insert(proposalVotes).values(choices.map((choice, i) => ({ proposalId, voterId: circleMembers[i + 1], organizationId: org, choice, updatedAt: castAt })));
  // Secret ballots: receipts say who voted; the choices are stored apart, with no person.
  const secretVote = async (proposalId: string, choices: string[]) => {
    await db.insert(proposalVoteReceipts).values(choices.map((_, i) => ({ proposalId, userId: circleMembers[i + 1], organizationId: org })));
    await db.insert(proposalBallots).values([...choices].sort().map((choice) => ({ proposalId, organizationId: org, choice })));
  };
  await secretVote(decided.id, ["agree", "agree", "agree", "disagree", "agree", "abstain"]);
  await vote(closed.id, ["Move to 18:30", "Move to 18:30", "Keep 19:00", "Move to 18:30"], at(-3));
  await secretVote(open.id, ["agree", "agree"]);
  await db.insert(proposalComments).values([
    { organizationId: org, proposalId: decided.id, authorId: userIds["quinn@riverside.example"], body: "I am on call some weeks; could there be an exception?", createdAt: at(-18) },
    { organizationId: org, proposalId: decided.id, authorId: fran, body: "Good point — an on-call exception is fine if you tell me at the start.", createdAt: at(-17) },
    { organizationId: org, proposalId: open.id, authorId: userIds["robin@riverside.example"], body: "Yes please, it helps me settle in.", createdAt: at(-1) },
  ]);
  await db.insert(ruleVersions).values([
    {
      organizationId: org,
      scope: "group" as const,
      programId: ctx.programId,
      groupId: circleId,
      targetId: circleId,
      version: 1,
      body: "1. What is said in the circle stays in the circle.\n2. One person speaks at a time.\n3. Come as you are; no judgement.",
      changeSummary: "First rules, agreed at the opening session.",
      publishedBy: fran,
      publishedAt: at(-40),
    },
    {
      organizationId: org,
      scope: "group" as const,
      programId: ctx.programId,
      groupId: circleId,
      targetId: circleId,
      version: 2,
      body:
        "1. What is said in the circle stays in the circle.\n2. One person speaks at a time.\n3. Come as you are; no judgement.\n4. Phones on silent and out of sight; if you are on call, tell the facilitator at the start.",
      changeSummary: "Added rule 4 on phones.",
      proposalId: decided.id,
      publishedBy: fran,
      publishedAt: at(-11),
    },
    {
      organizationId: org,
      scope: "program" as const,
      programId: ctx.programId,
      groupId: null,
      targetId: ctx.programId,
      version: 1,
      body: "1. Treat everyone with respect.\n2. No alcohol or drugs on the premises.\n3. Tell us if something is not right — you can do it anonymously.",
      changeSummary: "Program rules published.",
      publishedBy: manager,
      publishedAt: at(-60),
    },
  ]);

  // ── Concerns ──
  const [firstBudgeting] = await db
    .select({ id: sessions.id })
    .from(sessions)
    .where(and(eq(sessions.groupId, budgetingId), eq(sessions.status, "held")))
    .orderBy(desc(sessions.startsAt))
    .limit(1);
  const [answered] = await db
    .insert(concerns)
    .values([
      {
        organizationId: org,
        subject: "program" as const,
        programId: ctx.programId,
        submitterId: userIds["sam@riverside.example"],
        anonymous: false,
        summary: "The community room is too cold",
        body: "The heating in the community room has been off for the last two sessions. It is hard to concentrate.",
        status: "responded" as const,
        receivedAt: at(-9),
        firstResponseAt: at(-8),
        updatedAt: at(-8),
      },
      {
        organizationId: org,
        subject: "session" as const,
        sessionId: firstBudgeting?.id ?? null,
        groupId: budgetingId,
        programId: ctx.programId,
        submitterId: null,
        anonymous: true,
        // The demo's private link is unknown on purpose (raise a new anonymous concern to try one).
        followUpTokenHash: sha256(randomToken()),
        summary: "Felt rushed and not listened to",
        body: "The last part of the session was rushed and my question was brushed off.",
        status: "received" as const,
        receivedAt: new Date(Math.floor(at(-8).getTime() / 3_600_000) * 3_600_000),
        updatedAt: at(-8),
      },
    ])
    .returning({ id: concerns.id });
  await db.insert(concernMessages).values({
    organizationId: org,
    concernId: answered.id,
    author: "staff" as const,
    staffId: manager,
    body: "Thank you for telling us. The heating is repaired and we have added a portable heater for cold evenings.",
    createdAt: at(-8),
  });

  // ── You said, we did ──
  await db.insert(voiceChanges).values([
    {
      organizationId: org,
      groupId: circleId,
      programId: ctx.programId,
      youSaid: "Phones going off interrupted people sharing.",
      weDid: "The circle adopted a phones-on-silent rule, with an exception for people on call.",
      proposalId: decided.id,
      publishedBy: manager,
      publishedAt: at(-10),
    },
    {
      organizationId: org,
      groupId: null,
      programId: null,
      youSaid: "The community room was too cold.",
      weDid: "We repaired the heating and bought a portable heater.",
      concernId: answered.id,
      publishedBy: manager,
      publishedAt: at(-7),
    },
  ]);
}
