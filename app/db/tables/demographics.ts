import { sql } from "drizzle-orm";
import { check, date, index, integer, json, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, orgRef, users } from "~/db/schema";

/**
 * Demographics and funder reports (issue 17, last part). Every answer is optional and every
 * question has "prefer not to say" (stored as the code 'prefer_not_to_say'); null = not answered.
 * Payer and Medicaid ID live in their own table so a participant's own pages cannot select them
 * by accident: staff-only. Every row carries organization_id.
 */
export const participantDemographics = pgTable(
  "participant_demographics",
  {
    id: id(),
    organizationId: orgRef(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** Date of birth, or (instead) an age band; never both. */
    birthDate: date("birth_date"),
    ageBand: text("age_band"),
    gender: text("gender"),
    /** Race and ethnicity: category keys of the organisation's list, or ['prefer_not_to_say'] alone. */
    raceEthnicity: text("race_ethnicity").array(),
    primaryLanguage: text("primary_language"),
    /** 5 digits or ZIP+4, or 'prefer_not_to_say'. */
    zipCode: text("zip_code"),
    veteranStatus: text("veteran_status"),
    updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("participant_demographics_person").on(t.organizationId, t.userId),
    check("participant_demographics_age_one", sql`${t.birthDate} is null or ${t.ageBand} is null`),
    check(
      "participant_demographics_age_band",
      sql`${t.ageBand} is null or ${t.ageBand} in ('under_18', '18_24', '25_34', '35_44', '45_54', '55_64', '65_plus', 'prefer_not_to_say')`,
    ),
    check(
      "participant_demographics_gender",
      sql`${t.gender} is null or ${t.gender} in ('woman', 'man', 'transgender_woman', 'transgender_man', 'non_binary', 'another', 'prefer_not_to_say')`,
    ),
    check(
      "participant_demographics_race",
      sql`${t.raceEthnicity} is null or (cardinality(${t.raceEthnicity}) between 1 and 20 and (not ('prefer_not_to_say' = any(${t.raceEthnicity})) or cardinality(${t.raceEthnicity}) = 1))`,
    ),
    check("participant_demographics_zip", sql`${t.zipCode} is null or ${t.zipCode} ~ '^[0-9]{5}(-[0-9]{4})?$' or ${t.zipCode} = 'prefer_not_to_say'`),
    check("participant_demographics_veteran", sql`${t.veteranStatus} is null or ${t.veteranStatus} in ('veteran', 'not_veteran', 'prefer_not_to_say')`),
    check("participant_demographics_language", sql`${t.primaryLanguage} is null or ${t.primaryLanguage} ~ '^[a-z_]{2,20}$'`),
  ],
);

/** Staff-only: how the person's services are paid for and their Medicaid ID. Never shown to the participant. */
export const participantCoverage = pgTable(
  "participant_coverage",
  {
    id: id(),
    organizationId: orgRef(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    payer: text("payer"),
    medicaidId: text("medicaid_id"),
    updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("participant_coverage_person").on(t.organizationId, t.userId),
    check(
      "participant_coverage_payer",
      sql`${t.payer} is null or ${t.payer} in ('medicaid', 'medicare', 'private', 'other_public', 'uninsured', 'other', 'prefer_not_to_say')`,
    ),
    check("participant_coverage_medicaid_id", sql`${t.medicaidId} is null or ${t.medicaidId} ~ '^[A-Z0-9]{4,20}$'`),
  ],
);

/**
 * The organisation's race and ethnicity categories. An organisation without rows uses the
 * default list (OMB SPD 15, 2024); the first edit on the admin page copies the defaults here.
 * Categories are retired, never deleted, so recorded answers keep their label.
 */
export const raceEthnicityCategories = pgTable(
  "race_ethnicity_categories",
  {
    id: id(),
    organizationId: orgRef(),
    key: text("key").notNull(),
    label: text("label").notNull(),
    position: integer("position").notNull(),
    retiredAt: timestamp("retired_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("race_ethnicity_categories_key").on(t.organizationId, t.key),
    check("race_ethnicity_categories_key_shape", sql`${t.key} ~ '^[a-z0-9_]{2,60}$' and ${t.key} <> 'prefer_not_to_say'`),
    check("race_ethnicity_categories_label", sql`length(${t.label}) between 1 and 100`),
  ],
);

/** A funder report a manager saved to run again: a name, a period rule and the programs. */
export const funderReportDefinitions = pgTable(
  "funder_report_definitions",
  {
    id: id(),
    organizationId: orgRef(),
    name: text("name").notNull(),
    /** A rule relative to the day it runs ('last_quarter', …) or 'fixed' with from/to. */
    periodRule: text("period_rule").notNull(),
    /** A fixed period's first and last day (both included), in the organisation's zone. */
    fixedFrom: date("fixed_from"),
    fixedTo: date("fixed_to"),
    /** Program ids; empty = every program of the organisation. */
    programIds: uuid("program_ids").array().notNull().default(sql`'{}'::uuid[]`),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("funder_report_definitions_name").on(t.organizationId, t.name),
    index("funder_report_definitions_org").on(t.organizationId),
    check(
      "funder_report_definitions_rule",
      sql`${t.periodRule} in ('last_month', 'last_quarter', 'last_year', 'year_to_date', 'last_12_months', 'fixed')`,
    ),
    check("funder_report_definitions_fixed", sql`(${t.periodRule} = 'fixed') = (${t.fixedFrom} is not null and ${t.fixedTo} is not null)`),
    check("funder_report_definitions_order", sql`${t.fixedFrom} is null or ${t.fixedFrom} <= ${t.fixedTo}`),
    check("funder_report_definitions_name_length", sql`length(${t.name}) between 1 and 100`),
  ],
);

/**
 * Funder reports as first produced (finding F2): a report covers a quarter or year that has
 * ended, and once shown it never changes — later attendance, answers or outcome scores recorded
 * for that period do not alter it (two versions of one report could be subtracted to single out
 * whoever the late change was about). The view of every program and of all programs for a period
 * is computed together (their figures are suppressed jointly) and stored here the first time any
 * of them is produced; the page, the CSV and the printout serve the stored view afterwards.
 * `scope` is 'all' or the program's id. Never invalidated.
 */
export const funderReportViews = pgTable(
  "funder_report_views",
  {
    organizationId: orgRef(),
    periodFrom: date("period_from").notNull(),
    periodTo: date("period_to").notNull(),
    scope: text("scope").notNull(),
    view: json("view").notNull(),
    frozenAt: timestamp("frozen_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.periodFrom, t.periodTo, t.scope] })],
);
