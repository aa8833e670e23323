import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { NO_VERSION_ANSWERS } from "~/modules/errors";
import { db } from "~/db/client.server";
import { curriculumUnits } from "~/db/tables/curriculum";
import { translateMessage } from "~/i18n/catalog";
import { addUnit, moveUnit } from "~/modules/records/curriculum/mutations.server";
import * as unitPage from "~/routes/groups.$groupId.curriculum.$unitId";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Person, type Scenario } from "../../factories/scenario";
import { openedVersion, postUnit, unitAt, type StaleFailure } from "../../factories/versioned-saves";

/**
 * A curriculum unit's page sent back its whole form with no version: a manager who opened the unit
 * an hour ago (on a phone, say) wrote their old wording over a colleague's newer guidance, and
 * nobody was told. The form now carries the unit's version; the save compares it under the unit's
 * row lock and refuses an out-of-date save (or one naming no version), saving nothing, keeping the
 * person's text and showing the unit as saved now.
 */
const STALE =
  "This unit was changed by someone else after you opened this page, so nothing was saved. The form keeps your entries and the unit as it is saved now is shown above it: compare them, then save again.";

let s: Scenario;
beforeAll(async () => {
  s = await createOrgScenario();
});

async function newUnit(title: string) {
  const { id } = await addUnit(s.manager, s.group.id, { title, objectives: "Know where the money goes", durationMinutes: 90, guidance: "Start with a round of check-ins" }, new Date());
  return id;
}
const row = async (id: string) => (await db.select().from(curriculumUnits).where(eq(curriculumUnits.id, id)))[0];
const form = (extra: Record<string, string>) => ({ intent: "update", title: "Money at home", objectives: "Know where the money goes", durationMinutes: "90", guidance: "Start with a round of check-ins", ...extra });
const open = (who: Person, unitId: string) => openedVersion(unitPage, unitAt(who.cookie, s.group.id, unitId));
const send = (who: Person, unitId: string, body: Record<string, string>) => callRoute(unitPage, { ...unitAt(who.cookie, s.group.id, unitId), form: body });

describe("two managers edit one curriculum unit from pages opened on the same version", () => {
  it("the second save is refused: nothing changes, the person's text is kept, the changed field is named and the current version comes back", async () => {
    const unitId = await newUnit("Money at home");
    const [first, second] = [await open(s.manager, unitId), await open(s.admin, unitId)];
    expect(first).toBe(second);
    expect((await send(s.manager, unitId, form({ version: first!, guidance: "Start with the spending diary from last week" }))).status).toBe(302);
    const before = await row(unitId);
    const out = await send(s.admin, unitId, form({ version: second!, objectives: "Know where the money goes; plan one week" }));
    expect(out.status).toBe(400);
    const failed = out.data as StaleFailure;
    expect(failed.errors._form).toEqual([STALE]);
    expect(failed.details?.changed).toEqual(["guidance"]);
    expect(failed.values.objectives).toBe("Know where the money goes; plan one week");
    expect(await row(unitId)).toEqual(before);
    expect(before.guidance).toBe("Start with the spending diary from last week");
    // The form now carries the version saved now (shown on the page above the form): saving again after comparing works.
    expect(failed.values.version).toBe(await open(s.admin, unitId));
    expect(translateMessage(STALE, "es-ES")).toMatch(/^Otra persona cambió esta unidad/);
    const again = await send(s.admin, unitId, form({ ...failed.values, guidance: "Start with the spending diary from last week", objectives: "Know where the money goes; plan one week" }));
    expect(again.status).toBe(302);
    expect(await row(unitId)).toMatchObject({ guidance: "Start with the spending diary from last week", objectives: "Know where the money goes; plan one week" });
  });

  it("two saves sent at the same moment take turns under the row lock: one is saved, the other refused", async () => {
    const unitId = await newUnit("Bills calendar");
    const version = (await open(s.manager, unitId))!;
    const outs = await Promise.all([
      send(s.manager, unitId, form({ title: "Bills calendar", version, guidance: "Bring last month's bills" })),
      send(s.admin, unitId, form({ title: "Bills calendar", version, guidance: "Use the wall calendar" })),
    ]);
    expect(outs.map((o) => o.status).sort()).toEqual([302, 400]);
    const winner = outs[0].status === 302 ? "Bring last month's bills" : "Use the wall calendar";
    expect((await row(unitId)).guidance).toBe(winner);
  });

  it("a save that names no version is refused: nothing changes, the text is kept and the current version comes back", async () => {
    const unitId = await newUnit("Saving a little");
    const before = await row(unitId);
    const out = await send(s.manager, unitId, form({ title: "Saving a little", guidance: "Talk about a jar for coins" }));
    expect(out.status).toBe(400);
    const failed = out.data as StaleFailure;
    expect(failed.errors._form).toEqual([NO_VERSION_ANSWERS]);
    expect(failed.values.guidance).toBe("Talk about a jar for coins");
    expect(await row(unitId)).toEqual(before);
    expect(failed.values.version).toBe(await open(s.manager, unitId));
  });

  it("a save on the current version succeeds, and moving the unit meanwhile is no conflict", async () => {
    const unitId = await newUnit("Credit scores");
    await newUnit("Banking basics");
    const version = (await open(s.manager, unitId))!;
    await moveUnit(s.admin, s.group.id, unitId, "down", new Date());
    expect((await postUnit(s.manager.cookie, s.group.id, unitId, form({ title: "Credit scores", version, durationMinutes: "60" }))).status).toBe(302);
    expect(await row(unitId)).toMatchObject({ durationMinutes: 60, title: "Credit scores" });
    // The factory opens the page first, as a person does.
    expect((await postUnit(s.admin.cookie, s.group.id, unitId, form({ title: "Credit scores", durationMinutes: "75" }))).status).toBe(302);
    expect((await row(unitId)).durationMinutes).toBe(75);
  });

  it("names only the fields someone else changed, not those the person edited", async () => {
    const unitId = await newUnit("Shopping lists");
    const version = (await open(s.manager, unitId))!;
    await send(s.admin, unitId, form({ title: "Shopping lists", version, durationMinutes: "45" }));
    const out = await send(s.manager, unitId, form({ title: "Shopping lists", version, guidance: "Compare two shops" }));
    expect((out.data as StaleFailure).details?.changed).toEqual(["durationMinutes"]);
  });
});
