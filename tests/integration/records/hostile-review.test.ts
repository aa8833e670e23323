import { and, eq, like } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { auditEvents, emailOutbox, memberships, sessions, users } from "~/db/schema";
import { attendanceRecords } from "~/db/tables/attendance";
import { competencySettings, competencySupervisors } from "~/db/tables/competency";
import { goalObjectives, participantGoals } from "~/db/tables/metrics";
import { groupNotes, progressNotes, recordAddenda } from "~/db/tables/records";
import { supervisorContacts, supervisorIdsFor, superviseeIdsOf } from "~/modules/competency/queries.server";
import { flagUnsignedNotes } from "~/modules/records/jobs.server";
import { addProgressNoteAddendum, saveGroupNote, saveProgressNote } from "~/modules/records/mutations.server";
import * as notesPage from "~/routes/sessions.$sessionId.notes._index";
import * as progressPage from "~/routes/sessions.$sessionId.notes.$userId";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, createPerson, type Person, type Scenario } from "../../factories/scenario";
import { createHeldSession } from "../../factories/voice";

const progress = { workedOn: "A weekly budget", progressRating: 3, nextStep: "", minutesOfService: 60, planLink: "" };

async function aboutPerson(actor: string, person: string) {
  return (await db.select({ action: auditEvents.action }).from(auditEvents).where(and(eq(auditEvents.actorUserId, actor), eq(auditEvents.subjectUserId, person)))).map((r) => r.action);
}

async function deactivate(s: Scenario, person: Person) {
  await db.update(memberships).set({ deactivatedAt: new Date() }).where(and(eq(memberships.userId, person.id), eq(memberships.organizationId, s.org.id)));
}

/** The database error's own message (drizzle wraps it). */
async function failure(work: Promise<unknown>): Promise<string | null> {
  try {
    await work;
    return null;
  } catch (e) {
    const err = e as { message?: string; cause?: { message?: string } };
    return err.cause?.message ?? err.message ?? String(e);
  }
}

let s: Scenario;
beforeAll(async () => {
  s = await createOrgScenario();
});

describe("group-note page: names of the people who attended", () => {
  type Page = { attendees: { userId: string; name: string; progress: Record<string, unknown> | null }[]; unnamedAttendees: number };

  it("a supervisor with no relationship to the people (here the organisation's default supervisor) sees how many attended, no names, and nothing is disclosed", async () => {
    const fallback = await createPerson(s.org, "facilitator", { name: "Dee Default" });
    await db.insert(competencySettings).values({ organizationId: s.org.id, defaultSupervisorId: fallback.id });
    const session = await createHeldSession(s, new Date(), 2);
    for (const viewer of [fallback]) {
      const out = await callRoute(notesPage, { path: `/sessions/${session.id}/notes`, params: { sessionId: session.id }, cookie: viewer.cookie });
      expect(out.status).toBe(200);
      const d = out.data as Page;
      expect(d.attendees).toEqual([]);
      expect(d.unnamedAttendees).toBe(2);
      expect(JSON.stringify(out.data)).not.toContain(s.participant.name);
      expect(JSON.stringify(out.data)).not.toContain(s.otherParticipant.name);
      expect(await aboutPerson(viewer.id, s.participant.id)).toEqual([]);
    }
  });

  it("the group's facilitator sees the names, recorded as a roster view in each person's disclosure history, and no progress-note text", async () => {
    const session = await createHeldSession(s, new Date(), 3);
    await saveProgressNote(s.facilitator, session.id, s.participant.id, progress, new Date());
    const out = await callRoute(notesPage, { path: `/sessions/${session.id}/notes`, params: { sessionId: session.id }, cookie: s.facilitator.cookie });
    expect(out.status).toBe(200);
    const d = out.data as Page;
    expect(d.attendees.map((a) => a.name).sort()).toEqual([s.participant.name, s.otherParticipant.name].sort());
    expect(d.unnamedAttendees).toBe(0);
    const [row] = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.actorUserId, s.facilitator.id), eq(auditEvents.subjectUserId, s.otherParticipant.id), eq(auditEvents.action, "roster.viewed"), eq(auditEvents.subjectId, s.group.id)));
    expect(row).toBeDefined();
    expect(await aboutPerson(s.facilitator.id, s.participant.id)).toEqual(expect.arrayContaining(["roster.viewed", "progress_note.viewed"]));
    // What the page shows of a progress note: its state and rating, not what the person worked on.
    const mine = d.attendees.find((a) => a.userId === s.participant.id)!;
    expect(mine.progress).toMatchObject({ progressRating: 3, signedAt: null });
    expect(JSON.stringify(out.data)).not.toContain(progress.workedOn);
  });
});

