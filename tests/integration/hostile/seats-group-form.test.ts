import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { enrolments, groups } from "~/db/schema";
import { enrolmentDetails } from "~/db/tables/registration";
import { getRegistrationContext } from "~/modules/registration/queries.server";
import { registerForGroup, updateWaitlistSettings, withdrawEnrolment } from "~/modules/registration/mutations.server";
import * as groupEdit from "~/routes/groups.$groupId.edit";
import { createEmptyGroup, createParticipants, intake, statusOf } from "../../factories/registration";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Scenario } from "../../factories/scenario";

// Lowering a group's seats on its edit page counted every offer as a taken seat, also an offer
// that had lapsed and was only waiting for the waiting-list job to pass it on. The catalogue,
// registering and the waiting-list page's "Change seats" all count a lapsed offer as a free seat
// (groupSeats / seatsTaken): the catalogue said "1 seat left" and Change seats accepted 1 seat,
// while the edit page refused 1 seat with "2 seats are taken or offered". It now counts with
// groupSeats like the rest.

const BASE = "http://test.local";
let s: Scenario;
beforeAll(async () => {
  s = await createOrgScenario();
});

type Loaded = { group: { name: string; kind: string; description: string; timezone: string; capacity: number; location: string; onlineUrl: string; language: string; facilitatorIds: string[] }; version: string };
const open = async (groupId: string) => (await callRoute(groupEdit, { path: `/groups/${groupId}/edit`, params: { groupId }, cookie: s.manager.cookie })).data as Loaded;
const save = (groupId: string, page: Loaded, capacity: number) =>
  callRoute(groupEdit, {
    path: `/groups/${groupId}/edit`,
    params: { groupId },
    cookie: s.manager.cookie,
    form: {
      name: page.group.name,
      kind: page.group.kind,
      description: page.group.description,
      timezone: page.group.timezone,
      capacity: String(capacity),
      location: page.group.location,
      onlineUrl: page.group.onlineUrl,
      language: page.group.language,
      "facilitatorIds[]": page.group.facilitatorIds,
      version: page.version,
    },
  });
const capacityOf = async (groupId: string) => (await db.select({ capacity: groups.capacity }).from(groups).where(eq(groups.id, groupId)))[0].capacity;

describe("lowering the seats on the group's edit page", () => {
  it("counts a lapsed offer as a free seat, as the catalogue and Change seats do", async () => {
    const group = await createEmptyGroup(s, 2, "Edit with a lapsed offer");
    const [leaver, stayer, offered] = await createParticipants(s, 3);
    for (const p of [leaver, stayer, offered]) await registerForGroup(p, group.id, intake(), { baseUrl: BASE });
    await updateWaitlistSettings(s.manager, group.id, { mode: "offer", offerHours: 2, shareNamesWithGroup: false }, { baseUrl: BASE });
    const [{ id }] = await db.select({ id: enrolments.id }).from(enrolments).where(and(eq(enrolments.groupId, group.id), eq(enrolments.userId, leaver.id)));
    await withdrawEnrolment(leaver, id, { baseUrl: BASE });
    expect(await statusOf(group.id, offered.id)).toBe("offered");
    // The offer lapsed a minute ago; the waiting-list job has not run yet.
    const [{ id: offerId }] = await db.select({ id: enrolments.id }).from(enrolments).where(and(eq(enrolments.groupId, group.id), eq(enrolments.userId, offered.id)));
    await db.update(enrolmentDetails).set({ offerExpiresAt: new Date(Date.now() - 60_000) }).where(eq(enrolmentDetails.enrolmentId, offerId));
    expect((await getRegistrationContext(s.participant, group.id, new Date())).seats.label).toBe("1 seat left");

    const out = await save(group.id, await open(group.id), 1);
    expect(out.status, JSON.stringify(out.data)).toBe(302);
    expect(await capacityOf(group.id)).toBe(1);
  });

  it("still refuses fewer seats than are enrolled or held by an open offer", async () => {
    const group = await createEmptyGroup(s, 2, "Edit with an open offer");
    const [leaver, stayer, offered] = await createParticipants(s, 3);
    for (const p of [leaver, stayer, offered]) await registerForGroup(p, group.id, intake(), { baseUrl: BASE });
    await updateWaitlistSettings(s.manager, group.id, { mode: "offer", offerHours: 2, shareNamesWithGroup: false }, { baseUrl: BASE });
    const [{ id }] = await db.select({ id: enrolments.id }).from(enrolments).where(and(eq(enrolments.groupId, group.id), eq(enrolments.userId, leaver.id)));
    await withdrawEnrolment(leaver, id, { baseUrl: BASE });
    const out = await save(group.id, await open(group.id), 1);
    expect(out.status).toBe(400);
    expect(JSON.stringify(out.data)).toContain("2 seats are taken or offered. Remove people first, or choose at least 2 seats.");
    expect(await capacityOf(group.id)).toBe(2);
  });
});
