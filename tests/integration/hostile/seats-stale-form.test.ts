import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { groups } from "~/db/schema";
import { translateMessage } from "~/i18n/catalog";
import { registerForGroup } from "~/modules/registration/mutations.server";
import * as waitlistRoute from "~/routes/groups.$groupId.waitlist";
import { createEmptyGroup, createParticipants, intake } from "../../factories/registration";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Scenario } from "../../factories/scenario";

// "Change seats" on the waiting-list page sends the number typed. Two managers who both saw 5
// seats and both typed 6 each meant one more seat; before, the second save changed nothing and
// both believed they had added one (one person fewer seated than they intended). A seat added for
// someone seated out of turn while another manager's page was open was taken back the same way
// (the promise that nobody ahead loses their place broke). The form now says which number it
// showed; if the seats changed meanwhile, the save is refused with the new number.

const BASE = "http://test.local";
let s: Scenario;
beforeAll(async () => {
  s = await createOrgScenario();
});

const post = (cookie: string, groupId: string, form: Record<string, string>) =>
  callRoute(waitlistRoute, { path: `/groups/${groupId}/waitlist`, params: { groupId }, cookie, form });
const capacityOf = async (groupId: string) => (await db.select({ capacity: groups.capacity }).from(groups).where(eq(groups.id, groupId)))[0].capacity;

describe("two managers changing the seats from the same page state", () => {
  it("both saw 5 and typed 6: one is saved, the other is told the seats changed (5 rounds)", async () => {
    for (let round = 0; round < 5; round++) {
      const group = await createEmptyGroup(s, 5, `Stale ${round}`);
      for (const p of await createParticipants(s, 8)) await registerForGroup(p, group.id, intake(), { baseUrl: BASE });
      const form = { intent: "capacity", capacity: "6", shownCapacity: "5" };
      const answers = await Promise.all([post(s.manager.cookie, group.id, form), post(s.admin.cookie, group.id, form)]);
      expect(answers.map((a) => a.status).sort()).toEqual([302, 400]);
      const refused = answers.find((a) => a.status === 400)!;
      const message = (refused.data as { errors: Record<string, string[]> }).errors.capacity[0];
      expect(message).toBe("The group's seats were changed to 6 while this page was open. Check the numbers and send again.");
      expect(translateMessage(message, "es-ES")).toBe("Los lugares del grupo se cambiaron a 6 mientras esta página estaba abierta. Revise los números y envíe de nuevo.");
      expect(await capacityOf(group.id)).toBe(6);
    }
  }, 60_000);

  it("a seat added out of turn is not taken back by a form showing the old number", async () => {
    const group = await createEmptyGroup(s, 2, "Out of turn");
    const people = await createParticipants(s, 4);
    for (const p of people) await registerForGroup(p, group.id, intake(), { baseUrl: BASE });
    const page = await callRoute(waitlistRoute, { path: `/groups/${group.id}/waitlist`, params: { groupId: group.id }, cookie: s.manager.cookie });
    const last = (page.data as { waitlist: { enrolmentId: string }[] }).waitlist[1];
    expect((await post(s.admin.cookie, group.id, { intent: "seat", enrolmentId: last.enrolmentId, seatReason: "Court date next week" })).status).toBe(302);
    expect(await capacityOf(group.id)).toBe(3);
    // The other manager's page still shows 2 seats; they add one for the next person in line.
    const stale = await post(s.manager.cookie, group.id, { intent: "capacity", capacity: "3", shownCapacity: "2" });
    expect(stale.status).toBe(400);
    expect(await capacityOf(group.id)).toBe(3);
    // With the page reloaded (showing 3), the same manager can change it.
    expect((await post(s.manager.cookie, group.id, { intent: "capacity", capacity: "4", shownCapacity: "3" })).status).toBe(302);
    expect(await capacityOf(group.id)).toBe(4);
  });
});
