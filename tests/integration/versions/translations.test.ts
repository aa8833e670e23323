import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { NO_VERSION_ANSWERS } from "~/modules/errors";
import { db } from "~/db/client.server";
import { translatedTexts } from "~/db/tables/translations";
import { feedbackQuestions } from "~/db/tables/voice";
import { translateMessage } from "~/i18n/catalog";
import * as translationsPage from "~/routes/admin.translations";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, createPerson, type Person, type Scenario } from "../../factories/scenario";
import { openedVersion, translationsAt, translationVersionOf, type StaleFailure } from "../../factories/versioned-saves";

/**
 * The translations page saved each text's translation whole with no version: a manager who opened
 * the page earlier wrote her old Spanish description back over a colleague's newer wording, and
 * nobody was told. Each form now carries its translation's version, compared under a lock on that
 * text and language: a stale save (or one naming no version) saves nothing, keeps the person's
 * text and names the translation as changed meanwhile.
 */
const STALE =
  "This translation was changed by someone else after you opened this page, so nothing was saved. The form keeps your text and the translation as it is saved now is shown above it: compare them, then save again.";

let s: Scenario;
let otherManager: Person;
beforeAll(async () => {
  s = await createOrgScenario();
  otherManager = await createPerson(s.org, "manager");
});

const description = (text: string, version?: string) => ({ kind: "group_description", subjectId: s.group.id, language: "es", text, ...(version === undefined ? {} : { version }) });
const open = (who: Person) => openedVersion(translationsPage, translationsAt(who.cookie), translationVersionOf("group_description", s.group.id));
const send = (who: Person, form: Record<string, string>) => callRoute(translationsPage, { ...translationsAt(who.cookie), form });
const saved = async () =>
  (await db.select({ text: translatedTexts.text }).from(translatedTexts).where(and(eq(translatedTexts.subjectId, s.group.id), eq(translatedTexts.language, "es"))))[0]?.text;

describe("two managers translate one group's description from pages opened on the same version", () => {
  it("the second save is refused: the first translation stays, the text comes back in the form, the translation is named; saving again after comparing works", async () => {
    const [first, second] = [await open(s.manager), await open(otherManager)];
    expect(first).toBe(second);
    expect((await send(s.manager, description("Un grupo para ordenar sus cuentas.", first))).status).toBe(302);
    const out = await send(otherManager, description("Grupo de presupuesto familiar.", second));
    expect(out.status).toBe(400);
    const failed = out.data as StaleFailure;
    expect(failed.errors._form).toEqual([STALE]);
    expect(failed.details?.changed).toEqual(["text"]);
    expect(failed.values.text).toBe("Grupo de presupuesto familiar.");
    expect(await saved()).toBe("Un grupo para ordenar sus cuentas.");
    expect(translateMessage(STALE, "es-ES")).toMatch(/^Otra persona cambió esta traducción/);
    // The page, read again, shows the translation as saved now; the form carries its version.
    expect(failed.values.version).toBe(await open(otherManager));
    expect((await send(otherManager, { ...failed.values, text: "Grupo de presupuesto familiar: ordene sus cuentas." })).status).toBe(302);
    expect(await saved()).toBe("Grupo de presupuesto familiar: ordene sus cuentas.");
  });

  it("a save with no change meanwhile succeeds, and a translation changed and put back again is no change", async () => {
    const version = (await open(s.manager))!;
    const now = await saved();
    expect((await send(otherManager, description("Otra redacción.", (await open(otherManager))!))).status).toBe(302);
    expect((await send(otherManager, description(now!, (await open(otherManager))!))).status).toBe(302);
    expect((await send(s.manager, description("Grupo para ordenar el presupuesto de la casa.", version))).status).toBe(302);
    expect(await saved()).toBe("Grupo para ordenar el presupuesto de la casa.");
    // Removing it (an empty box) on the current version works too.
    expect((await send(s.manager, description("", (await open(s.manager))!))).status).toBe(302);
    expect(await saved()).toBeUndefined();
  });

  it("a first translation written meanwhile is a change: a page opened before any is refused", async () => {
    const [question] = await db.select({ id: feedbackQuestions.id }).from(feedbackQuestions).where(eq(feedbackQuestions.organizationId, s.org.id)).limit(1);
    const form = (text: string, version?: string) => ({ kind: "feedback_question", subjectId: question.id, language: "es", text, ...(version ? { version } : {}) });
    const openQuestion = (who: Person) => openedVersion(translationsPage, translationsAt(who.cookie), translationVersionOf("feedback_question", question.id));
    const version = (await openQuestion(s.manager))!;
    expect((await send(otherManager, form("¿Le fue útil la sesión?", (await openQuestion(otherManager))!))).status).toBe(302);
    const out = await send(s.manager, form("¿La sesión le ayudó?", version));
    expect(out.status).toBe(400);
    expect((out.data as StaleFailure).details?.changed).toEqual(["text"]);
  });

  it("a save that names no version is refused: nothing changes, the text is kept and the current version comes back", async () => {
    const before = await saved();
    const out = await send(s.manager, description("Sin versión."));
    expect(out.status).toBe(400);
    const failed = out.data as StaleFailure;
    expect(failed.errors._form).toEqual([NO_VERSION_ANSWERS]);
    expect(failed.values.text).toBe("Sin versión.");
    expect(await saved()).toBe(before);
    expect(failed.values.version).toBe(await open(s.manager));
  });

  it("two saves sent at the same moment take turns: one is saved, the other refused", async () => {
    const version = (await open(s.manager))!;
    const outs = await Promise.all([send(s.manager, description("Primera.", version)), send(otherManager, description("Segunda.", version))]);
    expect(outs.map((o) => o.status).sort()).toEqual([302, 400]);
    expect(await saved()).toBe(outs[0].status === 302 ? "Primera." : "Segunda.");
  });
});
