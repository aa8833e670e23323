import { index, json, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { orgRef } from "~/db/schema";

/**
 * Forms already acted on, so that the same form sent twice acts once (a double tap on a slow phone
 * with JavaScript off sends two identical POSTs; the browser shows only the second answer). A form
 * that creates a record carries a random one-time token (rendered with the page); the mutation
 * inserts (token, fields) here in the transaction that makes the change. A second identical POST —
 * at the same time or later — finds the row (the primary key makes the parallel one wait for the
 * first to commit) and answers with the first one's outcome instead of changing anything. The
 * same token with different fields (the page sent again with other text) is a new submission.
 * Nothing about a person: no user, no time finer than the row's own (pruned after two days).
 */
export const sentForms = pgTable(
  "sent_forms",
  {
    organizationId: orgRef(),
    /** The form's one-time token, as rendered in the page. */
    token: text("token").notNull(),
    /** SHA-256 of the form's fields (the token left out). */
    fieldsHash: text("fields_hash").notNull(),
    /** Which form, e.g. "walk-in", "concern". */
    form: text("form").notNull(),
    /** What the first submission answered with (no personal data: ids and links only). */
    outcome: json("outcome").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.token, t.fieldsHash] }), index("sent_forms_created").on(t.createdAt)],
);
