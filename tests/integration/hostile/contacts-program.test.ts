import { readFileSync } from "node:fs";
import path from "node:path";
import { and, eq, inArray, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { enrolments, groupFacilitators, groups, programs } from "~/db/schema";
import { goalObjectives, participantGoals } from "~/db/tables/metrics";
import { individualContacts, recordAddenda } from "~/db/tables/records";
import { personRelations } from "~/modules/audit/relationship.server";
import { loadServicePlan } from "~/modules/plans/queries.server";
import { saveContact } from "~/modules/records/contacts/mutations.server";
import { setRecordsSettings } from "~/modules/records/mutations.server";
import { myProgressNotes } from "~/modules/records/queries.server";
import * as contactsPage from "~/routes/participants.$userId.contacts._index";
import * as contactPage from "~/routes/participants.$userId.contacts.$contactId";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, createPerson, type Person, type Scenario } from "../../factories/scenario";

/**
 * Hostile review (dec 5), HN2 (42 CFR Part 2): a one-to-one contact belongs to one program, and is
 * read like a progress note (HD2) — by managers, or by a facilitator who leads now a group of the
 * contact's program in which the person is enrolled now. A budgeting workshop's leader must not read
 * the "crisis support" contacts the recovery group's peer worker logged with the same person, nor
 * count them on the person's plan. Contacts that name no program (logged before contacts named one,
 * and not attributable) are for managers.
 */
type ListData = { contacts: { id: string; note: string }[]; managersOnly: number; programOptions: { id: string; name: string }[] };

