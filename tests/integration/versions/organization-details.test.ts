import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { NO_VERSION_ANSWERS } from "~/modules/errors";
import { db } from "~/db/client.server";
import { organizations } from "~/db/schema";
import { translateMessage } from "~/i18n/catalog";
import * as detailsPage from "~/routes/admin.organization";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Scenario } from "../../factories/scenario";
import { openedVersion, organizationAt, type StaleFailure } from "../../factories/versioned-saves";

/**
 * The organisation's details form sent back every field with no version: an administrator who
 * opened the page earlier wrote the old crisis text (the one shown to people in crisis) back over
 * a colleague's newer one when she changed the phone number. The form now carries the details'
 * version; a stale save, or one naming no version, saves nothing, keeps the entries and names
 * the fields changed meanwhile.
 */
const STALE =
  "The organisation's details were changed by someone else after you opened this page, so nothing was saved. The form keeps your entries and the details as saved now are shown above it: compare them, then save again.";

let s: Scenario;
beforeAll(async () => {
  s = await createOrgScenario();
});

// One administrator's two pages (a desk and a phone) stand for two administrators: the check compares versions, not people.
describe("two pages of the organisation's details opened on the same version", () => {
  const org = async () => (await db.select().from(organizations).where(eq(organizations.id, s.org.id)))[0];
  const open = () => openedVersion(detailsPage, organizationAt(s.admin.cookie));
  const send = (form: Record<string, string>) => callRoute(detailsPage, { ...organizationAt(s.admin.cookie), form });
  const form = (extra: Record<string, string>) => ({
    name: s.org.name,
    timezone: s.org.timezone,
    crisisText: "Call or text 988, any time.",
    contactEmail: "",
    contactPhone: "",
    address: "",
    defaultCountry: "US",
    smsSenderName: "",
    ...extra,
  });

  it("the second save is refused: the newer crisis text stays, the entries are kept, the changed field is named; saving again after comparing works", async () => {
    await db.update(organizations).set({ crisisText: "Call or text 988, any time.", contactPhone: "", address: "", contactEmail: "", defaultCountry: "US", smsSenderName: "" }).where(eq(organizations.id, s.org.id));
    const [first, second] = [await open(), await open()];
    expect((await send(form({ version: first!, crisisText: "Call or text 988, any time. Our duty worker: (555) 010-2000." }))).status).toBe(302);
    const before = await org();
    const out = await send(form({ version: second!, contactPhone: "(555) 010-1000" }));
    expect(out.status).toBe(400);
    const failed = out.data as StaleFailure;
    expect(failed.errors._form).toEqual([STALE]);
    expect(failed.details?.changed).toEqual(["crisisText"]);
    expect(failed.values.contactPhone).toBe("(555) 010-1000");
    expect(await org()).toEqual(before);
    expect(translateMessage(STALE, "es-ES")).toMatch(/^Otra persona cambió los datos de la organización/);
    expect(failed.values.version).toBe(await open());
    expect((await send({ ...failed.values, crisisText: before.crisisText })).status).toBe(302);
    expect(await org()).toMatchObject({ crisisText: "Call or text 988, any time. Our duty worker: (555) 010-2000.", contactPhone: "(555) 010-1000" });
  });

  it("a save naming no version is refused and changes nothing", async () => {
    const before = await org();
    const out = await send(form({ name: "Renamed" }));
    expect(out.status).toBe(400);
    expect((out.data as StaleFailure).errors._form).toEqual([NO_VERSION_ANSWERS]);
    expect(await org()).toEqual(before);
  });
});
