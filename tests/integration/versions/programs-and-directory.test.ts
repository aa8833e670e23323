import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { NO_VERSION_ANSWERS } from "~/modules/errors";
import { db } from "~/db/client.server";
import { programs } from "~/db/schema";
import { resources } from "~/db/tables/referrals";
import { translateMessage } from "~/i18n/catalog";
import { importResources } from "~/modules/referrals/mutations.server";
import * as resourcePage from "~/routes/directory.$resourceId";
import * as programPage from "~/routes/programs.$programId._index";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Person, type Scenario } from "../../factories/scenario";
import { openedVersion, postProgram, postResource, programAt, resourceAt, type StaleFailure } from "../../factories/versioned-saves";

/**
 * The program page's edit form and a directory entry's edit form sent back every field with no
 * version: a manager who opened the page earlier wrote their old wording (an old phone number, an
 * old purpose) over a colleague's newer one. The forms now carry the record's version; the save
 * compares it under the row lock and refuses an out-of-date save (or one naming no version),
 * saving nothing and keeping the person's entries, with the fields changed meanwhile named.
 */
const STALE_PROGRAM =
  "This program was changed by someone else after you opened this page, so nothing was saved. The form keeps your entries and the program as it is saved now is shown above it: compare them, then save again.";
const STALE_RESOURCE =
  "This directory entry was changed by someone else after you opened this page, so nothing was saved. The form keeps your entries and the entry as it is saved now is shown above it: compare them, then save again.";

let s: Scenario;
beforeAll(async () => {
  s = await createOrgScenario();
});

describe("two managers edit one program from pages opened on the same version", () => {
  const program = async () => (await db.select().from(programs).where(eq(programs.id, s.program.id)))[0];
  const open = (who: Person) => openedVersion(programPage, programAt(who.cookie, s.program.id));
  const send = (who: Person, form: Record<string, string>) => callRoute(programPage, { ...programAt(who.cookie, s.program.id), form });
  const form = (extra: Record<string, string>) => ({ name: "Program", purpose: "", serviceType: "", ...extra });

  it("the second save is refused: nothing changes, the entries are kept, the changed field is named; saving again after comparing works", async () => {
    const [first, second] = [await open(s.manager), await open(s.admin)];
    expect((await send(s.manager, form({ version: first!, purpose: "Peer recovery support for adults in early recovery" }))).status).toBe(200);
    const before = await program();
    const out = await send(s.admin, form({ version: second!, serviceType: "Peer support" }));
    expect(out.status).toBe(400);
    const failed = out.data as StaleFailure;
    expect(failed.errors._form).toEqual([STALE_PROGRAM]);
    expect(failed.details?.changed).toEqual(["purpose"]);
    expect(failed.values.serviceType).toBe("Peer support");
    expect(await program()).toEqual(before);
    expect(translateMessage(STALE_PROGRAM, "es-ES")).toMatch(/^Otra persona cambió este programa/);
    expect(failed.values.version).toBe(await open(s.admin));
    expect((await send(s.admin, form({ ...failed.values, purpose: "Peer recovery support for adults in early recovery" }))).status).toBe(200);
    expect(await program()).toMatchObject({ purpose: "Peer recovery support for adults in early recovery", serviceType: "Peer support" });
  });

  it("a save that names no version is refused and changes nothing; one on the current version is saved", async () => {
    const before = await program();
    const out = await send(s.manager, form({ name: "Renamed", purpose: before.purpose, serviceType: before.serviceType }));
    expect(out.status).toBe(400);
    expect((out.data as StaleFailure).errors._form).toEqual([NO_VERSION_ANSWERS]);
    expect((out.data as StaleFailure).values.name).toBe("Renamed");
    expect(await program()).toEqual(before);
    expect((await postProgram(s.manager.cookie, s.program.id, form({ name: "Recovery program", purpose: before.purpose, serviceType: before.serviceType }))).status).toBe(200);
    expect((await program()).name).toBe("Recovery program");
  });
});

describe("two managers edit one directory entry from pages opened on the same version", () => {
  let resourceId: string;
  const resource = async () => (await db.select().from(resources).where(eq(resources.id, resourceId)))[0];
  const open = (who: Person) => openedVersion(resourcePage, resourceAt(who.cookie, resourceId));
  const send = (who: Person, form: Record<string, string | string[]>) => callRoute(resourcePage, { ...resourceAt(who.cookie, resourceId), form });
  const form = (extra: Record<string, string | string[]>) => ({ name: "Legal Aid Society", phone: "215-555-0100", services: "Expungement clinics", "needAreas[]": ["legal"], ...extra });
  beforeAll(async () => {
    const [r] = await db.insert(resources).values({ organizationId: s.org.id, name: "Legal Aid Society", phone: "215-555-0100", services: "Expungement clinics", needAreas: ["legal"] }).returning();
    resourceId = r.id;
  });

  it("the second save is refused: nothing changes, the entries are kept, the changed field is named; saving again after comparing works", async () => {
    const [first, second] = [await open(s.manager), await open(s.admin)];
    const saved = await send(s.manager, form({ version: first!, phone: "215-555-0199" }));
    expect(saved.status, JSON.stringify(saved.data)).toBe(302);
    const before = await resource();
    const out = await send(s.admin, form({ version: second!, services: "Expungement clinics; tenant rights" }));
    expect(out.status).toBe(400);
    const failed = out.data as StaleFailure;
    expect(failed.errors._form).toEqual([STALE_RESOURCE]);
    expect(failed.details?.changed).toEqual(["phone"]);
    expect(failed.values.services).toBe("Expungement clinics; tenant rights");
    expect(await resource()).toEqual(before);
    expect(before.phone).toBe("215-555-0199");
    expect(translateMessage(STALE_RESOURCE, "es-ES")).toMatch(/^Otra persona cambió esta entrada del directorio/);
    expect(failed.values.version).toBe(await open(s.admin));
    expect((await send(s.admin, form({ version: failed.values.version, phone: "215-555-0199", services: "Expungement clinics; tenant rights" }))).status).toBe(302);
    expect(await resource()).toMatchObject({ phone: "215-555-0199", services: "Expungement clinics; tenant rights" });
  });

  it("an import that changed the entry meanwhile is seen too", async () => {
    const version = (await open(s.manager))!;
    await importResources(s.admin, [{ name: "Legal Aid Society", location: "", phone: "215-555-0123", contactPerson: "", services: "Expungement clinics; tenant rights", languages: "", fees: "", eligibility: "", needAreas: ["legal"], website: "" }]);
    const out = await send(s.manager, form({ version, phone: "215-555-0199", services: "Expungement clinics; tenant rights; wills" }));
    expect(out.status).toBe(400);
    expect((out.data as StaleFailure).details?.changed).toEqual(["phone"]);
    expect((await resource()).phone).toBe("215-555-0123");
  });

  it("a save that names no version is refused and changes nothing; one on the current version is saved", async () => {
    const before = await resource();
    const out = await send(s.manager, form({ phone: "215-555-0000" }));
    expect(out.status).toBe(400);
    expect((out.data as StaleFailure).errors._form).toEqual([NO_VERSION_ANSWERS]);
    expect(await resource()).toEqual(before);
    expect((await postResource(s.manager.cookie, resourceId, form({ phone: "215-555-0000", services: before.services }))).status).toBe(302);
    expect((await resource()).phone).toBe("215-555-0000");
  });
});
