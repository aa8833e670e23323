import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { groupFacilitators, groups } from "~/db/schema";
import { translateMessage } from "~/i18n/catalog";
import { changeCapacity } from "~/modules/registration/mutations.server";
import * as groupEdit from "~/routes/groups.$groupId.edit";
import { createEmptyGroup } from "../../factories/registration";
import { callRoute } from "../../factories/requests";
import { makeCurrent } from "../../factories/competency";
import { createOrgScenario, type Scenario } from "../../factories/scenario";

// The group edit page sends back every field it showed. Two managers editing one group from pages
// opened at the same time: the second save wrote its page's old values over the first's changes
// (last writer wins) — a new location, facilitator or seat number silently undone. The page now
// carries the group's version; a save from an outdated page is refused, saves nothing, and the
// form comes back with the current values where others changed them and the person's own entries
// everywhere else.

const STALE =
  "This group was changed by someone else since you opened this page. Your changes were not saved: the form now shows the current version, with your own entries kept where nobody else changed them. Check it and save again.";

let s: Scenario;
beforeAll(async () => {
  s = await createOrgScenario();
  // Cleared to lead (the competency gate checks a facilitator added on this page).
  await makeCurrent(s.org.id, s.facilitator.id, s.manager.id);
});

type Loaded = { group: { name: string; kind: string; description: string; timezone: string; capacity: number; location: string; onlineUrl: string; language: string; facilitatorIds: string[] }; version: string };
type Refused = { errors: Record<string, string[]>; values: Record<string, string>; details?: { changed: string[] } };

const open = async (cookie: string, groupId: string) =>
  (await callRoute(groupEdit, { path: `/groups/${groupId}/edit`, params: { groupId }, cookie })).data as Loaded;

/** The form as the page would send it: the values it showed, with the person's edits. */
const formOf = (page: Loaded, edits: Record<string, string | string[]> = {}) => ({
  name: page.group.name,
  kind: page.group.kind,
  description: page.group.description,
  timezone: page.group.timezone,
  capacity: String(page.group.capacity),
  location: page.group.location,
  onlineUrl: page.group.onlineUrl,
  language: page.group.language,
  "facilitatorIds[]": page.group.facilitatorIds,
  version: page.version,
  ...edits,
});

const save = (cookie: string, groupId: string, form: Record<string, string | string[]>) =>
  callRoute(groupEdit, { path: `/groups/${groupId}/edit`, params: { groupId }, cookie, form });
const row = async (groupId: string) => (await db.select().from(groups).where(eq(groups.id, groupId)))[0];

