import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { enrolments, groups, sessions } from "~/db/schema";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, createPerson, type Person, type Scenario } from "../../factories/scenario";

/**
 * A group's online meeting link goes only to its enrolled members and its staff. Every route's
 * loader is called, as a participant of the organisation with no seat in the group (one who just
 * signed themselves up) and as a member who withdrew, with the group's and its sessions' ids in the
 * URL: none of their answers (data, headers or body) may carry the link. The register page once
 * sent it in its data (shown nowhere, but in the page's serialised loader data).
 */
type RouteModule = { loader?: (...args: never[]) => unknown };
const modules = import.meta.glob<RouteModule>("../../../app/routes/*.{ts,tsx}", { eager: true });
const SECRET = `https://meet.example/room-${randomUUID()}`;

let s: Scenario;
let stranger: Person;
let former: Person;
let sessionId: string;

beforeAll(async () => {
  s = await createOrgScenario();
  await db.update(groups).set({ onlineUrl: SECRET, location: "" }).where(eq(groups.id, s.group.id));
  stranger = await createPerson(s.org, "participant");
  former = await createPerson(s.org, "participant");
  await db.insert(enrolments).values({ groupId: s.group.id, userId: former.id, organizationId: s.org.id, status: "withdrawn" });
  [{ id: sessionId }] = await db.select({ id: sessions.id }).from(sessions).where(eq(sessions.groupId, s.group.id)).limit(1);
});

function target(name: string) {
  const params: Record<string, string> = {};
  for (const [, param] of name.matchAll(/\$([A-Za-z]+)/g)) {
    params[param] = { groupId: s.group.id, sessionId, programId: s.program.id, slug: s.org.slug, userId: stranger.id }[param] ?? randomUUID();
  }
  const path = `/${name
    .replace(/\[|\]/g, "")
    .replace(/\$([A-Za-z]+)/g, (_m, p: string) => params[p])
    .replace(/\./g, "/")
    .replace(/\/_index$|^_index$/, "")}`;
  return { params, path };
}

async function answerText(route: RouteModule, name: string, cookie: string): Promise<string> {
  const { params, path } = target(name);
  try {
    const out = await callRoute(route as never, { path, params, cookie });
    return JSON.stringify(out);
  } catch (error) {
    return String(error instanceof Error ? error.message : error);
  }
}

describe("a group's meeting link", () => {
  it("reaches no participant without a seat, from any route", async () => {
    const leaks: string[] = [];
    for (const [file, route] of Object.entries(modules)) {
      if (!route.loader) continue;
      const name = file.split("/").pop()!.replace(/\.tsx?$/, "");
      for (const [who, person] of [["no seat", stranger], ["withdrew", former]] as const) {
        if ((await answerText(route, name, person.cookie)).includes(SECRET)) leaks.push(`${name} (${who})`);
      }
    }
    expect(leaks).toEqual([]);
  });

  it("still reaches an enrolled member on the group page (the scan would see a leak)", async () => {
    const groupPage = Object.entries(modules).find(([file]) => file.endsWith("/groups.$groupId._index.tsx"))![1];
    expect(await answerText(groupPage, "groups.$groupId._index", s.participant.cookie)).toContain(SECRET);
  });
});
