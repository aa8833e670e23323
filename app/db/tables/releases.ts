import { sql } from "drizzle-orm";
import { boolean, check, customType, date, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { enrolments, groups, id, orgRef, programs, users } from "~/db/schema";

/**
 * Releases of information and the letters sent under them (issue 17: attendance letters and
 * progress reports to a named third party). A letter is written only under a current release and
 * each one is a disclosure kept here (and in the audit trail). Every row carries organization_id.
 */

/** Raw bytes (a scanned paper release lives in PostgreSQL, so every app instance can serve it). */
const bytea = customType<{ data: Buffer; driverData: Buffer }>({
  dataType() {
    return "bytea";
  },
});

export const releaseMethodEnum = pgEnum("release_method", ["in_app", "paper"]);

/**
 * A release of information signed by a participant: to whom, why, which of the four items may be
 * shared, until when. Signed in the app (typed name + tick; the exact statement shown and its
 * SHA-256 are kept) or recorded by staff from a signed paper form (its scan is kept). Revoking
 * sets revoked_at; a row is never deleted while a letter points at it.
 */
export const informationReleases = pgTable(
  "information_releases",
  {
    id: id(),
    organizationId: orgRef(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /**
     * The one program whose participation the release covers (42 CFR 2.31: a general
     * authorisation is not enough). Null for releases signed before releases named a program:
     * those cover no program, so no letter can be sent under them.
     */
    programId: uuid("program_id").references(() => programs.id, { onDelete: "restrict" }),
    /** Whether the signed text said the program is a substance use disorder program (Part 2). */
    part2: boolean("part2").notNull().default(false),
    recipientName: text("recipient_name").notNull(),
    recipientOrganization: text("recipient_organization").notNull().default(""),
    /** Postal address or email of the recipient, as the participant wrote it. */
    recipientContact: text("recipient_contact").notNull(),
    purpose: text("purpose").notNull(),
    /** Which of attendance_dates, attendance_totals, completion_status, progress_summary may be shared. */
    shares: text("shares").array().notNull(),
    /** The last day the release is valid, in the organisation's zone… */
    expiresOn: date("expires_on").notNull(),
    /** …and the instant it lapses (the end of that day there). */
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    method: releaseMethodEnum("method").notNull(),
    /** The statement the participant read and signed (in the app) or its paper equivalent. */
    statement: text("statement").notNull(),
    statementHash: text("statement_hash").notNull(),
    /** The name typed as a signature (in the app); empty for paper. */
    signedName: text("signed_name").notNull().default(""),
    /** The day it was signed, in the organisation's zone. */
    signedOn: date("signed_on").notNull(),
    recordedBy: uuid("recorded_by").references(() => users.id, { onDelete: "set null" }),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
    paperFileName: text("paper_file_name"),
    paperContentType: text("paper_content_type"),
    paperContent: bytea("paper_content"),
    paperSizeBytes: integer("paper_size_bytes"),
    /**
     * A paper release for a person the app cannot notify (no deliverable email): the manager who
     * confirmed that a second staff member witnessed the signature and the person was told in
     * person, and when. Null when the person was notified by email.
     */
    toldInPersonConfirmedBy: uuid("told_in_person_confirmed_by").references(() => users.id, { onDelete: "set null" }),
    toldInPersonConfirmedAt: timestamp("told_in_person_confirmed_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    revokedBy: uuid("revoked_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    index("information_releases_person").on(t.organizationId, t.userId),
    check("information_releases_shares", sql`cardinality(${t.shares}) between 1 and 4 and ${t.shares} <@ array['attendance_dates','attendance_totals','completion_status','progress_summary']::text[]`),
    check("information_releases_signed", sql`(${t.method} = 'in_app') = (${t.signedName} <> '')`),
    check("information_releases_paper", sql`(${t.method} = 'paper') = (${t.paperContent} is not null)`),
    check("information_releases_expiry", sql`${t.expiresOn} >= ${t.signedOn}`),
    check("information_releases_told_in_person", sql`${t.toldInPersonConfirmedAt} is null or ${t.method} = 'paper'`),
  ],
);

/**
 * One letter (attendance letter or progress report) sent to a release's recipient about one
 * enrolment: what it states is frozen here at issue, so the PDF can be printed again identically.
 */
export const disclosureLetters = pgTable(
  "disclosure_letters",
  {
    id: id(),
    organizationId: orgRef(),
    releaseId: uuid("release_id")
      .notNull()
      .references(() => informationReleases.id, { onDelete: "restrict" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    enrolmentId: uuid("enrolment_id")
      .notNull()
      .references(() => enrolments.id, { onDelete: "cascade" }),
    groupId: uuid("group_id")
      .notNull()
      .references(() => groups.id, { onDelete: "cascade" }),
    /** The items shared (those the release allowed at the time). */
    shared: text("shared").array().notNull(),
    /** The letter's facts as printed (LetterFacts in app/modules/completion/letter.ts). */
    content: jsonb("content").notNull(),
    part2Notice: boolean("part2_notice").notNull(),
    issuedBy: uuid("issued_by").references(() => users.id, { onDelete: "set null" }),
    issuedAt: timestamp("issued_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("disclosure_letters_person").on(t.organizationId, t.userId), index("disclosure_letters_release").on(t.releaseId)],
);
