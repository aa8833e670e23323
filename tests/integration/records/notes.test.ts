import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { auditEvents, enrolments, groupFacilitators } from "~/db/schema";
import { attendanceRecords } from "~/db/tables/attendance";
import { competencySupervisors } from "~/db/tables/competency";
import { goalObjectives, participantGoals } from "~/db/tables/metrics";
import { groupNotes, progressNotes, recordAddenda } from "~/db/tables/records";
import { addGroupNoteAddendum, addProgressNoteAddendum, saveGroupNote, saveProgressNote, setRecordsSettings } from "~/modules/records/mutations.server";
import { getProgressNote, getSessionNotes, myProgressNotes } from "~/modules/records/queries.server";
import * as notesPage from "~/routes/sessions.$sessionId.notes._index";
import * as progressPage from "~/routes/sessions.$sessionId.notes.$userId";
import * as myNotesPage from "~/routes/my.notes";
import { UserInputError } from "~/web/http.server";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, createPerson, type Person, type Scenario } from "../../factories/scenario";
import { createHeldSession } from "../../factories/voice";

let s: Scenario;
let foreign: Scenario;
let sessionId: string;
const now = () => new Date();

const note = { topic: "Budgeting basics: unit 2", activities: "Worked through a weekly budget", groupDynamics: "Quiet start, good discussion", followUps: "Bring bank statements" };
const progress = { workedOn: "A weekly budget", progressRating: 3, nextStep: "Track spending for a week", minutesOfService: 60, planLink: "" };

async function actions(subjectId: string) {
  return (await db.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.subjectId, subjectId)).orderBy(auditEvents.id)).map((r) => r.action);
}

beforeAll(async () => {
  [s, foreign] = await Promise.all([createOrgScenario(), createOrgScenario()]);
  sessionId = (await createHeldSession(s, now(), 2)).id;
});

describe("group notes: drafts, signing and the lock", () => {
  it("saves a draft, signs it, and then refuses any edit in place; an addendum is kept beside the unchanged note", async () => {
    const draft = await saveGroupNote(s.facilitator, sessionId, { ...note, topic: "Budgeting" }, now());
    await saveGroupNote(s.facilitator, sessionId, note, now());
    await saveGroupNote(s.facilitator, sessionId, note, now(), { sign: true });
    const [signed] = await db.select().from(groupNotes).where(eq(groupNotes.id, draft.noteId));
    expect(signed.signedAt).not.toBeNull();
    expect(signed.signedBy).toBe(s.facilitator.id);

    // The mutation refuses an edit of the signed note, by the writer and by a manager.
    await expect(saveGroupNote(s.facilitator, sessionId, { ...note, topic: "Changed" }, now())).rejects.toThrow(/signed.*addendum/i);
    await expect(saveGroupNote(s.manager, sessionId, { ...note, topic: "Changed" }, now(), { sign: true })).rejects.toBeInstanceOf(UserInputError);
    // And the database refuses it too, whoever writes SQL.
    await expect(db.update(groupNotes).set({ topic: "Changed" }).where(eq(groupNotes.id, draft.noteId))).rejects.toThrow();
    const [after] = await db.select().from(groupNotes).where(eq(groupNotes.id, draft.noteId));
    expect(after.topic).toBe(note.topic);
    expect(after.updatedAt.getTime()).toBe(signed.updatedAt.getTime());

    await addGroupNoteAddendum(s.facilitator, sessionId, "Also: two people asked for the worksheet.", now());
    const addenda = await db.select().from(recordAddenda).where(eq(recordAddenda.noteId, draft.noteId));
    expect(addenda).toHaveLength(1);
    expect(addenda[0]).toMatchObject({ noteKind: "group", authorId: s.facilitator.id, body: "Also: two people asked for the worksheet." });
    await expect(db.update(recordAddenda).set({ body: "x" }).where(eq(recordAddenda.id, addenda[0].id))).rejects.toThrow();
    expect(await actions(draft.noteId)).toEqual(["group_note.create", "group_note.update", "group_note.sign", "group_note.addendum"]);
  });

  it("refuses an addendum to a draft, and signing without the topic and activities", async () => {
    const other = (await createHeldSession(s, now(), 3)).id;
    await saveGroupNote(s.facilitator, other, { ...note, activities: "" }, now());
    await expect(addGroupNoteAddendum(s.facilitator, other, "x", now())).rejects.toThrow(/draft/);
    await expect(saveGroupNote(s.facilitator, other, { ...note, activities: "" }, now(), { sign: true })).rejects.toMatchObject({ field: "activities" });
    const [row] = await db.select().from(groupNotes).where(eq(groupNotes.sessionId, other));
    expect(row.signedAt).toBeNull();
  });

  it("answers a bad form with a 400 beside the field and writes nothing", async () => {
    const fresh = (await createHeldSession(s, now(), 4)).id;
    const out = await callRoute(notesPage, { path: `/sessions/${fresh}/notes`, params: { sessionId: fresh }, cookie: s.facilitator.cookie, form: { intent: "sign", topic: "x".repeat(600) } });
    expect(out.status).toBe(400);
    expect(await db.select().from(groupNotes).where(eq(groupNotes.sessionId, fresh))).toHaveLength(0);
    const junk = await callRoute(notesPage, { path: `/sessions/${fresh}/notes`, params: { sessionId: fresh }, cookie: s.facilitator.cookie, form: { intent: "delete" } });
    expect(junk.status).toBe(400);
  });
});

