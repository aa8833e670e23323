import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { authSessions } from "~/db/schema";
import * as keepalive from "~/routes/keepalive";
import { callRoute } from "../../factories/requests";
import { createOrgScenario } from "../../factories/scenario";

describe("/keepalive (a page asking whether its session is still open)", () => {
  it("answers signed in and counts as activity, or signed out once the staff session has ended — never a redirect", async () => {
    const s = await createOrgScenario();
    const idle = (minutes: number) => db.update(authSessions).set({ lastSeenAt: new Date(Date.now() - minutes * 60_000) }).where(eq(authSessions.userId, s.facilitator.id));
    const ask = (cookie?: string) => callRoute(keepalive, { path: "/keepalive", cookie });

    await idle(20);
    expect(await ask(s.facilitator.cookie)).toMatchObject({ status: 200, data: { signedIn: true } });
    const [{ lastSeenAt }] = await db.select({ lastSeenAt: authSessions.lastSeenAt }).from(authSessions).where(eq(authSessions.userId, s.facilitator.id));
    expect(Date.now() - lastSeenAt.getTime()).toBeLessThan(60_000);

    await idle(31);
    expect(await ask(s.facilitator.cookie)).toMatchObject({ status: 200, data: { signedIn: false } });
    expect(await ask()).toMatchObject({ status: 200, data: { signedIn: false } });
  });
});
