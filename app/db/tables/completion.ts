import { sql } from "drizzle-orm";
import { check, date, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { enrolments, groups, id, orgRef, programs, users } from "~/db/schema";

/**
 * Completion and proof (issue 17, first part): completion criteria per program or group, the
 * outcome of an enrolment (completed / discharged / transferred) and certificates of completion
 * with a public verification code. Every row carries organization_id.
 */

/**
 * Completion criteria of a program (group_id null) or of one group (overrides its program's).
 * Exactly one of program_id / group_id is set.
 */
export const completionCriteria = pgTable(
  "completion_criteria",
  {
    id: id(),
    organizationId: orgRef(),
    programId: uuid("program_id").references(() => programs.id, { onDelete: "cascade" }),
    groupId: uuid("group_id").references(() => groups.id, { onDelete: "cascade" }),
    minSessionsAttended: integer("min_sessions_attended").notNull(),
    /** Null: no limit. */
    maxUnexcusedAbsences: integer("max_unexcused_absences"),
    updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("completion_criteria_program").on(t.programId).where(sql`${t.groupId} is null`),
    uniqueIndex("completion_criteria_group").on(t.groupId).where(sql`${t.groupId} is not null`),
    index("completion_criteria_org").on(t.organizationId),
    check("completion_criteria_one_owner", sql`(${t.programId} is null) <> (${t.groupId} is null)`),
    check("completion_criteria_min", sql`${t.minSessionsAttended} between 1 and 500`),
    check("completion_criteria_max_absences", sql`${t.maxUnexcusedAbsences} is null or ${t.maxUnexcusedAbsences} between 0 and 500`),
  ],
);

export const enrolmentOutcomeEnum = pgEnum("enrolment_outcome", ["completed", "discharged", "transferred"]);
export const dischargeReasonEnum = pgEnum("discharge_reason", ["completed", "withdrew", "no_longer_attending", "referred_elsewhere", "other"]);

/**
 * How an enrolment ended: one current row per enrolment. Undoing it sets undone_at (the row stays
 * for the record, and its certificate stops verifying).
 */
export const enrolmentOutcomes = pgTable(
  "enrolment_outcomes",
  {
    id: id(),
    organizationId: orgRef(),
    enrolmentId: uuid("enrolment_id")
      .notNull()
      .references(() => enrolments.id, { onDelete: "cascade" }),
    groupId: uuid("group_id")
      .notNull()
      .references(() => groups.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    outcome: enrolmentOutcomeEnum("outcome").notNull(),
    /** For discharges only. */
    reason: dischargeReasonEnum("reason"),
    reasonText: text("reason_text").notNull().default(""),
    transferredToGroupId: uuid("transferred_to_group_id").references(() => groups.id, { onDelete: "set null" }),
    /** The last day of the enrolment, in the group's zone. */
    endedOn: date("ended_on").notNull(),
    /** The instant the enrolment ended (sessions starting later do not count toward completion). */
    endedAt: timestamp("ended_at", { withTimezone: true }).notNull(),
    participantComment: text("participant_comment").notNull().default(""),
    recordedBy: uuid("recorded_by").references(() => users.id, { onDelete: "set null" }),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
    undoneAt: timestamp("undone_at", { withTimezone: true }),
    undoneBy: uuid("undone_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    uniqueIndex("enrolment_outcomes_current").on(t.enrolmentId).where(sql`${t.undoneAt} is null`),
    index("enrolment_outcomes_org_group").on(t.organizationId, t.groupId),
    index("enrolment_outcomes_user").on(t.userId),
    check("enrolment_outcomes_reason", sql`(${t.outcome} = 'discharged') = (${t.reason} is not null)`),
    check("enrolment_outcomes_transfer", sql`(${t.outcome} = 'transferred') = (${t.transferredToGroupId} is not null)`),
  ],
);

/**
 * A certificate of completion. The verification code is shown once in the PDF; only its SHA-256
 * is stored. What it states is frozen at issue (name, program, dates, hours); revoked_at (or the
 * completion being undone) stops it verifying.
 */
export const completionCertificates = pgTable(
  "completion_certificates",
  {
    id: id(),
    organizationId: orgRef(),
    outcomeId: uuid("outcome_id")
      .notNull()
      .references(() => enrolmentOutcomes.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    codeHash: text("code_hash").notNull().unique(),
    participantName: text("participant_name").notNull(),
    programName: text("program_name").notNull(),
    organizationName: text("organization_name").notNull(),
    startedOn: date("started_on").notNull(),
    completedOn: date("completed_on").notNull(),
    hoursAttended: text("hours_attended").notNull(),
    issuedBy: uuid("issued_by").references(() => users.id, { onDelete: "set null" }),
    issuedAt: timestamp("issued_at", { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("completion_certificates_outcome").on(t.outcomeId).where(sql`${t.revokedAt} is null`), index("completion_certificates_org").on(t.organizationId)],
);
