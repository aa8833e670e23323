/**
 * A waiting-list offer to someone the app cannot reach. No email goes to an address its owner never
 * confirmed (a walk-in's typed address, a sign-up never confirmed: processOutbox), and such an
 * account cannot sign in to accept: in offer mode the offer was made all the same, never reached
 * them, lapsed a day later, and they lost their place. Such a person is now given the seat at once
 * (they were registered by staff, who see them on the roster); a reachable person is still offered it.
 */
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { appUrl } from "~/config.server";
import { db } from "~/db/client.server";
import { users } from "~/db/schema";
import { processWaitlists, registerForGroup, updateWaitlistSettings, withdrawEnrolment } from "~/modules/registration/mutations.server";
import { createEmptyGroup, intake, statusOf } from "../../factories/registration";
import { createOrgScenario, createPerson, type Scenario } from "../../factories/scenario";

let s: Scenario;
const base = { baseUrl: appUrl() };
beforeAll(async () => {
  s = await createOrgScenario();
}, 60_000);

/** A one-seat group in offer mode whose seat `holder` takes, with `waiting` registered by a manager after them. */
async function fullGroup(name: string) {
  const group = await createEmptyGroup(s, 1, name);
  await updateWaitlistSettings(s.manager, group.id, { mode: "offer", offerHours: 24, shareNamesWithGroup: false }, base);
  const holder = await createPerson(s.org, "participant", { name: `${name} holder` });
  const held = await registerForGroup(holder, group.id, intake(), base);
  return { group, release: () => withdrawEnrolment(holder, held.enrolmentId, base) };
}

describe("a freed seat in offer mode", () => {
  it("goes at once to a person whose address nobody confirmed, who keeps it after the offer time", async () => {
    const { group, release } = await fullGroup("Offers A");
    const una = await createPerson(s.org, "participant", { name: "Una Unconfirmed" });
    await db.update(users).set({ emailConfirmedAt: null }).where(eq(users.id, una.id));
    expect((await registerForGroup(s.manager, group.id, intake({ participantId: una.id }), base)).status).toBe("waitlisted");
    await release();
    expect(await statusOf(group.id, una.id)).toBe("enrolled");
    await processWaitlists(new Date(Date.now() + 25 * 3_600_000));
    expect(await statusOf(group.id, una.id)).toBe("enrolled");
  });

  it("is still offered to a person the app can reach", async () => {
    const { group, release } = await fullGroup("Offers B");
    const cora = await createPerson(s.org, "participant", { name: "Cora Confirmed" });
    expect((await registerForGroup(s.manager, group.id, intake({ participantId: cora.id }), base)).status).toBe("waitlisted");
    await release();
    expect(await statusOf(group.id, cora.id)).toBe("offered");
  });
});
