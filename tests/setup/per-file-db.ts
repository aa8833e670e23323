import { afterAll, beforeAll, inject, vi } from "vitest";
import { closeDb, rawSql } from "../../app/db/client.server";
import { createTestDatabase } from "./databases";

// Each integration test file gets its own database cloned from the migrated template. This file
// runs again before every test file, also when the files of a worker share their modules
// (isolate: false): the database client follows DATABASE_URL (app/db/client.server.ts holder()),
// and the previous file's pool was closed after it.
process.env.PASSWORD_HASH_COST = "test";
process.env.DATABASE_URL = await createTestDatabase(inject("pgBase"), inject("templateDb"));
process.env.DATABASE_POOL_SIZE = "20";

// The environment as the file found it. The next file in this worker runs in the same process, so
// a variable a file set (SMS_PROVIDER_URL, MAIL_VIEWER, WORKER…) and did not put back would change
// what the next file tests: such a file fails here, naming the variable.
const before = { ...process.env };

// The shared client really is on this file's database (not on the previous file's).
beforeAll(async () => {
  const want = new URL(process.env.DATABASE_URL!).pathname.slice(1);
  const [{ name }] = await rawSql()<{ name: string }[]>`select current_database() as name`;
  if (name !== want) throw new Error(`The database client is on ${name}, not on this file's database ${want}.`);
});

afterAll(async () => {
  await closeDb();
  // Vitest puts spies back between files, not the clock: a file that faked it must restore it.
  if (vi.isFakeTimers()) {
    vi.useRealTimers();
    throw new Error("This test file left fake timers on; the next file in this worker would run with them. Call vi.useRealTimers() in afterAll/afterEach.");
  }
  const changed = [...new Set([...Object.keys(before), ...Object.keys(process.env)])]
    .filter((name) => !name.startsWith("VITEST") && before[name] !== process.env[name])
    .sort();
  if (changed.length > 0) {
    throw new Error(`This test file changed ${changed.join(", ")} and did not put ${changed.length === 1 ? "it" : "them"} back; the next file in this worker would run with ${changed.length === 1 ? "that value" : "those values"}. Restore it in afterAll/afterEach or a finally block.`);
  }
});
