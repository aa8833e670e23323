import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { groupFacilitators } from "~/db/schema";
import { participantDemographics } from "~/db/tables/demographics";
import { servicePlans } from "~/db/tables/plans";
import { groupNotes, progressNotes } from "~/db/tables/records";
import { translateMessage } from "~/i18n/catalog";
import { saveOwnDemographics } from "~/modules/demographics/mutations.server";
import * as demographicsPage from "~/routes/participants.$userId.demographics";
import * as planPage from "~/routes/participants.$userId.plan";
import * as progressPage from "~/routes/sessions.$sessionId.notes.$userId";
import * as groupNotePage from "~/routes/sessions.$sessionId.notes._index";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Scenario } from "../../factories/scenario";
import { postGroupNote, postPlanBasics, postProgressNote } from "../../factories/versioned-saves";
import { createHeldSession } from "../../factories/voice";

/**
 * Hostile review (dec 6b): the group note, progress note, plan basics and staff demographics pages
 * refuse a save from a page opened before someone else's change, by the version the form carries.
 * A post that named no version (a page kept open from before forms carried one, a crafted form)
 * was not compared at all, so it wrote its copy over whatever others had saved — and a note's
 * "Save and sign" locked that copy for good. Such a post now saves and signs nothing, keeps the
 * person's entries, and sends back the current version, so saving again after a look works.
 */
const NOTE =
  "This form did not say which version of the note it was opened on, so it could not be checked against changes others made meanwhile. Nothing was saved or signed: the form shows your text; compare it with the current note (open this page again in another tab) and save again.";
const ANSWERS =
  "This form did not say which version of the page it was opened on, so it could not be checked against changes others made meanwhile. Nothing was saved: the form shows your entries; compare them with what is saved now (open this page again in another tab) and save again.";
type Failed = { errors: Record<string, string[]>; values: Record<string, string> };

let s: Scenario;
let sessionId: string;
beforeAll(async () => {
  s = await createOrgScenario();
  await db.insert(groupFacilitators).values({ groupId: s.group.id, userId: s.otherFacilitator.id, organizationId: s.org.id });
  sessionId = (await createHeldSession(s, new Date(), 2)).id;
});

describe("a group note posted without a version", () => {
  const at = () => ({ path: `/sessions/${sessionId}/notes`, params: { sessionId } });
  const note = async () => (await db.select().from(groupNotes).where(eq(groupNotes.sessionId, sessionId)))[0];

  it("is refused: the co-facilitator's note stands unsigned, the text is kept, the current version comes back and saving again works", async () => {
    expect((await postGroupNote(s.facilitator.cookie, sessionId, { intent: "save", topic: "Unit 1", activities: "Role play in pairs", groupDynamics: "", followUps: "" })).status).toBe(302);
    const before = await note();
    const out = await callRoute(groupNotePage, { ...at(), cookie: s.otherFacilitator.cookie, form: { intent: "sign", topic: "Unit 1", activities: "Budget game", groupDynamics: "", followUps: "" } });
    expect(out.status).toBe(400);
    const failed = out.data as Failed;
    expect(failed.errors._form).toEqual([NOTE]);
    expect(failed.values.activities).toBe("Budget game");
    expect(await note()).toEqual(before);
    expect(before.signedAt).toBeNull();
    expect(failed.values.version).toBe(((await callRoute(groupNotePage, { ...at(), cookie: s.otherFacilitator.cookie })).data as { version: string }).version);
    expect(translateMessage(NOTE, "es-ES")).toMatch(/^Este formulario no indicaba en qué versión de la nota/);
    const again = await callRoute(groupNotePage, { ...at(), cookie: s.otherFacilitator.cookie, form: { ...failed.values, activities: "Role play in pairs; budget game" } });
    expect(again.status).toBe(302);
    expect(await note()).toMatchObject({ activities: "Role play in pairs; budget game" });
    expect((await note()).signedAt).not.toBeNull();
  });
});

