import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { db } from "~/db/client.server";
import { loginAttempts } from "~/db/schema";
import { FORM, form, rawRequest } from "../../factories/http";
import { createOrgScenario, type Scenario } from "../../factories/scenario";
import { startAppServer, startExpectingRefusal, type AppServer } from "../../setup/app-server";

describe("the start script refuses a bad configuration with one clear line", () => {
  const cases: [string, Record<string, string | undefined>, RegExp][] = [
    ["no APP_URL in production with DATABASE_URL", { APP_URL: undefined }, /APP_URL must be set/],
    ["no SESSION_SECRET in production with DATABASE_URL", { SESSION_SECRET: undefined }, /SESSION_SECRET must be set/],
    ["a worker interval that is not a number", { WORKER_INTERVAL_MS: "abc" }, /WORKER_INTERVAL_MS must be a whole number/],
    ["a malformed SMTP_URL", { SMTP_URL: "mail.example.org" }, /SMTP_URL must look like smtp:\/\//],
    ["TRUST_PROXY=true", { TRUST_PROXY: "true" }, /TRUST_PROXY must be a number of proxy hops/],
    ["an SMS provider without its token and number", { SMS_PROVIDER_URL: "https://api.twilio.com", SMS_ACCOUNT_SID: `AC${"0".repeat(32)}` }, /SMS_AUTH_TOKEN, SMS_FROM must be set too/],
    ["a malformed SMS_FROM", { SMS_FROM: "555-1234" }, /SMS_FROM must be the sending number in international form/],
  ];
  it("stops with one line naming an unreachable database", async () => {
    const { code, output } = await startExpectingRefusal({ DATABASE_URL: "postgres://nobody:x@127.0.0.1:1/none" });
    expect(code).toBe(1);
    const lines = output.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Cannot reach the database at 127\.0\.0\.1:1 \(ECONNREFUSED\)/);
  });

  for (const [name, env, message] of cases) {
    it(`stops on ${name}`, async () => {
      const { code, output } = await startExpectingRefusal(env);
      expect(code).toBe(78);
      const lines = output.trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^Configuration error: /);
      expect(lines[0]).toMatch(message);
    });
  }
});

describe("behind a trusted proxy (TRUST_PROXY=1)", () => {
  let app: AppServer;
  let s: Scenario;
  beforeAll(async () => {
    app = await startAppServer({ env: { TRUST_PROXY: "1" } });
    s = await createOrgScenario();
  });
  afterAll(async () => {
    await app?.stop();
  });

  it("counts sign-in attempts against the address the proxy saw, not a spoofed X-Forwarded-For entry", async () => {
    for (let i = 0; i < 3; i++) {
      const res = await rawRequest(app.baseUrl, {
        path: "/login",
        body: form({ email: s.participant.email, password: "not-the-password" }),
        // The client wrote the first entry itself; the proxy appended the address it saw.
        headers: { "content-type": FORM, origin: app.baseUrl, "x-forwarded-for": `6.6.6.${i}, 10.9.9.9` },
      });
      expect(res.status).toBeGreaterThanOrEqual(400);
    }
    const attempts = await db.select({ ip: loginAttempts.ip }).from(loginAttempts).where(eq(loginAttempts.email, s.participant.email));
    expect(attempts.length).toBeGreaterThanOrEqual(3);
    expect(new Set(attempts.map((a) => a.ip))).toEqual(new Set(["10.9.9.9"]));
  });

  it("sends HSTS when the trusted proxy says the request came over https", async () => {
    const https = await rawRequest(app.baseUrl, { path: "/login", headers: { "x-forwarded-proto": "https" } });
    expect(https.headers["strict-transport-security"]).toMatch(/max-age=31536000/);
    const plain = await rawRequest(app.baseUrl, { path: "/login" });
    expect(plain.headers["strict-transport-security"]).toBeUndefined();
  });
});
