import { sql } from "drizzle-orm";
import { boolean, check, date, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, groups, id, organizations, orgRef, programs, sessions, users } from "~/db/schema";
import { goalObjectives, participantGoals } from "./metrics";
import { peerSupportComponentEnum } from "./plans";

/**
 * Service records (issue 16, first half): a group note per session, a progress note per attending
 * participant, addenda to signed notes, incidents (PA-CSE 6.03) with follow-up actions, and the
 * once-only flag for notes still unsigned 72 h after a session. Every row carries organization_id.
 *
 * A note is a draft until signed (signed_at); a signed note never changes — a database trigger
 * refuses any UPDATE of a signed row, and later changes are rows of record_addenda.
 */

export const incidentStatusEnum = pgEnum("incident_status", ["open", "closed"]);
export const addendumNoteKindEnum = pgEnum("record_note_kind", ["group", "progress", "contact"]);
/** How a one-to-one contact took place. */
export const contactModeEnum = pgEnum("contact_mode", ["in_person", "phone", "video"]);

/** Per organisation; an organisation without a row uses the defaults (participants see nothing). */
export const recordsSettings = pgTable("records_settings", {
  organizationId: uuid("organization_id")
    .primaryKey()
    .references(() => organizations.id, { onDelete: "cascade" }),
  /** Participants read their own signed progress notes on /my/notes. Off unless an administrator turns it on. */
  participantsSeeProgressNotes: boolean("participants_see_progress_notes").notNull().default(false),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
});

