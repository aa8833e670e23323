import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  check,
  customType,
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

/** Column helpers shared by every table file (app/db/tables/*.ts import them from here). */
export const id = () => uuid("id").primaryKey().defaultRandom();
export const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
export const orgRef = () =>
  uuid("organization_id")
    .notNull()
    .references(() => organizations.id, { onDelete: "cascade" });

export const roleEnum = pgEnum("role", ["participant", "facilitator", "manager", "admin"]);
export const groupKindEnum = pgEnum("group_kind", ["class", "workshop", "peer_recovery_group", "drop_in"]);
export const sessionStatusEnum = pgEnum("session_status", ["scheduled", "cancelled", "held"]);
export const enrolmentStatusEnum = pgEnum("enrolment_status", [
  "enrolled",
  "withdrawn",
  "removed",
  "waitlisted",
  "offered",
  "declined",
  "interested",
  "completed",
  "discharged",
  "transferred",
]);
export const outboxStatusEnum = pgEnum("outbox_status", ["pending", "sent", "failed"]);

export const organizations = pgTable("organizations", {
  id: id(),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  timezone: text("timezone").notNull(),
  crisisText: text("crisis_text").notNull().default(""),
  contactEmail: text("contact_email").notNull().default(""),
  contactPhone: text("contact_phone").notNull().default(""),
  address: text("address").notNull().default(""),
  /** ISO 3166 country (two letters) assumed for phone numbers written without a +country code. */
  defaultCountry: text("default_country").notNull().default("US"),
  /**
   * The name every text message starts with, when set ("" = the organisation's name): a neutral
   * one keeps a lock-screen preview from disclosing the service (e.g. a recovery programme).
   */
  smsSenderName: text("sms_sender_name").notNull().default(""),
  /** When the current logo (table organization_logos) was uploaded; null = no logo. Its URL's version. */
  logoUpdatedAt: timestamp("logo_updated_at", { withTimezone: true }),
  createdAt: createdAt(),
});

export const users = pgTable(
  "users",
  {
    id: id(),
    email: text("email").notNull().unique(),
    name: text("name").notNull(),
    timezone: text("timezone").notNull(),
    /**
     * Language and region (app/i18n/locales.ts LOCALES): the language of pages and emails, and the
     * clock of dates and times (en-US/es-US 12-hour, en-GB/es-ES 24-hour).
     */
    locale: text("locale").notNull().default("en-US"),
    passwordHash: text("password_hash"),
    /** When the person proved they read mail at `email` (a link we sent); null = not reachable yet. */
    emailConfirmedAt: timestamp("email_confirmed_at", { withTimezone: true }),
    /**
     * Calendar entries the app hands this person (a session's .ics download, emailed invitations,
     * moves and cancellations): true = discreet ("Session", time, place and status; no group or
     * organisation name, description or link; email subjects name no group), false = named. Null =
     * not chosen: discreet for a participant of the organisation concerned, named for its staff
     * (calendar/policy.ts calendarEntriesDiscreetByDefault).
     */
    calendarDiscreet: boolean("calendar_discreet"),
    createdAt: createdAt(),
  },
  (t) => [check("users_locale_style", sql`${t.locale} in ('en-US', 'en-GB', 'es-ES', 'es-US')`)],
);

