import { afterAll, describe, expect, it } from "vitest";
import * as healthz from "~/routes/healthz";
import * as readyz from "~/routes/readyz";
import * as home from "~/routes/home";
import * as org from "~/routes/o.$slug._index";
import { freePort } from "../../setup/ports";
import { callRoute } from "../../factories/requests";
import { createOrgScenario } from "../../factories/scenario";

describe("when the database is away", () => {
  const realUrl = process.env.DATABASE_URL!;
  afterAll(() => {
    process.env.DATABASE_URL = realUrl;
    delete process.env.WORKER;
  });

  it("answers /readyz 200 while up and 503 while down (/healthz stays 200), and pages answer 503 instead of crashing", async () => {
    const s = await createOrgScenario();
    process.env.WORKER = "0";
    expect((await callRoute(readyz, { path: "/readyz" })).status).toBe(200);
    expect((await callRoute(healthz, { path: "/healthz" })).status).toBe(200);
    process.env.DATABASE_URL = `postgres://postgres:postgres@127.0.0.1:${await freePort()}/nothing`;
    expect((await callRoute(readyz, { path: "/readyz" })).status).toBe(503);
    expect((await callRoute(healthz, { path: "/healthz" })).status).toBe(200);
    const page = await callRoute(home, { path: "/home", cookie: s.participant.cookie });
    expect(page.status).toBe(503);
    expect(page.data).toMatch(/database is not reachable/);
    expect((await callRoute(org, { path: `/o/${s.org.slug}`, params: { slug: s.org.slug } })).status).toBe(503);
    process.env.DATABASE_URL = realUrl;
    expect((await callRoute(readyz, { path: "/readyz" })).status).toBe(200);
    delete process.env.WORKER;
  });
});
