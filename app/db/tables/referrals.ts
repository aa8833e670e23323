import { sql } from "drizzle-orm";
import { date, index, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { groups, id, orgRef, users } from "~/db/schema";


/** The organisation's resource directory (PA-CSE 6.02 fields). */
export const resources = pgTable(
  "resources",
  {
    id: id(),
    organizationId: orgRef(),
    name: text("name").notNull(),
    location: text("location").notNull().default(""),
    phone: text("phone").notNull().default(""),
    contactPerson: text("contact_person").notNull().default(""),
    services: text("services").notNull().default(""),
    languages: text("languages").notNull().default(""),
    fees: text("fees").notNull().default(""),
    eligibility: text("eligibility").notNull().default(""),
    needAreas: text("need_areas").array().notNull().default(sql`'{}'::text[]`),
    website: text("website").notNull().default(""),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("resources_org_name").on(t.organizationId, sql`lower(${t.name})`)],
);

export const referralOutcomeEnum = pgEnum("referral_outcome", ["pending", "connected", "not_connected", "declined", "no_response"]);

/** A participant referred to a directory entry: when a group cannot serve them, or for needs outside the program. */
export const referrals = pgTable(
  "referrals",
  {
    id: id(),
    organizationId: orgRef(),
    participantId: uuid("participant_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    resourceId: uuid("resource_id")
      .notNull()
      .references(() => resources.id, { onDelete: "restrict" }),
    groupId: uuid("group_id").references(() => groups.id, { onDelete: "set null" }),
    needArea: text("need_area").notNull(),
    reason: text("reason").notNull(),
    referredOn: date("referred_on").notNull(),
    followUpOn: date("follow_up_on"),
    outcome: referralOutcomeEnum("outcome").notNull().default("pending"),
    outcomeNote: text("outcome_note").notNull().default(""),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("referrals_org_follow_up").on(t.organizationId, t.followUpOn),
    index("referrals_participant").on(t.participantId),
  ],
);
