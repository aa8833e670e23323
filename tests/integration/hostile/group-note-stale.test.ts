import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { groupFacilitators } from "~/db/schema";
import { groupNotes } from "~/db/tables/records";
import { translateMessage } from "~/i18n/catalog";
import * as notesPage from "~/routes/sessions.$sessionId.notes._index";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Person, type Scenario } from "../../factories/scenario";
import { createHeldSession } from "../../factories/voice";

/**
 * Hostile review (dec 6b): co-facilitators write one group note. Each page sends back the whole
 * note it showed, so the second to save — from a page opened before the first saved — wrote their
 * copy over the first's text, and "Save and sign" locked that copy for good (a signed note only
 * takes addenda). The audit kept the first text, but nobody was told. A save from a page opened
 * before the note changed is now refused, saves and signs nothing, and keeps the person's text in
 * the form.
 */
const STALE =
  "Someone else changed this note since you opened this page, so your version was not saved (nor signed). Your text is still in the form: copy what you need, open the page again to see the current note, and add it there.";
type Page = { version: string; note: { activities: string; signedAt: string | null } | null };

describe("two facilitators write one group note from pages opened at the same time", () => {
  let s: Scenario;
  let sessionId: string;
  const path = () => ({ path: `/sessions/${sessionId}/notes`, params: { sessionId } });
  const open = async (who: Person) => (await callRoute(notesPage, { ...path(), cookie: who.cookie })).data as Page;
  const send = (who: Person, form: Record<string, string>) => callRoute(notesPage, { ...path(), cookie: who.cookie, form });
  const note = async () => (await db.select().from(groupNotes).where(eq(groupNotes.sessionId, sessionId)))[0];
  beforeAll(async () => {
    s = await createOrgScenario();
    await db.insert(groupFacilitators).values({ groupId: s.group.id, userId: s.otherFacilitator.id, organizationId: s.org.id });
    sessionId = (await createHeldSession(s, new Date(), 2)).id;
  });

  it("the second save (or sign) is refused with the text kept, and the first's note stands unsigned", async () => {
    const first = await open(s.facilitator);
    const second = await open(s.otherFacilitator);
    expect((await send(s.facilitator, { intent: "save", version: first.version, topic: "Unit 1", activities: "Role play in pairs", groupDynamics: "", followUps: "" })).status).toBe(302);
    const before = await note();
    const out = await send(s.otherFacilitator, { intent: "sign", version: second.version, topic: "Unit 1", activities: "Budget game", groupDynamics: "", followUps: "" });
    expect(out.status).toBe(400);
    const failed = out.data as { errors: Record<string, string[]>; values: Record<string, string> };
    expect(failed.errors._form).toEqual([STALE]);
    expect(failed.values.activities).toBe("Budget game");
    expect(await note()).toEqual(before);
    expect(before.signedAt).toBeNull();
    expect(translateMessage(STALE, "es-ES")).toMatch(/^Otra persona cambió esta nota/);
  });

  it("a page opened after the change saves and signs", async () => {
    const again = await open(s.otherFacilitator);
    expect(again.note?.activities).toBe("Role play in pairs");
    expect((await send(s.otherFacilitator, { intent: "sign", version: again.version, topic: "Unit 1", activities: "Role play in pairs; budget game", groupDynamics: "", followUps: "" })).status).toBe(302);
    expect(await note()).toMatchObject({ activities: "Role play in pairs; budget game" });
    expect((await note()).signedAt).not.toBeNull();
  });
});
