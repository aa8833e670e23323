import { afterAll, inject } from "vitest";
import { closeDb } from "../../app/db/client.server";
import { createTestDatabase } from "./databases";

// Each integration test file gets its own database cloned from the migrated template.
process.env.PASSWORD_HASH_COST = "test";
process.env.DATABASE_URL = await createTestDatabase(inject("pgBase"), inject("templateDb"));
process.env.DATABASE_POOL_SIZE = "20";

afterAll(async () => {
  await closeDb();
});
