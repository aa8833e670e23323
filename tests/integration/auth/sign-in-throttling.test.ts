import { afterAll, describe, expect, it } from "vitest";
import { hash as bcryptHash } from "@node-rs/bcrypt";
import { eq, sql } from "drizzle-orm";
import { db } from "~/db/client.server";
import { loginAttempts, users } from "~/db/schema";
import { signIn } from "~/modules/auth/mutations.server";
import * as login from "~/routes/login";
import { FORM, form, rawRequest } from "../../factories/http";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, PASSWORD } from "../../factories/scenario";
import { startAppServer, type AppServer } from "../../setup/app-server";

const attemptsFor = async (email: string) =>
  (await db.select({ n: sql<number>`count(*)::int` }).from(loginAttempts).where(eq(loginAttempts.email, email)))[0].n;

const deviceCookieFrom = (headers: Headers | undefined) =>
  (headers?.getSetCookie() ?? []).find((c) => c.startsWith("gs_device="))?.split(";")[0] ?? "";

describe("sign-in throttling counted atomically in PostgreSQL", () => {
  it("gives 30 parallel wrong passwords exactly 5 verifications", async () => {
    const s = await createOrgScenario();
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => signIn({ email: s.facilitator.email, password: `wrong-guess-${i}`, ip: "198.51.100.7" })),
    );
    expect(results.filter((r) => !r.ok && r.reason === "invalid")).toHaveLength(5);
    expect(results.filter((r) => !r.ok && r.reason === "throttled")).toHaveLength(25);
    // Each verification is recorded before the hash is checked: exactly 5 rows.
    expect(await attemptsFor(s.facilitator.email)).toBe(5);
    const refused = results.find((r) => !r.ok && r.reason === "throttled");
    expect(refused && "message" in refused ? refused.message : "").toMatch(/^Too many attempts from this device; wait 15 minutes or reset your password\.$/);
  });

  it("keeps the owner's browser (device cookie) able to sign in while other addresses attack the account", async () => {
    const s = await createOrgScenario();
    // The owner signed in from this browser before: it holds a device cookie.
    const first = await callRoute(login, { path: "/login", form: { email: s.participant.email, password: PASSWORD } });
    expect(first.status).toBe(302);
    const device = deviceCookieFrom(first.headers);
    expect(device).toMatch(/^gs_device=/);
    expect(first.headers!.getSetCookie().find((c) => c.startsWith("gs_device="))).toMatch(/HttpOnly.*SameSite=Lax|SameSite=Lax.*HttpOnly/);

    // Attackers on many addresses: after 5 failures the account slows down for everyone else.
    for (let i = 0; i < 8; i++) await signIn({ email: s.participant.email, password: `guess-${i}-xxxxxxx`, ip: `203.0.113.${i + 1}` });
    expect(await attemptsFor(s.participant.email)).toBe(1 + 5); // the owner's success, then 5 failures; the rest refused

    // A browser without the cookie (the attacker's, or anyone's) is told to wait.
    const stranger = await callRoute(login, { path: "/login", form: { email: s.participant.email, password: PASSWORD } });
    expect(stranger.status).toBe(429);
    expect((stranger.data as { formError: string }).formError).toMatch(/^Too many failed attempts on this account; try again in \d+ seconds?, or reset your password\.$/);
    expect(stranger.headers!.get("retry-after")).toMatch(/^\d+$/);

    // The owner's browser goes straight in.
    const owner = await callRoute(login, { path: "/login", cookie: device, form: { email: s.participant.email, password: PASSWORD } });
    expect(owner.status).toBe(302);
    expect(owner.location).toBe("/home");
  });

  it("does not let a device cookie of one account help on another, nor a forged one", async () => {
    const s = await createOrgScenario();
    const mine = await callRoute(login, { path: "/login", form: { email: s.manager.email, password: PASSWORD } });
    const device = deviceCookieFrom(mine.headers);
    for (let i = 0; i < 6; i++) await signIn({ email: s.admin.email, password: `guess-${i}-xxxxxxx`, ip: `203.0.113.${i + 1}` });
    const other = await callRoute(login, { path: "/login", cookie: device, form: { email: s.admin.email, password: PASSWORD } });
    expect(other.status).toBe(429);
    const forged = `gs_device=${Buffer.from(JSON.stringify(["not-a-real-tag"])).toString("base64")}`;
    expect((await callRoute(login, { path: "/login", cookie: forged, form: { email: s.admin.email, password: PASSWORD } })).status).toBe(429);
  });

  it("does not block an office address because one person keeps getting their own password wrong", async () => {
    const s = await createOrgScenario();
    const office = "192.0.2.10";
    for (let i = 0; i < 25; i++) await signIn({ email: s.facilitator.email, password: `typo-${i}-xxxxxxx`, ip: office });
    expect(await attemptsFor(s.facilitator.email)).toBe(5);
    // A bad morning: three more colleagues mistype theirs 5 times each (20 failures from the address).
    for (const person of [s.manager, s.otherFacilitator, s.otherParticipant]) {
      for (let i = 0; i < 5; i++) await signIn({ email: person.email, password: `typo-${i}-xxxxxxx`, ip: office });
    }
    // Colleagues behind the same NAT address sign in normally.
    for (const colleague of [s.admin, s.participant]) {
      expect((await signIn({ email: colleague.email, password: PASSWORD, ip: office })).ok).toBe(true);
    }
  });

  it("stops an address that fails on 20 different accounts (credential stuffing)", async () => {
    const s = await createOrgScenario();
    const bot = "198.51.100.66";
    for (let i = 0; i < 20; i++) {
      const r = await signIn({ email: `victim-${i}@stuffing.example`, password: "leaked-password-1", ip: bot });
      expect(r.ok ? "ok" : r.reason).toBe("invalid");
    }
    const blocked = await signIn({ email: s.participant.email, password: PASSWORD, ip: bot });
    expect(blocked.ok ? "ok" : blocked.reason).toBe("throttled");
    expect((await signIn({ email: s.participant.email, password: PASSWORD, ip: "198.51.100.67" })).ok).toBe(true);
  });

  it("lets the pair try again after 15 minutes and resets the account delay after a success", async () => {
    const s = await createOrgScenario();
    const t0 = new Date("2027-03-01T10:00:00Z");
    const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
    for (let i = 0; i < 5; i++) await signIn({ email: s.manager.email, password: "wrong-password-x", ip: "10.1.1.1", now: at(0) });
    expect((await signIn({ email: s.manager.email, password: PASSWORD, ip: "10.1.1.1", now: at(14) })).ok).toBe(false);
    expect((await signIn({ email: s.manager.email, password: PASSWORD, ip: "10.1.1.1", now: at(16) })).ok).toBe(true);
  });
});

