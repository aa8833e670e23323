import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { closeDb } from "~/db/client.server";
import { startEmbeddedPostgres, type EmbeddedHandle } from "~/db/embedded.server";
import { migrateDatabase } from "~/db/migrate.server";
import { seedDemo } from "~/db/seed.server";
import { backgroundJobs } from "~/modules/notifications/jobs.server";
import { startWorker } from "~/modules/notifications/worker.server";
import { createApp } from "~/web/server.server";

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
  let embedded: EmbeddedHandle | null = null;
  if (!process.env.DATABASE_URL) {
    const port = Number(process.env.EMBEDDED_PG_PORT ?? 54329);
    console.log(`DATABASE_URL not set: starting embedded PostgreSQL on 127.0.0.1:${port} (data in .data/postgres)`);
    embedded = await startEmbeddedPostgres({ dataDir: process.env.EMBEDDED_PG_DIR ?? ".data/postgres", port, persistent: true });
    process.env.DATABASE_URL = embedded.url;
    // Local demo: a random session secret kept beside the embedded data, so sign-ins survive restarts.
    if (!process.env.SESSION_SECRET) process.env.SESSION_SECRET = localSessionSecret();
  }
  await migrateDatabase(process.env.DATABASE_URL!);
  if (process.env.SEED !== "0") {
    const { created } = await seedDemo();
    if (created) console.log("Seeded the demo organisation (see README for the demo accounts).");
  }
  const buildPath = path.resolve(process.env.REMIX_BUILD ?? "build/index.js");
  const build = (await import(pathToFileURL(buildPath).href)) as ServerBuild;
  const app = createApp(build, { trustProxy: process.env.TRUST_PROXY === "1" });
  const worker = process.env.WORKER === "0" ? null : startWorker({ jobs: backgroundJobs(), intervalMs: Number(process.env.WORKER_INTERVAL_MS ?? 5000) });
  if (worker) console.log(`Mail: ${worker.transport.describe}`);
  const port = Number(process.env.PORT ?? 3000);
  const host = process.env.HOST ?? "0.0.0.0";
  const server = app.listen(port, host, () => {
    console.log(`Group Sessions ready on http://${host === "0.0.0.0" ? "localhost" : host}:${port} in ${Date.now() - started} ms`);
  });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    server.close();
    await worker?.stop();
    await closeDb();
    await embedded?.stop();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
