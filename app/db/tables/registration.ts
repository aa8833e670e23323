import { sql } from "drizzle-orm";
import { bigserial, boolean, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { enrolments, groups, id, orgRef, users } from "~/db/schema";


export const promotionModeEnum = pgEnum("promotion_mode", ["automatic", "offer"]);
export const offerOutcomeEnum = pgEnum("offer_outcome", ["accepted", "declined", "lapsed"]);

/**
 * Queue facts of one enrolment (the core row holds the status). A missing row means "not urgent,
 * queued when the enrolment was created" (the base seed enrols people without one).
 */
export const enrolmentDetails = pgTable(
  "enrolment_details",
  {
    enrolmentId: uuid("enrolment_id")
      .primaryKey()
      .references(() => enrolments.id, { onDelete: "cascade" }),
    organizationId: orgRef(),
    groupId: uuid("group_id")
      .notNull()
      .references(() => groups.id, { onDelete: "cascade" }),
    urgent: boolean("urgent").notNull().default(false),
    /** When the person joined the queue (the fairness clock); set after the group lock is held. */
    queuedAt: timestamp("queued_at", { withTimezone: true }).notNull().defaultNow(),
    /** Tie-break after queuedAt: strictly increasing in lock order. */
    queueSeq: bigserial("queue_seq", { mode: "number" }).notNull(),
    offeredAt: timestamp("offered_at", { withTimezone: true }),
    offerExpiresAt: timestamp("offer_expires_at", { withTimezone: true }),
    offerOutcome: offerOutcomeEnum("offer_outcome"),
    promotedAt: timestamp("promoted_at", { withTimezone: true }),
    registeredBy: uuid("registered_by").references(() => users.id, { onDelete: "set null" }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("enrolment_details_group").on(t.groupId),
    index("enrolment_details_offer_due").on(t.offerExpiresAt).where(sql`${t.offerExpiresAt} is not null`),
  ],
);

/** How a group fills a freed seat: straight to enrolled, or an offer that lapses. */
export const waitlistSettings = pgTable("waitlist_settings", {
  groupId: uuid("group_id")
    .primaryKey()
    .references(() => groups.id, { onDelete: "cascade" }),
  organizationId: orgRef(),
  mode: promotionModeEnum("mode").notNull().default("automatic"),
  offerHours: integer("offer_hours").notNull().default(48),
  /** Whether enrolled participants may see each other's names. */
  shareNamesWithGroup: boolean("share_names_with_group").notNull().default(false),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Intake answers (health and legal information): one per enrolment, visible only to the
 * organisation's managers and the facilitators of the group applied to; every view is audited.
 */
export const intakes = pgTable(
  "intakes",
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
    needAreas: text("need_areas").array().notNull().default(sql`'{}'::text[]`),
    otherNeed: text("other_need").notNull().default(""),
    urgent: boolean("urgent").notNull().default(false),
    crisis: boolean("crisis").notNull().default(false),
    urgentNote: text("urgent_note").notNull().default(""),
    preferredContact: text("preferred_contact").notNull(),
    phone: text("phone").notNull().default(""),
    language: text("language").notNull().default("en"),
    accessibilityNeeds: text("accessibility_needs").notNull().default(""),
    consentParticipation: boolean("consent_participation").notNull(),
    consentRosterSharing: boolean("consent_roster_sharing").notNull(),
    submittedBy: uuid("submitted_by").references(() => users.id, { onDelete: "set null" }),
    reviewedAt: timestamp("reviewed_at", { withTimezone: true }),
    reviewedBy: uuid("reviewed_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("intakes_enrolment").on(t.enrolmentId), index("intakes_org_created").on(t.organizationId, t.createdAt)],
);
