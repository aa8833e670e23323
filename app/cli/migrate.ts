import { config } from "~/config.server";
import { migrateDatabase } from "~/db/migrate.server";

const url = config().databaseUrl;
if (!url) {
  console.error("Set DATABASE_URL to the PostgreSQL server to migrate (npm start migrates the embedded one itself).");
  process.exit(2);
}
await migrateDatabase(url);
console.log("Migrations applied.");
