import { createHash } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { Executor } from "~/db/client.server";
import { derivedResults } from "~/db/tables/derived";

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
  key: { organizationId: string; kind: string; subject: string },
  inputs: unknown,
  compute: () => T,
): Promise<T> {
  const hash = inputHash(inputs);
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
  if (hit) return hit.result as T;
  const text = JSON.stringify(compute());
  await exec
    .insert(derivedResults)
    .values({ ...key, inputHash: hash, result: sql`${text}::json` })
    .onConflictDoUpdate({
      target: [derivedResults.organizationId, derivedResults.kind, derivedResults.subject],
      set: { inputHash: hash, result: sql`${text}::json`, computedAt: sql`now()` },
    });
  return JSON.parse(text) as T;
}