export const memberships = pgTable(
  "memberships",
  {
    id: id(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    organizationId: orgRef(),
    role: roleEnum("role").notNull(),
    createdAt: createdAt(),
    /**
     * Deactivated in this organisation (by its administrator or a manager): no sign-in or session
     * here, history kept. Per membership, so one agency never locks a person out of another.
     */
    deactivatedAt: timestamp("deactivated_at", { withTimezone: true }),
    deactivatedBy: uuid("deactivated_by"),
  },
  (t) => [
    uniqueIndex("memberships_user_org").on(t.userId, t.organizationId),
    index("memberships_org").on(t.organizationId),
    // The few deactivated memberships, read every worker tick (places still held by them).
    index("memberships_deactivated").on(t.organizationId, t.userId).where(sql`${t.deactivatedAt} is not null`),
  ],
);

export const invitations = pgTable(
  "invitations",
  {
    id: id(),
    organizationId: orgRef(),
    email: text("email").notNull(),
    role: roleEnum("role").notNull(),
    /**
     * The invitee's language and date style (a LOCALES value), chosen by the inviter: the
     * invitation email's language and the new account's starting language. Null on invitations
     * from before the choice existed (they go out in the inviter's language, as then).
     */
    locale: text("locale"),
    tokenHash: text("token_hash").notNull().unique(),
    invitedBy: uuid("invited_by").references(() => users.id, { onDelete: "set null" }),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index("invitations_org").on(t.organizationId), check("invitations_locale_style", sql`${t.locale} is null or ${t.locale} in ('en-US', 'en-GB', 'es-ES', 'es-US')`)],
);

export const authSessions = pgTable(
  "auth_sessions",
  {
    /** sha256 of the random token held in the cookie; the raw token is never stored. */
    idHash: text("id_hash").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    organizationId: orgRef(),
    createdAt: createdAt(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("auth_sessions_user").on(t.userId)],
);

export const passwordResetTokens = pgTable("password_reset_tokens", {
  tokenHash: text("token_hash").primaryKey(),
  userId: uuid("user_id")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  usedAt: timestamp("used_at", { withTimezone: true }),
  createdAt: createdAt(),
});

/**
 * Links that prove a person reads mail at `email`: after sign-up (purpose "signup"), for a new
 * address chosen on the profile (purpose "change", applied only when the link is followed), or to
 * join another organisation with an existing account (purpose "join").
 */
export const emailConfirmationTokens = pgTable(
  "email_confirmation_tokens",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    /** "join": a sign-up at another organisation with the address of a confirmed account (joins it with that account's password). */
    purpose: text("purpose", { enum: ["signup", "change", "join"] }).notNull(),
    /**
     * For a sign-up link: the password chosen at that sign-up, which becomes the account's when the
     * link is followed. So whoever proves the mailbox sets the password: someone who signed up
     * first with another person's address cannot keep a password that works afterwards.
     */
    passwordHash: text("password_hash"),
    /**
     * For a sign-up link: the rest of that sign-up — the organisation joined, the name, time zone
     * and language — applied together with the password when the link is confirmed, so the
     * confirmed account is wholly the confirming person's sign-up (nothing of an earlier one).
     * Null on links from before they were kept (and on change links).
     */
    organizationId: uuid("organization_id").references(() => organizations.id, { onDelete: "cascade" }),
    name: text("name"),
    timezone: text("timezone"),
    locale: text("locale"),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index("email_confirmation_tokens_user").on(t.userId)],
);

/** One row per counted request of a rate limit (`key` names the limit and who, e.g. "signup:10.0.0.1"). */
export const rateLimitEvents = pgTable(
  "rate_limit_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    key: text("key").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("rate_limit_events_key_at").on(t.key, t.at), index("rate_limit_events_at").on(t.at)],
);

export const loginAttempts = pgTable(
  "login_attempts",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    email: text("email").notNull(),
    ip: text("ip").notNull(),
    succeeded: boolean("succeeded").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("login_attempts_email_at").on(t.email, t.at), index("login_attempts_ip_at").on(t.ip, t.at)],
);

