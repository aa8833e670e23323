import { sql } from "drizzle-orm";
import { boolean, check, date, index, integer, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, groups, id, orgRef, programs, users } from "~/db/schema";
import { goalObjectives, participantGoals } from "./metrics";

/**
 * Individualized service plans (issue 16, CORE peer-support refresher): one plan per participant
 * per organisation with their strengths, barriers and needs; its goals and measurable objectives
 * are the rows of participant_goals and goal_objectives (metrics), referred to here by id. Under
 * each objective: the planned services (which group, how often, minutes per contact) and the
 * interventions, each tagged with one of the six components of peer support. Reviews, the
 * once-only review reminders, and goals the participant proposes. Every row carries organization_id.
 */

/** The six components of peer support named by the refresher (app/modules/plans/components.ts labels them). */
export const peerSupportComponentEnum = pgEnum("peer_support_component", [
  "assessment_planning_documentation",
  "advocacy",
  "activation_engagement",
  "community_participation",
  "transitional_support",
  "crisis_support",
]);
export const serviceFrequencyPeriodEnum = pgEnum("plan_service_period", ["week", "month"]);
export const goalProposalStatusEnum = pgEnum("goal_proposal_status", ["open", "discussing", "accepted", "withdrawn"]);

/** The plan itself: one per participant per organisation. */
export const servicePlans = pgTable(
  "service_plans",
  {
    id: id(),
    organizationId: orgRef(),
    participantId: uuid("participant_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    strengths: text("strengths").notNull().default(""),
    barriers: text("barriers").notNull().default(""),
    needs: text("needs").notNull().default(""),
    /** The next review of the plan (a civil date in the organisation's zone); reminders go out before it. */
    nextReviewOn: date("next_review_on"),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [uniqueIndex("service_plans_org_participant").on(t.organizationId, t.participantId), index("service_plans_review").on(t.nextReviewOn)],
);

/** A planned service under an objective: a group, how many contacts per week or month, minutes per contact. */
export const planServices = pgTable(
  "plan_services",
  {
    id: id(),
    organizationId: orgRef(),
    objectiveId: uuid("objective_id")
      .notNull()
      .references(() => goalObjectives.id, { onDelete: "cascade" }),
    groupId: uuid("group_id")
      .notNull()
      .references(() => groups.id, { onDelete: "cascade" }),
    timesPerPeriod: integer("times_per_period").notNull(),
    period: serviceFrequencyPeriodEnum("period").notNull(),
    minutesPerContact: integer("minutes_per_contact").notNull(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    index("plan_services_objective").on(t.objectiveId),
    check("plan_services_times", sql`${t.timesPerPeriod} between 1 and 31`),
    check("plan_services_minutes", sql`${t.minutesPerContact} between 5 and 600`),
  ],
);

/** How the peer specialist supports an objective, tagged with a component of peer support, with who is responsible. */
export const planInterventions = pgTable(
  "plan_interventions",
  {
    id: id(),
    organizationId: orgRef(),
    objectiveId: uuid("objective_id")
      .notNull()
      .references(() => goalObjectives.id, { onDelete: "cascade" }),
    description: text("description").notNull(),
    component: peerSupportComponentEnum("component").notNull(),
    responsibleId: uuid("responsible_id").references(() => users.id, { onDelete: "set null" }),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [index("plan_interventions_objective").on(t.objectiveId)],
);

/** A review of the plan: when, who took part, what changed, what the participant said. */
export const planReviews = pgTable(
  "plan_reviews",
  {
    id: id(),
    organizationId: orgRef(),
    planId: uuid("plan_id")
      .notNull()
      .references(() => servicePlans.id, { onDelete: "cascade" }),
    reviewedOn: date("reviewed_on").notNull(),
    attendees: text("attendees").notNull(),
    whatChanged: text("what_changed").notNull(),
    participantComment: text("participant_comment").notNull().default(""),
    nextReviewOn: date("next_review_on"),
    recordedBy: uuid("recorded_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [index("plan_reviews_plan").on(t.planId, t.reviewedOn)],
);

/**
 * A review reminder sent for one due date of one plan: the "once" (the job inserts this row with
 * ON CONFLICT DO NOTHING before it queues any email; each email also has a dedupe key).
 */
export const planReviewReminders = pgTable(
  "plan_review_reminders",
  {
    planId: uuid("plan_id")
      .notNull()
      .references(() => servicePlans.id, { onDelete: "cascade" }),
    dueOn: date("due_on").notNull(),
    organizationId: orgRef(),
    sentAt: timestamp("sent_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.planId, t.dueOn] })],
);

/** A goal the participant proposes from /my/goals; staff accept it (it becomes a plan goal) or reply to discuss. */
export const goalProposals = pgTable(
  "goal_proposals",
  {
    id: id(),
    organizationId: orgRef(),
    participantId: uuid("participant_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    words: text("words").notNull(),
    /**
     * The program the proposal belongs to, read like a goal of that program (metrics/policy.ts
     * planReach): the program of the group or of the goal the person said it is about. Null: about
     * the plan as a whole — the managers' and the person's only.
     */
    programId: uuid("program_id").references(() => programs.id, { onDelete: "set null" }),
    /** The person's goal the proposal is about, when they chose one (its program is programId). */
    aboutGoalId: uuid("about_goal_id").references(() => participantGoals.id, { onDelete: "set null" }),
    status: goalProposalStatusEnum("status").notNull().default("open"),
    acceptedGoalId: uuid("accepted_goal_id").references(() => participantGoals.id, { onDelete: "set null" }),
    decidedBy: uuid("decided_by").references(() => users.id, { onDelete: "set null" }),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index("goal_proposals_participant").on(t.organizationId, t.participantId, t.createdAt)],
);

/** The conversation about a proposal: staff replies and the participant's answers. */
export const goalProposalReplies = pgTable(
  "goal_proposal_replies",
  {
    id: id(),
    organizationId: orgRef(),
    proposalId: uuid("proposal_id")
      .notNull()
      .references(() => goalProposals.id, { onDelete: "cascade" }),
    authorId: uuid("author_id").references(() => users.id, { onDelete: "set null" }),
    byParticipant: boolean("by_participant").notNull(),
    body: text("body").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("goal_proposal_replies_proposal").on(t.proposalId, t.createdAt)],
);
