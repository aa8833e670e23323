import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { createdAt, groups, id, organizations, orgRef, programs, sessions, users } from "~/db/schema";

/**
 * Participant voice (PA-CSE 7.02): session feedback, proposals and votes, adopted rules,
 * concerns and "you said, we did". Every row carries organization_id.
 */


/** The rating questions an organisation asks after a session (1–5 each). */
export const feedbackQuestions = pgTable(
  "feedback_questions",
  {
    id: id(),
    organizationId: orgRef(),
    prompt: text("prompt").notNull(),
    position: integer("position").notNull(),
    active: boolean("active").notNull().default(true),
  },
  (t) => [index("feedback_questions_org").on(t.organizationId, t.position)],
);

export type Ratings = Record<string, number>;

/**
 * A release batch: at least 5 answers of one group (anonymous and named alike) that became
 * reportable together. Reports only ever add up whole batches, each attributed wholly to the
 * calendar month (organisation zone) it was released in, so no two views differ by fewer than 5
 * answers. No person, no time finer than the month.
 */
export const feedbackReleaseBatches = pgTable(
  "feedback_release_batches",
  {
    id: id(),
    organizationId: orgRef(),
    groupId: uuid("group_id")
      .notNull()
      .references(() => groups.id, { onDelete: "cascade" }),
    /** 1, 2, 3 … per group, in release order. */
    seq: integer("seq").notNull(),
    /** First day of the month of release, in the organisation's zone. */
    releasedIn: date("released_in", { mode: "string" }).notNull(),
    answers: integer("answers").notNull(),
  },
  (t) => [
    uniqueIndex("feedback_release_batches_group_seq").on(t.groupId, t.seq),
    index("feedback_release_batches_org_month").on(t.organizationId, t.releasedIn),
    check("feedback_release_batches_at_least_5", sql`${t.answers} >= 5`),
  ],
);

/**
 * Anonymous answers waiting to be released into feedback_anonymous_answers in shuffled batches.
 * No person, no timestamp, random uuid ids. Rows live here only until the next batch release,
 * so the transaction id / physical order of a released answer cannot be matched with a receipt.
 */
export const feedbackAnonymousInbox = pgTable(
  "feedback_anonymous_inbox",
  {
    id: id(),
    organizationId: orgRef(),
    sessionId: uuid("session_id")
      .notNull()
      .references(() => sessions.id, { onDelete: "cascade" }),
    groupId: uuid("group_id")
      .notNull()
      .references(() => groups.id, { onDelete: "cascade" }),
    ratings: jsonb("ratings").$type<Ratings>().notNull(),
    comment: text("comment").notNull().default(""),
  },
  (t) => [index("feedback_anonymous_inbox_session").on(t.sessionId)],
);

/** Released anonymous answers: no link to a person and no time finer than the session's own; always in a batch. */
export const feedbackAnonymousAnswers = pgTable(
  "feedback_anonymous_answers",
  {
    id: id(),
    organizationId: orgRef(),
    sessionId: uuid("session_id")
      .notNull()
      .references(() => sessions.id, { onDelete: "cascade" }),
    groupId: uuid("group_id")
      .notNull()
      .references(() => groups.id, { onDelete: "cascade" }),
    batchId: uuid("batch_id")
      .notNull()
      .references(() => feedbackReleaseBatches.id, { onDelete: "cascade" }),
    ratings: jsonb("ratings").$type<Ratings>().notNull(),
    comment: text("comment").notNull().default(""),
  },
  (t) => [
    index("feedback_anonymous_answers_session").on(t.sessionId),
    index("feedback_anonymous_answers_group").on(t.groupId),
    index("feedback_anonymous_answers_batch").on(t.batchId),
  ],
);

/** Named answers are kept with the person. */
export const feedbackNamedAnswers = pgTable(
  "feedback_named_answers",
  {
    id: id(),
    organizationId: orgRef(),
    sessionId: uuid("session_id")
      .notNull()
      .references(() => sessions.id, { onDelete: "cascade" }),
    groupId: uuid("group_id")
      .notNull()
      .references(() => groups.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    ratings: jsonb("ratings").$type<Ratings>().notNull(),
    comment: text("comment").notNull().default(""),
    createdAt: createdAt(),
    /** Null while waiting: a named answer is reported only inside a release batch, like an anonymous one. */
    batchId: uuid("batch_id").references(() => feedbackReleaseBatches.id, { onDelete: "set null" }),
  },
  (t) => [
    uniqueIndex("feedback_named_answers_session_user").on(t.sessionId, t.userId),
    index("feedback_named_answers_group").on(t.groupId),
    index("feedback_named_answers_batch").on(t.batchId),
  ],
);

/** Only notes that a person has answered for a session (named or not): one answer each. */
export const feedbackReceipts = pgTable(
  "feedback_receipts",
  {
    organizationId: orgRef(),
    sessionId: uuid("session_id")
      .notNull()
      .references(() => sessions.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.userId] }), index("feedback_receipts_user").on(t.userId)],
);