describe("a progress note posted without a version", () => {
  const at = () => ({ path: `/sessions/${sessionId}/notes/${s.participant.id}`, params: { sessionId, userId: s.participant.id } });
  const blank = { workedOn: "", progressRating: "", nextStep: "", minutesOfService: "60", planLink: "" };
  const note = async () => (await db.select().from(progressNotes).where(and(eq(progressNotes.sessionId, sessionId), eq(progressNotes.participantId, s.participant.id))))[0];

  it("is refused: the other's note stands unsigned, the text is kept, the current version comes back and saving again works", async () => {
    expect((await postProgressNote(s.facilitator.cookie, sessionId, s.participant.id, { ...blank, intent: "save", workedOn: "Spoke about the housing letter" })).status).toBe(302);
    const before = await note();
    const out = await callRoute(progressPage, { ...at(), cookie: s.otherFacilitator.cookie, form: { ...blank, intent: "sign", workedOn: "Quiet today", progressRating: "3" } });
    expect(out.status).toBe(400);
    const failed = out.data as Failed;
    expect(failed.errors._form).toEqual([NOTE]);
    expect(failed.values.workedOn).toBe("Quiet today");
    expect(await note()).toEqual(before);
    expect(before.signedAt).toBeNull();
    expect(failed.values.version).toBe(((await callRoute(progressPage, { ...at(), cookie: s.otherFacilitator.cookie })).data as { version: string }).version);
    const again = await callRoute(progressPage, { ...at(), cookie: s.otherFacilitator.cookie, form: { ...failed.values, workedOn: "Spoke about the housing letter; quiet" } });
    expect(again.status).toBe(302);
    expect(await note()).toMatchObject({ workedOn: "Spoke about the housing letter; quiet" });
    expect((await note()).signedAt).not.toBeNull();
  });
});

describe("the plan's strengths, barriers and needs posted without a version", () => {
  const at = () => ({ path: `/participants/${s.participant.id}/plan`, params: { userId: s.participant.id } });
  const blank = { intent: "save-basics", form: "basics", strengths: "", barriers: "", needs: "", nextReviewOn: "" };
  const plan = async () => (await db.select().from(servicePlans).where(eq(servicePlans.participantId, s.participant.id)))[0];

  it("is refused: the other's change stands, the text is kept, the current version comes back and saving again works", async () => {
    expect((await postPlanBasics(s.admin.cookie, s.participant.id, { ...blank, strengths: "Loves cooking", needs: "Housing first" })).status).toBe(200);
    const before = await plan();
    const out = await callRoute(planPage, { ...at(), cookie: s.manager.cookie, form: { ...blank, strengths: "Loves cooking; good with numbers" } });
    expect(out.status).toBe(400);
    const failed = out.data as Failed;
    expect(failed.errors._form).toEqual([ANSWERS]);
    expect(failed.values.strengths).toBe("Loves cooking; good with numbers");
    expect(await plan()).toEqual(before);
    expect(failed.values.version).toBe(((await callRoute(planPage, { ...at(), cookie: s.manager.cookie })).data as { basicsVersion: string }).basicsVersion);
    expect(translateMessage(ANSWERS, "es-ES")).toMatch(/^Este formulario no indicaba en qué versión de la página/);
    const again = await callRoute(planPage, { ...at(), cookie: s.manager.cookie, form: { ...failed.values, needs: "Housing first" } });
    expect(again.status).toBe(200);
    expect(await plan()).toMatchObject({ strengths: "Loves cooking; good with numbers", needs: "Housing first" });
  });
});

describe("a person's demographics posted by staff without a version", () => {
  const at = () => ({ path: `/participants/${s.participant.id}/demographics`, params: { userId: s.participant.id } });
  const row = async () => (await db.select().from(participantDemographics).where(and(eq(participantDemographics.organizationId, s.org.id), eq(participantDemographics.userId, s.participant.id))))[0];
  const answers = { birthDate: null, ageBand: "35_44", gender: "woman", raceEthnicity: null, primaryLanguage: null, zipCode: null, veteranStatus: null } as const;

  it("is refused: the person's own answer stays, the entries are kept, the current version comes back and saving again works", async () => {
    await saveOwnDemographics(s.participant, { ...answers, gender: "non_binary" }, new Date());
    const before = await row();
    const out = await callRoute(demographicsPage, { ...at(), cookie: s.manager.cookie, form: { intent: "demographics", ageBand: "35_44", gender: "woman", zipCode: "19104" } });
    expect(out.status).toBe(400);
    const failed = out.data as Failed;
    expect(failed.errors._form).toEqual([ANSWERS]);
    expect(failed.values.zipCode).toBe("19104");
    expect(await row()).toEqual(before);
    expect(failed.values.version).toBe(((await callRoute(demographicsPage, { ...at(), cookie: s.manager.cookie })).data as { version: string }).version);
    expect(translateMessage(ANSWERS, "es-ES")).toMatch(/^Este formulario no indicaba/);
    const again = await callRoute(demographicsPage, { ...at(), cookie: s.manager.cookie, form: { ...failed.values, gender: "non_binary" } });
    expect(again.status).toBe(200);
    expect(await row()).toMatchObject({ gender: "non_binary", zipCode: "19104" });
  });
});
