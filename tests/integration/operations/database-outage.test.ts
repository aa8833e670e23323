import { readFileSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { mkdtempSync, rmSync } from "node:fs";
import postgres from "postgres";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmbeddedPostgres, type EmbeddedHandle } from "~/db/embedded.server";
import { migrateDatabase } from "~/db/migrate.server";
import { FORM, form, rawRequest } from "../../factories/http";
import { createOrgScenario } from "../../factories/scenario";
import { startAppServer, type AppServer } from "../../setup/app-server";
import { freePort } from "../../setup/ports";

// A PostgreSQL of its own (frozen with SIGSTOP below, which must not touch the shared test server).
let pg: EmbeddedHandle;
let app: AppServer;
const dir = mkdtempSync(path.join(os.tmpdir(), "gs-outage-"));

/** The postmaster and every backend it forked: all of them must stop for the server to be frozen. */
function serverProcesses(): number[] {
  const postmaster = Number(readFileSync(path.join(pg.dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
  const children = readdirSync("/proc")
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        return Number(readFileSync(`/proc/${p}/stat`, "utf8").split(") ")[1].split(" ")[1]) === postmaster;
      } catch {
        return false;
      }
    })
    .map(Number);
  return [postmaster, ...children];
}
const signalServer = (signal: NodeJS.Signals) => {
  for (const pid of serverProcesses()) {
    try {
      process.kill(pid, signal);
    } catch (error) {
      // A backend that ended between listing and signalling is no longer there to freeze.
      if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
    }
  }
};

async function outboxCount(): Promise<number> {
  const sql = postgres(pg.url, { max: 1, onnotice: () => {} });
  try {
    return (await sql`select count(*)::int as n from email_outbox`)[0].n as number;
  } finally {
    await sql.end();
  }
}

/** A scenario in this file's own database (the app here runs on `pg`, not the shared test database). */
async function createOrgScenarioIn() {
  const previous = process.env.DATABASE_URL;
  process.env.DATABASE_URL = pg.url;
  try {
    return await createOrgScenario();
  } finally {
    process.env.DATABASE_URL = previous;
  }
}

beforeAll(async () => {
  pg = await startEmbeddedPostgres({ dataDir: path.join(dir, "data"), port: await freePort(), persistent: false, log: () => {} });
  await migrateDatabase(pg.url);
  app = await startAppServer({ env: { DATABASE_URL: pg.url, WORKER: "1", WORKER_INTERVAL_MS: "200" } });
});
// When a test here fails, what the server printed (a crash's stack, the logged events) says why.
beforeEach((context) => context.onTestFailed(() => console.error(`app output:\n${app?.output()}`)));
afterAll(async () => {
  try {
    signalServer("SIGCONT");
  } catch {
    // already running
  }
  await app?.stop();
  await pg?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("when the database freezes", () => {
  it("answers pages with a 503 within about 2 s, replays no form post, and recovers without a restart", async () => {
    expect((await rawRequest(app.baseUrl, { path: "/readyz" })).status).toBe(200);
    expect((await rawRequest(app.baseUrl, { path: "/login" })).status).toBe(200);
    const before = await outboxCount();

    signalServer("SIGSTOP");
    try {
      // Give the gate's one-second cache time to expire.
      await new Promise((r) => setTimeout(r, 1100));
      const started = Date.now();
      const page = await rawRequest(app.baseUrl, { path: "/" });
      expect(page.status).toBe(503);
      expect(page.body).toMatch(/database is not reachable/);
      expect(Date.now() - started).toBeLessThan(3000);

      // A form posted during the outage is refused now, not kept to run later.
      const posted = await rawRequest(app.baseUrl, {
        path: "/forgot-password",
        body: form({ email: "someone@test.example" }),
        headers: { "content-type": FORM, origin: app.baseUrl },
      });
      expect(posted.status).toBe(503);

      // Liveness does not depend on the database; readiness says it is away.
      expect((await rawRequest(app.baseUrl, { path: "/healthz" })).status).toBe(200);
      const ready = await rawRequest(app.baseUrl, { path: "/readyz" });
      expect(ready.status).toBe(503);
      expect(ready.body).toMatch(/FAIL database/);
    } finally {
      signalServer("SIGCONT");
    }

    // Back without a restart, within a few seconds.
    const deadline = Date.now() + 10_000;
    let status = 0;
    while (Date.now() < deadline) {
      status = (await rawRequest(app.baseUrl, { path: "/login" })).status;
      if (status === 200) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(status).toBe(200);
    await new Promise((r) => setTimeout(r, 500));
    expect(await outboxCount()).toBe(before);
    expect((await rawRequest(app.baseUrl, { path: "/readyz" })).body).toMatch(/^ready\nok database\nok migrations[^\n]*\nok worker/);
  });
});

describe("each request", () => {
  it("gets an id in X-Request-Id and one JSON log line without personal data", async () => {
    const res = await rawRequest(app.baseUrl, { path: "/login?redirectTo=%2Fmy%2Fgoals%3Fname%3DJordan" });
    const id = res.headers["x-request-id"] as string;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await new Promise((r) => setTimeout(r, 100));
    const line = app
      .output()
      .split("\n")
      .find((l) => l.includes(id));
    expect(line).toBeDefined();
    const event = JSON.parse(line!);
    expect(event).toEqual(expect.objectContaining({ level: "info", event: "request", requestId: id, method: "GET", path: "/login", status: 200 }));
    expect(typeof event.durationMs).toBe("number");
    // The query string (which may carry names) is never logged.
    expect(line).not.toContain("Jordan");
  });

  it("shows the request id on the error page, so a person can quote it", async () => {
    const res = await rawRequest(app.baseUrl, { path: "/o/no-such-organisation" });
    expect(res.status).toBe(404);
    const id = res.headers["x-request-id"] as string;
    expect(res.body).toContain(`Reference for support: ${id}`);
  });

  it("never logs who opened the anonymous concern pages, nor a follow-up token", async () => {
    const s = await createOrgScenarioIn();
    const token = "7quiyer9Xk2mQ0pLw8vN3rT5sYbZc1dEfGh4jK6";
    for (const path of ["/concerns/new", `/concerns/follow-up/${token}`]) {
      const res = await rawRequest(app.baseUrl, { path, headers: { cookie: s.participant.cookie } });
      const id = res.headers["x-request-id"] as string;
      await new Promise((r) => setTimeout(r, 100));
      const line = app.output().split("\n").find((l) => l.includes(id))!;
      expect(line, path).toBeDefined();
      expect(JSON.parse(line).userId, path).toBeUndefined();
      expect(line).not.toContain(token);
      expect(line).not.toContain(s.participant.id);
    }
  });
});
