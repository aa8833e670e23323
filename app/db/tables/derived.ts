import { bigint, bigserial, index, json, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
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

/**
 * An organisation's data version: statement-level triggers (migration 0043) add a row for every
 * write to a table that the stored figures (evidence, metrics dashboard) read, so the sum of `n`
 * over an organisation grows with every committed write and is the version those figures are
 * stored under. Rows only ever add up: compacting an organisation's rows into one row with their
 * sum (compactDataVersions) keeps the version. A sum, not a max: a write that commits after a
 * later-numbered one still changes it. No foreign key: deleting an organisation's rows must be
 * able to record itself.
 */
export const orgDataChanges = pgTable(
  "org_data_changes",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    organizationId: uuid("organization_id").notNull(),
    n: bigint("n", { mode: "number" }).notNull().default(1),
  },
  (t) => [index("org_data_changes_org").on(t.organizationId, t.n)],
);
