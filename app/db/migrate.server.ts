import { config } from "~/config.server";
import path from "node:path";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";

/** The committed migrations, relative to the checkout (this code also runs from the bundled server build). */
const MIGRATIONS_FOLDER = () => path.resolve(config().migrationsFolder ?? "drizzle");

/** Applies the committed drizzle migrations to the database at `url` (idempotent, one instance at a time). */
export async function migrateDatabase(url: string): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    // Instances starting together on an empty database: one migrates, the others wait and then
    // find nothing left to do (the lock is held by this one connection, which migrate() also uses).
    await sql`select pg_advisory_lock(hashtext('group-sessions:migrate'))`;
    await migrate(drizzle(sql), { migrationsFolder: MIGRATIONS_FOLDER() });
    await sql`select pg_advisory_unlock(hashtext('group-sessions:migrate'))`;
  } finally {
    await sql.end();
  }
}
