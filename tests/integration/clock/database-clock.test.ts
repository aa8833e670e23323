import { describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { db } from "~/db/client.server";

/**
 * Under a fake clock (tests/clock/run.sh, libfaketime) the app and PostgreSQL must read the same
 * time, or a test would compare the app's "now" with a database "now" from another day.
 */
describe("the database clock", () => {
  it("agrees with the app's clock to within a few seconds", async () => {
    const [{ now }] = (await db.execute(sql`select extract(epoch from clock_timestamp())::float8 * 1000 as now`)) as unknown as { now: number }[];
    expect(Math.abs(Number(now) - Date.now())).toBeLessThan(5_000);
  });
});
