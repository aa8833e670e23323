import { sql } from "drizzle-orm";
import { boolean, date, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { groups, id, orgRef, series, users } from "~/db/schema";

const userRef = () =>
  uuid("user_id")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" });

/** A weekly window of a person, as local wall times in the zone they entered it in. */
export const availabilityWindows = pgTable(
  "availability_windows",
  {
    id: id(),
    organizationId: orgRef(),
    userId: userRef(),
    day: text("day").notNull(),
    startTime: text("start_time").notNull(),
    endTime: text("end_time").notNull(),
    timezone: text("timezone").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("availability_windows_user").on(t.organizationId, t.userId)],
);

/** A dated exception ("away 15–22 March"): local wall times [start, end) in `timezone`. */
export const availabilityExceptions = pgTable(
  "availability_exceptions",
  {
    id: id(),
    organizationId: orgRef(),
    userId: userRef(),
    startLocal: text("start_local").notNull(),
    endLocal: text("end_local").notNull(),
    timezone: text("timezone").notNull(),
    note: text("note").notNull().default(""),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("availability_exceptions_user").on(t.organizationId, t.userId)],
);

/**
 * Cohorts of a round as planned: one weekly slot in the group's zone, its facilitator and
 * participants; once published, the series created for it and the invitations sent (jsonb only).
 */
export type PlannedCohort = { day: string; start: string; facilitatorId: string | null; participantIds: string[]; seriesId?: string; sessions?: number };
export type RoundPlan = {
  cohorts: PlannedCohort[];
  adjustedBy: string | null;
  adjustedAt: string;
  invitations?: number;
  /** At publication: the people new to the group put on its waiting list (no seat was left for them). */
  waitlisted?: string[];
};

export const roundStatusEnum = pgEnum("round_status", ["open", "published", "closed"]);

/** A scheduling round for a group: the engine's parameters and who was asked. */
export const schedulingRounds = pgTable(
  "scheduling_rounds",
  {
    id: id(),
    organizationId: orgRef(),
    groupId: uuid("group_id")
      .notNull()
      .references(() => groups.id, { onDelete: "cascade" }),
    status: roundStatusEnum("status").notNull().default("open"),
    startDate: date("start_date").notNull(),
    endDate: date("end_date").notNull(),
    durationMinutes: integer("duration_minutes").notNull(),
    stepMinutes: integer("step_minutes").notNull(),
    dayStart: text("day_start").notNull(),
    dayEnd: text("day_end").notNull(),
    weekdays: text("weekdays").array().notNull(),
    sections: integer("sections").notNull(),
    capacity: integer("capacity").notNull(),
    minParticipants: integer("min_participants").notNull(),
    skipDates: date("skip_dates").array().notNull().default(sql`'{}'::date[]`),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    publishedAt: timestamp("published_at", { withTimezone: true }),
    /** Closed without publishing: when, by whom and why (the answers stay for the record). */
    closedAt: timestamp("closed_at", { withTimezone: true }),
    closedBy: uuid("closed_by").references(() => users.id, { onDelete: "set null" }),
    closeReason: text("close_reason"),
    /** The manager's adjusted cohorts (null: use the engine's suggestion), kept until publish. */
    plan: jsonb("plan").$type<RoundPlan>(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("scheduling_rounds_group").on(t.groupId)],
);

export const roundInvitees = pgTable(
  "round_invitees",
  {
    roundId: uuid("round_id")
      .notNull()
      .references(() => schedulingRounds.id, { onDelete: "cascade" }),
    userId: userRef(),
    organizationId: orgRef(),
    invitedAt: timestamp("invited_at", { withTimezone: true }),
    respondedAt: timestamp("responded_at", { withTimezone: true }),
    /** The last reminder sent to someone who had not answered, and how many were sent. */
    remindedAt: timestamp("reminded_at", { withTimezone: true }),
    reminders: integer("reminders").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.roundId, t.userId] }), index("round_invitees_user").on(t.userId)],
);

/** Who belongs to a cohort series: its participants and its facilitator. */
export const seriesAssignments = pgTable(
  "series_assignments",
  {
    seriesId: uuid("series_id")
      .notNull()
      .references(() => series.id, { onDelete: "cascade" }),
    userId: userRef(),
    organizationId: orgRef(),
    role: text("role").notNull(),
  },
  (t) => [primaryKey({ columns: [t.seriesId, t.userId] }), index("series_assignments_user").on(t.userId)],
);

/** Secret iCal feed URLs: personal (group_id null) or a staff group feed. Only the SHA-256 is kept. */
export const calendarFeeds = pgTable(
  "calendar_feeds",
  {
    id: id(),
    organizationId: orgRef(),
    userId: userRef(),
    groupId: uuid("group_id").references(() => groups.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    /**
     * A personal feed for a calendar other people can see: events read "Session" with time and
     * place only — no group or organisation name, description or link (a recovery group's name
     * discloses treatment).
     */
    discreet: boolean("discreet").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("calendar_feeds_token").on(t.tokenHash), index("calendar_feeds_user").on(t.userId)],
);

export const notificationPreferences = pgTable("notification_preferences", {
  userId: uuid("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  remindersEnabled: boolean("reminders_enabled").notNull().default(true),
  reminderHours: integer("reminder_hours").notNull().default(24),
});