/** Organisation settings for participant voice. */
export const voiceSettings = pgTable("voice_settings", {
  organizationId: uuid("organization_id")
    .primaryKey()
    .references(() => organizations.id, { onDelete: "cascade" }),
  concernResponseDays: integer("concern_response_days").notNull().default(5),
  feedbackWindowDays: integer("feedback_window_days").notNull().default(14),
});

export const proposalScopeEnum = pgEnum("proposal_scope", ["group", "program"]);
export const proposalTopicEnum = pgEnum("proposal_topic", ["rules", "topics", "format", "times", "place", "decision"]);
export const proposalVotingEnum = pgEnum("proposal_voting", ["agree", "options"]);
export const proposalOutcomeEnum = pgEnum("proposal_outcome", ["adopted", "adopted_with_changes", "not_adopted"]);

export const proposals = pgTable(
  "proposals",
  {
    id: id(),
    organizationId: orgRef(),
    scope: proposalScopeEnum("scope").notNull(),
    programId: uuid("program_id")
      .notNull()
      .references(() => programs.id, { onDelete: "cascade" }),
    /** Set for group proposals; null for program-wide ones. */
    groupId: uuid("group_id").references(() => groups.id, { onDelete: "cascade" }),
    topic: proposalTopicEnum("topic").notNull(),
    title: text("title").notNull(),
    description: text("description").notNull(),
    voting: proposalVotingEnum("voting").notNull(),
    options: jsonb("options").$type<string[]>().notNull().default([]),
    anonymousVotes: boolean("anonymous_votes").notNull().default(false),
    closesAt: timestamp("closes_at", { withTimezone: true }).notNull(),
    proposerId: uuid("proposer_id").references(() => users.id, { onDelete: "set null" }),
    hiddenAt: timestamp("hidden_at", { withTimezone: true }),
    hiddenReason: text("hidden_reason").notNull().default(""),
    hiddenBy: uuid("hidden_by").references(() => users.id, { onDelete: "set null" }),
    /** When the proposer last reworded it (allowed while it is hidden). */
    editedAt: timestamp("edited_at", { withTimezone: true }),
    outcome: proposalOutcomeEnum("outcome"),
    decisionText: text("decision_text").notNull().default(""),
    rationale: text("rationale").notNull().default(""),
    decidedBy: uuid("decided_by").references(() => users.id, { onDelete: "set null" }),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index("proposals_org_created").on(t.organizationId, t.createdAt), index("proposals_group").on(t.groupId), index("proposals_program").on(t.programId)],
);

/** Open ballots: one vote per member and proposal, changed in place until the proposal closes; names shown after closing. */
export const proposalVotes = pgTable(
  "proposal_votes",
  {
    proposalId: uuid("proposal_id")
      .notNull()
      .references(() => proposals.id, { onDelete: "cascade" }),
    voterId: uuid("voter_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    organizationId: orgRef(),
    choice: text("choice").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.proposalId, t.voterId] })],
);

/**
 * Secret ballots: the choice alone, with no person and no time (random ids, rewritten in random
 * order on every vote so neither physical order nor transaction ids follow the voters).
 */
export const proposalBallots = pgTable(
  "proposal_ballots",
  {
    id: id(),
    organizationId: orgRef(),
    proposalId: uuid("proposal_id")
      .notNull()
      .references(() => proposals.id, { onDelete: "cascade" }),
    choice: text("choice").notNull(),
  },
  (t) => [index("proposal_ballots_proposal").on(t.proposalId)],
);

