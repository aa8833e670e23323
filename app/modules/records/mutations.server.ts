import { and, eq, isNull, sql } from "drizzle-orm";
import { db, type Executor } from "~/db/client.server";
import { requirePlanReach } from "~/modules/metrics/plan-access.server";
import type { PlanReach } from "~/modules/metrics/policy";
import { memberships } from "~/db/schema";
import { groupNotes, incidentActions, incidents, progressNotes, recordAddenda, recordsSettings } from "~/db/tables/records";
import { audit } from "~/modules/audit/mutations.server";
import { claimForm, recordOutcome, type FormClaim } from "~/modules/forms/mutations.server";
import type { CurrentUser } from "~/modules/auth/policy";
import { forbidden, NO_VERSION_NOTE, notFound, UnversionedSave, UserInputError } from "~/modules/errors";
import { canEditRecordsSettings, canManageIncidents, canWriteNotes, canWriteProgressNote } from "./policy";
import { attendeeOf, planLinks, sessionForNotes, type SessionForNotes } from "./queries.server";
import { attended, notesOpen } from "./rules";
import type { GroupNoteFields, IncidentFields, ProgressNoteFields } from "./schema";

export const LOCKED = "This note is signed, so it cannot be changed. Add an addendum below instead.";

async function writableSession(tx: Executor, user: CurrentUser, sessionId: string, now: Date): Promise<SessionForNotes> {
  const session = await sessionForNotes(tx, user, sessionId);
  if (!canWriteNotes(user, session.ctx)) forbidden("Only the group's facilitators and managers write this session's notes.");
  if (session.status === "cancelled") throw new UserInputError("This session was cancelled: there is nothing to write a note about.");
  if (!notesOpen(session, now)) throw new UserInputError("Notes can be written once the session has started.");
  // One writer at a time per session: two facilitators saving at once queue here instead of racing.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`records:session:${session.id}`}, 0))`);
  return session;
}

async function lockedGroupNote(tx: Executor, sessionId: string) {
  const [note] = await tx.select().from(groupNotes).where(eq(groupNotes.sessionId, sessionId)).for("update");
  return note ?? null;
}

const groupFields = (n: GroupNoteFields) => ({ topic: n.topic, activities: n.activities, groupDynamics: n.groupDynamics, followUps: n.followUps });

export const STALE_NOTE =
  "Someone else changed this note since you opened this page, so your version was not saved (nor signed). Your text is still in the form: copy what you need, open the page again to see the current note, and add it there.";

/** The version of a draft note a page was opened on: its last save in milliseconds, "none" before the first. */
export const noteVersion = (note: { updatedAt: Date } | null | undefined) => (note ? String(note.updatedAt.getTime()) : "none");

/**
 * Saves the session's group note as a draft (creating it on first save). A signed note is never
 * changed: the update is guarded by `signed_at is null` (and a database trigger refuses it too);
 * the caller is told to add an addendum.
 */
