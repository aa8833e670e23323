import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { auditEvents } from "~/db/schema";
import { translatedTexts } from "~/db/tables/translations";
import * as translations from "~/routes/admin.translations";
import * as crisis from "~/routes/o.$slug.crisis";
import * as publicGroup from "~/routes/o.$slug.groups.$groupId";
import * as catalogue from "~/routes/catalogue";
import { callRoute } from "../../factories/requests";
import { postTranslation } from "../../factories/versioned-saves";
import { createOrgScenario, createPerson, type Person, type Scenario } from "../../factories/scenario";

/** The organisation's own texts per language, with a fall-back to the text as the organisation wrote it. */
let s: Scenario;
let other: Scenario;
let admin: Person;
beforeAll(async () => {
  s = await createOrgScenario();
  other = await createOrgScenario();
  admin = await createPerson(s.org, "admin");
});

// Posted as the page does (opened first: the form carries its text's version).
const save = (who: Person, form: Record<string, string>) => postTranslation(who.cookie, form);
const crisisSteps = async (headers: Record<string, string>, cookie?: string) =>
  ((await callRoute(crisis, { path: `/o/${s.org.slug}/crisis`, params: { slug: s.org.slug }, headers, cookie })).data as { steps: { text: string }[] }).steps.map((x) => x.text);

describe("the organisation's texts in other languages", () => {
  it("an administrator writes the crisis steps in Spanish: Spanish readers see them, others the text as written", async () => {
    const out = await save(admin, { kind: "crisis_text", subjectId: "", language: "es", text: "Llame al 988.\nEnvíe un mensaje de texto al 741741." });
    expect(out.status).toBe(302);
    expect(await crisisSteps({ "accept-language": "es-MX" })).toEqual(["Llame al 988.", "Envíe un mensaje de texto al 741741."]);
    expect(await crisisSteps({ "accept-language": "en-US" })).toEqual(["Call 988."]);
    expect(await crisisSteps({})).toEqual(["Call 988."]);
    // A Spanish-speaking participant reads them in Spanish whatever the browser says.
    const maria = await createPerson(s.org, "participant", { locale: "es-US" });
    expect(await crisisSteps({ "accept-language": "en-US" }, maria.cookie)).toEqual(["Llame al 988.", "Envíe un mensaje de texto al 741741."]);
    const [event] = await db.select().from(auditEvents).where(and(eq(auditEvents.organizationId, s.org.id), eq(auditEvents.action, "translation.save")));
    expect(event.actorUserId).toBe(admin.id);
    expect(event.after).toMatchObject({ language: "es", text: "Llame al 988.\nEnvíe un mensaje de texto al 741741." });
  });

  it("a group's description in Spanish shows on its public page and in the catalogue for Spanish readers only", async () => {
    const manager = s.manager;
    expect((await save(manager, { kind: "group_description", subjectId: s.group.id, language: "es", text: "Un grupo para organizar su presupuesto." })).status).toBe(302);
    const page = async (headers: Record<string, string>) =>
      ((await callRoute(publicGroup, { path: `/o/${s.org.slug}/groups/${s.group.id}`, params: { slug: s.org.slug, groupId: s.group.id }, headers })).data as { group: { description: string } }).group.description;
    expect(await page({ "accept-language": "es" })).toBe("Un grupo para organizar su presupuesto.");
    expect(await page({ "accept-language": "en-GB" })).toBe(s.group.description);
    const maria = await createPerson(s.org, "participant", { locale: "es-ES" });
    const listed = (await callRoute(catalogue, { path: "/catalogue", cookie: maria.cookie })).data as { groups: { id: string; description: string }[] };
    expect(listed.groups.find((g) => g.id === s.group.id)?.description).toBe("Un grupo para organizar su presupuesto.");
    const english = (await callRoute(catalogue, { path: "/catalogue", cookie: s.participant.cookie })).data as { groups: { id: string; description: string }[] };
    expect(english.groups.find((g) => g.id === s.group.id)?.description).toBe(s.group.description);
    // An empty text removes the translation: Spanish readers see the default again.
    await save(manager, { kind: "group_description", subjectId: s.group.id, language: "es", text: "" });
    expect(await page({ "accept-language": "es" })).toBe(s.group.description);
  });

  it("refuses what a role may not do, another organisation's group, and junk, changing nothing", async () => {
    const before = await db.select().from(translatedTexts).where(eq(translatedTexts.organizationId, s.org.id));
    // The crisis steps are the administrator's, as on the organisation's details page.
    expect((await save(s.manager, { kind: "crisis_text", subjectId: "", language: "es", text: "Otra cosa." })).status).toBe(403);
    for (const who of [s.facilitator, s.participant]) {
      expect((await save(who, { kind: "group_description", subjectId: s.group.id, language: "es", text: "x" })).status).toBe(403);
    }
    expect((await save(s.manager, { kind: "group_description", subjectId: other.group.id, language: "es", text: "x" })).status).toBe(404);
    for (const form of [
      { kind: "group_description", subjectId: s.group.id, language: "fr", text: "x" },
      { kind: "group_description", subjectId: s.group.id, language: "en", text: "x" },
      { kind: "crisis_text", subjectId: s.group.id, language: "es", text: "x" },
      { kind: "group_description", subjectId: "", language: "es", text: "x" },
      { kind: "nonsense", subjectId: "", language: "es", text: "x" },
      { kind: "group_description", subjectId: s.group.id, language: "es", text: "x".repeat(4001) },
    ]) {
      const out = await save(s.manager, form);
      expect(out.status).toBe(400);
      expect(JSON.stringify(out.data)).toMatch(/Choose|Use at most/);
    }
    expect(await db.select().from(translatedTexts).where(eq(translatedTexts.organizationId, s.org.id))).toEqual(before);
    // Another organisation's manager sees their own organisation's texts only.
    const page = (await callRoute(translations, { path: "/admin/translations", cookie: other.manager.cookie })).data as { groups: { id: string }[] };
    expect(page.groups.map((g) => g.id)).toEqual([other.group.id]);
  });
});
