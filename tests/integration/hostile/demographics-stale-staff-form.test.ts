import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { participantDemographics } from "~/db/tables/demographics";
import { translateMessage } from "~/i18n/catalog";
import { saveOwnDemographics } from "~/modules/demographics/mutations.server";
import * as staffPage from "~/routes/participants.$userId.demographics";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Scenario } from "../../factories/scenario";

/**
 * Hostile review (dec 6b): the staff demographics form sends back every answer it showed. A person
 * who changed their own answer (their gender, say) on /my/demographics while a staff member had
 * their page open lost it when the staff member saved a ZIP code: the old answer was written over
 * theirs, and the audit keeps only which questions changed, never the answers — no trace of what
 * the person had said. A save from a page opened before the answers changed is now refused,
 * saves nothing, and asks to open the page again.
 */
const STALE = "These answers were changed since you opened this page (the person may have updated them). Nothing was saved: open the page again to see the current answers, then make your change.";
type Page = { version: string; demographics: { gender: string | null } | null };

describe("a staff member saves demographics from a page opened before the person changed them", () => {
  let s: Scenario;
  const path = () => ({ path: `/participants/${s.participant.id}/demographics`, params: { userId: s.participant.id } });
  const open = async () => (await callRoute(staffPage, { ...path(), cookie: s.manager.cookie })).data as Page;
  const save = (form: Record<string, string>) => callRoute(staffPage, { ...path(), cookie: s.manager.cookie, form: { intent: "demographics", ...form } });
  const row = async () => (await db.select().from(participantDemographics).where(and(eq(participantDemographics.organizationId, s.org.id), eq(participantDemographics.userId, s.participant.id))))[0];
  beforeAll(async () => {
    s = await createOrgScenario();
    await saveOwnDemographics(s.participant, { birthDate: null, ageBand: "35_44", gender: "woman", raceEthnicity: null, primaryLanguage: null, zipCode: null, veteranStatus: null }, new Date());
  });

  it("is refused and changes nothing; the person's own answer stays", async () => {
    const page = await open();
    expect(page.demographics?.gender).toBe("woman");
    await saveOwnDemographics(s.participant, { birthDate: null, ageBand: "35_44", gender: "non_binary", raceEthnicity: null, primaryLanguage: null, zipCode: null, veteranStatus: null }, new Date(Date.now() + 1000));
    const before = await row();
    const out = await save({ version: page.version, ageBand: "35_44", gender: "woman", zipCode: "19104" });
    expect(out.status).toBe(400);
    expect((out.data as { errors: Record<string, string[]> }).errors._form).toEqual([STALE]);
    expect(await row()).toEqual(before);
    expect(translateMessage(STALE, "es-ES")).toMatch(/^Estas respuestas cambiaron/);
  });

  it("a page opened after the change saves", async () => {
    const page = await open();
    const out = await save({ version: page.version, ageBand: "35_44", gender: "non_binary", zipCode: "19104" });
    expect(out.status).toBe(200);
    expect(await row()).toMatchObject({ gender: "non_binary", zipCode: "19104" });
  });
});
