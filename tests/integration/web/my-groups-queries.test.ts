import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { enrolments } from "~/db/schema";
import { rawRequest } from "../../factories/http";
import { createEmptyGroup } from "../../factories/registration";
import { createOrgScenario, type Scenario } from "../../factories/scenario";
import { startAppServer, type AppServer } from "../../setup/app-server";

// Issue 20 (N+1 queries): My groups read each group's waiting-list setting and its completion
// criteria (its own, then its program's) one group at a time — three queries per group. The built
// app with the query log on (DB_QUERY_LOG=1: one "[sql]" line per statement) counts them.
let app: AppServer;
let s: Scenario;

beforeAll(async () => {
  app = await startAppServer({ env: { DB_QUERY_LOG: "1" } });
  s = await createOrgScenario();
});
afterAll(async () => {
  await app?.stop();
});

/** SQL statements the server ran for one request (after a first request that fills the caches). */
async function queriesFor(path: string, cookie: string): Promise<number> {
  const get = () => rawRequest(app.baseUrl, { method: "GET", path, headers: { cookie } });
  expect((await get()).status).toBe(200);
  await new Promise((r) => setTimeout(r, 150));
  const before = app.output().split("\n").filter((l) => l.startsWith("[sql] ")).length;
  expect((await get()).status).toBe(200);
  await new Promise((r) => setTimeout(r, 150)); // the last lines reach the pipe
  return app.output().split("\n").filter((l) => l.startsWith("[sql] ")).length - before;
}

describe("My groups", () => {
  it("runs as many queries for a person in four groups as for a person in one", async () => {
    const one = await queriesFor("/my/groups", s.participant.cookie);
    for (const name of ["Second", "Third", "Fourth"]) {
      const group = await createEmptyGroup(s, 10, name);
      await db.insert(enrolments).values({ groupId: group.id, userId: s.participant.id, organizationId: s.org.id });
    }
    const page = await rawRequest(app.baseUrl, { method: "GET", path: "/my/groups", headers: { cookie: s.participant.cookie } });
    for (const name of ["Circle", "Second", "Third", "Fourth"]) expect(page.body).toContain(name);
    expect(await queriesFor("/my/groups", s.participant.cookie)).toBe(one);
  });
});
