import { config } from "~/config.server";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";

const MIGRATIONS_FOLDER = () => path.resolve(config().migrationsFolder ?? path.join(path.dirname(fileURLToPath(import.meta.url)), "../../drizzle"));

/** Applies the committed drizzle migrations to the database at `url` (idempotent). */
export async function migrateDatabase(url: string): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await migrate(drizzle(sql), { migrationsFolder: MIGRATIONS_FOLDER() });
  } finally {
    await sql.end();
  }
}
