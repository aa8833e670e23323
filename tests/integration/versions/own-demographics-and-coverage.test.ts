import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { NO_VERSION_ANSWERS } from "~/modules/errors";
import { db } from "~/db/client.server";
import { participantCoverage, participantDemographics } from "~/db/tables/demographics";
import { translateMessage } from "~/i18n/catalog";
import { saveOwnDemographics } from "~/modules/demographics/mutations.server";
import * as myPage from "~/routes/my.demographics";
import * as staffPage from "~/routes/participants.$userId.demographics";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Scenario } from "../../factories/scenario";
import { openedVersion, postStaffDemographics, type StaleFailure } from "../../factories/versioned-saves";

/**
 * Hostile review dec6c #11: the participant's own demographics page sent back every answer it
 * showed with no version, so a person who opened /my/demographics before staff corrected an answer
 * with them (on the staff page, which is versioned) wrote the old answer back when they saved — no
 * trace, the audit keeps no answers. The staff coverage form likewise wrote the payer it showed over
 * a colleague's change. Both forms now carry the version they were opened on; a stale save or one
 * naming no version saves nothing, keeps the entries and names what changed.
 */
const STALE_OWN =
  "Some of these answers were changed after you opened this page (staff may have corrected them with you), so nothing was saved. Your entries are kept in the form and the answers as saved now are shown above it: compare them, then save again.";
const STALE_COVERAGE =
  "Payer or Medicaid ID was changed by someone else after you opened this page, so nothing was saved. The form keeps your entries and what is saved now is shown above it: compare them, then save again.";

let s: Scenario;
beforeAll(async () => {
  s = await createOrgScenario();
  await saveOwnDemographics(s.participant, { birthDate: null, ageBand: "35_44", gender: "woman", raceEthnicity: null, primaryLanguage: null, zipCode: "19104", veteranStatus: null }, new Date());
});

describe("a participant saves their answers from a page opened before staff corrected one", () => {
  const at = () => ({ path: "/my/demographics", params: {}, cookie: s.participant.cookie });
  const open = () => openedVersion(myPage, at());
  const send = (form: Record<string, string>) => callRoute(myPage, { ...at(), form });
  const row = async () => (await db.select().from(participantDemographics).where(and(eq(participantDemographics.organizationId, s.org.id), eq(participantDemographics.userId, s.participant.id))))[0];

  it("is refused: the staff correction stays, the entries are kept, the changed question is named; saving again after comparing works", async () => {
    const mine = await open();
    // Staff correct the ZIP code with the person, on the (versioned) staff page.
    expect((await postStaffDemographics(s.manager.cookie, s.participant.id, { intent: "demographics", ageBand: "35_44", gender: "woman", zipCode: "19147" })).status).toBe(200);
    const before = await row();
    const out = await send({ version: mine!, ageBand: "35_44", gender: "non_binary", zipCode: "19104" });
    expect(out.status).toBe(400);
    const failed = out.data as StaleFailure;
    expect(failed.errors._form).toEqual([STALE_OWN]);
    expect(failed.details?.changed).toEqual(["zipCode"]);
    expect(failed.values.gender).toBe("non_binary");
    expect(await row()).toEqual(before);
    expect(translateMessage(STALE_OWN, "es-ES")).toMatch(/^Algunas de estas respuestas cambiaron/);
    expect(failed.values.version).toBe(await open());
    expect((await send({ ...failed.values, zipCode: "19147" })).status).toBe(200);
    expect(await row()).toMatchObject({ gender: "non_binary", zipCode: "19147" });
  });

  it("a save naming no version is refused and changes nothing; a page opened now saves", async () => {
    const before = await row();
    const out = await send({ ageBand: "35_44", gender: "woman", zipCode: "19147" });
    expect(out.status).toBe(400);
    expect((out.data as StaleFailure).errors._form).toEqual([NO_VERSION_ANSWERS]);
    expect(await row()).toEqual(before);
    expect((await send({ version: (await open())!, ageBand: "35_44", gender: "woman", zipCode: "19147" })).status).toBe(200);
    expect(await row()).toMatchObject({ gender: "woman" });
  });
});

describe("two staff members save payer and Medicaid ID from pages opened on the same version", () => {
  const at = (cookie: string) => ({ path: `/participants/${s.participant.id}/demographics`, params: { userId: s.participant.id }, cookie });
  const open = (cookie: string) => openedVersion(staffPage, at(cookie), (d) => (d as { coverageVersion: string }).coverageVersion);
  const send = (cookie: string, form: Record<string, string>) => callRoute(staffPage, { ...at(cookie), form: { intent: "coverage", ...form } });
  const row = async () => (await db.select().from(participantCoverage).where(and(eq(participantCoverage.organizationId, s.org.id), eq(participantCoverage.userId, s.participant.id))))[0];

  it("the second save is refused and does not write its payer back; saving again after comparing works", async () => {
    const [first, second] = [await open(s.manager.cookie), await open(s.admin.cookie)];
    expect((await send(s.manager.cookie, { version: first!, payer: "medicaid", medicaidId: "AB123456" })).status).toBe(200);
    const before = await row();
    const out = await send(s.admin.cookie, { version: second!, payer: "private" });
    expect(out.status).toBe(400);
    const failed = out.data as StaleFailure;
    expect(failed.errors._form).toEqual([STALE_COVERAGE]);
    expect(failed.details?.changed).toEqual(["payer", "medicaidId"]);
    expect(await row()).toEqual(before);
    expect(translateMessage(STALE_COVERAGE, "es-ES")).toMatch(/^Otra persona cambió el pagador/);
    expect(failed.values.version).toBe(await open(s.admin.cookie));
    expect((await send(s.admin.cookie, { version: failed.values.version, payer: "medicaid" })).status).toBe(200);
    expect(await row()).toMatchObject({ payer: "medicaid", medicaidId: "AB123456" });
  });

  it("a save naming no version is refused and changes nothing", async () => {
    const before = await row();
    const out = await send(s.manager.cookie, { payer: "private" });
    expect(out.status).toBe(400);
    expect((out.data as StaleFailure).errors._form).toEqual([NO_VERSION_ANSWERS]);
    expect(await row()).toEqual(before);
  });
});
