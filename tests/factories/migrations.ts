import { randomBytes } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { inject } from "vitest";

/**
 * A database of its own, migrated up to (not including) the migration named `tag`, to test what
 * that migration does to rows written as they were before it: write them with `sql`, then
 * `migrateTheRest()` applies `tag` and every later migration. `close()` ends the client and removes
 * the copy of the migrations (call it in afterAll).
 */
export async function databaseBefore(tag: string) {
  const name = `before_${tag.slice(0, 4)}_${Date.now()}_${randomBytes(3).toString("hex")}`;
  const admin = postgres(`${inject("pgBase")}/postgres`, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const sql = postgres(`${inject("pgBase")}/${name}`, { max: 1, onnotice: () => {} });
  const real = path.resolve("drizzle");
  const folder = mkdtempSync(path.join(os.tmpdir(), "migrations-before-"));
  cpSync(real, folder, { recursive: true });
  const journal = JSON.parse(readFileSync(path.join(real, "meta/_journal.json"), "utf8")) as { entries: { tag: string }[] };
  const upto = journal.entries.findIndex((e) => e.tag === tag);
  if (upto < 0) throw new Error(`no migration ${tag} in drizzle/meta/_journal.json`);
  writeFileSync(path.join(folder, "meta/_journal.json"), JSON.stringify({ ...journal, entries: journal.entries.slice(0, upto) }));
  await migrate(drizzle(sql), { migrationsFolder: folder });
  return {
    sql,
    migrateTheRest: () => migrate(drizzle(sql), { migrationsFolder: real }),
    close: async () => {
      await sql.end();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
