import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { authSessions, enrolments, groups, programs } from "~/db/schema";
import { eq } from "drizzle-orm";
import { createSeries } from "~/modules/groups/mutations.server";
import { listPublicCatalogue } from "~/modules/registration/queries.server";
import { catalogueFilterSchema, type CatalogueFilter } from "~/modules/registration/schema";
import * as signedInCatalogue from "~/routes/catalogue";
import * as groupPage from "~/routes/groups.$groupId._index";
import * as publicCatalogue from "~/routes/o.$slug.catalogue";
import * as publicGroupPage from "~/routes/o.$slug.groups.$groupId";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, FIXED_SERIES_START, createPerson, type Scenario } from "../../factories/scenario";

/**
 * Catalogue filters (program, day, time of day, in person / online, open seats), signed out and
 * signed in, from shareable GET addresses; and a signed-out /groups/:id going to the public page.
 */
let s: Scenario;
let foreign: Scenario;
let online: { id: string };
let secondProgram: { id: string };
const NOW = new Date("2027-03-01T12:00:00Z");
const none = catalogueFilterSchema.parse({});
const ids = async (filter: Partial<CatalogueFilter>, viewerZone: string | null = null) =>
  (await listPublicCatalogue(s.org.id, NOW, { ...none, ...filter }, viewerZone)).groups.map((g) => g.id).sort();

beforeAll(async () => {
  // s.group: "Circle", in person (Room 1), Tuesdays 19:00 New York, 10 seats, 2 taken.
  // Judged at the fixed NOW (1 March 2027), so the groups' Tuesdays are pinned to start the next day.
  [s, foreign] = await Promise.all([createOrgScenario({ seriesStart: FIXED_SERIES_START }), createOrgScenario({ seriesStart: FIXED_SERIES_START })]);
  [secondProgram] = await db.insert(programs).values({ organizationId: s.org.id, name: "Second program" }).returning();
  // Online only, Saturdays 10:00 London, one seat and it is taken.
  [online] = await db
    .insert(groups)
    .values({ organizationId: s.org.id, programId: secondProgram.id, kind: "class", name: "Online morning", timezone: "Europe/London", capacity: 1, location: "", onlineUrl: "https://meet.example/room" })
    .returning();
  const member = await createPerson(s.org, "participant");
  await db.insert(enrolments).values({ groupId: online.id, userId: member.id, organizationId: s.org.id });
  await createSeries(s.manager, online.id, { weekdays: ["sat"], startTime: "10:00", durationMinutes: 60, startDate: "2027-03-06", endDate: "2027-04-24", count: null, skipDates: [] });
}, 60_000);

