import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { groupFacilitators } from "~/db/schema";
import { progressNotes } from "~/db/tables/records";
import * as notePage from "~/routes/sessions.$sessionId.notes.$userId";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Person, type Scenario } from "../../factories/scenario";
import { createHeldSession } from "../../factories/voice";

/**
 * Hostile review (dec 6b), as for the group note (hostile/group-note-stale): a person's progress
 * note saved or signed from a page opened before a co-facilitator saved it wrote the old copy over
 * theirs, and signing locked it. Now refused, nothing saved or signed, the text kept in the form.
 */
const STALE =
  "Someone else changed this note since you opened this page, so your version was not saved (nor signed). Your text is still in the form: copy what you need, open the page again to see the current note, and add it there.";
type Page = { version: string };

describe("two facilitators write one person's progress note from pages opened at the same time", () => {
  let s: Scenario;
  let sessionId: string;
  const path = () => ({ path: `/sessions/${sessionId}/notes/${s.participant.id}`, params: { sessionId, userId: s.participant.id } });
  const open = async (who: Person) => (await callRoute(notePage, { ...path(), cookie: who.cookie })).data as Page;
  const send = (who: Person, version: string, fields: Record<string, string>) =>
    callRoute(notePage, { ...path(), cookie: who.cookie, form: { version, workedOn: "", progressRating: "", nextStep: "", minutesOfService: "60", planLink: "", ...fields } });
  const note = async () => (await db.select().from(progressNotes).where(and(eq(progressNotes.sessionId, sessionId), eq(progressNotes.participantId, s.participant.id))))[0];
  beforeAll(async () => {
    s = await createOrgScenario();
    await db.insert(groupFacilitators).values({ groupId: s.group.id, userId: s.otherFacilitator.id, organizationId: s.org.id });
    sessionId = (await createHeldSession(s, new Date(), 2)).id;
  });

  it("the second save (or sign) is refused with the text kept; the first's note stands unsigned", async () => {
    const first = await open(s.facilitator);
    const second = await open(s.otherFacilitator);
    expect((await send(s.facilitator, first.version, { intent: "save", workedOn: "Spoke about the housing letter" })).status).toBe(302);
    const before = await note();
    const out = await send(s.otherFacilitator, second.version, { intent: "sign", workedOn: "Quiet today", progressRating: "3" });
    expect(out.status).toBe(400);
    const failed = out.data as { errors: Record<string, string[]>; values: Record<string, string> };
    expect(failed.errors._form).toEqual([STALE]);
    expect(failed.values.workedOn).toBe("Quiet today");
    expect(await note()).toEqual(before);
    expect(before.signedAt).toBeNull();
  });

  it("a page opened after the change saves and signs", async () => {
    const again = await open(s.otherFacilitator);
    expect((await send(s.otherFacilitator, again.version, { intent: "sign", workedOn: "Spoke about the housing letter; quiet", progressRating: "3" })).status).toBe(302);
    expect(await note()).toMatchObject({ workedOn: "Spoke about the housing letter; quiet" });
    expect((await note()).signedAt).not.toBeNull();
  });
});
