import { sql } from "drizzle-orm";
import { check, index, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { id, orgRef, users } from "~/db/schema";

/**
 * The organisation's own texts in other languages (issue 18). The text on the record itself
 * (organizations.crisis_text, groups.description, feedback_questions.prompt, rules' text) is the
 * organisation's default; a row here gives the same text in one more language, and a reader whose
 * language has none reads the default. `subject_id` names the group, question or rule (null for
 * the organisation's own texts, such as its crisis steps).
 */
export const TRANSLATED_TEXT_KINDS = ["crisis_text", "group_description", "feedback_question", "group_rule"] as const;
export type TranslatedTextKind = (typeof TRANSLATED_TEXT_KINDS)[number];

export const translatedTexts = pgTable(
  "translated_texts",
  {
    id: id(),
    organizationId: orgRef(),
    kind: text("kind", { enum: TRANSLATED_TEXT_KINDS }).notNull(),
    subjectId: uuid("subject_id"),
    /** A language code ("es"): any language the catalogs ship, so adding one needs no migration. */
    language: text("language").notNull(),
    text: text("text").notNull(),
    updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("translated_texts_one_per_language").on(t.organizationId, t.kind, t.subjectId, t.language).nullsNotDistinct(),
    index("translated_texts_subject").on(t.subjectId),
    check("translated_texts_kind", sql`${t.kind} in ('crisis_text', 'group_description', 'feedback_question', 'group_rule')`),
    check("translated_texts_language", sql`${t.language} ~ '^[a-z]{2}$'`),
  ],
);