describe("the public catalogue's filters", () => {
  it("filter by program, day, time of day, in person / online and open seats", async () => {
    const both = [s.group.id, online.id].sort();
    expect(await ids({})).toEqual(both);
    expect(await ids({ program: s.program.id })).toEqual([s.group.id]);
    expect(await ids({ program: secondProgram.id })).toEqual([online.id]);
    expect(await ids({ day: "tue" })).toEqual([s.group.id]);
    expect(await ids({ day: "sat" })).toEqual([online.id]);
    expect(await ids({ day: "mon" })).toEqual([]);
    expect(await ids({ time: "evening" })).toEqual([s.group.id]);
    expect(await ids({ time: "morning" })).toEqual([online.id]);
    expect(await ids({ time: "afternoon" })).toEqual([]);
    expect(await ids({ day: "sat", time: "evening" })).toEqual([]);
    expect(await ids({ mode: "online" })).toEqual([online.id]);
    expect(await ids({ mode: "in_person" })).toEqual([s.group.id]);
    expect(await ids({ seats: "open" })).toEqual([s.group.id]);
    expect(await ids({ seats: "open", mode: "online" })).toEqual([]);
  });

  it("judges day and time in the group's zone for a visitor, and in a member's own zone for a member", async () => {
    // Tuesday 19:00 in New York is Wednesday 00:00 in London.
    expect(await ids({ day: "tue", time: "evening" }, null)).toEqual([s.group.id]);
    expect(await ids({ day: "wed", time: "morning" }, "Europe/London")).toEqual([s.group.id]);
    expect(await ids({ day: "tue", time: "morning" }, "Europe/London")).toEqual([]);
    expect(await ids({ day: "wed", time: "morning" }, null)).toEqual([]);
  });

  it("a program of another organisation filters nothing and says so", async () => {
    const out = await listPublicCatalogue(s.org.id, NOW, { ...none, program: foreign.program.id });
    expect(out.unknownProgram).toBe(true);
    expect(out.groups.map((g) => g.id).sort()).toEqual([s.group.id, online.id].sort());
  });

  it("a shareable address works signed out, and junk in it is ignored with a message, not a 500", async () => {
    const path = `/o/${s.org.slug}/catalogue`;
    const good = await callRoute(publicCatalogue, { path: `${path}?program=${secondProgram.id}`, params: { slug: s.org.slug } });
    expect(good.status).toBe(200);
    const goodData = good.data as { groups: { id: string }[]; ignored: string[]; programs: { id: string; name: string }[]; filter: CatalogueFilter };
    expect(goodData.groups.map((g) => g.id)).toEqual([online.id]);
    expect(goodData.ignored).toEqual([]);
    expect(goodData.filter.program).toBe(secondProgram.id);
    expect(goodData.programs.map((p) => p.name)).toEqual(["Program", "Second program"]);
    expect(JSON.stringify(good.data)).not.toContain("meet.example");

    const junk = await callRoute(publicCatalogue, { path: `${path}?day=funday&seats=open&seats=all&time=%3Cscript%3E&utm_source=x`, params: { slug: s.org.slug } });
    expect(junk.status).toBe(200);
    const junkData = junk.data as { groups: { id: string }[]; ignored: string[]; filter: CatalogueFilter };
    expect(junkData.filter).toEqual({ ...none, seats: "open" });
    expect(junkData.groups.map((g) => g.id)).toEqual([s.group.id]);
    expect(junkData.ignored).toEqual([
      "Choose one open seats: we used the first of 2.",
      'We ignored the day in the address: it is not one of the choices.',
      'We ignored the time of day in the address: it is not one of the choices.',
      'We ignored 1 part of the address that is not a filter.',
    ]);

    const elsewhere = await callRoute(publicCatalogue, { path: `${path}?program=${foreign.program.id}`, params: { slug: s.org.slug } });
    expect(elsewhere.status).toBe(200);
    expect((elsewhere.data as { ignored: string[] }).ignored).toEqual(["We ignored the program: it is not one of this organisation's programs."]);
  });

  it("the signed-in catalogue takes the same filters and names junk too", async () => {
    const out = await callRoute(signedInCatalogue, { path: `/catalogue?program=${s.program.id}&seats=open&day=nope`, cookie: s.participant.cookie });
    expect(out.status).toBe(200);
    const data = out.data as { groups: { id: string; online: boolean }[]; ignored: string[] };
    expect(data.groups.map((g) => g.id)).toEqual([s.group.id]);
    expect(data.ignored).toEqual(['We ignored the day in the address: it is not one of the choices.']);
    // Whether a group meets online, never its meeting link (that is for its members and staff).
    const all = await callRoute(signedInCatalogue, { path: "/catalogue?mode=online", cookie: s.participant.cookie });
    expect((all.data as { groups: { id: string; online: boolean }[] }).groups.map((g) => [g.id, g.online])).toEqual([[online.id, true]]);
    expect(JSON.stringify(all.data)).not.toContain("meet.example");
  });
});

describe("a group page opened signed out", () => {
  it("goes to the group's public page when the group is in its organisation's public catalogue", async () => {
    const out = await callRoute(groupPage, { path: `/groups/${s.group.id}`, params: { groupId: s.group.id } });
    expect(out.status).toBe(302);
    expect(out.location).toBe(`/o/${s.org.slug}/groups/${s.group.id}`);
    const landed = await callRoute(publicGroupPage, { path: out.location!, params: { slug: s.org.slug, groupId: s.group.id } });
    expect(landed.status).toBe(200);
  });

  it("an unknown or malformed id gets the same answer as always: sign in, revealing nothing", async () => {
    const unknown = "00000000-0000-4000-8000-000000000000";
    const out = await callRoute(groupPage, { path: `/groups/${unknown}`, params: { groupId: unknown } });
    expect(out.status).toBe(302);
    expect(out.location).toBe(`/login?${new URLSearchParams({ redirectTo: `/groups/${unknown}` })}`);
    const malformed = await callRoute(groupPage, { path: "/groups/not-an-id", params: { groupId: "not-an-id" } });
    expect(malformed.status).toBe(302);
    expect(malformed.location).toBe(`/login?${new URLSearchParams({ redirectTo: "/groups/not-an-id" })}`);
  });

  it("someone whose session has ended is asked to sign in again (the dead cookie cleared), not sent to the public page", async () => {
    const staff = await createPerson(s.org, "facilitator");
    await db.delete(authSessions).where(eq(authSessions.userId, staff.id));
    const out = await callRoute(groupPage, { path: `/groups/${s.group.id}`, params: { groupId: s.group.id }, cookie: staff.cookie });
    expect(out.status).toBe(302);
    expect(out.location).toContain("/login?");
    expect(out.location).toContain("expired=1");
    expect(out.headers?.get("set-cookie")).toMatch(/Max-Age=0/i);
  });

  it("signed in, the page opens as before (no detour to the public page)", async () => {
    const out = await callRoute(groupPage, { path: `/groups/${s.group.id}`, params: { groupId: s.group.id }, cookie: s.participant.cookie });
    expect(out.status).toBe(200);
    // Another organisation's member is still refused, not redirected to a public page.
    const other = await callRoute(groupPage, { path: `/groups/${s.group.id}`, params: { groupId: s.group.id }, cookie: foreign.participant.cookie });
    expect(other.status).toBe(404);
  });
});