describe("two managers editing the same group from pages opened at the same time", () => {
  it("the second save is refused, saves nothing, and shows the current version with its own entries kept", async () => {
    const group = await createEmptyGroup(s, 8, "Evening circle");
    const mine = await open(s.manager.cookie, group.id);
    const theirs = await open(s.admin.cookie, group.id);
    // The admin moves the group to another room and adds a facilitator.
    const first = await save(s.admin.cookie, group.id, formOf(theirs, { location: "Room 12", "facilitatorIds[]": [s.facilitator.id] }));
    expect(first.status).toBe(302);
    // The manager, on the page opened before, renames the group and adds a description.
    const second = await save(s.manager.cookie, group.id, formOf(mine, { name: "Thursday circle", description: "Bring a mug." }));
    expect(second.status).toBe(400);
    const refused = second.data as Refused;
    expect(refused.errors._form).toEqual([STALE]);
    expect(translateMessage(STALE, "es-ES")).toBe(
      "Otra persona cambió este grupo desde que usted abrió esta página. Sus cambios no se guardaron: el formulario muestra ahora la versión actual, con sus propios datos donde nadie más los cambió. Revíselo y guarde de nuevo.",
    );
    expect(refused.details!.changed.sort()).toEqual(["facilitatorIds", "location"]);
    // Nothing of the stale form was saved; the admin's change stands.
    const now = await row(group.id);
    expect({ name: now.name, description: now.description, location: now.location }).toEqual({ name: "Evening circle", description: "", location: "Room 12" });
    // The form comes back with the admin's values where they changed and the manager's entries elsewhere.
    expect(refused.values).toMatchObject({ name: "Thursday circle", description: "Bring a mug.", location: "Room 12", facilitatorIds: s.facilitator.id });
    expect(refused.values.version).not.toBe(mine.version);
    expect(refused.values.version).toBe((await open(s.manager.cookie, group.id)).version);
    // Sent again as it came back, it is saved: both people's changes stand.
    const { facilitatorIds, ...sentBack } = refused.values;
    const again = await save(s.manager.cookie, group.id, { ...sentBack, "facilitatorIds[]": facilitatorIds.split(",") });
    expect(again.status).toBe(302);
    const final = await row(group.id);
    expect({ name: final.name, description: final.description, location: final.location }).toEqual({ name: "Thursday circle", description: "Bring a mug.", location: "Room 12" });
    const leaders = await db.select({ userId: groupFacilitators.userId }).from(groupFacilitators).where(eq(groupFacilitators.groupId, group.id));
    expect(leaders.map((l) => l.userId)).toEqual([s.facilitator.id]);
  });

  it("seats changed on the waiting-list page meanwhile: the edit page's old number is not written back", async () => {
    const group = await createEmptyGroup(s, 8, "Seats meanwhile");
    const page = await open(s.manager.cookie, group.id);
    await changeCapacity(s.admin, group.id, 12, { baseUrl: "http://test.local", shownCapacity: 8 });
    const out = await save(s.manager.cookie, group.id, formOf(page, { language: "es" }));
    expect(out.status).toBe(400);
    const refused = out.data as Refused;
    expect(refused.details!.changed).toEqual(["capacity"]);
    expect(refused.values).toMatchObject({ capacity: "12", language: "es" });
    expect(await row(group.id)).toMatchObject({ capacity: 12, language: "en" });
  });

  it("two saves at the same moment from the same page state: one is saved, the other refused (5 rounds)", async () => {
    for (let round = 0; round < 5; round++) {
      const group = await createEmptyGroup(s, 8, `Same moment ${round}`);
      const a = await open(s.manager.cookie, group.id);
      const b = await open(s.admin.cookie, group.id);
      const answers = await Promise.all([
        save(s.manager.cookie, group.id, formOf(a, { location: "Room A" })),
        save(s.admin.cookie, group.id, formOf(b, { onlineUrl: "https://meet.example.org/b" })),
      ]);
      expect(answers.map((x) => x.status).sort()).toEqual([302, 400]);
      const saved = await row(group.id);
      // Exactly one person's change, never one undoing the other's unseen.
      expect([saved.location === "Room A", saved.onlineUrl === "https://meet.example.org/b"].filter(Boolean)).toHaveLength(1);
    }
  }, 60_000);

  it("an unchanged group saves as before, and a form carrying a junk version saves nothing", async () => {
    const group = await createEmptyGroup(s, 8, "Junk version");
    const page = await open(s.manager.cookie, group.id);
    const junk = await save(s.manager.cookie, group.id, formOf(page, { location: "Room 5", version: "not-a-version" }));
    expect(junk.status).toBe(400);
    expect((junk.data as Refused).errors._form).toEqual([STALE]);
    expect((await row(group.id)).location).toBe("Room 9");
    const ok = await save(s.manager.cookie, group.id, formOf(page, { location: "Room 5" }));
    expect(ok.status).toBe(302);
    expect((await row(group.id)).location).toBe("Room 5");
  });

  it("a form that names no version (a page kept open from before, a crafted post) saves nothing and comes back with its entries and the current version", async () => {
    const group = await createEmptyGroup(s, 8, "No version");
    const page = await open(s.manager.cookie, group.id);
    // Someone else moves the group meanwhile; the versionless form would have written "Room 9" back.
    expect((await save(s.admin.cookie, group.id, formOf(await open(s.admin.cookie, group.id), { location: "Room 12" }))).status).toBe(302);
    const { version: _none, ...versionless } = formOf(page, { name: "Renamed" });
    const out = await save(s.manager.cookie, group.id, versionless);
    expect(out.status).toBe(400);
    const refused = out.data as Refused;
    const NO_VERSION =
      "This form did not say which version of the group it was opened on, so it could not be checked against changes others made meanwhile. Nothing was saved: the form shows your entries; check them against the group and save again.";
    expect(refused.errors._form).toEqual([NO_VERSION]);
    expect(translateMessage(NO_VERSION, "es-ES")).toMatch(/^Este formulario no indicaba/);
    expect(await row(group.id)).toMatchObject({ name: "No version", location: "Room 12" });
    expect(refused.values).toMatchObject({ name: "Renamed", location: "Room 9" });
    expect(refused.values.version).toBe((await open(s.manager.cookie, group.id)).version);
  });
});
