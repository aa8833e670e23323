import { sql } from "drizzle-orm";
import { index, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { groups, id, orgRef, users } from "~/db/schema";

/**
 * What a consent is about (closed list; the wording of each is in app/modules/consent/wording.ts):
 * - `participation`: an acknowledgement, not a choice: taking part means the group's facilitators
 *   and the organisation's managers see your name, intake answers and attendance;
 * - `facilitator_contact`: the group's facilitators may see your email address and phone number;
 * - `classmates`: other members of the group may see your first name;
 * - `sms_*`: text messages of one kind to the person's confirmed mobile number (organisation-wide,
 *   `group_id` null; wording in app/modules/notifications/sms/wording.ts).
 */
export const consentKindEnum = pgEnum("consent_kind", [
  "participation",
  "facilitator_contact",
  "classmates",
  "sms_session_reminders",
  "sms_waitlist_offers",
  "sms_session_changes",
  "sms_checkin_links",
]);
/** The person's answer: yes, no, or not asked yet (registered by staff; they confirm at next sign-in). */
export const consentStatusEnum = pgEnum("consent_status", ["given", "refused", "pending"]);
/**
 * Who gave the answer: the person themselves, staff attesting a spoken answer, carried over from
 * the old intake form, or the person's text message keyword (STOP ends, START restores texts).
 */
export const consentSourceEnum = pgEnum("consent_source", ["self", "staff_verbal", "staff_pending", "legacy_intake", "sms_keyword"]);

/**
 * One consent decision per row; rows are never edited except to end them. The current decision
 * for (person, kind, scope) is the one row with `revoked_at` null (a partial unique index keeps it
 * to one) whose `expires_at` has not passed; a new decision ends the previous row ("replaced").
 * `group_id` null means all of the organisation's groups.
 */
export const consents = pgTable(
  "consents",
  {
    id: id(),
    organizationId: orgRef(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: consentKindEnum("kind").notNull(),
    groupId: uuid("group_id").references(() => groups.id, { onDelete: "cascade" }),
    status: consentStatusEnum("status").notNull(),
    /** Why the information is shared, in the words shown. */
    purpose: text("purpose").notNull(),
    wordingVersion: text("wording_version").notNull(),
    /** The exact statement the person saw or heard. */
    wording: text("wording").notNull(),
    source: consentSourceEnum("source").notNull(),
    /** Who recorded the answer: the person, or the staff member who attested it or registered them. */
    recordedBy: uuid("recorded_by").references(() => users.id, { onDelete: "set null" }),
    givenAt: timestamp("given_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    revokedBy: uuid("revoked_by").references(() => users.id, { onDelete: "set null" }),
    /** `revoked` (the person withdrew it) or `replaced` (a newer decision took its place). */
    endedReason: text("ended_reason"),
  },
  (t) => [
    uniqueIndex("consents_current")
      .on(t.userId, t.kind, sql`coalesce(${t.groupId}, '00000000-0000-0000-0000-000000000000'::uuid)`)
      .where(sql`${t.revokedAt} is null`),
    index("consents_org_user").on(t.organizationId, t.userId),
    index("consents_group_kind").on(t.groupId, t.kind),
  ],
);
