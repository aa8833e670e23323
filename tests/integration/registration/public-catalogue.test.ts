import { asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { groups, sessions } from "~/db/schema";
import * as catalogue from "~/routes/o.$slug.catalogue";
import * as groupPage from "~/routes/o.$slug.groups.$groupId";
import * as signup from "~/routes/o.$slug.signup";
import { joinLinks } from "~/ui/public-group";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Scenario } from "../../factories/scenario";

/**
 * The public catalogue and group page of an organisation (signed out): public facts only — never
 * the meeting link, a name, a note or a cancellation reason — and "Join" carries the registration
 * as the return path of sign-up and sign-in.
 */
let s: Scenario;
let foreign: Scenario;
let cancelledAt: Date;
const SECRET = "https://meet.example/secret-room-123";

beforeAll(async () => {
  [s, foreign] = await Promise.all([createOrgScenario(), createOrgScenario()]);
  await db.update(groups).set({ onlineUrl: SECRET, location: "", description: "A weekly circle." }).where(eq(groups.id, s.group.id));
  const [first, second] = await db.select({ id: sessions.id, startsAt: sessions.startsAt }).from(sessions).where(eq(sessions.groupId, s.group.id)).orderBy(asc(sessions.startsAt)).limit(2);
  await db.update(sessions).set({ status: "cancelled", cancelReason: "Facilitator Dana is unwell" }).where(eq(sessions.id, first.id));
  cancelledAt = first.startsAt;
  await db.update(sessions).set({ note: "Bring Sam's forms" }).where(eq(sessions.id, second.id));
}, 60_000);

function expectNothingPrivate(data: unknown) {
  const text = JSON.stringify(data);
  expect(text).not.toContain("secret-room-123");
  expect(text).not.toContain("onlineUrl");
  expect(text).not.toContain("unwell");
  expect(text).not.toContain("Sam's forms");
  for (const person of [s.participant, s.otherParticipant, s.facilitator, s.manager]) {
    expect(text).not.toContain(person.name);
    expect(text).not.toContain(person.email);
  }
}

describe("the public catalogue of an organisation", () => {
  it("shows its groups to a signed-out visitor with place, seats and next sessions, and no meeting link or names", async () => {
    const out = await callRoute(catalogue, { path: `/o/${s.org.slug}/catalogue`, params: { slug: s.org.slug } });
    expect(out.status).toBe(200);
    const data = out.data as { viewer: string; viewerZone: string | null; groups: { id: string; place: string; seats: { label: string }; nextSessions: unknown[] }[] };
    expect(data.viewer).toBe("anonymous");
    expect(data.viewerZone).toBeNull();
    expect(data.groups.map((g) => g.id)).toEqual([s.group.id]);
    expect(data.groups[0].place).toBe("Online");
    expect(data.groups[0].seats.label).toBe("8 seats left");
    expect(data.groups[0].nextSessions.length).toBeGreaterThan(0);
    expectNothingPrivate(out.data);
  });

  it("lists only that organisation's groups, and 404s an unknown organisation", async () => {
    const out = await callRoute(catalogue, { path: `/o/${foreign.org.slug}/catalogue`, params: { slug: foreign.org.slug } });
    expect((out.data as { groups: { id: string }[] }).groups.map((g) => g.id)).toEqual([foreign.group.id]);
    expect((await callRoute(catalogue, { path: "/o/no-such-org/catalogue", params: { slug: "no-such-org" } })).status).toBe(404);
  });

  it("gives the same public facts to members, who see times in their own zone", async () => {
    for (const person of [s.participant, s.manager]) {
      const out = await callRoute(catalogue, { path: `/o/${s.org.slug}/catalogue`, params: { slug: s.org.slug }, cookie: person.cookie });
      expect((out.data as { viewerZone: string }).viewerZone).toBe(person.timezone);
      expectNothingPrivate(out.data);
    }
  });
});

describe("the public group page", () => {
  it("shows the group without its meeting link, names, notes or cancellation reasons", async () => {
    const out = await callRoute(groupPage, { path: `/o/${s.org.slug}/groups/${s.group.id}`, params: { slug: s.org.slug, groupId: s.group.id } });
    expect(out.status).toBe(200);
    const data = out.data as { group: { name: string; description: string; timezone: string; nextSessions: { startsAt: Date }[] } };
    expect(data.group.name).toBe("Circle");
    expect(data.group.description).toBe("A weekly circle.");
    // Scheduled sessions only: the cancelled one is not offered.
    expect(data.group.nextSessions.length).toBeGreaterThan(0);
    expect(data.group.nextSessions.map((x) => new Date(x.startsAt).getTime())).not.toContain(cancelledAt.getTime());
    expectNothingPrivate(out.data);
  });

  it("answers 404 for another organisation's group and for junk ids", async () => {
    const other = await callRoute(groupPage, { path: `/o/${s.org.slug}/groups/${foreign.group.id}`, params: { slug: s.org.slug, groupId: foreign.group.id } });
    expect(other.status).toBe(404);
    const junk = await callRoute(groupPage, { path: `/o/${s.org.slug}/groups/x`, params: { slug: s.org.slug, groupId: "x" } });
    expect(junk.status).toBe(404);
  });
});

describe("Join from the public pages", () => {
  it("sends a signed-out visitor to sign-up (or sign-in) carrying the registration as the return path", async () => {
    const links = joinLinks(s.org.slug, s.group.id);
    const target = `/groups/${s.group.id}/register`;
    expect(links.register).toBe(target);
    const signupUrl = new URL(links.signup, "http://test.local");
    expect(signupUrl.pathname).toBe(`/o/${s.org.slug}/signup`);
    expect(signupUrl.searchParams.get("redirectTo")).toBe(target);
    expect(new URL(links.login, "http://test.local").searchParams.get("redirectTo")).toBe(target);
    // The sign-up page keeps that path (it is same-site) for its emailed confirmation link.
    const page = await callRoute(signup, { path: links.signup, params: { slug: s.org.slug } });
    expect((page.data as { redirectTo: string }).redirectTo).toBe(target);
  });
});
