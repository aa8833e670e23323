import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { authSessions } from "~/db/schema";
import { getUser } from "~/modules/auth/session.server";
import { REQUEST_ID_HEADER, takeRequestUser } from "~/modules/auth/request-user.server";
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

  /** What Remix does before each loader and action: a new Request built from the incoming one. */
  const copy = (req: Request) => new Request(new URL(req.url).href, { method: req.method, headers: req.headers, signal: req.signal });
  const incoming = (cookie: string, id: string, method = "GET") =>
    new Request("http://localhost/home", { method, headers: { cookie, [REQUEST_ID_HEADER]: id } });

  it("is read once for all the loaders of one page, although Remix gives each loader its own copy of the request", async () => {
    const own = await createOrgScenario();
    const req = incoming(own.manager.cookie, "request-1");
    const rootLoaders = copy(req);
    const pageLoaders = copy(req);
    const first = await getUser(rootLoaders);
    expect(first?.id).toBe(own.manager.id);
    // The session ends meanwhile: the page's loader of the same request still gets the one answer
    // (no second read), and the next request reads again.
    await db.delete(authSessions).where(eq(authSessions.idHash, first!.sessionIdHash));
    expect(await getUser(pageLoaders)).toBe(first);
    expect(await getUser(copy(incoming(own.manager.cookie, "request-2")))).toBeNull();
    // When the request has ended, its id no longer finds the answer.
    takeRequestUser("request-1");
    expect(await getUser(copy(req))).toBeNull();
  });

  it("is not shared between an action and the loaders after it (a POST may change who is signed in)", async () => {
    const own = await createOrgScenario();
    const req = incoming(own.facilitator.cookie, "request-3", "POST");
    const action = await getUser(copy(req));
    expect(action?.id).toBe(own.facilitator.id);
    await db.delete(authSessions).where(eq(authSessions.idHash, action!.sessionIdHash));
    expect(await getUser(copy(req))).toBeNull();
  });

  it("is never shared between two requests with different ids, even with the same cookie", async () => {
    const own = await createOrgScenario();
    const one = await getUser(copy(incoming(own.participant.cookie, "request-4")));
    const two = await getUser(copy(incoming(own.participant.cookie, "request-5")));
    expect(one?.id).toBe(own.participant.id);
    expect(two).not.toBe(one);
    expect(two?.id).toBe(own.participant.id);
  });
});
