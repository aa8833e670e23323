import {
  bigserial,
  boolean,
  index,
  integer,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { groups, id, orgRef, sessions, users } from "~/db/schema";

export const attendanceStatusEnum = pgEnum("attendance_status", ["present", "late", "left_early", "excused", "absent"]);
/** How a mark was made: on the roster, from a paper sheet, by self check-in, or by an apology. */
export const attendanceSourceEnum = pgEnum("attendance_source", ["roster", "paper", "self_check_in", "apology"]);


/** One row per person per session (unique), written by idempotent upserts. */
export const attendanceRecords = pgTable(
  "attendance_records",
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
    status: attendanceStatusEnum("status").notNull(),
    arrivedAt: timestamp("arrived_at", { withTimezone: true }),
    leftAt: timestamp("left_at", { withTimezone: true }),
    /** Private to the group's facilitators and managers. */
    note: text("note").notNull().default(""),
    /** The participant's own reason for an apology (optional). */
    apologyReason: text("apology_reason").notNull().default(""),
    walkIn: boolean("walk_in").notNull().default(false),
    source: attendanceSourceEnum("source").notNull(),
    recordedBy: uuid("recorded_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("attendance_records_session_user").on(t.sessionId, t.userId),
    index("attendance_records_group_user").on(t.groupId, t.userId),
    index("attendance_records_org").on(t.organizationId),
  ],
);

/** Per-group attendance settings; a group without a row uses the defaults in rules.ts. */
export const attendanceSettings = pgTable("attendance_settings", {
  groupId: uuid("group_id")
    .primaryKey()
    .references(() => groups.id, { onDelete: "cascade" }),
  organizationId: orgRef(),
  allowWalkIns: boolean("allow_walk_ins").notNull(),
  absenceAlertAfter: integer("absence_alert_after").notNull().default(2),
  lateAfterMinutes: integer("late_after_minutes").notNull().default(10),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * A run of consecutive unexcused absences that reached the group's threshold. Unique per run
 * (identified by the run's first session), so an alert is never repeated for the same run.
 */
export const absenceAlerts = pgTable(
  "absence_alerts",
  {
    id: id(),
    organizationId: orgRef(),
    groupId: uuid("group_id")
      .notNull()
      .references(() => groups.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    runStartSessionId: uuid("run_start_session_id")
      .notNull()
      .references(() => sessions.id, { onDelete: "cascade" }),
    lastSessionId: uuid("last_session_id")
      .notNull()
      .references(() => sessions.id, { onDelete: "cascade" }),
    absences: integer("absences").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    dismissedAt: timestamp("dismissed_at", { withTimezone: true }),
    dismissedBy: uuid("dismissed_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    uniqueIndex("absence_alerts_run").on(t.groupId, t.userId, t.runStartSessionId),
    index("absence_alerts_org_open").on(t.organizationId, t.dismissedAt),
  ],
);

/**
 * People whose run of absences may have changed since the absence-alert job last looked at them:
 * written only by triggers (migration 0043) on attendance_records, sessions, enrolments and
 * attendance_settings, read and emptied by the job (SKIP LOCKED), so a tick costs what changed.
 * `due_at` is when the change starts to count: at once (-infinity), or the start of the session a
 * mark was given for before it began. No foreign keys: a row of a group or person deleted since is
 * simply dropped by the next tick (and a cascade delete must be able to queue what it removes).
 */
export const absenceAlertQueue = pgTable(
  "absence_alert_queue",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    organizationId: uuid("organization_id").notNull(),
    groupId: uuid("group_id").notNull(),
    userId: uuid("user_id").notNull(),
    dueAt: timestamp("due_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("absence_alert_queue_due").on(t.dueAt)],
);
