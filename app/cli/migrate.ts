import { config } from "~/config.server";
import { migrateDatabase } from "~/db/migrate.server";

// The release step: `npm run migrate` against DATABASE_URL (several instances may start at once;
// migrations take an advisory lock either way).
const url = config().databaseUrl;
if (!url) {
  console.error("Set DATABASE_URL to the PostgreSQL server to migrate (npm start migrates the embedded one itself).");
  process.exit(2);
}
try {
  await migrateDatabase(url);
  console.log("Migrations applied.");
} catch (error) {
  const where = new URL(url).host;
  const code = (error as { code?: string }).code;
  console.error(`Migrations not applied: ${code ? `${code} — ` : ""}${(error as Error).message} (database at ${where}).`);
  process.exit(1);
}
