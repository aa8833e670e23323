import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { ServerBuild } from "@remix-run/node";
import { ConfigError, config, parseConfig, settleConfig } from "~/config.server";
import { closeDb, isConnectionLoss, isDatabaseDown, withAdvisoryLock } from "~/db/client.server";
import { setDerivedCodeVersion } from "~/db/derived.server";
import { EmbeddedPostgresError, startEmbeddedPostgres, type EmbeddedHandle } from "~/db/embedded.server";
import { migrateDatabase } from "~/db/migrate.server";
import { seedDemo } from "~/demo/seed.server";
import { backgroundJobs } from "~/modules/notifications/jobs.server";
import { startWorker } from "~/modules/notifications/worker.server";
import { log } from "~/web/request-log.server";
import { createApp, createHttpServer } from "~/web/server.server";

function localSessionSecret(): string {
  const file = path.resolve(".data/session-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(32).toString("hex");
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/**
 * One `npm start` per checkout on the embedded database: a second one would stop the first one's
 * PostgreSQL. A pid file left by a killed run is ignored (its process is gone).
 */
function claimCheckout(file: string): () => void {
  mkdirSync(path.dirname(file), { recursive: true });
  if (existsSync(file)) {
    const pid = Number(readFileSync(file, "utf8").trim());
    let alive = false;
    try {
      if (pid > 0 && pid !== process.pid) alive = process.kill(pid, 0);
    } catch {
      alive = false;
    }
    if (alive) {
      throw new StartError(`Group Sessions is already running from this folder (pid ${pid}). Stop it first (Ctrl+C in its terminal, or kill ${pid}), or use your own PostgreSQL with DATABASE_URL to run several instances.`);
    }
  }
  writeFileSync(file, String(process.pid));
  return () => {
    try {
      if (readFileSync(file, "utf8").trim() === String(process.pid)) rmSync(file);
    } catch {
      // already gone
    }
  };
}

class StartError extends Error {}

/**
 * `npm start`: configuration checked, embedded PostgreSQL when DATABASE_URL is unset, migrations
 * and (when asked) the demo seed under advisory locks, then the HTTP server and the worker.
 * Runs inside the Remix server build (exported by entry.server.tsx), so production runs compiled
 * JavaScript and the domain code is loaded once; app/cli/start.mjs imports the build and calls it.
 */
/**
 * A lost database connection can surface as a rejection no code of ours can catch (see
 * isConnectionLoss): it is logged and the server goes on, answering 503 until the database is
 * back. Any other unhandled rejection is a fault: logged, then the process stops as Node would.
 */
function onUnhandledRejection(reason: unknown) {
  const error = reason instanceof Error ? reason.message : String(reason);
  if (isConnectionLoss(reason)) {
    log("error", "database.connection_lost", { code: (reason as { code: string }).code, error });
    return;
  }
  log("error", "unhandled_rejection", { error, stack: reason instanceof Error ? reason.stack : undefined });
  process.exit(1);
}

export async function startServer(build: ServerBuild): Promise<void> {
  process.on("unhandledRejection", onUnhandledRejection);
  try {
    await main(build);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Configuration error: ${error.message}`);
      process.exit(78);
    }
    if (error instanceof StartError || error instanceof EmbeddedPostgresError) {
      console.error(error.message);
      process.exit(1);
    }
    if (isDatabaseDown(error)) {
      const url = config().databaseUrl;
      console.error(`Cannot reach the database${url ? ` at ${new URL(url).host}` : ""} (${(error as { code?: string }).code ?? "no answer"}): check DATABASE_URL and that PostgreSQL is running.`);
      process.exit(1);
    }
    console.error(error);
    process.exit(1);
  }
}

async function main(build: ServerBuild) {
  const started = Date.now();
  // Configuration is checked before anything starts: a bad value stops here with one line.
  const initial = parseConfig(process.env);
  let embedded: EmbeddedHandle | null = null;
  let release = () => {};
  if (!initial.databaseUrl) {
    release = claimCheckout(path.resolve(path.dirname(path.resolve(initial.embeddedPgDir)), "app.pid"));
    process.on("exit", () => release());
    const port = initial.embeddedPgPort;
    console.log(`DATABASE_URL not set: starting embedded PostgreSQL on 127.0.0.1:${port} (data in ${initial.embeddedPgDir})`);
    embedded = await startEmbeddedPostgres({ dataDir: initial.embeddedPgDir, port, persistent: true });
    process.env.DATABASE_URL = embedded.url;
    process.env.DATABASE_EMBEDDED = "1";
    // Local demo: a random session secret kept beside the embedded data, so sign-ins survive restarts.
    if (!process.env.SESSION_SECRET) process.env.SESSION_SECRET = localSessionSecret();
  }
  // The environment is final now: configuration is no longer re-read on every use.
  const cfg = settleConfig();
  await migrateDatabase(cfg.databaseUrl!);
  if (cfg.seed) {
    const { created } = await withAdvisoryLock("group-sessions:seed", () => seedDemo());
    if (created) console.log("Seeded the demo organisation (see README for the demo accounts).");
  }
  // Stored derived results (derived_results) are keyed by this build too: a new build recomputes them.
  setDerivedCodeVersion(build.assets.version);
  const app = createApp(build, cfg);
  const worker = cfg.worker ? startWorker({ jobs: backgroundJobs(), intervalMs: cfg.workerIntervalMs }) : null;
  if (worker) console.log(`Mail: ${worker.transport.describe}; texts: ${worker.smsTransport.describe}`);
  const server = createHttpServer(app, cfg);
  server.once("error", (error: NodeJS.ErrnoException) => {
    const message =
      error.code === "EADDRINUSE"
        ? `Port ${cfg.port} on ${cfg.host} is already in use by another program: stop it, or set PORT to a free port.`
        : `Cannot listen on ${cfg.host}:${cfg.port}: ${error.message}`;
    console.error(message);
    void (async () => {
      await worker?.stop();
      await closeDb();
      await embedded?.stop();
      process.exit(1);
    })();
  });
  server.listen(cfg.port, cfg.host, () => {
    console.log(`Group Sessions ready on ${cfg.appUrl} (listening on ${cfg.host}:${cfg.port}) in ${Date.now() - started} ms`);
  });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    // Stop accepting; let requests in flight finish (at most 10 s); finish the job or message in progress.
    const drained = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const cut = setTimeout(() => server.closeAllConnections(), 10_000);
    await Promise.all([drained, worker?.stop()]);
    clearTimeout(cut);
    await closeDb();
    await embedded?.stop();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