export async function saveGroupNote(
  user: CurrentUser,
  sessionId: string,
  fields: GroupNoteFields,
  now: Date,
  /**
   * `version`: the note's version the page was opened on (noteVersion). Co-facilitators write one
   * note and each page sends back the whole of it: a save from a page opened before someone else
   * saved would write its copy over theirs (and a sign would lock it), so it is refused. `null`
   * is a form that named no version (a page opened before forms carried one, a crafted post): it
   * cannot be compared, so it is refused too, with the current version (UnversionedSave). Callers
   * outside a form (no `version` at all) are not compared.
   */
  options: { sign?: boolean; version?: string | null } = {},
) {
  return db.transaction(async (tx) => {
    const session = await writableSession(tx, user, sessionId, now);
    const existing = await lockedGroupNote(tx, session.id);
    if (existing?.signedAt) throw new UserInputError(LOCKED);
    if (options.version === null) throw new UnversionedSave(NO_VERSION_NOTE, noteVersion(existing));
    if (options.version && options.version !== noteVersion(existing)) throw new UserInputError(STALE_NOTE);
    if (options.sign) {
      if (!fields.topic) throw new UserInputError("Enter the unit or topic covered before signing", "topic");
      if (!fields.activities) throw new UserInputError("Enter the activities before signing", "activities");
    }
    const values = groupFields(fields);
    let noteId: string;
    if (!existing) {
      const [created] = await tx
        .insert(groupNotes)
        .values({ organizationId: session.organizationId, sessionId: session.id, groupId: session.groupId, authorId: user.id, updatedBy: user.id, updatedAt: now, ...values })
        .returning({ id: groupNotes.id });
      noteId = created.id;
      await audit(tx, { organizationId: session.organizationId, actorId: user.id, action: "group_note.create", subjectType: "group_note", subjectId: noteId, after: { sessionId: session.id, ...values } });
    } else {
      noteId = existing.id;
      const updated = await tx
        .update(groupNotes)
        .set({ ...values, updatedAt: now, updatedBy: user.id })
        .where(and(eq(groupNotes.id, existing.id), isNull(groupNotes.signedAt)))
        .returning({ id: groupNotes.id });
      if (!updated.length) throw new UserInputError(LOCKED);
      const before = groupFields(existing);
      if (JSON.stringify(before) !== JSON.stringify(values)) {
        await audit(tx, { organizationId: session.organizationId, actorId: user.id, action: "group_note.update", subjectType: "group_note", subjectId: noteId, before, after: values });
      }
    }
    if (options.sign) {
      await tx.update(groupNotes).set({ signedAt: now, signedBy: user.id }).where(and(eq(groupNotes.id, noteId), isNull(groupNotes.signedAt)));
      await audit(tx, { organizationId: session.organizationId, actorId: user.id, action: "group_note.sign", subjectType: "group_note", subjectId: noteId, after: { sessionId: session.id } });
    }
    return { noteId };
  });
}

/** An addendum to a signed group note: appended with author and time; the note itself is unchanged. */
export async function addGroupNoteAddendum(
  user: CurrentUser,
  sessionId: string,
  body: string,
  now: Date,
  /** The form's one-time token: the same addendum sent again is not appended twice. */
  claim?: FormClaim,
): Promise<{ addendumId: string }> {
  return db.transaction(async (tx) => {
    const session = await writableSession(tx, user, sessionId, now);
    if (claim) {
      const first = await claimForm<{ addendumId: string }>(tx, session.organizationId, claim);
      if (first) return first.outcome;
    }
    const note = await lockedGroupNote(tx, session.id);
    if (!note) throw new UserInputError("There is no group note yet: write the note itself first.", "body");
    if (!note.signedAt) throw new UserInputError("This note is still a draft: change it directly, addenda are for signed notes.", "body");
    const [row] = await tx
      .insert(recordAddenda)
      .values({ organizationId: session.organizationId, noteKind: "group", noteId: note.id, authorId: user.id, body, createdAt: now })
      .returning({ id: recordAddenda.id });
    await audit(tx, { organizationId: session.organizationId, actorId: user.id, action: "group_note.addendum", subjectType: "group_note", subjectId: note.id, after: { addendumId: row.id, body } });
    if (claim) await recordOutcome(tx, claim, { addendumId: row.id });
    return { addendumId: row.id };
  });
}

/** A "goal:<id>" / "objective:<id>" choice checked against the person's active goals and objectives (progress notes, one-to-one contacts). */
export async function resolvePlanLink(tx: Executor, organizationId: string, participantId: string, planLink: string, reach?: PlanReach): Promise<{ goalId: string | null; objectiveId: string | null }> {
  if (!planLink) return { goalId: null, objectiveId: null };
  const options = await planLinks(tx, organizationId, participantId, reach);
  if (!options.some((o) => o.value === planLink)) throw new UserInputError("Choose one of this person's active goals or objectives", "planLink");
  const [kind, id] = planLink.split(":");
  return kind === "goal" ? { goalId: id, objectiveId: null } : { goalId: null, objectiveId: id };
}

const progressValues = (n: { workedOn: string; progressRating: number | null; nextStep: string; minutesOfService: number | null; goalId: string | null; objectiveId: string | null }) => ({
  workedOn: n.workedOn,
  progressRating: n.progressRating,
  nextStep: n.nextStep,
  minutesOfService: n.minutesOfService,
  goalId: n.goalId,
  objectiveId: n.objectiveId,
});