/** Only notes that a person voted on a secret ballot (one vote each, final); never the choice. */
export const proposalVoteReceipts = pgTable(
  "proposal_vote_receipts",
  {
    proposalId: uuid("proposal_id")
      .notNull()
      .references(() => proposals.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    organizationId: orgRef(),
  },
  (t) => [primaryKey({ columns: [t.proposalId, t.userId] })],
);

export const proposalComments = pgTable(
  "proposal_comments",
  {
    id: id(),
    organizationId: orgRef(),
    proposalId: uuid("proposal_id")
      .notNull()
      .references(() => proposals.id, { onDelete: "cascade" }),
    authorId: uuid("author_id").references(() => users.id, { onDelete: "set null" }),
    body: text("body").notNull(),
    createdAt: createdAt(),
    /** A moderator hid this comment (the text stays for moderators and the audit trail; members see the reason). */
    hiddenAt: timestamp("hidden_at", { withTimezone: true }),
    hiddenReason: text("hidden_reason").notNull().default(""),
    hiddenBy: uuid("hidden_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [index("proposal_comments_proposal").on(t.proposalId, t.createdAt)],
);

/** Published rule sets of a group or a program, one row per version. */
export const ruleVersions = pgTable(
  "rule_versions",
  {
    id: id(),
    organizationId: orgRef(),
    scope: proposalScopeEnum("scope").notNull(),
    programId: uuid("program_id")
      .notNull()
      .references(() => programs.id, { onDelete: "cascade" }),
    groupId: uuid("group_id").references(() => groups.id, { onDelete: "cascade" }),
    /** The group id or the program id: versions count up per target. */
    targetId: uuid("target_id").notNull(),
    version: integer("version").notNull(),
    body: text("body").notNull(),
    changeSummary: text("change_summary").notNull(),
    proposalId: uuid("proposal_id").references(() => proposals.id, { onDelete: "set null" }),
    publishedBy: uuid("published_by").references(() => users.id, { onDelete: "set null" }),
    publishedAt: timestamp("published_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("rule_versions_target_version").on(t.targetId, t.version), index("rule_versions_org").on(t.organizationId)],
);

export const concernSubjectEnum = pgEnum("concern_subject", ["session", "group", "facilitator", "program"]);
export const concernStatusEnum = pgEnum("concern_status", ["received", "in_review", "responded", "closed"]);

export const concerns = pgTable(
  "concerns",
  {
    id: id(),
    organizationId: orgRef(),
    subject: concernSubjectEnum("subject").notNull(),
    sessionId: uuid("session_id").references(() => sessions.id, { onDelete: "set null" }),
    groupId: uuid("group_id").references(() => groups.id, { onDelete: "set null" }),
    programId: uuid("program_id").references(() => programs.id, { onDelete: "set null" }),
    /** The staff member the concern is about (when it is about a person): never allowed to read it. */
    facilitatorId: uuid("facilitator_id").references(() => users.id, { onDelete: "set null" }),
    /** Null when raised anonymously. */
    submitterId: uuid("submitter_id").references(() => users.id, { onDelete: "set null" }),
    anonymous: boolean("anonymous").notNull(),
    /** sha256 of the anonymous follow-up token (256 random bits); the token itself is never stored. */
    followUpTokenHash: text("follow_up_token_hash").unique(),
    summary: text("summary").notNull(),
    body: text("body").notNull(),
    status: concernStatusEnum("status").notNull().default("received"),
    /** For anonymous concerns, rounded down to the hour. */
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull(),
    firstResponseAt: timestamp("first_response_at", { withTimezone: true }),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("concerns_org_status").on(t.organizationId, t.status), index("concerns_submitter").on(t.submitterId)],
);

export const concernAuthorEnum = pgEnum("concern_author", ["submitter", "staff"]);

export const concernMessages = pgTable(
  "concern_messages",
  {
    id: id(),
    organizationId: orgRef(),
    concernId: uuid("concern_id")
      .notNull()
      .references(() => concerns.id, { onDelete: "cascade" }),
    author: concernAuthorEnum("author").notNull(),
    /** The staff author; null for the submitter (who may be anonymous). */
    staffId: uuid("staff_id").references(() => users.id, { onDelete: "set null" }),
    body: text("body").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("concern_messages_concern").on(t.concernId, t.createdAt)],
);

/** "You said, we did": a published change, linked to what prompted it. */
export const voiceChanges = pgTable(
  "voice_changes",
  {
    id: id(),
    organizationId: orgRef(),
    /** Audience: a group, a program, or (both null) the whole organisation. */
    groupId: uuid("group_id").references(() => groups.id, { onDelete: "cascade" }),
    programId: uuid("program_id").references(() => programs.id, { onDelete: "cascade" }),
    youSaid: text("you_said").notNull(),
    weDid: text("we_did").notNull(),
    proposalId: uuid("proposal_id").references(() => proposals.id, { onDelete: "set null" }),
    concernId: uuid("concern_id").references(() => concerns.id, { onDelete: "set null" }),
    /** Session feedback of this group prompted the change. */
    feedbackGroupId: uuid("feedback_group_id").references(() => groups.id, { onDelete: "set null" }),
    publishedBy: uuid("published_by").references(() => users.id, { onDelete: "set null" }),
    publishedAt: timestamp("published_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("voice_changes_org_published").on(t.organizationId, t.publishedAt)],
);