describe("progress notes", () => {
  it("are written for people marked attending, linked to their objective, locked once signed, with addenda", async () => {
    // Filed under the group's program: a facilitator links a note only to goals of the programs they lead with the person (plan-privacy).
    const [goal] = await db.insert(participantGoals).values({ organizationId: s.org.id, participantId: s.participant.id, programId: s.program.id, title: "Manage money" }).returning();
    const [objective] = await db.insert(goalObjectives).values({ organizationId: s.org.id, goalId: goal.id, description: "Keep a weekly budget" }).returning();
    const { noteId } = await saveProgressNote(s.facilitator, sessionId, s.participant.id, { ...progress, planLink: `objective:${objective.id}` }, now(), { sign: true });
    const [row] = await db.select().from(progressNotes).where(eq(progressNotes.id, noteId));
    expect(row).toMatchObject({ objectiveId: objective.id, goalId: null, progressRating: 3, minutesOfService: 60, signedBy: s.facilitator.id });
    await expect(saveProgressNote(s.facilitator, sessionId, s.participant.id, { ...progress, workedOn: "Changed" }, now())).rejects.toThrow(/signed/);
    await expect(db.update(progressNotes).set({ workedOn: "Changed" }).where(eq(progressNotes.id, noteId))).rejects.toThrow();
    await addProgressNoteAddendum(s.facilitator, sessionId, s.participant.id, "Called afterwards: budget done.", now());
    const audited = await db.select({ action: auditEvents.action, person: auditEvents.subjectUserId }).from(auditEvents).where(eq(auditEvents.subjectId, noteId)).orderBy(auditEvents.id);
    expect(audited).toEqual([
      { action: "progress_note.create", person: s.participant.id },
      { action: "progress_note.sign", person: s.participant.id },
      { action: "progress_note.addendum", person: s.participant.id },
    ]);
  });

  it("refuses a note for someone not marked attending, and a goal that is not theirs", async () => {
    const absentee = (await createHeldSession(s, now(), 5, { markAttendance: false })).id;
    await db.insert(attendanceRecords).values({ organizationId: s.org.id, sessionId: absentee, groupId: s.group.id, userId: s.participant.id, status: "absent", source: "roster" });
    await expect(saveProgressNote(s.facilitator, absentee, s.participant.id, progress, now())).rejects.toThrow(/not marked as attending/);
    const [goal] = await db.insert(participantGoals).values({ organizationId: s.org.id, participantId: s.participant.id, title: "Not theirs" }).returning();
    await expect(saveProgressNote(s.facilitator, sessionId, s.otherParticipant.id, { ...progress, planLink: `goal:${goal.id}` }, now())).rejects.toMatchObject({ field: "planLink" });
    expect(await db.select().from(progressNotes).where(and(eq(progressNotes.sessionId, sessionId), eq(progressNotes.participantId, s.otherParticipant.id)))).toHaveLength(0);
  });
});

