import { randomBytes } from "node:crypto";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { ConfigError, config, parseConfig } from "~/config.server";
import { closeDb, withAdvisoryLock } from "~/db/client.server";
import { EmbeddedPostgresError, startEmbeddedPostgres, type EmbeddedHandle } from "~/db/embedded.server";
import { migrateDatabase } from "~/db/migrate.server";
import { seedDemo } from "~/db/seed.server";
import { backgroundJobs } from "~/modules/notifications/jobs.server";
import { startWorker } from "~/modules/notifications/worker.server";
import { createApp, createHttpServer } from "~/web/server.server";

process.env.NODE_ENV ??= "production";

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

/** The newest modification time under the folders and files the Remix build is made from. */
function newestSource(paths: string[]): number {
  let newest = 0;
  const visit = (entry: string) => {
    let info;
    try {
      info = statSync(entry);
    } catch {
      return;
    }
    if (info.isDirectory()) {
      if (path.basename(entry) === "build" || path.basename(entry) === "node_modules") return;
      for (const name of readdirSync(entry)) visit(path.join(entry, name));
    } else newest = Math.max(newest, info.mtimeMs);
  };
  paths.forEach(visit);
  return newest;
}

/** `remix build` only when the sources changed since the last build: a warm start does no build. */
function buildIfStale(buildFile: string) {
  const built = existsSync(buildFile) ? statSync(buildFile).mtimeMs : 0;
  const sources = newestSource(["app", "emails", "public", "remix.config.js", "tsconfig.json", "package-lock.json"]);
  if (built > sources) return;
  console.log(built ? "Sources changed since the last build: building…" : "Building the app…");
  const result = spawnSync(path.resolve("node_modules/.bin/remix"), ["build"], { stdio: "inherit" });
  if (result.status !== 0) throw new StartError("The build failed (see above); nothing was started.");
}

async function main() {
  const started = Date.now();
  // Configuration is checked before anything starts: a bad value stops here with one line.
  const initial = parseConfig(process.env);
  if (process.argv.includes("--build")) buildIfStale(path.resolve(initial.remixBuild));
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
  const cfg = config();
  await migrateDatabase(cfg.databaseUrl!);
  if (cfg.seed) {
    const { created } = await withAdvisoryLock("group-sessions:seed", () => seedDemo());
    if (created) console.log("Seeded the demo organisation (see README for the demo accounts).");
  }
  const build = (await import(pathToFileURL(path.resolve(cfg.remixBuild)).href)) as ServerBuild;
  const app = createApp(build, cfg);
  const worker = cfg.worker ? startWorker({ jobs: backgroundJobs(), intervalMs: cfg.workerIntervalMs }) : null;
  if (worker) console.log(`Mail: ${worker.transport.describe}`);
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

main().catch((error) => {
  if (error instanceof ConfigError) {
    console.error(`Configuration error: ${error.message}`);
    process.exit(78);
  }
  if (error instanceof StartError || error instanceof EmbeddedPostgresError) {
    console.error(error.message);
    process.exit(1);
  }
  console.error(error);
  process.exit(1);
});
