import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { auditEvents, enrolments } from "~/db/schema";
import { participantCoverage, participantDemographics, raceEthnicityCategories } from "~/db/tables/demographics";
import * as adminCategories from "~/routes/admin.demographics";
import * as mine from "~/routes/my.demographics";
import * as staffPage from "~/routes/participants.$userId.demographics";
import { coverageVersion } from "~/modules/demographics/queries.server";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, createPerson, type Person, type Scenario } from "../../factories/scenario";
import { postCoverage, postOwnDemographics, postStaffDemographics } from "../../factories/versioned-saves";

let s: Scenario;
let foreign: Scenario;

const demographicsOf = async (userId: string) => (await db.select().from(participantDemographics).where(eq(participantDemographics.userId, userId)))[0];
const coverageRow = async (userId: string) => (await db.select().from(participantCoverage).where(eq(participantCoverage.userId, userId)))[0];
/** Posted as the page does: the participant's own form and the coverage form are opened first and carry their version. */
const post = (route: typeof mine | typeof staffPage | typeof adminCategories, who: Person, path: string, form: Record<string, string | string[]>, params: Record<string, string> = {}) =>
  route === mine
    ? postOwnDemographics(who.cookie, form)
    : route === staffPage && form.intent === "coverage"
      ? postCoverage(who.cookie, params.userId, form)
      : callRoute(route, { path, cookie: who.cookie, form, params });
const staffPath = (p: Person) => ({ path: `/participants/${p.id}/demographics`, params: { userId: p.id } });

beforeAll(async () => {
  [s, foreign] = await Promise.all([createOrgScenario(), createOrgScenario()]);
}, 60_000);

describe("a participant's own answers", () => {
  it("saves every answer, one of them 'prefer not to say', and audits which questions changed (not the answers)", async () => {
    const out = await post(mine, s.participant, "/my/demographics", {
      birthDate: "1985-06-15",
      gender: "prefer_not_to_say",
      "raceEthnicity[]": ["asian", "hispanic_latino"],
      primaryLanguage: "spanish",
      zipCode: "02134-1234",
      veteranStatus: "not_veteran",
    });
    expect(out.status).toBe(200);
    expect(await demographicsOf(s.participant.id)).toMatchObject({
      organizationId: s.org.id,
      birthDate: "1985-06-15",
      ageBand: null,
      gender: "prefer_not_to_say",
      raceEthnicity: ["asian", "hispanic_latino"],
      primaryLanguage: "spanish",
      zipCode: "02134-1234",
      veteranStatus: "not_veteran",
      updatedBy: s.participant.id,
    });
    const [event] = await db.select().from(auditEvents).where(and(eq(auditEvents.action, "demographics.update"), eq(auditEvents.subjectUserId, s.participant.id)));
    expect(event.after).toEqual({ fields: ["birthDate", "gender", "raceEthnicity", "primaryLanguage", "zipCode", "veteranStatus"], by: "self" });
    expect(JSON.stringify(event)).not.toContain("02134");
  });

  it("bad input gets a message beside the field and changes nothing", async () => {
    const before = await demographicsOf(s.participant.id);
    for (const [form, field] of [
      [{ zipCode: "2134" }, "zipCode"],
      [{ zipCode: "02134", "zipPreferNot[]": "yes" }, "zipCode"],
      [{ birthDate: "2199-01-01" }, "birthDate"],
      [{ birthDate: "1980-02-30" }, "birthDate"],
      [{ birthDate: "1980-02-03", ageBand: "35_44" }, "ageBand"],
      [{ "raceEthnicity[]": ["asian", "prefer_not_to_say"] }, "raceEthnicity"],
      [{ "raceEthnicity[]": ["klingon"] }, "raceEthnicity"],
      [{ gender: "x".repeat(5000) }, "gender"],
      [{ veteranStatus: "maybe\u0000" }, "veteranStatus"],
    ] as const) {
      const out = await post(mine, s.participant, "/my/demographics", form as Record<string, string | string[]>);
      expect(out.status, JSON.stringify(form)).toBe(400);
      expect((out.data as { errors: Record<string, string[]> }).errors[field], JSON.stringify(form)).toBeTruthy();
    }
    expect(await demographicsOf(s.participant.id)).toEqual(before);
  });

  it("never shows or accepts payer and Medicaid ID, even after staff recorded them", async () => {
    // The version of "nothing recorded yet" (not the page opened: the staff views are counted below).
    await callRoute(staffPage, { ...staffPath(s.participant), cookie: s.manager.cookie, form: { intent: "coverage", version: coverageVersion(null), payer: "medicaid", medicaidId: "MC-1234-5678" } });
    expect(await coverageRow(s.participant.id)).toMatchObject({ payer: "medicaid", medicaidId: "MC12345678" });
    const page = await callRoute(mine, { path: "/my/demographics", cookie: s.participant.cookie });
    expect(page.status).toBe(200);
    const shown = JSON.stringify(page.data);
    expect(shown).not.toContain("MC12345678");
    expect(shown).not.toContain("5678");
    expect(shown).not.toMatch(/payer|medicaid/i);
    // Sending the fields to their own page changes nothing.
    await post(mine, s.participant, "/my/demographics", { zipCode: "02134-1234", payer: "uninsured", medicaidId: "ZZ0000" });
    expect(await coverageRow(s.participant.id)).toMatchObject({ payer: "medicaid", medicaidId: "MC12345678" });
    // And the staff page is not theirs.
    expect((await callRoute(staffPage, { ...staffPath(s.participant), cookie: s.participant.cookie })).status).toBe(403);
  });
});