describe("progress-note page: the person's plan", () => {
  it("is refused (404) for a person who did not attend or is not in the group, and its disclosure is recorded when shown without a note", async () => {
    const t = await createOrgScenario();
    const [goal] = await db.insert(participantGoals).values({ organizationId: t.org.id, participantId: t.otherParticipant.id, title: "Stay off opioids for 90 days" }).returning();
    await db.insert(goalObjectives).values({ organizationId: t.org.id, goalId: goal.id, description: "Attend MAT appointment weekly" });
    const session = await createHeldSession(t, new Date(), 3, { markAttendance: false });
    await db.insert(attendanceRecords).values({ organizationId: t.org.id, sessionId: session.id, groupId: t.group.id, userId: t.otherParticipant.id, status: "absent", source: "roster" });
    const stranger = await createPerson(t.org, "participant");
    await db.insert(participantGoals).values({ organizationId: t.org.id, participantId: stranger.id, title: "Stranger's goal" });
    for (const who of [t.otherParticipant, stranger, t.participant]) {
      const out = await callRoute(progressPage, { path: `/sessions/${session.id}/notes/${who.id}`, params: { sessionId: session.id, userId: who.id }, cookie: t.manager.cookie });
      expect(out.status, who.name).toBe(404);
      expect(JSON.stringify(out.data ?? "")).not.toContain("opioids");
    }
    expect(await aboutPerson(t.manager.id, t.otherParticipant.id)).toEqual([]);

    // Marked present: the plan is shown (no note yet) and recorded in the person's history.
    await db.update(attendanceRecords).set({ status: "present" }).where(and(eq(attendanceRecords.sessionId, session.id), eq(attendanceRecords.userId, t.otherParticipant.id)));
    const out = await callRoute(progressPage, { path: `/sessions/${session.id}/notes/${t.otherParticipant.id}`, params: { sessionId: session.id, userId: t.otherParticipant.id }, cookie: t.manager.cookie });
    expect(out.status).toBe(200);
    const d = out.data as { note: unknown; plan: { label: string }[] };
    expect(d.note).toBeNull();
    expect(d.plan.map((p) => p.label).join(" ")).toContain("opioids");
    expect(await aboutPerson(t.manager.id, t.otherParticipant.id)).toEqual(["goal.plan_viewed"]);
  });
});

