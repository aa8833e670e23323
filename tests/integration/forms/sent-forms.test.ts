import { and, eq, ilike, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { memberships, users } from "~/db/schema";
import { sentForms } from "~/db/tables/forms";
import { individualContacts } from "~/db/tables/records";
import { concerns } from "~/db/tables/voice";
import { sha256 } from "~/modules/auth/tokens.server";
import { newFormToken } from "~/modules/forms/mutations.server";
import * as concernRoute from "~/routes/concerns.new";
import * as contactsRoute from "~/routes/participants.$userId.contacts._index";
import * as rosterRoute from "~/routes/sessions.$sessionId.roster";
import { createSessionAt, minutes, setAttendanceSettings } from "../../factories/attendance";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Scenario } from "../../factories/scenario";

/**
 * One-time form tokens: a form that creates a record, sent twice with the same fields (a double
 * tap on a phone with JavaScript off sends two POSTs), creates it once — at the same time or later
 * — and the repeat answers as the first did. Counted by a primary key in PostgreSQL, in the
 * transaction of the change.
 */
let s: Scenario;
let other: Scenario;
let sessionId: string;
beforeAll(async () => {
  s = await createOrgScenario();
  other = await createOrgScenario();
  await setAttendanceSettings(s, s.group.id, { allowWalkIns: true });
  sessionId = (await createSessionAt(s.group.id, s.org.id, minutes(new Date(), -5))).id;
});

const walkIn = (form: Record<string, string>, cookie = s.facilitator.cookie) =>
  callRoute(rosterRoute, { path: `/sessions/${sessionId}/roster`, params: { sessionId }, cookie, form: { intent: "walkInNew", email: "", ...form } });
const peopleNamed = (name: string) =>
  db
    .select({ id: users.id })
    .from(users)
    .innerJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.organizationId, s.org.id)))
    .where(ilike(users.name, name));
const concern = (form: Record<string, string>, cookie = s.participant.cookie) =>
  callRoute(concernRoute, {
    path: "/concerns/new",
    cookie,
    form: { subject: "group", groupId: s.group.id, sessionId: "", facilitatorId: "", programId: "", body: "The room was cold all evening.", ...form },
  });
const concernsWith = (summary: string) => db.select().from(concerns).where(and(eq(concerns.organizationId, s.org.id), eq(concerns.summary, summary)));

