import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { incidentActions, incidents } from "~/db/tables/records";
import * as notesPage from "~/routes/sessions.$sessionId.notes._index";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Scenario } from "../../factories/scenario";
import { createHeldSession } from "../../factories/voice";

// "Record an incident" on a session's notes page sent twice (a double tap with JavaScript off)
// recorded the incident twice, each with its follow-up action: two incidents to investigate and
// close, and the incident log and its figures counting one event twice. The form carries a
// one-time token now (the session's notes lock already serialised the two saves).

let s: Scenario;
let sessionId: string;
beforeAll(async () => {
  s = await createOrgScenario();
  sessionId = (await createHeldSession(s, new Date(), 2)).id;
});

const token = async () =>
  ((await callRoute(notesPage, { path: `/sessions/${sessionId}/notes`, params: { sessionId }, cookie: s.facilitator.cookie })).data as { incidentToken: string }).incidentToken;
const send = (form: Record<string, string>) => callRoute(notesPage, { path: `/sessions/${sessionId}/notes`, params: { sessionId }, cookie: s.facilitator.cookie, form });
const incidentForm = (whatHappened: string, formToken: string) => ({
  intent: "incident",
  whatHappened,
  whoWasNotified: "Program manager by phone",
  actionDescription: "Call the member tomorrow",
  actionOwnerId: s.facilitator.id,
  actionDueDate: "2030-01-10",
  formToken,
});
const recorded = async (whatHappened: string) => {
  const rows = await db.select({ id: incidents.id }).from(incidents).where(eq(incidents.whatHappened, whatHappened));
  const actions = rows.length ? await db.select({ id: incidentActions.id }).from(incidentActions).where(eq(incidentActions.incidentId, rows[0].id)) : [];
  return { incidents: rows.length, actions: actions.length };
};

describe("the same incident sent twice", () => {
  it("is recorded once with its one action; both answers say it was saved (5 rounds)", async () => {
    for (let round = 0; round < 5; round++) {
      const what = `A member fell on the stairs (${round})`;
      const form = incidentForm(what, await token());
      const answers = await Promise.all([send(form), send(form)]);
      expect(answers.map((a) => [a.status, a.location])).toEqual([
        [302, `/sessions/${sessionId}/notes?saved=incident`],
        [302, `/sessions/${sessionId}/notes?saved=incident`],
      ]);
      expect(await recorded(what)).toEqual({ incidents: 1, actions: 1 });
    }
  }, 60_000);

  it("a junk token records nothing and says why", async () => {
    const junk = await send(incidentForm("Junk token incident", "junk"));
    expect(junk.status).toBe(400);
    expect(JSON.stringify(junk.data)).toContain("This form is out of date");
    expect(await recorded("Junk token incident")).toEqual({ incidents: 0, actions: 0 });
  });
});