describe("signed notes and erasure", () => {
  it("a staff account that signed (and wrote addenda to) notes can be erased; the notes stay signed, signer unknown", async () => {
    const t = await createOrgScenario();
    const session = await createHeldSession(t, new Date(), 2);
    const { noteId } = await saveProgressNote(t.facilitator, session.id, t.participant.id, progress, new Date(), { sign: true });
    await addProgressNoteAddendum(t.facilitator, session.id, t.participant.id, "Also: asked for a worksheet.", new Date());
    const group = await saveGroupNote(t.manager, session.id, { topic: "t", activities: "a", groupDynamics: "", followUps: "" }, new Date(), { sign: true });
    expect(await failure(db.delete(users).where(eq(users.id, t.facilitator.id)))).toBeNull();
    expect(await failure(db.delete(users).where(eq(users.id, t.manager.id)))).toBeNull();
    const [p] = await db.select().from(progressNotes).where(eq(progressNotes.id, noteId));
    expect(p).toMatchObject({ signedBy: null, authorId: null, workedOn: progress.workedOn });
    expect(p.signedAt).not.toBeNull();
    const [g] = await db.select().from(groupNotes).where(eq(groupNotes.id, group.noteId));
    expect(g.signedBy).toBeNull();
    expect(g.signedAt).not.toBeNull();
    const [addendum] = await db.select().from(recordAddenda).where(eq(recordAddenda.noteId, noteId));
    expect(addendum).toMatchObject({ authorId: null, body: "Also: asked for a worksheet." });
    // The lock still holds: no other change to the signed notes, nor a signer added afterwards.
    expect(await failure(db.update(progressNotes).set({ workedOn: "changed" }).where(eq(progressNotes.id, noteId)))).toMatch(/locked/);
    expect(await failure(db.update(progressNotes).set({ signedBy: t.otherFacilitator.id }).where(eq(progressNotes.id, noteId)))).toMatch(/locked/);
    expect(await failure(db.update(recordAddenda).set({ body: "x" }).where(eq(recordAddenda.id, addendum.id)))).toMatch(/append-only/);
    // A signer without a signing time is still refused.
    const s2 = await createHeldSession(t, new Date(), 4);
    expect(await failure(db.insert(groupNotes).values({ organizationId: t.org.id, sessionId: s2.id, groupId: t.group.id, signedBy: t.otherFacilitator.id }))).toMatch(/group_notes_signed_by/);
  });

  it("a goal or objective linked from a signed progress note can be deleted (the link is cleared, nothing else)", async () => {
    const t = await createOrgScenario();
    const session = await createHeldSession(t, new Date(), 2);
    // Filed under the group's program: a facilitator links a note only to goals of the programs they lead with the person (plan-privacy).
    const [goal] = await db.insert(participantGoals).values({ organizationId: t.org.id, participantId: t.participant.id, programId: t.program.id, title: "G" }).returning();
    const [objective] = await db.insert(goalObjectives).values({ organizationId: t.org.id, goalId: goal.id, description: "O" }).returning();
    const a = await saveProgressNote(t.facilitator, session.id, t.participant.id, { ...progress, planLink: `objective:${objective.id}` }, new Date(), { sign: true });
    const b = await saveProgressNote(t.facilitator, session.id, t.otherParticipant.id, progress, new Date(), { sign: true });
    const [goal2] = await db.insert(participantGoals).values({ organizationId: t.org.id, participantId: t.otherParticipant.id, title: "G2" }).returning();
    expect(await failure(db.delete(goalObjectives).where(eq(goalObjectives.id, objective.id)))).toBeNull();
    expect(await failure(db.delete(participantGoals).where(eq(participantGoals.id, goal.id)))).toBeNull();
    const [note] = await db.select().from(progressNotes).where(eq(progressNotes.id, a.noteId));
    expect(note).toMatchObject({ goalId: null, objectiveId: null, workedOn: progress.workedOn });
    // Setting a link on a signed note is still a change of content.
    expect(await failure(db.update(progressNotes).set({ goalId: goal2.id }).where(eq(progressNotes.id, b.noteId)))).toMatch(/locked/);
  });

  it("a signed note cannot be deleted on its own; erasing the person (or their session) removes it with its addenda", async () => {
    const t = await createOrgScenario();
    const session = await createHeldSession(t, new Date(), 2);
    const { noteId } = await saveProgressNote(t.facilitator, session.id, t.participant.id, progress, new Date(), { sign: true });
    await addProgressNoteAddendum(t.facilitator, session.id, t.participant.id, "Later fact.", new Date());
    const group = await saveGroupNote(t.facilitator, session.id, { topic: "t", activities: "a", groupDynamics: "", followUps: "" }, new Date(), { sign: true });
    expect(await failure(db.delete(progressNotes).where(eq(progressNotes.id, noteId)))).toMatch(/signed note .* cannot be deleted/);
    expect(await failure(db.delete(groupNotes).where(eq(groupNotes.id, group.noteId)))).toMatch(/signed note .* cannot be deleted/);
    expect(await db.select().from(progressNotes).where(eq(progressNotes.id, noteId))).toHaveLength(1);
    // A draft can be deleted.
    const draft = await saveProgressNote(t.facilitator, session.id, t.otherParticipant.id, progress, new Date());
    expect(await failure(db.delete(progressNotes).where(eq(progressNotes.id, draft.noteId)))).toBeNull();
    // Erasing the participant takes their signed note and its addenda with them.
    expect(await failure(db.delete(users).where(eq(users.id, t.participant.id)))).toBeNull();
    expect(await db.select().from(progressNotes).where(eq(progressNotes.id, noteId))).toHaveLength(0);
    expect(await db.select().from(recordAddenda).where(eq(recordAddenda.noteId, noteId))).toHaveLength(0);
    // The group note survives the person; deleting the whole session removes it.
    expect(await db.select().from(groupNotes).where(eq(groupNotes.id, group.noteId))).toHaveLength(1);
    expect(await failure(db.delete(sessions).where(eq(sessions.id, session.id)))).toBeNull();
    expect(await db.select().from(groupNotes).where(eq(groupNotes.id, group.noteId))).toHaveLength(0);
  });
});

describe("overdue-note emails and supervisors: deactivated staff are left out", () => {
  it("a deactivated facilitator and a deactivated named supervisor get no email; the managers hear instead", async () => {
    const t = await createOrgScenario();
    const sup = await createPerson(t.org, "facilitator", { name: "Former Supervisor" });
    await db.insert(competencySupervisors).values({ organizationId: t.org.id, facilitatorId: t.facilitator.id, supervisorId: sup.id });
    await deactivate(t, sup);
    expect(await supervisorIdsFor(db, t.org.id, t.facilitator.id)).toEqual([]);
    expect((await supervisorContacts(db, t.org.id, t.facilitator.id)).map((c) => c.id)).toEqual([t.manager.id]);
    expect(await superviseeIdsOf(db, t.org.id, sup.id)).toEqual([]);
    await deactivate(t, t.facilitator);
    const now = new Date();
    const session = await createHeldSession(t, now, 73);
    await flagUnsignedNotes(now);
    const mail = await db.select({ to: emailOutbox.toAddress }).from(emailOutbox).where(like(emailOutbox.dedupeKey, `records:note-overdue:${session.id}:%`));
    expect(mail.map((m) => m.to)).toEqual([t.manager.email]);
  });

  it("a deactivated facilitator is not a supervisee of the default supervisor", async () => {
    const t = await createOrgScenario();
    await db.insert(competencySettings).values({ organizationId: t.org.id, defaultSupervisorId: t.manager.id });
    await deactivate(t, t.otherFacilitator);
    const supervisees = await superviseeIdsOf(db, t.org.id, t.manager.id);
    expect(supervisees).toContain(t.facilitator.id);
    expect(supervisees).not.toContain(t.otherFacilitator.id);
  });
});
