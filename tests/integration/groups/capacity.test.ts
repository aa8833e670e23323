import { describe, expect, it } from "vitest";
import { registerForGroup } from "~/modules/registration/mutations.server";
import { saveGroupEdit } from "../../factories/versioned-saves";
import { createEmptyGroup, createParticipants, intake, statusOf } from "../../factories/registration";
import { createOrgScenario } from "../../factories/scenario";

const editForm = (capacity: number) => ({ name: "Small group", kind: "workshop", timezone: "America/New_York", capacity: String(capacity), location: "Room 9", language: "en" });

describe("seats changed on the group edit page", () => {
  it("promotes the waitlist at once when seats are added, and refuses fewer seats than are taken", async () => {
    const s = await createOrgScenario();
    const group = await createEmptyGroup(s, 1, "Small group");
    const [first, second, third] = await createParticipants(s, 3);
    for (const p of [first, second, third]) await registerForGroup(p, group.id, intake(), { baseUrl: "https://app.example" });
    expect([await statusOf(group.id, first.id), await statusOf(group.id, second.id), await statusOf(group.id, third.id)]).toEqual(["enrolled", "waitlisted", "waitlisted"]);

    const raised = await saveGroupEdit(s.manager.cookie, group.id, editForm(2));
    expect(raised.status).toBe(302);
    expect(await statusOf(group.id, second.id)).toBe("enrolled");
    expect(await statusOf(group.id, third.id)).toBe("waitlisted");

    const lowered = await saveGroupEdit(s.manager.cookie, group.id, editForm(1));
    expect(lowered.status).toBe(400);
    expect((lowered.data as { errors: Record<string, string[]> }).errors.capacity[0]).toMatch(/2 seats are taken/);
  });
});
