import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { sessions } from "~/db/schema";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Person, type Scenario } from "../../factories/scenario";

/**
 * Every page's loader, given junk in its URL (query strings a person might edit, or a link
 * mangled by a mail client), answers with a page, a 4xx or a redirect — never a 500.
 */
type RouteModule = { loader?: (...args: never[]) => unknown; action?: (...args: never[]) => unknown };
const modules = import.meta.glob<RouteModule>("../../../app/routes/*.{ts,tsx}", { eager: true });

const JUNK_QUERIES = [
  "?from=2027-02-30&to=yesterday&period=century&groupId=not-a-uuid&programId=%27%3B%20drop%20table%20users%3B--&facilitatorId=x",
  "?q=%00%00&kind=spaceship&day=funday&time=midnight&mode=online&language=%F0%9F%98%80&page=-1&view=everything",
  "?round=not-a-uuid&week=999999&year=99999&metric=nonsense&show=all&status=weird&grain=eon",
  `?q=${"x".repeat(5000)}&from=0001-01-01&to=9999-12-31&page=1e309`,
  "?from[]=a&from[]=b&groupId=&programId=&period=custom",
];

let s: Scenario;
let sessionId: string;

function paramsFor(file: string): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [, name] of file.matchAll(/\$([A-Za-z]+)/g)) {
    params[name] =
      name === "groupId" ? s.group.id : name === "programId" ? s.program.id : name === "sessionId" ? sessionId : name === "userId" ? s.participant.id : name === "slug" ? s.org.slug : "x";
  }
  return params;
}

beforeAll(async () => {
  s = await createOrgScenario();
  [{ id: sessionId }] = await db.select({ id: sessions.id }).from(sessions).where(eq(sessions.groupId, s.group.id)).limit(1);
});

describe("loaders with junk in the URL", () => {
  it("never answer 500, for any role", async () => {
    const failures: string[] = [];
    const routes = Object.entries(modules).filter(([, m]) => typeof m.loader === "function");
    expect(routes.length).toBeGreaterThan(50);
    const people: [string, Person | null][] = [
      ["manager", s.manager],
      ["facilitator", s.facilitator],
      ["participant", s.participant],
      ["anonymous", null],
    ];
    for (const [file, route] of routes) {
      const name = file.split("/").pop()!.replace(/\.tsx?$/, "");
      const params = paramsFor(name);
      const path = `/${name.replace(/\[|\]/g, "").replace(/\$([A-Za-z]+)/g, (_m, p: string) => params[p]).replace(/\./g, "/").replace(/\/_index$/, "")}`;
      for (const [who, person] of people) {
        for (const query of JUNK_QUERIES) {
          try {
            const out = await callRoute(route as never, { path: `${path}${query}`, params, cookie: person?.cookie });
            if (out.status >= 500) failures.push(`${name} as ${who} ${query.slice(0, 60)} → ${out.status}`);
          } catch (error) {
            failures.push(`${name} as ${who} ${query.slice(0, 60)} → threw ${(error as Error).message.split("\n")[0]}`);
          }
        }
      }
    }
    expect(failures, failures.join("\n")).toEqual([]);
  }, 120_000);
});