/**
 * Saves (and optionally signs) one participant's progress note for a session. Only for a person
 * marked as attending, by staff with a current relationship to them; a signed note is locked.
 */
export async function saveProgressNote(
  user: CurrentUser,
  sessionId: string,
  participantId: string,
  fields: ProgressNoteFields,
  now: Date,
  /** `version`: the note's version the page was opened on (noteVersion); another, or `null` (a form that named none), is refused, as for the group note. */
  options: { sign?: boolean; version?: string | null } = {},
) {
  return db.transaction(async (tx) => {
    const session = await writableSession(tx, user, sessionId, now);
    const person = await attendeeOf(tx, session, participantId);
    if (!canWriteProgressNote(user, session.ctx, person)) forbidden("You write a person's progress notes only while you lead a group they are enrolled in, or as a manager.");
    if (!attended(person.status)) throw new UserInputError(`${person.name} is not marked as attending this session: mark their attendance on the roster first.`);
    // Only a goal of the plan the writer reaches (a facilitator: of the programs they lead with the person).
    const { goalId, objectiveId } = await resolvePlanLink(tx, session.organizationId, participantId, fields.planLink, await requirePlanReach(tx, user, person));
    if (options.sign) {
      if (!fields.workedOn) throw new UserInputError("Say what they worked on before signing", "workedOn");
      if (fields.progressRating === null) throw new UserInputError("Choose a progress rating before signing", "progressRating");
      if (fields.minutesOfService === null) throw new UserInputError("Enter the minutes of service before signing", "minutesOfService");
    }
    const values = progressValues({ ...fields, goalId, objectiveId });
    const [existing] = await tx
      .select()
      .from(progressNotes)
      .where(and(eq(progressNotes.sessionId, session.id), eq(progressNotes.participantId, participantId)))
      .for("update");
    if (existing?.signedAt) throw new UserInputError(LOCKED);
    if (options.version === null) throw new UnversionedSave(NO_VERSION_NOTE, noteVersion(existing));
    if (options.version && options.version !== noteVersion(existing)) throw new UserInputError(STALE_NOTE);
    let noteId: string;
    const subject = { organizationId: session.organizationId, actorId: user.id, subjectType: "progress_note", subjectUserId: participantId } as const;
    if (!existing) {
      const [created] = await tx
        .insert(progressNotes)
        .values({ organizationId: session.organizationId, sessionId: session.id, groupId: session.groupId, participantId, authorId: user.id, updatedBy: user.id, updatedAt: now, ...values })
        .returning({ id: progressNotes.id });
      noteId = created.id;
      await audit(tx, { ...subject, action: "progress_note.create", subjectId: noteId, after: { sessionId: session.id, ...values } });
    } else {
      noteId = existing.id;
      const updated = await tx
        .update(progressNotes)
        .set({ ...values, updatedAt: now, updatedBy: user.id })
        .where(and(eq(progressNotes.id, existing.id), isNull(progressNotes.signedAt)))
        .returning({ id: progressNotes.id });
      if (!updated.length) throw new UserInputError(LOCKED);
      const before = progressValues(existing);
      if (JSON.stringify(before) !== JSON.stringify(values)) {
        await audit(tx, { ...subject, action: "progress_note.update", subjectId: noteId, before, after: values });
      }
    }
    if (options.sign) {
      await tx.update(progressNotes).set({ signedAt: now, signedBy: user.id }).where(and(eq(progressNotes.id, noteId), isNull(progressNotes.signedAt)));
      await audit(tx, { ...subject, action: "progress_note.sign", subjectId: noteId, after: { sessionId: session.id } });
    }
    return { noteId };
  });
}

