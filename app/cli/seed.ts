import { config } from "~/config.server";
import { closeDb, withAdvisoryLock } from "~/db/client.server";
import { seedDemo } from "~/demo/seed.server";

if (!config().databaseUrl) {
  console.error("Set DATABASE_URL (npm start seeds the embedded database itself).");
  process.exit(2);
}
const { created } = await withAdvisoryLock("group-sessions:seed", () => seedDemo());
console.log(created ? "Demo organisation seeded." : "Demo organisation already present; nothing changed.");
await closeDb();
