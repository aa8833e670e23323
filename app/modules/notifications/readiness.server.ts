import { sql } from "drizzle-orm";
import journal from "../../../drizzle/meta/_journal.json";
import { databaseIsUp, db } from "~/db/client.server";

export type Check = { name: string; ok: boolean; detail?: string };

const HEARTBEAT_KEY = Symbol.for("group-sessions.worker-heartbeat");
type Heartbeat = { at: number; intervalMs: number };
const heartbeatStore = globalThis as unknown as { [HEARTBEAT_KEY]?: Heartbeat };

/** Called by this process's worker on every tick (shared across the start script and the Remix build). */
export function recordWorkerHeartbeat(at: Date, intervalMs: number) {
  heartbeatStore[HEARTBEAT_KEY] = { at: at.getTime(), intervalMs };
}

/**
 * Forgets this process's worker. For tests only: a test file that started and stopped a worker in
 * the test process calls it when done, so the files run after it in the same process (their
 * modules are shared) see an instance without a worker, as a fresh process would.
 */
export function forgetWorkerHeartbeat() {
  delete heartbeatStore[HEARTBEAT_KEY];
}

/** The worker counts as alive when it ticked within three intervals (at least 30 s: one slow tick is not death). */
export function workerIsFresh(heartbeat: Heartbeat | undefined, now: Date): boolean {
  if (!heartbeat) return false;
  return now.getTime() - heartbeat.at <= Math.max(3 * heartbeat.intervalMs, 30_000);
}

/** Readiness of this instance: database reachable, every committed migration applied, worker ticking. */
export async function readiness(now: Date): Promise<{ ready: boolean; checks: Check[] }> {
  const checks: Check[] = [];
  const up = await databaseIsUp();
  checks.push({ name: "database", ok: up, detail: up ? undefined : "not reachable within 1.5 s" });
  if (up) {
    const expected = journal.entries.length;
    try {
      const rows = await db.execute<{ n: number }>(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
      const applied = rows[0]?.n ?? 0;
      checks.push({ name: "migrations", ok: applied >= expected, detail: `${applied} of ${expected} applied` });
    } catch {
      checks.push({ name: "migrations", ok: false, detail: "migration table missing" });
    }
  }
  // Only an instance that started a worker (WORKER on, start script) answers for one.
  const heartbeat = heartbeatStore[HEARTBEAT_KEY];
  if (heartbeat) {
    checks.push({ name: "worker", ok: workerIsFresh(heartbeat, now), detail: `last tick ${Math.round((now.getTime() - heartbeat.at) / 1000)} s ago` });
  }
  return { ready: checks.every((c) => c.ok), checks };
}