describe("staff and a person's demographics", () => {
  it("the group's facilitator and managers see the answers and a masked Medicaid ID; each view is in the person's history", async () => {
    for (const who of [s.facilitator, s.manager, s.admin]) {
      const out = await callRoute(staffPage, { ...staffPath(s.participant), cookie: who.cookie });
      expect(out.status).toBe(200);
      const data = out.data as { coverage: { payer: string; medicaidIdMasked: string }; demographics: { zipCode: string } };
      expect(data.coverage).toEqual({ payer: "medicaid", medicaidIdMasked: "••••5678" });
      expect(JSON.stringify(out.data)).not.toContain("MC12345678");
      expect(data.demographics.zipCode).toBe("02134-1234");
    }
    const views = await db.select().from(auditEvents).where(and(eq(auditEvents.action, "demographics.viewed"), eq(auditEvents.subjectUserId, s.participant.id)));
    expect(views.map((v) => v.actorUserId).sort()).toEqual([s.facilitator.id, s.manager.id, s.admin.id].sort());
  });

  it("refuses a facilitator without a current relationship, another organisation and a non-participant, and changes nothing", async () => {
    const before = { d: await demographicsOf(s.participant.id), c: await coverageRow(s.participant.id) };
    expect((await callRoute(staffPage, { ...staffPath(s.participant), cookie: s.otherFacilitator.cookie })).status).toBe(403);
    expect((await post(staffPage, s.otherFacilitator, staffPath(s.participant).path, { intent: "coverage", payer: "private" }, staffPath(s.participant).params)).status).toBe(403);
    expect((await callRoute(staffPage, { ...staffPath(s.participant), cookie: foreign.manager.cookie })).status).toBe(404);
    expect((await post(staffPage, foreign.manager, staffPath(s.participant).path, { intent: "demographics", gender: "man" }, staffPath(s.participant).params)).status).toBe(404);
    expect((await callRoute(staffPage, { ...staffPath(s.facilitator), cookie: s.manager.cookie })).status).toBe(404);
    // The relationship ends with the enrolment.
    await db.update(enrolments).set({ status: "withdrawn" }).where(and(eq(enrolments.groupId, s.group.id), eq(enrolments.userId, s.otherParticipant.id)));
    expect((await callRoute(staffPage, { ...staffPath(s.otherParticipant), cookie: s.facilitator.cookie })).status).toBe(403);
    expect({ d: await demographicsOf(s.participant.id), c: await coverageRow(s.participant.id) }).toEqual(before);
  });

  it("staff change answers and payer; a bad Medicaid ID changes nothing; the ID can be removed", async () => {
    const { path, params } = staffPath(s.participant);
    const bad = await post(staffPage, s.facilitator, path, { intent: "coverage", payer: "medicaid", medicaidId: "12" }, params);
    expect(bad.status).toBe(400);
    expect(await coverageRow(s.participant.id)).toMatchObject({ medicaidId: "MC12345678" });
    // Empty keeps the ID (the page never holds it); a new payer is saved.
    expect((await post(staffPage, s.facilitator, path, { intent: "coverage", payer: "other_public", medicaidId: "" }, params)).status).toBe(200);
    expect(await coverageRow(s.participant.id)).toMatchObject({ payer: "other_public", medicaidId: "MC12345678", updatedBy: s.facilitator.id });
    expect((await post(staffPage, s.manager, path, { intent: "coverage", payer: "other_public", "removeMedicaidId[]": "yes" }, params)).status).toBe(200);
    expect(await coverageRow(s.participant.id)).toMatchObject({ medicaidId: null });
    expect((await postStaffDemographics(s.manager.cookie, s.participant.id, { intent: "demographics", ageBand: "35_44", gender: "woman" })).status).toBe(200);
    expect(await demographicsOf(s.participant.id)).toMatchObject({ birthDate: null, ageBand: "35_44", gender: "woman", zipCode: null });
    const events = await db.select().from(auditEvents).where(and(eq(auditEvents.action, "demographics.coverage_update"), eq(auditEvents.subjectUserId, s.participant.id)));
    expect(events.map((e) => e.after)).toEqual([{ fields: ["payer", "medicaidId"] }, { fields: ["payer"] }, { fields: ["medicaidId"] }]);
    expect(JSON.stringify(events)).not.toContain("MC12345678");
  });
});

