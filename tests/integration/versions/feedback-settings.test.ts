import { and, asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { NO_VERSION_ANSWERS } from "~/modules/errors";
import { db } from "~/db/client.server";
import { feedbackQuestions, voiceSettings } from "~/db/tables/voice";
import { translateMessage } from "~/i18n/catalog";
import * as settingsPage from "~/routes/feedback.settings";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Person, type Scenario } from "../../factories/scenario";
import { openedVersion, postVoiceSettings, voiceSettingsAt, type StaleFailure } from "../../factories/versioned-saves";

/**
 * The feedback settings page sent back the whole list of rating questions with no version: a
 * manager who opened it earlier replaced a colleague's newly worded questions with the old list
 * (and the earlier answers' questions were retired). The form now carries the settings' version;
 * the save compares it while the organisation's questions are locked and refuses an out-of-date
 * save (or one naming no version), saving nothing and keeping the person's entries.
 */
const STALE =
  "These feedback settings were changed by someone else after you opened this page, so nothing was saved. The form keeps your entries and the settings as they are saved now are shown above it: compare them, then save again.";

let s: Scenario;
beforeAll(async () => {
  s = await createOrgScenario();
});
const saved = async () => ({
  questions: (
    await db
      .select({ prompt: feedbackQuestions.prompt })
      .from(feedbackQuestions)
      .where(and(eq(feedbackQuestions.organizationId, s.org.id), eq(feedbackQuestions.active, true)))
      .orderBy(asc(feedbackQuestions.position))
  ).map((q) => q.prompt),
  settings: await db.select().from(voiceSettings).where(eq(voiceSettings.organizationId, s.org.id)),
});
const open = (who: Person) => openedVersion(settingsPage, voiceSettingsAt(who.cookie));
const send = (who: Person, form: Record<string, string>) => callRoute(settingsPage, { ...voiceSettingsAt(who.cookie), form });

describe("two managers edit the feedback questions from pages opened on the same version", () => {
  it("the second save is refused: nothing changes, the entries are kept, the changed field is named; saving again after comparing works", async () => {
    const [first, second] = [await open(s.manager), await open(s.admin)];
    expect((await send(s.manager, { version: first!, questions: "I felt heard\nThe session was useful to me", feedbackWindowDays: "14", concernResponseDays: "5" })).status).toBe(200);
    const before = await saved();
    const out = await send(s.admin, { version: second!, questions: "I felt safe in the group", feedbackWindowDays: "7", concernResponseDays: "5" });
    expect(out.status).toBe(400);
    const failed = out.data as StaleFailure;
    expect(failed.errors._form).toEqual([STALE]);
    expect(failed.details?.changed).toEqual(expect.arrayContaining(["questions"]));
    expect(failed.values.questions).toBe("I felt safe in the group");
    expect(await saved()).toEqual(before);
    expect(translateMessage(STALE, "es-ES")).toMatch(/^Otra persona cambió estos ajustes de opiniones/);
    expect(failed.values.version).toBe(await open(s.admin));
    expect((await send(s.admin, { ...failed.values, questions: "I felt heard\nThe session was useful to me\nI felt safe in the group" })).status).toBe(200);
    expect((await saved()).questions).toEqual(["I felt heard", "The session was useful to me", "I felt safe in the group"]);
  });

  it("a save that names no version is refused and changes nothing; one on the current version is saved", async () => {
    const before = await saved();
    const out = await send(s.manager, { questions: "Hijacked", feedbackWindowDays: "14", concernResponseDays: "5" });
    expect(out.status).toBe(400);
    expect((out.data as StaleFailure).errors._form).toEqual([NO_VERSION_ANSWERS]);
    expect(await saved()).toEqual(before);
    expect((await postVoiceSettings(s.manager.cookie, { questions: "I felt heard\nI would come again", feedbackWindowDays: "10", concernResponseDays: "5" })).status).toBe(200);
    expect((await saved()).questions).toEqual(["I felt heard", "I would come again"]);
  });
});