export async function addProgressNoteAddendum(
  user: CurrentUser,
  sessionId: string,
  participantId: string,
  body: string,
  now: Date,
  /** The form's one-time token: the same addendum sent again is not appended twice. */
  claim?: FormClaim,
): Promise<{ addendumId: string }> {
  return db.transaction(async (tx) => {
    const session = await writableSession(tx, user, sessionId, now);
    const person = await attendeeOf(tx, session, participantId);
    if (!canWriteProgressNote(user, session.ctx, person)) forbidden("You write a person's progress notes only while you lead a group they are enrolled in, or as a manager.");
    if (claim) {
      const first = await claimForm<{ addendumId: string }>(tx, session.organizationId, claim);
      if (first) return first.outcome;
    }
    const [note] = await tx.select().from(progressNotes).where(and(eq(progressNotes.sessionId, session.id), eq(progressNotes.participantId, participantId)));
    if (!note) throw new UserInputError("There is no progress note yet: write the note itself first.", "body");
    if (!note.signedAt) throw new UserInputError("This note is still a draft: change it directly, addenda are for signed notes.", "body");
    const [row] = await tx
      .insert(recordAddenda)
      .values({ organizationId: session.organizationId, noteKind: "progress", noteId: note.id, authorId: user.id, body, createdAt: now })
      .returning({ id: recordAddenda.id });
    await audit(tx, {
      organizationId: session.organizationId,
      actorId: user.id,
      action: "progress_note.addendum",
      subjectType: "progress_note",
      subjectId: note.id,
      subjectUserId: participantId,
      after: { addendumId: row.id, body },
    });
    if (claim) await recordOutcome(tx, claim, { addendumId: row.id });
    return { addendumId: row.id };
  });
}

async function assertStaffOwner(tx: Executor, organizationId: string, ownerId: string) {
  const [owner] = await tx
    .select({ id: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.userId, ownerId), sql`${memberships.role} in ('facilitator', 'manager', 'admin')`, isNull(memberships.deactivatedAt)));
  if (!owner) throw new UserInputError("Choose a staff member of this organisation", "actionOwnerId");
}

/**
 * An incident entry on a group note (PA-CSE 6.03): creates the incident record (and the draft
 * group note when there is none yet), with its first follow-up action when one is given.
 * Incidents are their own records: they can be entered after the note is signed.
 */
export async function recordIncident(
  user: CurrentUser,
  sessionId: string,
  fields: IncidentFields,
  now: Date,
  /** The form's one-time token: the same incident sent again is not recorded twice. */
  claim?: FormClaim,
): Promise<{ incidentId: string }> {
  return db.transaction(async (tx) => {
    const session = await writableSession(tx, user, sessionId, now);
    if (claim) {
      const first = await claimForm<{ incidentId: string }>(tx, session.organizationId, claim);
      if (first) return first.outcome;
    }
    let note = await lockedGroupNote(tx, session.id);
    if (!note) {
      [note] = await tx
        .insert(groupNotes)
        .values({ organizationId: session.organizationId, sessionId: session.id, groupId: session.groupId, authorId: user.id, updatedBy: user.id, updatedAt: now })
        .returning();
      await audit(tx, { organizationId: session.organizationId, actorId: user.id, action: "group_note.create", subjectType: "group_note", subjectId: note.id, after: { sessionId: session.id } });
    }
    const [incident] = await tx
      .insert(incidents)
      .values({
        organizationId: session.organizationId,
        groupNoteId: note.id,
        sessionId: session.id,
        groupId: session.groupId,
        whatHappened: fields.whatHappened,
        whoWasNotified: fields.whoWasNotified,
        reportedBy: user.id,
        createdAt: now,
      })
      .returning({ id: incidents.id });
    await audit(tx, {
      organizationId: session.organizationId,
      actorId: user.id,
      action: "incident.create",
      subjectType: "incident",
      subjectId: incident.id,
      after: { sessionId: session.id, whatHappened: fields.whatHappened, whoWasNotified: fields.whoWasNotified },
    });
    if (fields.actionDescription && fields.actionOwnerId) {
      await assertStaffOwner(tx, session.organizationId, fields.actionOwnerId);
      await insertAction(tx, user, { id: incident.id, organizationId: session.organizationId }, { description: fields.actionDescription, ownerId: fields.actionOwnerId, dueDate: fields.actionDueDate }, now);
    }
    if (claim) await recordOutcome(tx, claim, { incidentId: incident.id });
    return { incidentId: incident.id };
  });
}