describe("race and ethnicity categories", () => {
  it("defaults to the OMB SPD 15 (2024) minimum categories until an administrator changes them", async () => {
    const out = await callRoute(adminCategories, { path: "/admin/demographics", cookie: s.manager.cookie });
    expect((out.data as { categories: { label: string }[]; canEdit: boolean }).categories.map((c) => c.label)).toEqual([
      "American Indian or Alaska Native",
      "Asian",
      "Black or African American",
      "Hispanic or Latino",
      "Middle Eastern or North African",
      "Native Hawaiian or Pacific Islander",
      "White",
    ]);
    expect((out.data as { canEdit: boolean }).canEdit).toBe(false);
  });

  it("administrators add and retire categories (answers keep retired ones); managers and others cannot change them", async () => {
    expect((await post(adminCategories, s.manager, "/admin/demographics", { intent: "add", label: "Two-Spirit" })).status).toBe(403);
    expect((await post(adminCategories, s.participant, "/admin/demographics", { intent: "add", label: "Two-Spirit" })).status).toBe(403);
    expect(await db.select().from(raceEthnicityCategories).where(eq(raceEthnicityCategories.organizationId, s.org.id))).toHaveLength(0);
    expect((await post(adminCategories, s.admin, "/admin/demographics", { intent: "add", label: "Two-Spirit" })).status).toBe(200);
    expect((await post(adminCategories, s.admin, "/admin/demographics", { intent: "add", label: "two-spirit" })).status).toBe(400);
    expect((await post(adminCategories, s.admin, "/admin/demographics", { intent: "add", label: "" })).status).toBe(400);
    expect((await post(adminCategories, s.admin, "/admin/demographics", { intent: "retire", key: "no_such_key" })).status).toBe(404);
    const rows = await db.select().from(raceEthnicityCategories).where(eq(raceEthnicityCategories.organizationId, s.org.id));
    expect(rows.map((r) => r.key)).toContain("two_spirit");
    expect(rows).toHaveLength(8);

    const person = await createPerson(s.org, "participant");
    expect((await post(mine, person, "/my/demographics", { "raceEthnicity[]": ["two_spirit", "white"] })).status).toBe(200);
    expect((await post(adminCategories, s.admin, "/admin/demographics", { intent: "retire", key: "two_spirit" })).status).toBe(200);
    // Saved again unchanged, the retired category stays; someone else can no longer choose it.
    expect((await post(mine, person, "/my/demographics", { "raceEthnicity[]": ["two_spirit", "white"] })).status).toBe(200);
    expect((await post(mine, s.otherParticipant, "/my/demographics", { "raceEthnicity[]": ["two_spirit"] })).status).toBe(400);
    // Another organisation still has the defaults.
    expect(((await callRoute(adminCategories, { path: "/admin/demographics", cookie: foreign.admin.cookie })).data as { categories: unknown[] }).categories).toHaveLength(7);
  });

  it("a facilitator without a relationship learns nothing of a person's answers from a retired category: the same 403 either way, nothing written or audited", async () => {
    expect((await post(adminCategories, s.admin, "/admin/demographics", { intent: "add", label: "Creole" })).status).toBe(200);
    const holder = await createPerson(s.org, "participant");
    const stranger = await createPerson(s.org, "participant");
    expect((await post(mine, holder, "/my/demographics", { "raceEthnicity[]": ["creole"] })).status).toBe(200);
    expect((await post(adminCategories, s.admin, "/admin/demographics", { intent: "retire", key: "creole" })).status).toBe(200);
    const before = { holder: await demographicsOf(holder.id), stranger: await demographicsOf(stranger.id) };
    const probe = async (p: Person) => {
      const out = await post(staffPage, s.otherFacilitator, staffPath(p).path, { intent: "demographics", "raceEthnicity[]": ["creole"] }, staffPath(p).params);
      return { status: out.status, body: JSON.stringify(out.data ?? null) };
    };
    const [onHolder, onStranger] = [await probe(holder), await probe(stranger)];
    expect(onHolder.status).toBe(403);
    expect(onStranger).toEqual(onHolder);
    expect(onStranger.body).not.toContain("Choose categories from the list");
    expect({ holder: await demographicsOf(holder.id), stranger: await demographicsOf(stranger.id) }).toEqual(before);
    const written = await db.select().from(auditEvents).where(and(eq(auditEvents.actorUserId, s.otherFacilitator.id), eq(auditEvents.action, "demographics.update")));
    expect(written).toEqual([]);
  });
});
