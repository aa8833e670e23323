import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { individualContacts } from "~/db/tables/records";
import { translateMessage } from "~/i18n/catalog";
import { saveContact } from "~/modules/records/contacts/mutations.server";
import * as contactPage from "~/routes/participants.$userId.contacts.$contactId";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Person, type Scenario } from "../../factories/scenario";
import { contactAt, openedVersion, postContact, type StaleFailure } from "../../factories/versioned-saves";

/**
 * A draft one-to-one contact's page sent back its whole form with no version: a peer worker who
 * opened the draft an hour ago wrote their old note over the wording a manager (or co-worker) had
 * saved since — and "Save and sign" locked that old copy for good. The form now carries the
 * draft's version; the save compares it under the contact's row lock and refuses an out-of-date
 * save or sign (or one naming no version): nothing is saved or signed, the person's text is kept,
 * and the draft as saved now is shown beside it.
 */
const STALE =
  "This contact was changed by someone else after you opened this page, so nothing was saved (nor signed). The form keeps your entries and the contact as it is saved now is shown above it: compare them, then save again.";
const NO_VERSION =
  "This form did not say which version of the note it was opened on, so it could not be checked against changes others made meanwhile. Nothing was saved or signed: the form shows your text; compare it with the current note (open this page again in another tab) and save again.";

let s: Scenario;
const yesterday = () => new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
beforeAll(async () => {
  s = await createOrgScenario();
});

async function newDraft(note: string) {
  const { contactId } = await saveContact(s.facilitator, s.participant.id, null, { contactDate: yesterday(), minutes: 30, mode: "phone", component: null, planLink: "", note }, new Date());
  return contactId;
}
const row = async (id: string) => (await db.select().from(individualContacts).where(eq(individualContacts.id, id)))[0];
const form = (extra: Record<string, string>) => ({ intent: "save", programId: s.program.id, contactDate: yesterday(), minutes: "30", mode: "phone", component: "", planLink: "", note: "", ...extra });
const open = (who: Person, contactId: string) => openedVersion(contactPage, contactAt(who.cookie, s.participant.id, contactId));
const send = (who: Person, contactId: string, body: Record<string, string>) => callRoute(contactPage, { ...contactAt(who.cookie, s.participant.id, contactId), form: body });

describe("two staff members finish one draft contact from pages opened on the same version", () => {
  it("the second save and sign is refused: nothing is saved or signed, the text is kept, the changed fields are named and the current version comes back", async () => {
    const contactId = await newDraft("Called about the housing form.");
    const [first, second] = [await open(s.facilitator, contactId), await open(s.manager, contactId)];
    expect(first).toBe(second);
    expect((await send(s.manager, contactId, form({ version: second!, minutes: "45", note: "Called about the housing form; the landlord's letter is still missing." }))).status).toBe(302);
    const before = await row(contactId);
    const out = await send(s.facilitator, contactId, form({ version: first!, intent: "sign", component: "advocacy", note: "Called about the housing form." }));
    expect(out.status).toBe(400);
    const failed = out.data as StaleFailure;
    expect(failed.errors._form).toEqual([STALE]);
    expect(failed.details?.changed).toEqual(["minutes", "note"]);
    expect(failed.values).toMatchObject({ component: "advocacy", note: "Called about the housing form." });
    expect(await row(contactId)).toEqual(before);
    expect(before.signedAt).toBeNull();
    expect(translateMessage(STALE, "es-ES")).toMatch(/^Otra persona cambió este contacto/);
    // The page shows the draft as saved now above the form; the form carries its version, so saving after comparing works.
    const page = (await callRoute(contactPage, contactAt(s.facilitator.cookie, s.participant.id, contactId))).data as { contact: { note: string }; version: string };
    expect(page.contact.note).toBe("Called about the housing form; the landlord's letter is still missing.");
    expect(failed.values.version).toBe(page.version);
    const again = await send(s.facilitator, contactId, form({ ...failed.values, minutes: "45", note: "Called about the housing form; the landlord's letter is still missing. Will call again Monday." }));
    expect(again.status).toBe(302);
    expect(await row(contactId)).toMatchObject({ minutes: 45, component: "advocacy", note: "Called about the housing form; the landlord's letter is still missing. Will call again Monday." });
    expect((await row(contactId)).signedAt).not.toBeNull();
  });

  it("two saves sent at the same moment take turns under the row lock: one is saved, the other refused", async () => {
    const contactId = await newDraft("Talked about the bus pass.");
    const version = (await open(s.facilitator, contactId))!;
    const outs = await Promise.all([
      send(s.facilitator, contactId, form({ version, note: "Bus pass renewed." })),
      send(s.manager, contactId, form({ version, note: "Bus pass: bring ID next time." })),
    ]);
    expect(outs.map((o) => o.status).sort()).toEqual([302, 400]);
    expect((await row(contactId)).note).toBe(outs[0].status === 302 ? "Bus pass renewed." : "Bus pass: bring ID next time.");
  });

  it("a save (or sign) that names no version is refused: nothing is saved or signed, the text is kept and the current version comes back", async () => {
    const contactId = await newDraft("Checked in after the group.");
    const before = await row(contactId);
    const out = await send(s.manager, contactId, form({ intent: "sign", component: "advocacy", note: "Checked in; all fine." }));
    expect(out.status).toBe(400);
    const failed = out.data as StaleFailure;
    expect(failed.errors._form).toEqual([NO_VERSION]);
    expect(failed.values.note).toBe("Checked in; all fine.");
    expect(await row(contactId)).toEqual(before);
    expect(failed.values.version).toBe(await open(s.manager, contactId));
  });

  it("a save on the current version succeeds; an addendum to a signed contact needs no version", async () => {
    const contactId = await newDraft("Helped with the food bank form.");
    expect((await postContact(s.facilitator.cookie, s.participant.id, contactId, form({ note: "Helped with the food bank form; it was sent." }))).status).toBe(302);
    expect((await row(contactId)).note).toBe("Helped with the food bank form; it was sent.");
    expect((await postContact(s.manager.cookie, s.participant.id, contactId, form({ intent: "sign", component: "advocacy", note: "Helped with the food bank form; it was sent." }))).status).toBe(302);
    expect((await row(contactId)).signedAt).not.toBeNull();
    expect((await send(s.facilitator, contactId, { intent: "addendum", body: "The food bank called back." })).status).toBe(302);
  });
});
