import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { enrolments, groups } from "~/db/schema";
import { acceptOffer, changeCapacity, registerForGroup, updateWaitlistSettings, withdrawEnrolment } from "~/modules/registration/mutations.server";
import { UserInputError } from "~/modules/errors";
import { createEmptyGroup, createParticipants, intake, statusOf } from "../../factories/registration";
import { createOrgScenario, type Scenario } from "../../factories/scenario";

// A group that fills freed seats "by offer" holds a seat for the person offered it until they
// answer. The waitlist page's "Change seats" (changeCapacity) counted enrolled people only, so a
// manager could cut the seats to the number enrolled while an offer was open; the offer stayed
// open, and accepting it put more people in the group than it had seats (the group edit page
// already counted offers).

const BASE = "http://test.local";
let s: Scenario;
beforeAll(async () => {
  s = await createOrgScenario();
});

const enrolmentOf = async (groupId: string, userId: string) =>
  (await db.select({ id: enrolments.id }).from(enrolments).where(and(eq(enrolments.groupId, groupId), eq(enrolments.userId, userId))))[0].id;

const enrolledIn = async (groupId: string) =>
  (await db.select({ n: sql<number>`count(*)::int` }).from(enrolments).where(and(eq(enrolments.groupId, groupId), eq(enrolments.status, "enrolled"))))[0].n;

describe("seats held by an open offer", () => {
  it("cannot be taken away by changing the number of seats, so accepting never overfills the group", async () => {
    const group = await createEmptyGroup(s, 2, "Offers held");
    const [leaver, stayer, waiting] = await createParticipants(s, 3);
    for (const p of [leaver, stayer, waiting]) await registerForGroup(p, group.id, intake(), { baseUrl: BASE });
    await updateWaitlistSettings(s.manager, group.id, { mode: "offer", offerHours: 48, shareNamesWithGroup: false }, { baseUrl: BASE });
    const t0 = new Date(Date.now() + 60_000);
    await withdrawEnrolment(leaver, await enrolmentOf(group.id, leaver.id), { baseUrl: BASE, now: t0 });
    expect(await statusOf(group.id, waiting.id)).toBe("offered");

    const cut = changeCapacity(s.manager, group.id, 1, { baseUrl: BASE, now: t0 });
    await expect(cut).rejects.toBeInstanceOf(UserInputError);
    await expect(cut).rejects.toThrow(/taken or offered/);
    const [after] = await db.select({ capacity: groups.capacity }).from(groups).where(eq(groups.id, group.id));
    expect(after.capacity).toBe(2);

    await acceptOffer(waiting, await enrolmentOf(group.id, waiting.id), { now: new Date(t0.getTime() + 3_600_000) });
    expect(await enrolledIn(group.id)).toBe(2);
  });

  it("a lapsed offer holds no seat: the seats can then be cut to the people enrolled", async () => {
    const group = await createEmptyGroup(s, 2, "Offer lapsed");
    const [leaver, stayer, waiting] = await createParticipants(s, 3);
    for (const p of [leaver, stayer, waiting]) await registerForGroup(p, group.id, intake(), { baseUrl: BASE });
    await updateWaitlistSettings(s.manager, group.id, { mode: "offer", offerHours: 2, shareNamesWithGroup: false }, { baseUrl: BASE });
    const t0 = new Date(Date.now() + 60_000);
    await withdrawEnrolment(leaver, await enrolmentOf(group.id, leaver.id), { baseUrl: BASE, now: t0 });
    await changeCapacity(s.manager, group.id, 1, { baseUrl: BASE, now: new Date(t0.getTime() + 3 * 3_600_000) });
    const [after] = await db.select({ capacity: groups.capacity }).from(groups).where(eq(groups.id, group.id));
    expect(after.capacity).toBe(1);
  });
});
