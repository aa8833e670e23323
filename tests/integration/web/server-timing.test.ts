import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rawRequest } from "../../factories/http";
import { createOrgScenario, type Scenario } from "../../factories/scenario";
import { startAppServer, type AppServer } from "../../setup/app-server";

// SERVER_TIMING=1 is a diagnostic (the pages benchmark splits a page's cost into its data and its
// render with it). Timings tell a client about the server, so a server started without it says nothing.
let plain: AppServer;
let timed: AppServer;
let s: Scenario;

beforeAll(async () => {
  [plain, timed] = await Promise.all([startAppServer(), startAppServer({ env: { SERVER_TIMING: "1" } })]);
  s = await createOrgScenario();
});
afterAll(async () => {
  await Promise.all([plain?.stop(), timed?.stop()]);
});

const page = (app: AppServer, path: string) => rawRequest(app.baseUrl, { method: "GET", path });

describe("Server-Timing", () => {
  it("is not sent unless the server was started with SERVER_TIMING=1", async () => {
    for (const path of ["/login", `/o/${s.org.slug}`, "/healthz"]) {
      const res = await page(plain, path);
      expect(res.status).toBe(200);
      expect(res.headers["server-timing"]).toBeUndefined();
    }
  });

  it("with SERVER_TIMING=1, gives each page's data and render times, wall and CPU", async () => {
    const res = await page(timed, `/o/${s.org.slug}`);
    expect(res.status).toBe(200);
    const timing = String(res.headers["server-timing"]);
    const durations = Object.fromEntries([...timing.matchAll(/([a-z-]+);dur=([\d.]+)/g)].map((m) => [m[1], Number(m[2])]));
    expect(Object.keys(durations).sort()).toEqual(["data", "data-cpu", "render", "render-cpu"]);
    for (const value of Object.values(durations)) expect(value).toBeGreaterThanOrEqual(0);
    // Rendering a page takes some time; CPU time of one request cannot exceed ten times its wall time
    // (a sanity bound: the process has a handful of threads).
    expect(durations.render).toBeGreaterThan(0);
    expect(durations["render-cpu"]).toBeLessThan(durations.render * 10 + 1);
  });
});
