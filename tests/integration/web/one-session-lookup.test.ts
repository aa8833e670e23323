import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { authSessions } from "~/db/schema";
import { getUser } from "~/modules/auth/session.server";
import { createOrgScenario, type Scenario } from "../../factories/scenario";

/**
 * The root loader and the page's loader both ask who is signed in: one request reads the session
 * once (issue 20), and never hands its answer to another request.
 */
let s: Scenario;
beforeAll(async () => {
  s = await createOrgScenario();
});

const request = (cookie?: string) => new Request("http://localhost/home", { headers: cookie ? { cookie } : {} });

describe("the signed-in user of a request", () => {
  it("is read once per request: a second ask of the same request gets the same answer without a new read", async () => {
    const req = request(s.manager.cookie);
    const first = await getUser(req);
    expect(first?.id).toBe(s.manager.id);
    // The session is ended meanwhile: this request already knows its user; a new request does not.
    const hashes = await db.select({ idHash: authSessions.idHash }).from(authSessions).where(eq(authSessions.userId, s.manager.id));
    expect(hashes.map((h) => h.idHash)).toContain(first!.sessionIdHash);
    await db.delete(authSessions).where(eq(authSessions.idHash, first!.sessionIdHash));
    expect(await getUser(req)).toBe(first);
    expect(await getUser(request(s.manager.cookie))).toBeNull();
  });

  it("is never shared between requests, even of the same person", async () => {
    const [one, two] = [request(s.facilitator.cookie), request(s.participant.cookie)];
    const [u1, u2] = await Promise.all([getUser(one), getUser(two)]);
    expect(u1?.id).toBe(s.facilitator.id);
    expect(u2?.id).toBe(s.participant.id);
    const again = await getUser(request(s.facilitator.cookie));
    expect(again).not.toBe(u1);
    expect(again?.id).toBe(s.facilitator.id);
    expect(await getUser(request())).toBeNull();
  });
});
