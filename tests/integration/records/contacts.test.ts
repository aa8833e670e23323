import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { auditEvents, enrolments } from "~/db/schema";
import { goalObjectives, participantGoals } from "~/db/tables/metrics";
import { individualContacts, recordAddenda } from "~/db/tables/records";
import { addContactAddendum, saveContact } from "~/modules/records/contacts/mutations.server";
import { contactsReport, getContact, listContacts } from "~/modules/records/contacts/queries.server";
import { setRecordsSettings } from "~/modules/records/mutations.server";
import { myProgressNotes } from "~/modules/records/queries.server";
import * as contactsPage from "~/routes/participants.$userId.contacts._index";
import * as contactPage from "~/routes/participants.$userId.contacts.$contactId";
import * as reportPage from "~/routes/metrics.records";
import { UserInputError } from "~/web/http.server";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Scenario } from "../../factories/scenario";

let s: Scenario;
let foreign: Scenario;
let objectiveId: string;
const now = () => new Date();
const today = () => new Date().toISOString().slice(0, 10);
const yesterday = () => new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
const fields = (extra: Record<string, unknown> = {}) => ({ contactDate: yesterday(), minutes: 45, mode: "phone" as const, component: "advocacy" as const, planLink: "", note: "Called about the housing application; agreed next steps.", ...extra });

beforeAll(async () => {
  [s, foreign] = await Promise.all([createOrgScenario(), createOrgScenario()]);
  // Filed under the program of the facilitator's group (a facilitator reaches only the goals of the programs they lead with the person).
  const [goal] = await db.insert(participantGoals).values({ organizationId: s.org.id, participantId: s.participant.id, programId: s.program.id, title: "Stable housing" }).returning();
  const [objective] = await db.insert(goalObjectives).values({ organizationId: s.org.id, goalId: goal.id, description: "Submit the housing application" }).returning();
  objectiveId = objective.id;
});