describe("legacy bcrypt hashes", () => {
  it("signs in with a bcrypt hash from the old code and replaces it with argon2id", async () => {
    const s = await createOrgScenario();
    const legacy = (await bcryptHash(PASSWORD, 4)).replace(/^\$2b\$/, "$2a$"); // bcryptjs wrote $2a$
    await db.update(users).set({ passwordHash: legacy }).where(eq(users.id, s.participant.id));
    expect((await signIn({ email: s.participant.email, password: "not-the-password", ip: "10.2.2.2" })).ok).toBe(false);
    const [unchanged] = await db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, s.participant.id));
    expect(unchanged.hash).toBe(legacy);
    expect((await signIn({ email: s.participant.email, password: PASSWORD, ip: "10.2.2.2" })).ok).toBe(true);
    const [after] = await db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, s.participant.id));
    expect(after.hash).toMatch(/^\$argon2id\$/);
    expect((await signIn({ email: s.participant.email, password: PASSWORD, ip: "10.2.2.2" })).ok).toBe(true);
  });
});

describe("sign-in throttling over HTTP", () => {
  let app: AppServer | undefined;
  afterAll(async () => {
    await app?.stop();
  });

  it("gives 30 parallel wrong passwords posted to /login exactly 5 verifications", async () => {
    app = await startAppServer();
    const s = await createOrgScenario();
    const responses = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        rawRequest(app!.baseUrl, {
          path: "/login",
          body: form({ email: s.admin.email, password: `wrong-guess-${i}` }),
          headers: { "content-type": FORM, origin: app!.baseUrl },
        }),
      ),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses.filter((c) => c === 400)).toHaveLength(5);
    expect(statuses.filter((c) => c === 429)).toHaveLength(25);
    expect(await attemptsFor(s.admin.email)).toBe(5);
    expect(responses.find((r) => r.status === 429)?.body).toContain("Too many attempts from this device");
  });
});