describe("who reads the notes", () => {
  it("the group's facilitator and managers read them; reading a progress note is in the person's disclosure history", async () => {
    const page = await getSessionNotes(s.facilitator, sessionId, now());
    expect(page.note?.topic).toBe(note.topic);
    expect(page.attendees.find((a) => a.userId === s.participant.id)?.progress).toMatchObject({ progressRating: progress.progressRating });
    expect(JSON.stringify(page)).not.toContain(progress.workedOn);
    const managers = await getSessionNotes(s.manager, sessionId, now());
    expect(managers.unnamedAttendees).toBe(0);
    expect(managers.attendees.map((a) => a.userId)).toContain(s.participant.id);
    const viewed = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "progress_note.viewed"), eq(auditEvents.actorUserId, s.manager.id), eq(auditEvents.subjectUserId, s.participant.id)));
    expect(viewed).toHaveLength(1);
    await getProgressNote(s.manager, sessionId, s.participant.id, now());
    // Once per viewer, session and day.
    expect(
      await db.select().from(auditEvents).where(and(eq(auditEvents.action, "progress_note.viewed"), eq(auditEvents.actorUserId, s.manager.id), eq(auditEvents.subjectUserId, s.participant.id))),
    ).toHaveLength(1);
  });

  it("denies a facilitator of other groups, a participant, and another organisation's manager (404)", async () => {
    await expect(getSessionNotes(s.otherFacilitator, sessionId, now())).rejects.toMatchObject({ status: 403 });
    await expect(getProgressNote(s.otherFacilitator, sessionId, s.participant.id, now())).rejects.toMatchObject({ status: 403 });
    await expect(saveGroupNote(s.otherFacilitator, sessionId, note, now())).rejects.toMatchObject({ status: 403 });
    await expect(getSessionNotes(s.participant, sessionId, now())).rejects.toMatchObject({ status: 403 });
    await expect(getSessionNotes(foreign.manager, sessionId, now())).rejects.toMatchObject({ status: 404 });
    await expect(saveProgressNote(foreign.manager, sessionId, s.participant.id, progress, now())).rejects.toMatchObject({ status: 404 });
    for (const [who, status] of [
      [s.participant, 403],
      [s.otherFacilitator, 403],
      [foreign.manager, 404],
    ] as const) {
      const out = await callRoute(progressPage, { path: `/sessions/${sessionId}/notes/${s.participant.id}`, params: { sessionId, userId: s.participant.id }, cookie: (who as Person).cookie });
      expect(out.status, `${(who as Person).role}`).toBe(status);
      const post = await callRoute(notesPage, { path: `/sessions/${sessionId}/notes`, params: { sessionId }, cookie: (who as Person).cookie, form: { intent: "save", ...note } });
      expect(post.status).toBe(status);
    }
  });

  it("a supervisor of the group's facilitator reads the group note but not people's progress notes", async () => {
    const supervisor = await createPerson(s.org, "facilitator");
    await db.insert(competencySupervisors).values({ organizationId: s.org.id, facilitatorId: s.facilitator.id, supervisorId: supervisor.id });
    const page = await getSessionNotes(supervisor, sessionId, now());
    expect(page.note?.topic).toBe(note.topic);
    expect(page.attendees).toEqual([]);
    expect(page.unnamedAttendees).toBeGreaterThan(0);
    await expect(getProgressNote(supervisor, sessionId, s.participant.id, now())).rejects.toMatchObject({ status: 403 });
    await expect(saveGroupNote(supervisor, sessionId, note, now())).rejects.toMatchObject({ status: 403 });
  });

  it("a former facilitator — even the note's writer — loses access the moment they stop leading the group", async () => {
    const former = await createPerson(s.org, "facilitator");
    await db.insert(groupFacilitators).values({ groupId: s.group.id, userId: former.id, organizationId: s.org.id });
    const fresh = (await createHeldSession(s, now(), 6)).id;
    await saveGroupNote(former, fresh, note, now());
    await saveProgressNote(former, fresh, s.participant.id, progress, now());
    await db.delete(groupFacilitators).where(and(eq(groupFacilitators.groupId, s.group.id), eq(groupFacilitators.userId, former.id)));
    await expect(getSessionNotes(former, fresh, now())).rejects.toMatchObject({ status: 403 });
    await expect(getProgressNote(former, fresh, s.participant.id, now())).rejects.toMatchObject({ status: 403 });
    await expect(saveGroupNote(former, fresh, { ...note, topic: "Edited later" }, now())).rejects.toMatchObject({ status: 403 });
    const [row] = await db.select().from(groupNotes).where(eq(groupNotes.sessionId, fresh));
    expect(row.topic).toBe(note.topic);
  });

  it("a facilitator stops reading a person's progress note when that person leaves the group", async () => {
    const leaver = await createPerson(s.org, "participant");
    await db.insert(enrolments).values({ groupId: s.group.id, userId: leaver.id, organizationId: s.org.id });
    const fresh = (await createHeldSession(s, now(), 7)).id;
    await saveProgressNote(s.facilitator, fresh, leaver.id, progress, now(), { sign: true });
    await db.update(enrolments).set({ status: "withdrawn" }).where(and(eq(enrolments.groupId, s.group.id), eq(enrolments.userId, leaver.id)));
    await expect(getProgressNote(s.facilitator, fresh, leaver.id, now())).rejects.toMatchObject({ status: 403 });
    // A manager still reads it.
    expect((await getProgressNote(s.manager, fresh, leaver.id, now())).note?.workedOn).toBe(progress.workedOn);
  });
});