describe("one-to-one contacts are scoped to their program", () => {
  let s: Scenario;
  let budgetingLead: Person;
  let formerLead: Person;
  let budgetingProgramId: string;
  let objectiveId: string;
  let recoveryContact: string;
  let budgetingContact: string;
  let olderContact: string;
  const yesterday = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
  const fields = (note: string, extra: Record<string, unknown> = {}) => ({ contactDate: yesterday, minutes: 30, mode: "phone" as const, component: "advocacy" as const, planLink: `objective:${objectiveId}`, note, ...extra });
  const list = (who: Person) => callRoute(contactsPage, { path: `/participants/${s.participant.id}/contacts`, params: { userId: s.participant.id }, cookie: who.cookie });
  const open = (who: Person, contactId: string) => callRoute(contactPage, { path: `/participants/${s.participant.id}/contacts/${contactId}`, params: { userId: s.participant.id, contactId }, cookie: who.cookie });
  const notes = (data: unknown) => (data as ListData).contacts.map((c) => c.note).sort();

  beforeAll(async () => {
    s = await createOrgScenario();
    // The person is in the scenario's recovery group (program s.program, led by s.facilitator) and
    // in a budgeting workshop of another program, led by Bea; Fay led the recovery group before and
    // now leads only the workshop.
    budgetingLead = await createPerson(s.org, "facilitator", { name: "Bea Budget" });
    formerLead = await createPerson(s.org, "facilitator", { name: "Fay Former" });
    const [budgetingProgram] = await db.insert(programs).values({ organizationId: s.org.id, name: "Financial skills" }).returning();
    budgetingProgramId = budgetingProgram.id;
    const [budgeting] = await db
      .insert(groups)
      .values({ organizationId: s.org.id, programId: budgetingProgram.id, kind: "workshop", name: "Budgeting Basics", timezone: "America/New_York", capacity: 10, location: "Room 3" })
      .returning();
    await db.insert(groupFacilitators).values([
      { groupId: budgeting.id, userId: budgetingLead.id, organizationId: s.org.id },
      { groupId: budgeting.id, userId: formerLead.id, organizationId: s.org.id },
      { groupId: s.group.id, userId: formerLead.id, organizationId: s.org.id },
    ]);
    await db.insert(enrolments).values({ groupId: budgeting.id, userId: s.participant.id, organizationId: s.org.id });
    // The goal is filed under the recovery program (a plan is read by program too: plan-privacy).
    const [goal] = await db.insert(participantGoals).values({ organizationId: s.org.id, participantId: s.participant.id, programId: s.program.id, title: "Stay well" }).returning();
    const [objective] = await db.insert(goalObjectives).values({ organizationId: s.org.id, goalId: goal.id, description: "Keep in touch weekly" }).returning();
    objectiveId = objective.id;

    // Each facilitator leads one program's group with the person: the form's only program, by default.
    recoveryContact = (await saveContact(s.facilitator, s.participant.id, null, fields("Crisis support after a relapse"), new Date(), { sign: true })).contactId;
    // The workshop's leader cannot link the recovery program's objective (plan-privacy/contact-plan-links): no link.
    budgetingContact = (await saveContact(budgetingLead, s.participant.id, null, fields("Went over the bill calendar", { planLink: "" }), new Date(), { sign: true })).contactId;
    // A contact from before contacts named a program.
    const [older] = await db
      .insert(individualContacts)
      .values({ organizationId: s.org.id, participantId: s.participant.id, authorId: s.facilitator.id, contactDate: yesterday, minutes: 20, mode: "in_person", note: "Older contact without a program", objectiveId, signedAt: new Date(), signedBy: s.facilitator.id })
      .returning();
    olderContact = older.id;
    // Fay no longer leads the recovery group.
    await db.delete(groupFacilitators).where(and(eq(groupFacilitators.groupId, s.group.id), eq(groupFacilitators.userId, formerLead.id)));
  });

  it("record the program of the group the writer leads with the person", async () => {
    const rows = await db.select({ id: individualContacts.id, programId: individualContacts.programId }).from(individualContacts).where(eq(individualContacts.participantId, s.participant.id));
    expect(Object.fromEntries(rows.map((r) => [r.id, r.programId]))).toEqual({ [recoveryContact]: s.program.id, [budgetingContact]: budgetingProgramId, [olderContact]: null });
  });

  it("the facilitator of another program's group with the same person neither lists nor opens them", async () => {
    const page = await list(budgetingLead);
    expect(page.status).toBe(200);
    expect(notes(page.data)).toEqual(["Went over the bill calendar"]);
    expect(JSON.stringify(page.data)).not.toContain("relapse");
    expect((page.data as ListData).programOptions.map((p) => p.id)).toEqual([budgetingProgramId]);
    const direct = await open(budgetingLead, recoveryContact);
    expect(direct.status).toBe(404);
    expect(JSON.stringify(direct.data ?? "")).not.toContain("relapse");
    // Nor adds an addendum to it.
    const addendum = await callRoute(contactPage, { path: `/participants/${s.participant.id}/contacts/${recoveryContact}`, params: { userId: s.participant.id, contactId: recoveryContact }, cookie: budgetingLead.cookie, form: { intent: "addendum", body: "x" } });
    expect(addendum.status).toBe(404);
    expect(await db.select().from(recordAddenda).where(eq(recordAddenda.noteId, recoveryContact))).toEqual([]);
  });

  it("the program's own facilitator reads them (and not the other program's), a former facilitator does not", async () => {
    const own = await list(s.facilitator);
    expect(notes(own.data)).toEqual(["Crisis support after a relapse"]);
    expect((await open(s.facilitator, recoveryContact)).status).toBe(200);
    expect((await open(s.facilitator, budgetingContact)).status).toBe(404);
    // Fay still leads the workshop the person attends, but no longer the recovery group.
    expect(notes((await list(formerLead)).data)).toEqual(["Went over the bill calendar"]);
    expect((await open(formerLead, recoveryContact)).status).toBe(404);
  });

  it("a manager reads every contact, those naming no program included", async () => {
    const page = await list(s.manager);
    expect(notes(page.data)).toEqual(["Crisis support after a relapse", "Older contact without a program", "Went over the bill calendar"]);
    expect((page.data as ListData).managersOnly).toBe(0);
    for (const id of [recoveryContact, budgetingContact, olderContact]) expect((await open(s.manager, id)).status).toBe(200);
  });

  it("a contact naming no program is for managers; a facilitator is told how many they cannot see", async () => {
    expect((await open(s.facilitator, olderContact)).status).toBe(404);
    expect((await list(s.facilitator)).data).toMatchObject({ managersOnly: 1 });
    expect((await list(budgetingLead)).data).toMatchObject({ managersOnly: 1 });
  });

  it("a program the writer does not lead a group of with the person is refused with a clear message, and nothing is saved", async () => {
    const before = await db.select().from(individualContacts).where(eq(individualContacts.participantId, s.participant.id));
    const post = (form: Record<string, string>) => callRoute(contactsPage, { path: `/participants/${s.participant.id}/contacts`, params: { userId: s.participant.id }, cookie: budgetingLead.cookie, form });
    const form = { intent: "sign", contactDate: yesterday, minutes: "30", mode: "phone", component: "advocacy", note: "Trying to file under recovery" };
    for (const programId of [s.program.id, "not-a-program", "00000000-0000-4000-8000-000000000000"]) {
      const out = await post({ ...form, programId });
      expect(out.status, programId).toBe(400);
      expect((out.data as { errors: Record<string, string[]> }).errors.programId?.[0], programId).toMatch(/^Choose (one of the programs listed|the program)/);
    }
    // A manager of a person in two programs chooses one.
    const twoPrograms = await callRoute(contactsPage, { path: `/participants/${s.participant.id}/contacts`, params: { userId: s.participant.id }, cookie: s.manager.cookie, form: { ...form, programId: "" } });
    expect(twoPrograms.status).toBe(400);
    expect((twoPrograms.data as { errors: Record<string, string[]> }).errors.programId?.[0]).toBe("Choose the program this contact belongs to");
    expect(await db.select().from(individualContacts).where(eq(individualContacts.participantId, s.participant.id))).toEqual(before);
  });

  it("the plan counts only the contacts the reader may read; the person sees all their own", async () => {
    const owner = (await personRelations(db, s.org.id, s.participant.id))!;
    const countFor = async (who: Person) => (await loadServicePlan(who, owner, new Date())).goals[0].objectives[0].contacts.count;
    // Linked to the objective: the recovery contact and the older one naming no program (managers only).
    expect({ recovery: await countFor(s.facilitator), manager: await countFor(s.manager) }).toEqual({ recovery: 1, manager: 2 });
    // The workshop's leader does not read the recovery program's goal at all, nor so the contacts on it.
    expect((await loadServicePlan(budgetingLead, owner, new Date())).goals).toEqual([]);
    await setRecordsSettings(s.admin, { participantsSeeProgressNotes: true }, new Date());
    try {
      expect((await myProgressNotes(s.participant)).contacts.map((c) => c.note).sort()).toEqual(["Crisis support after a relapse", "Older contact without a program", "Went over the bill calendar"]);
      expect(await countFor(s.participant)).toBe(2);
    } finally {
      await setRecordsSettings(s.admin, { participantsSeeProgressNotes: false }, new Date());
    }
  });
});