export const programs = pgTable(
  "programs",
  {
    id: id(),
    organizationId: orgRef(),
    name: text("name").notNull(),
    purpose: text("purpose").notNull().default(""),
    serviceType: text("service_type").notNull().default(""),
    /** A federally assisted substance-use program (42 CFR Part 2): its letters carry the 2.32 notice. */
    part2Program: boolean("part2_program").notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [index("programs_org").on(t.organizationId)],
);

export const groups = pgTable(
  "groups",
  {
    id: id(),
    organizationId: orgRef(),
    programId: uuid("program_id")
      .notNull()
      .references(() => programs.id, { onDelete: "cascade" }),
    kind: groupKindEnum("kind").notNull(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    timezone: text("timezone").notNull(),
    capacity: integer("capacity").notNull(),
    location: text("location").notNull().default(""),
    onlineUrl: text("online_url").notNull().default(""),
    language: text("language").notNull().default("en"),
    createdAt: createdAt(),
  },
  (t) => [index("groups_org").on(t.organizationId), index("groups_program").on(t.programId)],
);

export const groupFacilitators = pgTable(
  "group_facilitators",
  {
    groupId: uuid("group_id")
      .notNull()
      .references(() => groups.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    organizationId: orgRef(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.userId] }), index("group_facilitators_user").on(t.userId)],
);

export const series = pgTable(
  "series",
  {
    id: id(),
    organizationId: orgRef(),
    groupId: uuid("group_id")
      .notNull()
      .references(() => groups.id, { onDelete: "cascade" }),
    /** Recurrence, in the group's zone: weekdays (mon…sun), local start "HH:MM", elapsed duration. */
    weekdays: text("weekdays").array().notNull(),
    startTime: text("start_time").notNull(),
    durationMinutes: integer("duration_minutes").notNull(),
    startDate: date("start_date").notNull(),
    endDate: date("end_date"),
    occurrenceCount: integer("occurrence_count"),
    skipDates: date("skip_dates").array().notNull().default(sql`'{}'::date[]`),
    timezone: text("timezone").notNull(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [index("series_group").on(t.groupId)],
);

export const sessions = pgTable(
  "sessions",
  {
    id: id(),
    organizationId: orgRef(),
    groupId: uuid("group_id")
      .notNull()
      .references(() => groups.id, { onDelete: "cascade" }),
    seriesId: uuid("series_id").references(() => series.id, { onDelete: "set null" }),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    endsAt: timestamp("ends_at", { withTimezone: true }).notNull(),
    status: sessionStatusEnum("status").notNull().default("scheduled"),
    locationOverride: text("location_override").notNull().default(""),
    note: text("note").notNull().default(""),
    cancelReason: text("cancel_reason").notNull().default(""),
    /** iCalendar SEQUENCE: rises on every change visible in a calendar. */
    sequence: integer("sequence").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("sessions_group_starts").on(t.groupId, t.startsAt),
    index("sessions_org_starts").on(t.organizationId, t.startsAt),
    // Jobs that act a fixed time after sessions end (the unsigned-note flag) read a band of ends_at.
    index("sessions_ends_at").on(t.endsAt),
    // Sessions still recorded as neither held nor cancelled: the job that holds a session whose
    // attendance was taken before its start reads those that have started (few: most are to come).
    index("sessions_scheduled_starts").on(t.startsAt).where(sql`${t.status} = 'scheduled'`),
  ],
);

/** A PostgreSQL tstzmultirange, read and written as its text form ("{[a,b],[c,d]}"). */
const tstzmultirange = customType<{ data: string; driverData: string }>({ dataType: () => "tstzmultirange" });

export const enrolments = pgTable(
  "enrolments",
  {
    id: id(),
    organizationId: orgRef(),
    groupId: uuid("group_id")
      .notNull()
      .references(() => groups.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    status: enrolmentStatusEnum("status").notNull().default("enrolled"),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    /**
     * When the current stay began, if the person registered again after leaving the group
     * (withdrawn, or an offer declined); null: the first stay, which began at created_at. One row
     * per person and group, so the stay's start is `currentStayStart`
     * (app/modules/completion/queries.server.ts), never created_at alone.
     */
    restartedAt: timestamp("restarted_at", { withTimezone: true }),
    /**
     * The earlier stays of a row registered again after withdrawing, each from its start to its
     * withdrawal (inclusive), however many there were (migration 0077); null: none (the first
     * stay, or the time before was no stay, such as a declined offer). Goal figures count a goal
     * written before the current stay in the earlier stay it belongs to (metrics goalStay).
     */
    earlierStays: tstzmultirange("earlier_stays"),
  },
  (t) => [uniqueIndex("enrolments_group_user").on(t.groupId, t.userId), index("enrolments_user").on(t.userId)],
);

/** Append-only (a trigger rejects UPDATE and DELETE). */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    organizationId: uuid("organization_id").references(() => organizations.id, { onDelete: "set null" }),
    actorUserId: uuid("actor_user_id"),
    action: text("action").notNull(),
    subjectType: text("subject_type").notNull(),
    subjectId: text("subject_id").notNull(),
    before: jsonb("before"),
    after: jsonb("after"),
    reason: text("reason").notNull().default(""),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    /** The person whose records this event reads or changes (their disclosure history lists it). */
    subjectUserId: uuid("subject_user_id"),
    /** The actor's role in the organisation when it happened (roles change later). */
    actorRole: text("actor_role"),
  },
  (t) => [
    index("audit_events_org_at").on(t.organizationId, t.at),
    index("audit_events_subject").on(t.subjectType, t.subjectId),
    index("audit_events_org_person_at").on(t.organizationId, t.subjectUserId, t.at),
    index("audit_events_org_actor_at").on(t.organizationId, t.actorUserId, t.at),
  ],
);

export type OutboxAttachment = { filename: string; contentType: string; content: string; method?: string };

export const emailOutbox = pgTable(
  "email_outbox",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    organizationId: uuid("organization_id").references(() => organizations.id, { onDelete: "cascade" }),
    /**
     * The address: as queued, and once sent the address it went to. For a message addressed to an
     * account (`to_user_id`) it is replaced at send time by the account's address then.
     */
    toAddress: text("to_address").notNull(),
    /**
     * The account the message is addressed to (null: a literal address, such as a new address's
     * confirmation, an invitation or the notice to an old address). It goes to the account's
     * address when it is sent — an email change confirmed meanwhile counts — and not at all when
     * the account has no real address any more. No foreign key, like user_id.
     */
    toUserId: uuid("to_user_id"),
    subject: text("subject").notNull(),
    textBody: text("text_body").notNull(),
    htmlBody: text("html_body").notNull(),
    attachments: jsonb("attachments").$type<OutboxAttachment[]>().notNull().default([]),
    /** A message with a dedupe key is enqueued at most once (reminders, alerts). */
    dedupeKey: text("dedupe_key").unique(),
    messageId: text("message_id").notNull(),
    status: outboxStatusEnum("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    lastError: text("last_error").notNull().default(""),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    /**
     * A session reminder's person, session, and the start it states. Checked again when it goes (a
     * retry after a mail outage may come hours later), by the rule texts follow: a session since
     * cancelled, moved or deleted, left by the person, or reminders turned off, is not reminded.
     * No foreign keys: a deleted session or person must stop the message, not erase the record of it.
     */
    userId: uuid("user_id"),
    sessionId: uuid("session_id"),
    sessionStartsAt: timestamp("session_starts_at", { withTimezone: true }),
    /**
     * A waiting-list seat email (as on sms_outbox): the enrolment it is about and the offer's
     * deadline it states (null: a seat given at once). It goes only while that same offer is open,
     * or the person still holds the seat.
     */
    enrolmentId: uuid("enrolment_id"),
    offerExpiresAt: timestamp("offer_expires_at", { withTimezone: true }),
    /**
     * A staff email about a person (`user_id`): the staff member it goes to and the group it is
     * about (null: the person's records in general). It goes only while the recipient still has a
     * current relationship with the person (staffRelationship), for that group when one is named.
     */
    recipientId: uuid("recipient_id"),
    groupId: uuid("group_id"),
    /**
     * The consent (of `user_id`, for `group_id`) a part of the text needs, e.g. the person's
     * contact line in an absence alert. If it no longer stands when the email goes, the rendering
     * without that part (`without_consent`) is sent instead, or nothing when there is none.
     */
    consentKind: text("consent_kind"),
    withoutConsent: jsonb("without_consent").$type<{ subject: string; text: string; html: string }>(),
    createdAt: createdAt(),
  },
  (t) => [index("email_outbox_due").on(t.status, t.nextAttemptAt)],
);

/**
 * One row per periodic job per time slot (the worker interval): the instance that inserts it runs
 * the job, every other instance skips it, so each job runs once per tick for the whole cluster.
 */
export const jobRuns = pgTable(
  "job_runs",
  {
    job: text("job").notNull(),
    slot: bigint("slot", { mode: "number" }).notNull(),
    instance: text("instance").notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    error: text("error"),
  },
  (t) => [primaryKey({ columns: [t.job, t.slot] }), index("job_runs_started_at").on(t.startedAt)],
);
