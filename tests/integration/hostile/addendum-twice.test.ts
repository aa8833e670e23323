import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { recordAddenda } from "~/db/tables/records";
import { saveContact } from "~/modules/records/contacts/mutations.server";
import { saveGroupNote, saveProgressNote } from "~/modules/records/mutations.server";
import * as contactPage from "~/routes/participants.$userId.contacts.$contactId";
import * as notesPage from "~/routes/sessions.$sessionId.notes._index";
import * as progressPage from "~/routes/sessions.$sessionId.notes.$userId";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Scenario } from "../../factories/scenario";
import { createHeldSession } from "../../factories/voice";

// "Add an addendum" to a signed group note, progress note or one-to-one contact, sent twice (a
// double tap with JavaScript off), appended the addendum twice: signed records cannot be changed,
// so the copy stayed in the record for good. Each addendum form carries a one-time token now: the
// same form sent twice appends one addendum, and both answers go where the first went.

let s: Scenario;
let sessionId: string;
let contactId: string;
beforeAll(async () => {
  s = await createOrgScenario();
  const now = new Date();
  sessionId = (await createHeldSession(s, now, 2)).id;
  await saveGroupNote(s.facilitator, sessionId, { topic: "Budgeting", activities: "A weekly budget", groupDynamics: "Good discussion", followUps: "Bring statements" }, now, { sign: true });
  await saveProgressNote(s.facilitator, sessionId, s.participant.id, { workedOn: "A weekly budget", progressRating: 3, nextStep: "Track spending", minutesOfService: 60, planLink: "" }, now, { sign: true });
  const yesterday = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
  ({ contactId } = await saveContact(s.facilitator, s.participant.id, null, { contactDate: yesterday, minutes: 30, mode: "phone", component: "advocacy", planLink: "", note: "Called about housing." }, now, { sign: true }));
});

type Page = { route: Parameters<typeof callRoute>[0]; path: () => string; params: () => Record<string, string>; saved: () => string };
const pages: Record<string, Page> = {
  "group note": { route: notesPage, path: () => `/sessions/${sessionId}/notes`, params: () => ({ sessionId }), saved: () => `/sessions/${sessionId}/notes?saved=addendum` },
  "progress note": {
    route: progressPage,
    path: () => `/sessions/${sessionId}/notes/${s.participant.id}`,
    params: () => ({ sessionId, userId: s.participant.id }),
    saved: () => `/sessions/${sessionId}/notes/${s.participant.id}?saved=addendum`,
  },
  contact: {
    route: contactPage,
    path: () => `/participants/${s.participant.id}/contacts/${contactId}`,
    params: () => ({ userId: s.participant.id, contactId }),
    saved: () => `/participants/${s.participant.id}/contacts/${contactId}?saved=addendum`,
  },
};

const appended = async (body: string) => (await db.select({ id: recordAddenda.id }).from(recordAddenda).where(eq(recordAddenda.body, body))).length;

describe.each(Object.keys(pages))("the same addendum to a signed %s sent twice", (kind) => {
  const p = pages[kind];
  const token = async () => ((await callRoute(p.route, { path: p.path(), params: p.params(), cookie: s.facilitator.cookie })).data as { addendumToken: string }).addendumToken;
  const send = (form: Record<string, string>) => callRoute(p.route, { path: p.path(), params: p.params(), cookie: s.facilitator.cookie, form });

  it("is appended once; both answers go to the saved page (5 rounds)", async () => {
    for (let round = 0; round < 5; round++) {
      const body = `Also (${kind}, ${round}): the member called afterwards.`;
      const form = { intent: "addendum", body, formToken: await token() };
      const answers = await Promise.all([send(form), send(form)]);
      expect(answers.map((a) => [a.status, a.location])).toEqual([
        [302, p.saved()],
        [302, p.saved()],
      ]);
      expect(await appended(body)).toBe(1);
      // Sent again later (the back button, then send): still one addendum.
      expect((await send(form)).status).toBe(302);
      expect(await appended(body)).toBe(1);
    }
  }, 60_000);

  it("a junk token appends nothing and says why", async () => {
    const body = `Junk token addendum (${kind})`;
    const junk = await send({ intent: "addendum", body, formToken: "junk" });
    expect(junk.status).toBe(400);
    expect(JSON.stringify(junk.data)).toContain("This form is out of date");
    expect(await appended(body)).toBe(0);
  });
});
