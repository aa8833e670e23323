import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { NO_VERSION_ANSWERS } from "~/modules/errors";
import { db } from "~/db/client.server";
import { competencyItems } from "~/db/tables/competency";
import { translateMessage } from "~/i18n/catalog";
import { setItemArchived } from "~/modules/competency/framework/mutations.server";
import * as itemsPage from "~/routes/competency.items";
import { installFramework } from "../../factories/competency";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, createPerson, type Person, type Scenario } from "../../factories/scenario";
import { openedVersion, type StaleFailure } from "../../factories/versioned-saves";

/**
 * The competency framework's edit form sent back the whole item with no version: an administrator
 * who opened an item earlier wrote its old description (or name, validity, evidence) back over a
 * colleague's newer one when she only changed another field, and nobody was told. The form now
 * carries the item's version, compared under the item's row lock: a stale save (or one naming no
 * version) saves nothing, keeps the person's entries and names the fields changed meanwhile.
 */
const STALE =
  "This item was changed by someone else after you opened this page, so nothing was saved. The form keeps your entries and the item as it is saved now is shown above it: compare them, then save again.";
type Item = typeof competencyItems.$inferSelect;

let s: Scenario;
let otherAdmin: Person;
let items: Item[];
beforeAll(async () => {
  s = await createOrgScenario();
  otherAdmin = await createPerson(s.org, "admin");
  items = Object.values(await installFramework(s.org.id));
});

const at = (who: Person, itemId: string) => ({ path: `/competency/items?edit=${itemId}`, params: {}, cookie: who.cookie });
const row = async (id: string) => (await db.select().from(competencyItems).where(eq(competencyItems.id, id)))[0];
const open = (who: Person, itemId: string) => openedVersion(itemsPage, at(who, itemId), (d) => (d as { editing: { version: string } | null }).editing?.version);
/** The edit form as the page fills it from the item, with the person's changes. */
const formOf = (item: Item, changes: Record<string, string | string[]>) => ({
  intent: "update",
  itemId: item.id,
  name: item.name,
  code: item.code,
  standard: item.standard,
  description: item.description,
  kind: item.kind,
  requiredForGroupKinds: item.requiredForGroupKinds,
  requiredForRoles: item.requiredForRoles,
  validityMonths: item.validityMonths === null ? "" : String(item.validityMonths),
  acceptedEvidence: item.acceptedEvidence,
  ...(item.observable ? { observable: "on" } : {}),
  ...changes,
});
const send = async (who: Person, itemId: string, changes: Record<string, string | string[]>) =>
  callRoute(itemsPage, { ...at(who, itemId), form: formOf(await row(itemId), changes) });

describe("two administrators edit one framework item from pages opened on the same version", () => {
  it("the second save is refused: nothing changes, the entries come back, the changed field is named; saving again after comparing works", async () => {
    const item = items[0];
    const [first, second] = [await open(s.admin, item.id), await open(otherAdmin, item.id)];
    expect(first).toBeTruthy();
    expect(first).toBe(second);
    expect((await send(s.admin, item.id, { version: first!, description: "Shown in two observed sessions" })).status).toBe(200);
    const before = await row(item.id);
    // Her page still shows the old description: her form sends it back with her new name.
    const out = await callRoute(itemsPage, { ...at(otherAdmin, item.id), form: formOf(item, { version: second!, name: "Engaging every participant" }) });
    expect(out.status).toBe(400);
    const failed = out.data as StaleFailure;
    expect(failed.errors._form).toEqual([STALE]);
    expect(failed.details?.changed).toEqual(["description"]);
    expect(failed.values.name).toBe("Engaging every participant");
    expect(failed.values.description).toBe(item.description);
    expect(await row(item.id)).toEqual(before);
    expect(translateMessage(STALE, "es-ES")).toMatch(/^Otra persona cambió este elemento/);
    // The form now carries the version saved now (the item is shown above it): saving again after comparing works.
    expect(failed.values.version).toBe(await open(otherAdmin, item.id));
    const again = await callRoute(itemsPage, { ...at(otherAdmin, item.id), form: formOf(before, { version: failed.values.version, name: failed.values.name }) });
    expect(again.status).toBe(200);
    expect(await row(item.id)).toMatchObject({ name: "Engaging every participant", description: "Shown in two observed sessions" });
  });

  it("a save with no change meanwhile succeeds; archiving the item meanwhile, or a change undone again, is no conflict", async () => {
    const item = items[1];
    const version = (await open(s.admin, item.id))!;
    await setItemArchived(otherAdmin, item.id, true);
    await setItemArchived(otherAdmin, item.id, false);
    // Someone changes the validity and puts it back: the item reads as the page showed it.
    expect((await send(otherAdmin, item.id, { version: (await open(otherAdmin, item.id))!, validityMonths: "7" })).status).toBe(200);
    expect((await send(otherAdmin, item.id, { version: (await open(otherAdmin, item.id))!, validityMonths: item.validityMonths === null ? "" : String(item.validityMonths) })).status).toBe(200);
    // The evidence list in another order is the same choice.
    await db.update(competencyItems).set({ acceptedEvidence: [...item.acceptedEvidence].reverse() }).where(eq(competencyItems.id, item.id));
    const out = await send(s.admin, item.id, { version, standard: "PA-CSE 2.04 (2026)" });
    expect(out.status).toBe(200);
    expect((await row(item.id)).standard).toBe("PA-CSE 2.04 (2026)");
  });

  it("a save that names no version is refused: nothing changes, the entries are kept and the current version comes back", async () => {
    const item = items[2];
    const before = await row(item.id);
    const out = await send(s.admin, item.id, { name: "Renamed without a version" });
    expect(out.status).toBe(400);
    const failed = out.data as StaleFailure;
    expect(failed.errors._form).toEqual([NO_VERSION_ANSWERS]);
    expect(failed.values.name).toBe("Renamed without a version");
    expect(await row(item.id)).toEqual(before);
    expect(failed.values.version).toBe(await open(s.admin, item.id));
  });

  it("two saves sent at the same moment take turns under the row lock: one is saved, the other refused", async () => {
    const item = items[3];
    const version = (await open(s.admin, item.id))!;
    const outs = await Promise.all([send(s.admin, item.id, { version, description: "First wording" }), send(otherAdmin, item.id, { version, description: "Second wording" })]);
    expect(outs.map((o) => o.status).sort()).toEqual([200, 400]);
    expect((await row(item.id)).description).toBe(outs[0].status === 200 ? "First wording" : "Second wording");
  });
});