/** What a session covered, written by a facilitator of the group after it. One per session. */
export const groupNotes = pgTable(
  "group_notes",
  {
    id: id(),
    organizationId: orgRef(),
    sessionId: uuid("session_id")
      .notNull()
      .references(() => sessions.id, { onDelete: "cascade" }),
    groupId: uuid("group_id")
      .notNull()
      .references(() => groups.id, { onDelete: "cascade" }),
    authorId: uuid("author_id").references(() => users.id, { onDelete: "set null" }),
    topic: text("topic").notNull().default(""),
    activities: text("activities").notNull().default(""),
    groupDynamics: text("group_dynamics").notNull().default(""),
    followUps: text("follow_ups").notNull().default(""),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
    signedAt: timestamp("signed_at", { withTimezone: true }),
    /** Null on a signed note only when the signer's account was erased (ON DELETE SET NULL); never a signer without a signing time. */
    signedBy: uuid("signed_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    uniqueIndex("group_notes_session").on(t.sessionId),
    index("group_notes_org_group").on(t.organizationId, t.groupId),
    check("group_notes_signed_by", sql`${t.signedBy} is null or ${t.signedAt} is not null`),
  ],
);

/** One participant's progress in one session (optional; only for people marked as attending). */
export const progressNotes = pgTable(
  "progress_notes",
  {
    id: id(),
    organizationId: orgRef(),
    sessionId: uuid("session_id")
      .notNull()
      .references(() => sessions.id, { onDelete: "cascade" }),
    groupId: uuid("group_id")
      .notNull()
      .references(() => groups.id, { onDelete: "cascade" }),
    participantId: uuid("participant_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    authorId: uuid("author_id").references(() => users.id, { onDelete: "set null" }),
    goalId: uuid("goal_id").references(() => participantGoals.id, { onDelete: "set null" }),
    objectiveId: uuid("objective_id").references(() => goalObjectives.id, { onDelete: "set null" }),
    workedOn: text("worked_on").notNull().default(""),
    /** The fixed scale in app/modules/records/scale.ts (1 = went backwards … 5 = objective met). */
    progressRating: integer("progress_rating"),
    nextStep: text("next_step").notNull().default(""),
    minutesOfService: integer("minutes_of_service"),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
    signedAt: timestamp("signed_at", { withTimezone: true }),
    /** Null on a signed note only when the signer's account was erased (ON DELETE SET NULL); never a signer without a signing time. */
    signedBy: uuid("signed_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    uniqueIndex("progress_notes_session_participant").on(t.sessionId, t.participantId),
    index("progress_notes_org_participant").on(t.organizationId, t.participantId),
    check("progress_notes_rating", sql`${t.progressRating} is null or ${t.progressRating} between 1 and 5`),
    check("progress_notes_minutes", sql`${t.minutesOfService} is null or ${t.minutesOfService} between 0 and 1440`),
    check("progress_notes_signed_by", sql`${t.signedBy} is null or ${t.signedAt} is not null`),
  ],
);

/** A later change to a signed note: who, when, what. Append-only (a trigger refuses UPDATE and DELETE). */
export const recordAddenda = pgTable(
  "record_addenda",
  {
    id: id(),
    organizationId: orgRef(),
    noteKind: addendumNoteKindEnum("note_kind").notNull(),
    noteId: uuid("note_id").notNull(),
    authorId: uuid("author_id").references(() => users.id, { onDelete: "set null" }),
    body: text("body").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("record_addenda_note").on(t.noteKind, t.noteId, t.createdAt)],
);

/** An incident or crisis recorded from a group note (PA-CSE 6.03). */
export const incidents = pgTable(
  "incidents",
  {
    id: id(),
    organizationId: orgRef(),
    groupNoteId: uuid("group_note_id")
      .notNull()
      .references(() => groupNotes.id, { onDelete: "cascade" }),
    sessionId: uuid("session_id")
      .notNull()
      .references(() => sessions.id, { onDelete: "cascade" }),
    groupId: uuid("group_id")
      .notNull()
      .references(() => groups.id, { onDelete: "cascade" }),
    whatHappened: text("what_happened").notNull(),
    whoWasNotified: text("who_was_notified").notNull().default(""),
    status: incidentStatusEnum("status").notNull().default("open"),
    reportedBy: uuid("reported_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    closedBy: uuid("closed_by").references(() => users.id, { onDelete: "set null" }),
    closingNote: text("closing_note").notNull().default(""),
  },
  (t) => [index("incidents_org_status").on(t.organizationId, t.status, t.createdAt), index("incidents_group_note").on(t.groupNoteId)],
);

/** A follow-up action of an incident: what, who owns it, by when, and when it was done. */
export const incidentActions = pgTable(
  "incident_actions",
  {
    id: id(),
    organizationId: orgRef(),
    incidentId: uuid("incident_id")
      .notNull()
      .references(() => incidents.id, { onDelete: "cascade" }),
    description: text("description").notNull(),
    ownerId: uuid("owner_id").references(() => users.id, { onDelete: "set null" }),
    dueDate: date("due_date").notNull(),
    doneAt: timestamp("done_at", { withTimezone: true }),
    doneBy: uuid("done_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [index("incident_actions_incident").on(t.incidentId)],
);

/**
 * Sessions whose group note was still unsigned 72 h after the session, flagged once (this row is
 * the "once": the job inserts it with ON CONFLICT DO NOTHING before it queues any email).
 */
export const groupNoteFlags = pgTable("group_note_flags", {
  sessionId: uuid("session_id")
    .primaryKey()
    .references(() => sessions.id, { onDelete: "cascade" }),
  organizationId: orgRef(),
  flaggedAt: timestamp("flagged_at", { withTimezone: true }).notNull(),
});

/**
 * A one-to-one contact outside groups (PA-CSE 4, CORE peer support): a facilitator or peer
 * specialist with a participant — when, how long, how, the objective addressed and the component
 * of peer support — under the progress notes' rules: a draft until signed, then locked (the same
 * database trigger), later changes as addenda (note_kind 'contact').
 *
 * A contact belongs to one program (`programId`, 42 CFR Part 2): staff read it like a progress
 * note — managers, or a facilitator leading now a group of that program the person is enrolled in
 * now. Null for contacts logged before contacts named a program whose program could not be told
 * from who wrote them: those are for managers (records/contacts/queries.server.ts).
 */
export const individualContacts = pgTable(
  "individual_contacts",
  {
    id: id(),
    organizationId: orgRef(),
    participantId: uuid("participant_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    authorId: uuid("author_id").references(() => users.id, { onDelete: "set null" }),
    programId: uuid("program_id").references(() => programs.id, { onDelete: "restrict" }),
    contactDate: date("contact_date").notNull(),
    minutes: integer("minutes").notNull(),
    mode: contactModeEnum("mode").notNull(),
    component: peerSupportComponentEnum("component"),
    goalId: uuid("goal_id").references(() => participantGoals.id, { onDelete: "set null" }),
    objectiveId: uuid("objective_id").references(() => goalObjectives.id, { onDelete: "set null" }),
    note: text("note").notNull().default(""),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
    signedAt: timestamp("signed_at", { withTimezone: true }),
    signedBy: uuid("signed_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    index("individual_contacts_org_participant").on(t.organizationId, t.participantId, t.contactDate),
    check("individual_contacts_minutes", sql`${t.minutes} between 1 and 1440`),
    check("individual_contacts_signed_by", sql`${t.signedBy} is null or ${t.signedAt} is not null`),
  ],
);
