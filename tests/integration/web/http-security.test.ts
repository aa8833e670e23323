import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { desc, eq } from "drizzle-orm";
import { db } from "~/db/client.server";
import { auditEvents, emailOutbox, organizations } from "~/db/schema";
import { FORM, form, rawRequest, rawSocket } from "../../factories/http";
import { createOrgScenario, PASSWORD, type Scenario } from "../../factories/scenario";
import { startAppServer, type AppServer } from "../../setup/app-server";

// The built app as `npm start` serves it in production (own DATABASE_URL, APP_URL set), over real HTTP.
let app: AppServer;
let s: Scenario;

beforeAll(async () => {
  app = await startAppServer({ env: { HEADERS_TIMEOUT_MS: "1000", REQUEST_TIMEOUT_MS: "3000" } });
  s = await createOrgScenario();
});
afterAll(async () => {
  await app?.stop();
});
afterEach((context) => {
  // The server's own log explains a failure (a 500's stack trace).
  if (context.task.result?.state === "fail") console.log(app?.output().slice(-4000));
});

const post = (path: string, values: Record<string, string>, headers: Record<string, string> = {}) =>
  rawRequest(app.baseUrl, { path, body: form(values), headers: { "content-type": FORM, origin: app.baseUrl, ...headers } });

async function lastMailTo(address: string) {
  const [mail] = await db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, address)).orderBy(desc(emailOutbox.id)).limit(1);
  return mail;
}

