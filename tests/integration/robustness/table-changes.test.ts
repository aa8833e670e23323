import { describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { db } from "~/db/client.server";
import { authSessions, organizations, rateLimitEvents } from "~/db/schema";
import { watchTableChanges } from "../../factories/table-changes";
import { createOrgScenario } from "../../factories/scenario";

/** The change detector behind the bad-input tests' "a refusal changes nothing" (bad-input-battery.ts): it must see every real change, and only those. */
describe("the table-change detector", () => {
  it("sees a changed value, an added and a removed row; not a write that changed nothing, an excluded table or an ignored column", async () => {
    const s = await createOrgScenario();
    const watch = await watchTableChanges({ rate_limit_events: "counts every attempt" }, { auth_sessions: { columns: ["last_seen_at"], why: "refreshed by any request" } });
    expect(await watch.changes()).toEqual([]);

    // A renamed organisation: its row changed in place, and its data version grew by a row (a
    // trigger on every update of organizations adds one to org_data_changes, issue 20).
    await db.update(organizations).set({ name: "Renamed" }).where(eq(organizations.id, s.org.id));
    const renamed = await watch.changes();
    expect(renamed.map((c) => c.table).sort()).toEqual(["org_data_changes", "organizations"]);
    const org = renamed.find((c) => c.table === "organizations")!;
    expect(org.before?.rows).toBe(org.after.rows);
    expect(org.before?.checksum).not.toBe(org.after.checksum);
    const version = renamed.find((c) => c.table === "org_data_changes")!;
    expect(version.after.rows).toBe(version.before!.rows + 1);

    // Written, but to the same value (a person's name, whose trigger writes only when it differs),
    // and an update that matched nothing: no change.
    await db.execute(sql`update users set name = name where id = ${s.participant.id}`);
    await db.update(organizations).set({ name: "x" }).where(sql`false`);
    expect(await watch.changes()).toEqual([]);

    await db.insert(rateLimitEvents).values({ key: "test", at: new Date() });
    await db.update(authSessions).set({ lastSeenAt: new Date(Date.now() + 60_000) });
    expect(await watch.changes()).toEqual([]);
    await db.update(authSessions).set({ expiresAt: new Date(Date.now() + 86_400_000) });
    expect((await watch.changes()).map((c) => c.table)).toEqual(["auth_sessions"]);

    const sessionsBefore = (await db.select().from(authSessions)).length;
    await db.delete(authSessions).where(eq(authSessions.userId, s.participant.id));
    expect(await watch.changes()).toMatchObject([{ table: "auth_sessions", before: { rows: sessionsBefore }, after: { rows: sessionsBefore - 1 } }]);
  });
});