describe("participants and their own progress notes", () => {
  it("see nothing while the organisation has not enabled it, then only their own signed notes", async () => {
    const draftSession = (await createHeldSession(s, now(), 8)).id;
    await saveProgressNote(s.facilitator, draftSession, s.participant.id, { ...progress, workedOn: "A draft nobody shares" }, now());
    await saveProgressNote(s.facilitator, sessionId, s.otherParticipant.id, { ...progress, workedOn: "Someone else's note" }, now(), { sign: true });

    expect(await myProgressNotes(s.participant)).toEqual({ enabled: false, notes: [], contacts: [] });
    const before = await callRoute(myNotesPage, { path: "/my/notes", cookie: s.participant.cookie });
    expect(before.status).toBe(200);
    expect(JSON.stringify(before.data)).not.toContain(progress.workedOn);

    await expect(setRecordsSettings(s.manager, { participantsSeeProgressNotes: true }, now())).rejects.toMatchObject({ status: 403 });
    await setRecordsSettings(s.admin, { participantsSeeProgressNotes: true }, now());
    const mine = await myProgressNotes(s.participant);
    expect(mine.enabled).toBe(true);
    expect(mine.notes.map((n) => n.workedOn)).toEqual([progress.workedOn]);
    expect(mine.notes[0].addenda.map((a) => a.body)).toEqual(["Called afterwards: budget done."]);
    const theirs = await myProgressNotes(s.otherParticipant);
    expect(theirs.notes.map((n) => n.workedOn)).toEqual(["Someone else's note"]);
    // Another organisation's participants are unaffected by this organisation's setting.
    const outsider = await createPerson(foreign.org, "participant");
    expect((await myProgressNotes(outsider)).enabled).toBe(false);
    const [settingAudit] = await db.execute(sql`select after from audit_events where action = 'records.settings' and organization_id = ${s.org.id}`);
    expect(settingAudit.after).toEqual({ participantsSeeProgressNotes: true });
  });
});