describe("links and origins come from APP_URL, never from the request", () => {
  it("refuses a form whose Origin matches a forged Host", async () => {
    const before = await db.select().from(emailOutbox);
    const res = await rawRequest(app.baseUrl, {
      path: "/forgot-password",
      body: form({ email: s.admin.email }),
      headers: { host: "evil.example", origin: "http://evil.example", "content-type": FORM },
    });
    expect(res.status).toBe(403);
    expect(await db.select().from(emailOutbox)).toHaveLength(before.length);
  });

  it("builds the emailed reset link from APP_URL whatever Host and X-Forwarded-Host say", async () => {
    const res = await post("/forgot-password", { email: s.manager.email }, { host: "evil.example", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" });
    expect(res.status).toBe(200);
    const mail = await lastMailTo(s.manager.email);
    expect(mail.textBody).toContain(`${app.baseUrl}/reset-password/`);
    expect(mail.textBody + mail.htmlBody).not.toContain("evil.example");
  });

  it("refuses Origin: null without a trusted Referer, and never answers it with a 500", async () => {
    expect((await post("/forgot-password", { email: s.admin.email }, { origin: "null" })).status).toBe(403);
    const withReferer = await post("/forgot-password", { email: "nobody@test.example" }, { origin: "null", referer: `${app.baseUrl}/forgot-password` });
    expect(withReferer.status).toBe(200);
    expect((await post("/forgot-password", { email: s.admin.email }, { origin: "null", referer: "http://evil.example/x" })).status).toBe(403);
  });
});

describe("after sign-in, only same-origin paths are followed", () => {
  const offsite = [
    "/\t/evil.example/x",
    "//evil.example/x",
    "/\\evil.example/x",
    "\\\\evil.example",
    "/\\/evil.example",
    "https://evil.example/",
    "javascript:alert(1)",
    "/\n/evil.example",
    "/\r\nSet-Cookie: stolen=1",
    " //evil.example",
    "/%09/evil.example".replace("%09", "\t"),
  ];
  for (const redirectTo of offsite) {
    it(`sends ${JSON.stringify(redirectTo)} to /home`, async () => {
      const res = await post("/login", { email: s.participant.email, password: PASSWORD, redirectTo });
      expect(res.status).toBe(302);
      expect(res.headers.location).toBe("/home");
      expect(res.headers["set-cookie"]?.join(";")).not.toContain("stolen");
    });
  }

  it("keeps a same-origin path with its query and fragment", async () => {
    const res = await post("/login", { email: s.participant.email, password: PASSWORD, redirectTo: "/my/groups?tab=past#list" });
    expect(res.headers.location).toBe("/my/groups?tab=past#list");
    const encoded = await post("/login", { email: s.participant.email, password: PASSWORD, redirectTo: "/%2F%2Fevil.example" });
    // An encoded slash stays part of this site's path.
    expect(encoded.headers.location).toBe("/%2F%2Fevil.example");
  });

  it("shows the sign-in page for junk redirectTo values instead of a 500", async () => {
    for (const q of ["%0a", "%0d%0aX:1", "/%09/evil.example/x", "%00", "%E0%A4%A"]) {
      const res = await rawRequest(app.baseUrl, { path: `/login?redirectTo=${q}` });
      expect(res.status, q).toBe(200);
    }
  });
});

describe("request size and slow requests", () => {
  it("answers 413 at once to a declared 95 MB form, without reading it", async () => {
    const { socket, closed, received } = rawSocket(app.baseUrl);
    const started = Date.now();
    socket.write(
      `POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: ${app.baseUrl}\r\nContent-Type: ${FORM}\r\nContent-Length: 95000000\r\n\r\n`,
    );
    socket.write("email=a".padEnd(10_000, "a"));
    while (!received().includes("\r\n\r\n") && Date.now() - started < 5000) await new Promise((r) => setTimeout(r, 10));
    expect(received()).toMatch(/^HTTP\/1\.1 413/);
    expect(Date.now() - started).toBeLessThan(1000);
    // The connection is not held open by a client that never finishes its body.
    await closed;
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("answers 413 to a chunked body once it passes 1 MB, without waiting for the rest", async () => {
    const { socket, closed, received } = rawSocket(app.baseUrl);
    socket.write(`POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: ${app.baseUrl}\r\nContent-Type: ${FORM}\r\nTransfer-Encoding: chunked\r\n\r\n`);
    const chunk = Buffer.alloc(64 * 1024, "a");
    let sent = 0;
    // Keep sending until the server answers or 20 MB went out.
    while (!received() && sent < 20 * 1024 * 1024 && !socket.destroyed) {
      await new Promise<void>((resolve) => socket.write(`${chunk.length.toString(16)}\r\n`, () => socket.write(chunk, () => socket.write("\r\n", () => resolve()))));
      sent += chunk.length;
    }
    socket.end();
    await closed;
    expect(received()).toMatch(/^HTTP\/1\.1 413/);
    // The answer came while the body was still arriving (the server did not wait for all 20 MB;
    // what comes after the limit is read and thrown away, never kept).
    expect(sent).toBeLessThan(20 * 1024 * 1024);
  });

  it("accepts an ordinary form after refusing large ones", async () => {
    const res = await post("/login", { email: s.participant.email, password: PASSWORD });
    expect(res.status).toBe(302);
  });

  it("closes a connection whose headers dribble in slower than the header timeout", async () => {
    const { socket, closed, received } = rawSocket(app.baseUrl);
    const started = Date.now();
    socket.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    const drip = setInterval(() => {
      if (!socket.destroyed) socket.write("X-Slow: a\r\n");
    }, 200);
    await Promise.race([closed, new Promise((r) => setTimeout(r, 8000))]);
    clearInterval(drip);
    expect(socket.destroyed || socket.readyState === "closed" || received().startsWith("HTTP/1.1 408")).toBe(true);
    expect(Date.now() - started).toBeLessThan(6000);
    socket.destroy();
  });
});

describe("malformed input gives a clear 4xx", () => {
  it("answers a broken multipart body to any form (sign-in, profile, people) with 400, not a 500", async () => {
    for (const [path, cookie] of [["/login", ""], ["/forgot-password", ""], ["/profile", s.participant.cookie], ["/admin/people", s.admin.cookie]] as const) {
      for (const [type, body] of [
        ["multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\nsomeone@example.org"],
        ["multipart/form-data", "garbage"],
      ]) {
        const res = await rawRequest(app.baseUrl, { path, body, headers: { "content-type": type, origin: app.baseUrl, ...(cookie ? { cookie } : {}) } });
        expect(res.status, `${path} ${type}`).toBe(400);
      }
    }
  });

  it("answers a multipart upload without a boundary with 400", async () => {
    const res = await rawRequest(app.baseUrl, {
      path: "/competency/records/00000000-0000-4000-8000-000000000000",
      body: "garbage",
      headers: { "content-type": "multipart/form-data", origin: app.baseUrl, cookie: s.facilitator.cookie },
    });
    expect(res.status).toBe(400);
  });
});

describe("production defaults", () => {
  it("marks pages and data as no-store", async () => {
    for (const path of ["/login", "/home", "/my/groups", "/home.data"]) {
      const res = await rawRequest(app.baseUrl, { path, headers: { cookie: s.participant.cookie } });
      expect(res.status, path).toBeLessThan(400);
      expect(res.headers["cache-control"], path).toBe("no-store");
    }
    const roster = await rawRequest(app.baseUrl, { path: `/groups/${s.group.id}/attendance`, headers: { cookie: s.facilitator.cookie } });
    expect(roster.headers["cache-control"]).toBe("no-store");
  });

  it("sends no HSTS over plain http without a trusted proxy, whatever X-Forwarded-Proto says", async () => {
    const res = await rawRequest(app.baseUrl, { path: "/login", headers: { "x-forwarded-proto": "https" } });
    expect(res.headers["strict-transport-security"]).toBeUndefined();
  });

  it("does not seed the demo organisation into a production database unless asked", async () => {
    const demo = await db.select().from(organizations).where(eq(organizations.slug, "riverside"));
    expect(demo).toHaveLength(0);
  });

  it("turns the mail viewer off in production", async () => {
    const res = await rawRequest(app.baseUrl, { path: "/admin/mail", headers: { cookie: s.admin.cookie } });
    expect(res.status).toBe(404);
  });
});

describe("downloads start only from the app's own pages", () => {
  const download = (headers: Record<string, string>) =>
    rawRequest(app.baseUrl, { path: "/referrals/export.csv", headers: { cookie: s.manager.cookie, ...headers } });
  const auditCount = async () => (await db.select().from(auditEvents).where(eq(auditEvents.organizationId, s.org.id))).length;

  it("refuses a download another site started (a link or redirect there), writes nothing and says why", async () => {
    const before = await auditCount();
    for (const headers of [
      { "sec-fetch-site": "cross-site", referer: "https://evil.example/page" } as Record<string, string>,
      { "sec-fetch-site": "same-site" },
      { referer: "https://evil.example/page" },
    ]) {
      const res = await download(headers);
      expect(res.status).toBe(403);
      expect(res.body).toContain("started from another site");
    }
    expect(await auditCount()).toBe(before);
  });

  it("serves it from the app's own page, or typed or bookmarked", async () => {
    for (const headers of [{ "sec-fetch-site": "same-origin", referer: `${app.baseUrl}/referrals` }, { "sec-fetch-site": "none" }, {}] as Record<string, string>[]) {
      const res = await download(headers);
      expect(res.status).toBe(200);
      expect(res.headers["content-type"]).toContain("text/csv");
    }
  });
});
