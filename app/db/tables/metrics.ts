import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
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
 * Metrics (PA-CSE 1.01, 1.02): individual goals, outcome measures, program logic models, and the
 * rollups that keep the dashboard fast. Every row carries organization_id.
 */


export const goalStatusEnum = pgEnum("metrics_goal_status", ["active", "achieved", "revised", "discontinued"]);
export const objectiveStatusEnum = pgEnum("metrics_objective_status", ["not_started", "in_progress", "met", "not_met"]);
export const outcomeDomainEnum = pgEnum("metrics_outcome_domain", [
  "functional_status",
  "health_welfare_safety",
  "permanency",
  "quality_of_life",
  "goal_achievement",
  "other",
]);
export const outcomePhaseEnum = pgEnum("metrics_outcome_phase", ["intake", "interval", "exit"]);
export const logicLineKindEnum = pgEnum("metrics_logic_line_kind", ["output", "outcome"]);

/** A goal of a participant's individual service plan. */
export const participantGoals = pgTable(
  "participant_goals",
  {
    id: id(),
    organizationId: orgRef(),
    participantId: uuid("participant_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    programId: uuid("program_id").references(() => programs.id, { onDelete: "set null" }),
    title: text("title").notNull(),
    /** The participant's own words about the goal (only they write it). */
    participantWords: text("participant_words").notNull().default(""),
    targetDate: date("target_date"),
    status: goalStatusEnum("status").notNull().default("active"),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("participant_goals_participant").on(t.organizationId, t.participantId)],
);

/** Specific, measurable objectives of a goal. */
export const goalObjectives = pgTable(
  "goal_objectives",
  {
    id: id(),
    organizationId: orgRef(),
    goalId: uuid("goal_id")
      .notNull()
      .references(() => participantGoals.id, { onDelete: "cascade" }),
    description: text("description").notNull(),
    /** How progress is measured ("attends 6 of 8 sessions", "savings of $200"). */
    measure: text("measure").notNull().default(""),
    status: objectiveStatusEnum("status").notNull().default("not_started"),
    /** Order as written in the plan. */
    position: integer("position").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [index("goal_objectives_goal").on(t.goalId)],
);

/** Planned interventions: the groups (and optionally a session) that serve the goal. */
export const goalInterventions = pgTable(
  "goal_interventions",
  {
    id: id(),
    organizationId: orgRef(),
    goalId: uuid("goal_id")
      .notNull()
      .references(() => participantGoals.id, { onDelete: "cascade" }),
    groupId: uuid("group_id").references(() => groups.id, { onDelete: "set null" }),
    sessionId: uuid("session_id").references(() => sessions.id, { onDelete: "set null" }),
    description: text("description").notNull().default(""),
    createdAt: createdAt(),
  },
  (t) => [index("goal_interventions_goal").on(t.goalId)],
);

/** Progress notes by staff, or the participant's own notes (byParticipant). */
export const goalNotes = pgTable(
  "goal_notes",
  {
    id: id(),
    organizationId: orgRef(),
    goalId: uuid("goal_id")
      .notNull()
      .references(() => participantGoals.id, { onDelete: "cascade" }),
    authorId: uuid("author_id").references(() => users.id, { onDelete: "set null" }),
    byParticipant: boolean("by_participant").notNull(),
    body: text("body").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("goal_notes_goal").on(t.goalId, t.createdAt)],
);

/** Per organisation: the outcome scale and the retention rule ("attended N of the first M sessions"). */
export const metricsSettings = pgTable("metrics_settings", {
  organizationId: uuid("organization_id")
    .primaryKey()
    .references(() => organizations.id, { onDelete: "cascade" }),
  scaleMin: integer("scale_min").notNull().default(1),
  scaleMax: integer("scale_max").notNull().default(5),
  scaleDescription: text("scale_description").notNull().default("1 = very poor, 5 = very good"),
  retentionAttended: integer("retention_attended").notNull().default(3),
  retentionOf: integer("retention_of").notNull().default(4),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * An outcome measure the organisation defines itself (PA-CSE 1.02 "other outcomes as
 * appropriate", domain `other`): its name, the scale or instrument, the score range and which way
 * is better. `standardInstrument` marks a published instrument's total score that staff enter (the
 * instrument is administered elsewhere; `instrument` names it and the range is its total's range).
 * Retired measures keep their recorded scores and figures but take no new scores.
 */
export const customOutcomeMeasures = pgTable(
  "custom_outcome_measures",
  {
    id: id(),
    organizationId: orgRef(),
    name: text("name").notNull(),
    instrument: text("instrument").notNull(),
    standardInstrument: boolean("standard_instrument").notNull().default(false),
    scoreMin: integer("score_min").notNull(),
    scoreMax: integer("score_max").notNull(),
    higherIsBetter: boolean("higher_is_better").notNull(),
    retiredAt: timestamp("retired_at", { withTimezone: true }),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("custom_outcome_measures_org_name").on(t.organizationId, sql`lower(${t.name})`),
    check("custom_outcome_measures_range", sql`${t.scoreMax} > ${t.scoreMin}`),
  ],
);

/** One score in a PA-CSE 1.02 domain, at intake, at an interval or at exit. measuredOn is a civil date in the organisation's zone. */
export const outcomeMeasures = pgTable(
  "outcome_measures",
  {
    id: id(),
    organizationId: orgRef(),
    participantId: uuid("participant_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    programId: uuid("program_id")
      .notNull()
      .references(() => programs.id, { onDelete: "cascade" }),
    domain: outcomeDomainEnum("domain").notNull(),
    /** The organisation's own measure, exactly when domain is `other`. */
    customMeasureId: uuid("custom_measure_id").references(() => customOutcomeMeasures.id),
    phase: outcomePhaseEnum("phase").notNull(),
    score: integer("score").notNull(),
    measuredOn: date("measured_on").notNull(),
    note: text("note").notNull().default(""),
    recordedBy: uuid("recorded_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    index("outcome_measures_org_program").on(t.organizationId, t.programId, t.measuredOn),
    index("outcome_measures_participant").on(t.participantId, t.domain, t.measuredOn),
    index("outcome_measures_custom").on(t.customMeasureId),
    // Compared as text: a new enum value cannot be used in the transaction that adds it.
    check("outcome_measures_other_has_measure", sql`(${t.domain}::text = 'other') = (${t.customMeasureId} is not null)`),
  ],
);

/** A program's logic model (PA-CSE 1.01): the narrative parts. */
export const logicModels = pgTable("logic_models", {
  programId: uuid("program_id")
    .primaryKey()
    .references(() => programs.id, { onDelete: "cascade" }),
  organizationId: orgRef(),
  needs: text("needs").notNull().default(""),
  inputs: text("inputs").notNull().default(""),
  activities: text("activities").notNull().default(""),
  impact: text("impact").notNull().default(""),
  updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** An output or outcome line of a logic model, optionally bound to a live metric with a target. */
export const logicModelLines = pgTable(
  "logic_model_lines",
  {
    id: id(),
    organizationId: orgRef(),
    programId: uuid("program_id")
      .notNull()
      .references(() => programs.id, { onDelete: "cascade" }),
    kind: logicLineKindEnum("kind").notNull(),
    description: text("description").notNull(),
    metricKey: text("metric_key"),
    target: doublePrecision("target"),
    position: integer("position").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [index("logic_model_lines_program").on(t.programId, t.kind, t.position)],
);

/**
 * Daily rollup per group: `day` is the civil date in the organisation's zone. Rebuilt for the
 * (group, day) pairs that triggers on sessions and attendance_records put in metrics_rollup_dirty.
 */
export const metricsGroupDays = pgTable(
  "metrics_group_days",
  {
    groupId: uuid("group_id")
      .notNull()
      .references(() => groups.id, { onDelete: "cascade" }),
    day: date("day").notNull(),
    organizationId: orgRef(),
    programId: uuid("program_id").notNull(),
    sessionsTotal: integer("sessions_total").notNull(),
    sessionsHeld: integer("sessions_held").notNull(),
    sessionsCancelled: integer("sessions_cancelled").notNull(),
    marksAttended: integer("marks_attended").notNull(),
    marksAbsent: integer("marks_absent").notNull(),
    marksExcused: integer("marks_excused").notNull(),
    walkIns: integer("walk_ins").notNull(),
    participantMinutes: bigint("participant_minutes", { mode: "number" }).notNull(),
    /** Feedback answers (receipts) for the day's held sessions. */
    feedbackResponses: integer("feedback_responses").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.day] }), index("metrics_group_days_org_day").on(t.organizationId, t.day)],
);

/**
 * Distinct people who attended a group's held sessions in a local calendar month, so "unique
 * participants" over months and years is a union of small arrays rather than a scan of every mark.
 */
export const metricsGroupMonths = pgTable(
  "metrics_group_months",
  {
    groupId: uuid("group_id")
      .notNull()
      .references(() => groups.id, { onDelete: "cascade" }),
    month: date("month").notNull(),
    organizationId: orgRef(),
    programId: uuid("program_id").notNull(),
    attendeeIds: uuid("attendee_ids").array().notNull(),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.month] }), index("metrics_group_months_org_month").on(t.organizationId, t.month)],
);

/** (group, day) pairs whose rollup is stale; written by triggers, drained by refreshRollups. No FKs: it is a queue. */
export const metricsRollupDirty = pgTable(
  "metrics_rollup_dirty",
  {
    organizationId: uuid("organization_id").notNull(),
    groupId: uuid("group_id").notNull(),
    day: date("day").notNull(),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.day] }), index("metrics_rollup_dirty_org").on(t.organizationId)],
);

/** Each person's first held session with a mark in a group (the start of their retention window). */
export const metricsParticipantStarts = pgTable(
  "metrics_participant_starts",
  {
    groupId: uuid("group_id")
      .notNull()
      .references(() => groups.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    organizationId: orgRef(),
    programId: uuid("program_id").notNull(),
    firstSessionId: uuid("first_session_id").notNull(),
    firstStartsAt: timestamp("first_starts_at", { withTimezone: true }).notNull(),
    firstDay: date("first_day").notNull(),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.userId] }), index("metrics_participant_starts_org_day").on(t.organizationId, t.firstDay)],
);

/**
 * Who led a group when: one row per stretch of time a person was one of the group's facilitators
 * (`ended_at` null = still leading). Kept by PostgreSQL triggers on group_facilitators (an insert
 * opens a period, a delete closes it; a person deleted and inserted again in one transaction — a
 * group save rewrites its facilitators — keeps one period), so every path that changes who leads
 * a group is covered. The metrics facilitator filter reads it: a session counts for the people
 * who led its group when it started.
 */
export const groupFacilitatorPeriods = pgTable(
  "group_facilitator_periods",
  {
    id: id(),
    organizationId: orgRef(),
    groupId: uuid("group_id")
      .notNull()
      .references(() => groups.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    endedAt: timestamp("ended_at", { withTimezone: true }),
  },
  (t) => [
    index("group_facilitator_periods_org_user").on(t.organizationId, t.userId, t.groupId),
    index("group_facilitator_periods_group_user").on(t.groupId, t.userId, t.startedAt),
    uniqueIndex("group_facilitator_periods_open").on(t.groupId, t.userId).where(sql`${t.endedAt} is null`),
    check("group_facilitator_periods_order", sql`${t.endedAt} is null or ${t.endedAt} > ${t.startedAt}`),
  ],
);