describe("one-to-one contacts", () => {
  it("are drafts until signed, locked once signed (by the mutation and the database), with addenda, all audited in the person's history", async () => {
    const { contactId } = await saveContact(s.facilitator, s.participant.id, null, fields({ note: "", component: null, planLink: `objective:${objectiveId}` }), now());
    await saveContact(s.facilitator, s.participant.id, contactId, fields({ planLink: `objective:${objectiveId}` }), now(), { sign: true });
    const [row] = await db.select().from(individualContacts).where(eq(individualContacts.id, contactId));
    expect(row).toMatchObject({ objectiveId, minutes: 45, mode: "phone", component: "advocacy", signedBy: s.facilitator.id, authorId: s.facilitator.id });
    await expect(saveContact(s.manager, s.participant.id, contactId, fields({ note: "Changed" }), now())).rejects.toThrow(/signed.*addendum/i);
    await expect(db.update(individualContacts).set({ note: "Changed" }).where(eq(individualContacts.id, contactId))).rejects.toThrow();
    await expect(db.delete(individualContacts).where(eq(individualContacts.id, contactId))).rejects.toThrow();
    await addContactAddendum(s.manager, s.participant.id, contactId, "The application was accepted the next day.", now());
    const addenda = await db.select().from(recordAddenda).where(and(eq(recordAddenda.noteKind, "contact"), eq(recordAddenda.noteId, contactId)));
    expect(addenda.map((a) => [a.authorId, a.body])).toEqual([[s.manager.id, "The application was accepted the next day."]]);
    const trail = await db.select({ action: auditEvents.action, person: auditEvents.subjectUserId }).from(auditEvents).where(eq(auditEvents.subjectId, contactId)).orderBy(auditEvents.id);
    expect(trail).toEqual([
      { action: "contact.create", person: s.participant.id },
      { action: "contact.update", person: s.participant.id },
      { action: "contact.sign", person: s.participant.id },
      { action: "contact.addendum", person: s.participant.id },
    ]);
    const page = await getContact(s.facilitator, s.participant.id, contactId);
    expect(page.contact.objectiveText).toBe("Submit the housing application");
    expect(page.addenda).toHaveLength(1);
  });

  it("refuses signing without the component and the note, a future date, another person's goal, and an addendum to a draft; nothing changes", async () => {
    const before = await db.select().from(individualContacts).where(eq(individualContacts.participantId, s.participant.id));
    await expect(saveContact(s.facilitator, s.participant.id, null, fields({ component: null }), now(), { sign: true })).rejects.toMatchObject({ field: "component" });
    await expect(saveContact(s.facilitator, s.participant.id, null, fields({ note: "" }), now(), { sign: true })).rejects.toMatchObject({ field: "note" });
    const future = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    await expect(saveContact(s.facilitator, s.participant.id, null, fields({ contactDate: future }), now())).rejects.toMatchObject({ field: "contactDate" });
    await expect(saveContact(s.facilitator, s.otherParticipant.id, null, fields({ planLink: `objective:${objectiveId}` }), now())).rejects.toBeInstanceOf(UserInputError);
    const post = (form: Record<string, string>) => callRoute(contactsPage, { path: `/participants/${s.participant.id}/contacts`, params: { userId: s.participant.id }, cookie: s.facilitator.cookie, form });
    const bad = await post({ intent: "save", contactDate: "yesterday", minutes: "0", mode: "carrier pigeon", component: "x", note: "n" });
    expect(bad.status).toBe(400);
    expect(Object.keys((bad.data as { errors: Record<string, unknown> }).errors).sort()).toEqual(["component", "contactDate", "minutes", "mode"]);
    expect((await post({ intent: "publish", contactDate: today(), minutes: "30", mode: "video", component: "", note: "" })).status).toBe(400);
    const { contactId: draft } = await saveContact(s.facilitator, s.participant.id, null, fields({ component: null }), now());
    await expect(addContactAddendum(s.facilitator, s.participant.id, draft, "x", now())).rejects.toThrow(/draft/);
    const after = await db.select().from(individualContacts).where(eq(individualContacts.participantId, s.participant.id));
    expect(after.filter((a) => a.id !== draft)).toEqual(before);
  });

  it("are read and written only by staff with a current relationship: not another group's facilitator, another organisation, a participant, or a facilitator whose participant left", async () => {
    const { contactId } = await saveContact(s.facilitator, s.participant.id, null, fields(), now());
    await expect(listContacts(s.otherFacilitator, s.participant.id, now())).rejects.toMatchObject({ status: 403 });
    await expect(saveContact(s.otherFacilitator, s.participant.id, null, fields(), now())).rejects.toMatchObject({ status: 403 });
    await expect(listContacts(foreign.manager, s.participant.id, now())).rejects.toMatchObject({ status: 404 });
    await expect(getContact(foreign.manager, s.participant.id, contactId)).rejects.toMatchObject({ status: 404 });
    // A contact of one person is not reachable under another person's address.
    await expect(getContact(s.facilitator, s.otherParticipant.id, contactId)).rejects.toMatchObject({ status: 404 });
    expect((await callRoute(contactPage, { path: `/participants/${s.participant.id}/contacts/${contactId}`, params: { userId: s.participant.id, contactId }, cookie: s.participant.cookie })).status).toBe(403);
    expect((await callRoute(contactPage, { path: `/participants/${s.participant.id}/contacts/${contactId}`, params: { userId: s.participant.id, contactId }, cookie: s.facilitator.cookie })).status).toBe(200);
    // The reading is in the person's disclosure history.
    const viewed = await db.select().from(auditEvents).where(and(eq(auditEvents.action, "contact.viewed"), eq(auditEvents.subjectUserId, s.participant.id), eq(auditEvents.actorUserId, s.facilitator.id)));
    expect(viewed.length).toBeGreaterThan(0);

    await db.update(enrolments).set({ status: "withdrawn" }).where(and(eq(enrolments.groupId, s.group.id), eq(enrolments.userId, s.participant.id)));
    try {
      await expect(listContacts(s.facilitator, s.participant.id, now())).rejects.toMatchObject({ status: 403 });
      await expect(saveContact(s.facilitator, s.participant.id, contactId, fields(), now())).rejects.toMatchObject({ status: 403 });
      expect((await listContacts(s.manager, s.participant.id, now())).contacts.length).toBeGreaterThan(0);
    } finally {
      await db.update(enrolments).set({ status: "enrolled" }).where(and(eq(enrolments.groupId, s.group.id), eq(enrolments.userId, s.participant.id)));
    }
  });

  it("a participant reads their own signed contacts (not drafts) only when the organisation shares progress notes", async () => {
    expect((await myProgressNotes(s.participant)).contacts).toEqual([]);
    await setRecordsSettings(s.admin, { participantsSeeProgressNotes: true }, now());
    const mine = await myProgressNotes(s.participant);
    const signed = await db.select().from(individualContacts).where(and(eq(individualContacts.participantId, s.participant.id)));
    expect(mine.contacts.map((c) => c.id).sort()).toEqual(signed.filter((c) => c.signedAt).map((c) => c.id).sort());
    expect(mine.contacts[0].addenda.map((a) => a.body)).toEqual(["The application was accepted the next day."]);
    expect((await myProgressNotes(s.otherParticipant)).contacts).toEqual([]);
    await setRecordsSettings(s.admin, { participantsSeeProgressNotes: false }, now());
  });

  it("are counted in the managers' service-records report (signed in the last 30 days, minutes, people; drafts)", async () => {
    const report = await contactsReport(s.manager, now());
    const signed = await db.select().from(individualContacts).where(and(eq(individualContacts.organizationId, s.org.id)));
    const signedRows = signed.filter((c) => c.signedAt);
    expect(report).toMatchObject({ signed: signedRows.length, minutes: signedRows.reduce((n, c) => n + c.minutes, 0), people: 1, drafts: signed.length - signedRows.length });
    expect(report.signed).toBeGreaterThan(0);
    await expect(contactsReport(s.facilitator, now())).rejects.toMatchObject({ status: 403 });
    const page = await callRoute(reportPage, { path: "/metrics/records", cookie: s.manager.cookie });
    expect((page.data as { contacts: { signed: number } }).contacts.signed).toBe(report.signed);
    expect((await contactsReport(foreign.manager, now())).signed).toBe(0);
  });
});
