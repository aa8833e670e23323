import { createHash } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { Executor } from "~/db/client.server";
import { derivedResults, orgDataChanges } from "~/db/tables/derived";

const holder = globalThis as unknown as { [key: symbol]: string | undefined };
const VERSION = Symbol.for("group-sessions.derived-code-version");

/**
 * The version of the code that computes derived results: the server build's version, set once at
 * start (app/web/start.server.ts), so results computed by an older build are never served by a
 * newer one (their hashes differ). "source" when running from source (tests, scripts).
 */
export function setDerivedCodeVersion(version: string) {
  holder[VERSION] = version;
}

export function inputHash(inputs: unknown): string {
  return createHash("sha256")
    .update(holder[VERSION] ?? "source")
    .update("\0")
    .update(JSON.stringify(inputs))
    .digest("hex");
}

/**
 * `compute()`'s result for `inputs`, stored in derived_results under (organisation, kind, subject)
 * with the hash of the inputs: served from there while the inputs hash the same, recomputed and
 * replaced when any input changed. `inputs` must hold everything `compute` reads (it is the cache
 * key); the result must survive JSON (it is what every later reader gets).
 */
export async function derived<T>(
  exec: Executor,
  key: DerivedKey,
  inputs: unknown,
  compute: () => T,
): Promise<T> {
  const hash = inputHash(inputs);
  const hit = await storedResult(exec, key, hash);
  if (hit) return hit.result as T;
  return JSON.parse(await storeResult(exec, key, hash, compute())) as T;
}

type DerivedKey = { organizationId: string; kind: string; subject: string };

/** The row stored under `key` for inputs hashing to `hash`, if any. */
async function storedResult(exec: Executor, key: DerivedKey, hash: string): Promise<{ result: unknown } | undefined> {
  const [hit] = await exec
    .select({ result: derivedResults.result })
    .from(derivedResults)
    .where(
      and(
        eq(derivedResults.organizationId, key.organizationId),
        eq(derivedResults.kind, key.kind),
        eq(derivedResults.subject, key.subject),
        eq(derivedResults.inputHash, hash),
      ),
    );
  return hit;
}

/** Stores `value` (as JSON) under `key` for inputs hashing to `hash`, replacing what was there; returns the JSON text. */
async function storeResult(exec: Executor, key: DerivedKey, hash: string, value: unknown): Promise<string> {
  const text = JSON.stringify(value);
  await exec
    .insert(derivedResults)
    .values({ ...key, inputHash: hash, result: sql`${text}::json` })
    .onConflictDoUpdate({
      target: [derivedResults.organizationId, derivedResults.kind, derivedResults.subject],
      set: { inputHash: hash, result: sql`${text}::json`, computedAt: sql`now()` },
    });
  return text;
}

/**
 * The organisation's data version: the sum of org_data_changes.n, which grows with every committed
 * write to a table the stored figures read (the triggers of migration 0043) and which compacting
 * keeps. Read it BEFORE computing what is stored under it: a write that commits in between then
 * changes the next reader's version, so a figure is never served under a version older than what
 * it was computed from.
 */
export async function dataVersion(exec: Executor, organizationId: string): Promise<string> {
  const [row] = await exec.execute<{ version: string }>(
    sql`select coalesce(sum(n), 0)::text as version from ${orgDataChanges} where ${orgDataChanges.organizationId} = ${organizationId}`,
  );
  return row.version;
}

/**
 * Folds each organisation's data-change rows into one row holding their sum (so the version is
 * unchanged and reading it stays one short index range). Only organisations with more than one
 * row are touched; run by the worker every tick.
 */
export async function compactDataVersions(exec: Executor) {
  const [row] = await exec.execute<{ folded: number }>(sql`
    with many as (select organization_id from org_data_changes group by organization_id having count(*) > 1),
    gone as (delete from org_data_changes c using many where c.organization_id = many.organization_id returning c.organization_id, c.n),
    kept as (insert into org_data_changes (organization_id, n) select organization_id, sum(n) from gone group by organization_id returning 1)
    select (select count(*) from gone)::int as folded`);
  return { folded: row?.folded ?? 0 };
}

type Stored<T> = { value: T; validUntil: string | null };

/**
 * Like `derived`, for results that cost queries rather than CPU: `inputs` is a cheap key (the
 * organisation's dataVersion, the view's parameters), and `compute` returns the value with the
 * instant until which it holds with no write at all (`validUntil`, e.g. the next session start a
 * figure counts from; null: until a write). Served from derived_results while the key hashes the
 * same and `now` is before `validUntil`; otherwise computed and stored.
 */
export async function derivedUntil<T>(
  exec: Executor,
  key: DerivedKey,
  inputs: unknown,
  now: Date,
  compute: () => Promise<{ value: T; validUntil: Date | null }>,
): Promise<T> {
  const hash = inputHash(inputs);
  const stored = (await storedResult(exec, key, hash))?.result as Stored<T> | undefined;
  if (stored && (stored.validUntil === null || now.getTime() < new Date(stored.validUntil).getTime())) return stored.value;
  const { value, validUntil } = await compute();
  const text = await storeResult(exec, key, hash, { value, validUntil: validUntil ? validUntil.toISOString() : null } satisfies Stored<T>);
  return (JSON.parse(text) as Stored<T>).value;
}