describe("the walk-in form sent twice", () => {
  it("the roster renders the form with a fresh token each time", async () => {
    const a = await callRoute(rosterRoute, { path: `/sessions/${sessionId}/roster`, params: { sessionId }, cookie: s.facilitator.cookie });
    const b = await callRoute(rosterRoute, { path: `/sessions/${sessionId}/roster`, params: { sessionId }, cookie: s.facilitator.cookie });
    const token = (x: typeof a) => (x.data as { walkInToken: string }).walkInToken;
    expect(token(a)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(token(b)).not.toBe(token(a));
  });

  it("in parallel adds the person once; both answers go back to the roster, the repeat saying it changed nothing", async () => {
    const formToken = newFormToken();
    const answers = await Promise.all([walkIn({ name: "Twice Tapped", formToken }), walkIn({ name: "Twice Tapped", formToken })]);
    expect(answers.map((a) => a.status)).toEqual([302, 302]);
    expect(await peopleNamed("Twice Tapped")).toHaveLength(1);
    expect(answers.map((a) => a.location).sort()).toEqual([`/sessions/${sessionId}/roster?saved=walkInNew`, `/sessions/${sessionId}/roster?saved=walkInNew&again=1`]);
    // Later, the same form again: the same answer, still one person (not "already has a record").
    const later = await walkIn({ name: "Twice Tapped", formToken });
    expect(later.location).toBe(`/sessions/${sessionId}/roster?saved=walkInNew&again=1`);
    expect(await peopleNamed("Twice Tapped")).toHaveLength(1);
  });

  it("a new form with the same name is a new submission: the namesake question, as before", async () => {
    const res = await walkIn({ name: "Twice Tapped", formToken: newFormToken() });
    expect(res.status).toBe(400);
    expect((res.data as { errors: Record<string, string[]> }).errors.name[0]).toContain("already has a record");
    expect(await peopleNamed("Twice Tapped")).toHaveLength(1);
  });

  it("the same token with other fields (another person typed on the same page) adds that person", async () => {
    const formToken = newFormToken();
    await walkIn({ name: "First Person", formToken });
    await walkIn({ name: "Second Person", formToken });
    expect(await peopleNamed("First Person")).toHaveLength(1);
    expect(await peopleNamed("Second Person")).toHaveLength(1);
  });

  it("a junk token is refused with a message and adds no one; a page from before tokens still adds", async () => {
    const junk = await walkIn({ name: "Junk Token", formToken: "not a token" });
    expect(junk.status).toBe(400);
    // A hidden field: the message is the form's, not beside a field.
    expect((junk.data as { errors: Record<string, string[]> }).errors).toEqual({ _form: ["This form is out of date: open the page again and send it."] });
    expect(await peopleNamed("Junk Token")).toHaveLength(0);
    expect((await walkIn({ name: "No Token" })).status).toBe(302);
    expect(await peopleNamed("No Token")).toHaveLength(1);
  });
});

describe("the concern form sent twice", () => {
  it("a named concern sent twice in parallel is filed once; both answers open it", async () => {
    const formToken = newFormToken();
    const answers = await Promise.all([concern({ summary: "Cold room", formToken }), concern({ summary: "Cold room", formToken })]);
    const filed = await concernsWith("Cold room");
    expect(filed).toHaveLength(1);
    expect(answers.map((a) => a.location).sort()).toEqual([`/concerns/${filed[0].id}?sent=1`, `/concerns/${filed[0].id}?sent=1&again=1`]);
  });

  it("an anonymous concern sent twice in parallel is filed once, and both answers show the same private link", async () => {
    const formToken = newFormToken();
    const answers = await Promise.all([
      concern({ summary: "Anonymous twice", anonymous: "on", formToken }),
      concern({ summary: "Anonymous twice", anonymous: "on", formToken }),
    ]);
    const filed = await concernsWith("Anonymous twice");
    expect(filed).toHaveLength(1);
    const links = answers.map((a) => (a.data as { link: string }).link);
    expect(links[0]).toBe(links[1]);
    expect((answers.map((a) => (a.data as { again: boolean }).again)).sort()).toEqual([false, true]);
    const token = /\/concerns\/follow-up\/([A-Za-z0-9_-]+)\?/.exec(links[0])![1];
    expect(filed[0].followUpTokenHash).toBe(sha256(token));
    // What is kept of the form leads nowhere: no concern, no person, no time finer than the hour.
    const [kept] = await db.select().from(sentForms).where(eq(sentForms.token, formToken));
    expect(kept.outcome).toEqual({ id: null });
    expect(kept.createdAt.getUTCMinutes() + kept.createdAt.getUTCSeconds() + kept.createdAt.getUTCMilliseconds()).toBe(0);
    expect(Object.keys(kept).sort()).toEqual(["createdAt", "fieldsHash", "form", "organizationId", "outcome", "token"]);
  });

  it("another organisation's person sending this organisation's token with the same fields files nothing and learns nothing", async () => {
    const formToken = newFormToken();
    await concern({ summary: "Ours first", formToken });
    const foreign = await concern({ summary: "Ours first", formToken }, other.participant.cookie);
    expect(foreign.status).toBe(400);
    expect((foreign.data as { errors: Record<string, string[]> }).errors).toEqual({ _form: ["This form is out of date: open the page again and send it."] });
    expect(await concernsWith("Ours first")).toHaveLength(1);
    const [{ count }] = await db.select({ count: sql<number>`count(*)::int` }).from(concerns).where(eq(concerns.organizationId, other.org.id));
    expect(count).toBe(0);
  });
});

describe("the new-contact form sent twice", () => {
  const contactsOf = (note: string) => db.select({ id: individualContacts.id }).from(individualContacts).where(and(eq(individualContacts.organizationId, s.org.id), eq(individualContacts.note, note)));
  const logContact = (form: Record<string, string>) =>
    callRoute(contactsRoute, {
      path: `/participants/${s.participant.id}/contacts`,
      params: { userId: s.participant.id },
      cookie: s.facilitator.cookie,
      form: { intent: "save", contactDate: "2026-01-05", minutes: "30", mode: "phone", component: "", planLink: "", ...form },
    });

  it("the page renders the form with a fresh token each time", async () => {
    const page = () => callRoute(contactsRoute, { path: `/participants/${s.participant.id}/contacts`, params: { userId: s.participant.id }, cookie: s.facilitator.cookie });
    const [a, b] = [await page(), await page()];
    const token = (x: typeof a) => (x.data as { contactToken: string }).contactToken;
    expect(token(a)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(token(b)).not.toBe(token(a));
  });

  it("in parallel logs one contact, and both answers open that contact; later, the same form again logs nothing", async () => {
    const formToken = newFormToken();
    const note = "Phoned about the bus pass, twice tapped.";
    const answers = await Promise.all([logContact({ note, formToken }), logContact({ note, formToken })]);
    expect(answers.map((a) => a.status)).toEqual([302, 302]);
    const logged = await contactsOf(note);
    expect(logged).toHaveLength(1);
    expect(answers.map((a) => a.location)).toEqual([0, 1].map(() => `/participants/${s.participant.id}/contacts/${logged[0].id}?saved=save`));
    expect((await logContact({ note, formToken })).location).toBe(`/participants/${s.participant.id}/contacts/${logged[0].id}?saved=save`);
    expect(await contactsOf(note)).toHaveLength(1);
  });

  it("a refused first send keeps nothing, so the same form corrected goes through once", async () => {
    const formToken = newFormToken();
    const note = "Met at the library about the course.";
    const refused = await logContact({ note, formToken, intent: "sign" });
    expect(refused.status).toBe(400);
    expect(await contactsOf(note)).toHaveLength(0);
    expect((await logContact({ note, formToken, intent: "sign", component: "advocacy" })).status).toBe(302);
    expect(await contactsOf(note)).toHaveLength(1);
  });

  it("without a token (a page rendered before tokens) each send logs a contact, as before; a junk token is refused and logs nothing", async () => {
    const note = "Old page, sent once.";
    expect((await logContact({ note })).status).toBe(302);
    expect(await contactsOf(note)).toHaveLength(1);
    const junk = await logContact({ note: "Junk token.", formToken: "not a token" });
    expect(junk.status).toBe(400);
    expect(await contactsOf("Junk token.")).toHaveLength(0);
  });
});
