import { json, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { orgRef } from "~/db/schema";

/**
 * Results derived from other rows that are expensive to compute (a scheduling round's heatmap and
 * suggested cohorts), kept with the hash of exactly the inputs they were computed from. A reader
 * recomputes the hash from the current rows: equal, the stored result is served; different (a
 * write changed an input), it is recomputed and replaced. In the database, not in a process, so
 * every instance shares it, and a write anywhere makes every instance recompute.
 * Nothing personal to one viewer is stored: only what the same inputs give anyone allowed to see them.
 * `json`, not `jsonb`: the result reads back exactly as written (key order included).
 */
export const derivedResults = pgTable(
  "derived_results",
  {
    organizationId: orgRef(),
    /** What was derived, e.g. "round-suggestion". */
    kind: text("kind").notNull(),
    /** Of what, e.g. the round's id. */
    subject: text("subject").notNull(),
    /** SHA-256 of the inputs (and the code's version) the result was computed from. */
    inputHash: text("input_hash").notNull(),
    result: json("result").notNull(),
    computedAt: timestamp("computed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.kind, t.subject] })],
);
