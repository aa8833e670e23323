import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { ConfigError, config, parseConfig } from "~/config.server";
import { closeDb } from "~/db/client.server";
import { startEmbeddedPostgres, type EmbeddedHandle } from "~/db/embedded.server";
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

async function main() {
  const started = Date.now();
  // Configuration is checked before anything starts: a bad value stops here with one line.
  const initial = parseConfig(process.env);
  let embedded: EmbeddedHandle | null = null;
  if (!initial.databaseUrl) {
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
    const { created } = await seedDemo();
    if (created) console.log("Seeded the demo organisation (see README for the demo accounts).");
  }
  const build = (await import(pathToFileURL(path.resolve(cfg.remixBuild)).href)) as ServerBuild;
  const app = createApp(build, cfg);
  const worker = cfg.worker ? startWorker({ jobs: backgroundJobs(), intervalMs: cfg.workerIntervalMs }) : null;
  if (worker) console.log(`Mail: ${worker.transport.describe}`);
  const server = createHttpServer(app, cfg);
  server.listen(cfg.port, cfg.host, () => {
    console.log(`Group Sessions ready on ${cfg.appUrl} (listening on ${cfg.host}:${cfg.port}) in ${Date.now() - started} ms`);
  });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    server.close();
    server.closeIdleConnections();
    await worker?.stop();
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
  console.error(error);
  process.exit(1);
});