/**
 * Migration 0056's backfill: an existing contact gets the program only when it is unambiguous — the
 * writer led, when the contact was logged, groups of exactly one program the person was enrolled in
 * then. Run again here on this organisation's drafts only (the statement as the migration has it,
 * limited to the organisation: signed contacts of other tests are locked).
 */
describe("migration 0056: existing contacts get their program only when it is unambiguous", () => {
  it("the writer's one program with the person; none when two, none when the writer led no group of the person then", async () => {
    const file = readFileSync(path.resolve("drizzle/0056_luxuriant_anita_blake.sql"), "utf8");
    const update = file.split("--> statement-breakpoint").find((st) => st.includes('UPDATE "individual_contacts"'))!;
    expect(update).toContain("WHERE c.id = attributed.id;");
    const s = await createOrgScenario();
    const [workshopProgram] = await db.insert(programs).values({ organizationId: s.org.id, name: "Financial skills" }).returning();
    const [workshop] = await db
      .insert(groups)
      .values({ organizationId: s.org.id, programId: workshopProgram.id, kind: "workshop", name: "Budgeting Basics", timezone: "America/New_York", capacity: 10, location: "Room 3" })
      .returning();
    // otherFacilitator leads both the Circle and the workshop, and both people attend both.
    await db.insert(groupFacilitators).values([
      { groupId: workshop.id, userId: s.otherFacilitator.id, organizationId: s.org.id },
      { groupId: s.group.id, userId: s.otherFacilitator.id, organizationId: s.org.id },
    ]);
    await db.insert(enrolments).values([
      { groupId: workshop.id, userId: s.participant.id, organizationId: s.org.id },
      { groupId: workshop.id, userId: s.otherParticipant.id, organizationId: s.org.id },
    ]);
    // The other participant left the workshop a day ago: before that, two programs; after, one.
    const dayAgo = new Date(Date.now() - 86_400_000);
    await db.update(enrolments).set({ status: "withdrawn", updatedAt: dayAgo }).where(and(eq(enrolments.groupId, workshop.id), eq(enrolments.userId, s.otherParticipant.id)));
    const later = new Date(Date.now() + 60_000);
    const before = new Date(Date.now() - 7 * 86_400_000);
    const contact = (authorId: string, participantId: string, createdAt: Date) => ({ organizationId: s.org.id, participantId, authorId, contactDate: "2026-01-05", minutes: 30, mode: "phone" as const, createdAt });
    const rows = await db
      .insert(individualContacts)
      .values([
        contact(s.facilitator.id, s.participant.id, later), // leads only the Circle: its program
        contact(s.otherFacilitator.id, s.participant.id, later), // leads groups of two programs with the person: none
        contact(s.manager.id, s.participant.id, later), // leads no group: none
        contact(s.facilitator.id, s.participant.id, before), // before the facilitator led the Circle (and before the enrolment): none
        contact(s.otherFacilitator.id, s.otherParticipant.id, later), // after the person left the workshop: the Circle's
      ])
      .returning({ id: individualContacts.id });
    await db.execute(sql.raw(update.replace("WHERE c.id = attributed.id;", `WHERE c.id = attributed.id AND c.organization_id = '${s.org.id}';`)));
    const after = await db.select({ id: individualContacts.id, programId: individualContacts.programId }).from(individualContacts).where(inArray(individualContacts.id, rows.map((r) => r.id)));
    const programOf = (i: number) => after.find((a) => a.id === rows[i].id)?.programId;
    expect([0, 1, 2, 3, 4].map(programOf)).toEqual([s.program.id, null, null, null, s.program.id]);
  });
});