async function insertAction(tx: Executor, user: CurrentUser, incident: { id: string; organizationId: string }, action: { description: string; ownerId: string; dueDate: string }, now: Date) {
  const [row] = await tx
    .insert(incidentActions)
    .values({ organizationId: incident.organizationId, incidentId: incident.id, description: action.description, ownerId: action.ownerId, dueDate: action.dueDate, createdAt: now })
    .returning({ id: incidentActions.id });
  await audit(tx, { organizationId: incident.organizationId, actorId: user.id, action: "incident.action_add", subjectType: "incident", subjectId: incident.id, after: { actionId: row.id, ...action } });
  return row.id;
}

async function managedIncident(tx: Executor, user: CurrentUser, incidentId: string) {
  const [incident] = await tx
    .select()
    .from(incidents)
    .where(and(eq(incidents.id, incidentId), eq(incidents.organizationId, user.organizationId)))
    .for("update");
  if (!incident) notFound("We can't find that incident.");
  if (!canManageIncidents(user, incident)) forbidden("Incidents are followed up by managers.");
  return incident;
}

export async function addIncidentAction(user: CurrentUser, incidentId: string, action: { description: string; ownerId: string; dueDate: string }, now: Date) {
  return db.transaction(async (tx) => {
    const incident = await managedIncident(tx, user, incidentId);
    if (incident.status === "closed") throw new UserInputError("This incident is closed: follow-up actions can no longer be added.");
    try {
      await assertStaffOwner(tx, incident.organizationId, action.ownerId);
    } catch (error) {
      if (error instanceof UserInputError) throw new UserInputError(error.message, "ownerId");
      throw error;
    }
    return insertAction(tx, user, incident, action, now);
  });
}

export async function completeIncidentAction(user: CurrentUser, incidentId: string, actionId: string, now: Date) {
  return db.transaction(async (tx) => {
    const incident = await managedIncident(tx, user, incidentId);
    const done = await tx
      .update(incidentActions)
      .set({ doneAt: now, doneBy: user.id })
      .where(and(eq(incidentActions.id, actionId), eq(incidentActions.incidentId, incident.id), isNull(incidentActions.doneAt)))
      .returning({ id: incidentActions.id });
    if (!done.length) throw new UserInputError("That action is already done, or is not part of this incident.", "actionId");
    await audit(tx, { organizationId: incident.organizationId, actorId: user.id, action: "incident.action_done", subjectType: "incident", subjectId: incident.id, after: { actionId } });
  });
}

export async function closeIncident(user: CurrentUser, incidentId: string, closingNote: string, now: Date) {
  return db.transaction(async (tx) => {
    const incident = await managedIncident(tx, user, incidentId);
    if (incident.status === "closed") throw new UserInputError("This incident is already closed.", "closingNote");
    const [open] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(incidentActions)
      .where(and(eq(incidentActions.incidentId, incident.id), isNull(incidentActions.doneAt)));
    if (open.n > 0) throw new UserInputError(`Mark the ${open.n === 1 ? "open follow-up action" : `${open.n} open follow-up actions`} done before closing the incident.`, "closingNote");
    await tx.update(incidents).set({ status: "closed", closedAt: now, closedBy: user.id, closingNote }).where(eq(incidents.id, incident.id));
    await audit(tx, { organizationId: incident.organizationId, actorId: user.id, action: "incident.close", subjectType: "incident", subjectId: incident.id, before: { status: "open" }, after: { status: "closed", closingNote } });
  });
}

/** Whether participants read their own signed progress notes (administrators decide; audited). */
export async function setRecordsSettings(user: CurrentUser, settings: { participantsSeeProgressNotes: boolean }, now: Date) {
  if (!canEditRecordsSettings(user)) forbidden("Only an administrator changes this setting.");
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(recordsSettings).where(eq(recordsSettings.organizationId, user.organizationId));
    await tx
      .insert(recordsSettings)
      .values({ organizationId: user.organizationId, participantsSeeProgressNotes: settings.participantsSeeProgressNotes, updatedAt: now, updatedBy: user.id })
      .onConflictDoUpdate({ target: recordsSettings.organizationId, set: { participantsSeeProgressNotes: settings.participantsSeeProgressNotes, updatedAt: now, updatedBy: user.id } });
    await audit(tx, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: "records.settings",
      subjectType: "organization",
      subjectId: user.organizationId,
      before: { participantsSeeProgressNotes: before?.participantsSeeProgressNotes ?? false },
      after: settings,
    });
  });
}
