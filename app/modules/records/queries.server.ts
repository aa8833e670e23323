import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { db, type Executor } from "~/db/client.server";
import { reachSql, requirePlanReach } from "~/modules/metrics/plan-access.server";
import type { PlanReach } from "~/modules/metrics/policy";
import { groups, memberships, sessions, users } from "~/db/schema";
import { attendanceRecords } from "~/db/tables/attendance";
import { goalObjectives, participantGoals } from "~/db/tables/metrics";
import { groupNotes, incidentActions, incidents, individualContacts, progressNotes, recordAddenda, recordsSettings } from "~/db/tables/records";
import { recordDisclosureOncePerDay, recordRosterViewed } from "~/modules/audit/mutations.server";
import { personRelations } from "~/modules/audit/relationship.server";
import type { CurrentUser, PersonRelations } from "~/modules/auth/policy";
import { supervisorIdsFor } from "~/modules/competency/queries.server";
import { forbidden, notFound } from "~/modules/errors";
import { EXPORT_ROW_LIMIT } from "~/modules/export/csv";
import { unitTitleOfSession } from "./curriculum/queries.server";
import { facilitatorsOf, orgSession } from "./sessions.server";
import { canManageIncidents, canReadGroupNote, canReadProgressNote, canWriteNotes, canWriteProgressNote, participantSeesOwnNotes, type NoteContext } from "./policy";
import { ATTENDED_STATUSES, attended, NOTE_DUE_HOURS, noteDueAt, notesOpen } from "./rules";

export type SessionForNotes = {
  id: string;
  organizationId: string;
  groupId: string;
  groupName: string;
  timezone: string;
  startsAt: Date;
  endsAt: Date;
  status: string;
  ctx: NoteContext;
};

export async function recordsSettingsOf(exec: Executor, organizationId: string) {
  const [row] = await exec.select().from(recordsSettings).where(eq(recordsSettings.organizationId, organizationId));
  return { participantsSeeProgressNotes: row?.participantsSeeProgressNotes ?? false };
}

/**
 * A session of the caller's organisation with the facts the records policy needs (the group's
 * facilitators now, and their supervisors now), or 404. Does not decide access.
 */
export async function sessionForNotes(exec: Executor, user: CurrentUser, sessionId: string): Promise<SessionForNotes> {
  const row = await orgSession(exec, user, sessionId);
  const facilitatorIds = await facilitatorsOf(exec, row.groupId);
  const supervisorIds = new Set<string>();
  for (const id of facilitatorIds) for (const s of await supervisorIdsFor(exec, row.organizationId, id)) supervisorIds.add(s);
  return { ...row, ctx: { organizationId: row.organizationId, facilitatorIds, supervisorIds: [...supervisorIds] } };
}

async function addendaOf(exec: Executor, kind: "group" | "progress" | "contact", noteIds: string[]) {
  if (!noteIds.length) return [];
  return exec
    .select({ id: recordAddenda.id, noteId: recordAddenda.noteId, body: recordAddenda.body, createdAt: recordAddenda.createdAt, authorName: users.name })
    .from(recordAddenda)
    .leftJoin(users, eq(users.id, recordAddenda.authorId))
    .where(and(eq(recordAddenda.noteKind, kind), inArray(recordAddenda.noteId, noteIds)))
    .orderBy(asc(recordAddenda.createdAt));
}

const nameOf = (alias: string) => sql<string | null>`(select name from users where id = ${sql.raw(alias)})`;

/**
 * The group-note page of a session: the note (with addenda and incidents), the people marked as
 * attending, and the state of their progress notes. A name is personal data (who attends a group
 * can say what they are treated for): the viewer sees the names only of people they have the staff
 * relationship with (a supervisor reading a supervisee's group note sees how many attended, not
 * who), and each name shown is a roster view in the person's disclosure history; each progress
 * note's state shown is a `progress_note.viewed` (both once per viewer and day). The notes' text is
 * not sent (the progress-note page shows it). 403 for staff outside the group's circle, 404 for
 * another organisation's session.
 */
export async function getSessionNotes(user: CurrentUser, sessionId: string, now: Date) {
  const session = await sessionForNotes(db, user, sessionId);
  if (!canReadGroupNote(user, session.ctx)) forbidden("Only the group's facilitators, their supervisors and managers read this session's notes.");
  const [note] = await db
    .select({
      id: groupNotes.id,
      topic: groupNotes.topic,
      activities: groupNotes.activities,
      groupDynamics: groupNotes.groupDynamics,
      followUps: groupNotes.followUps,
      authorName: nameOf('"group_notes"."author_id"'),
      updatedAt: groupNotes.updatedAt,
      signedAt: groupNotes.signedAt,
      signedByName: nameOf('"group_notes"."signed_by"'),
    })
    .from(groupNotes)
    .where(and(eq(groupNotes.sessionId, session.id), eq(groupNotes.organizationId, user.organizationId)));
  const noteIncidents = note
    ? await db
        .select({ id: incidents.id, whatHappened: incidents.whatHappened, whoWasNotified: incidents.whoWasNotified, status: incidents.status, createdAt: incidents.createdAt })
        .from(incidents)
        .where(eq(incidents.groupNoteId, note.id))
        .orderBy(asc(incidents.createdAt))
    : [];
  const marks = await db
    .select({ userId: attendanceRecords.userId, name: users.name, status: attendanceRecords.status })
    .from(attendanceRecords)
    .innerJoin(users, eq(users.id, attendanceRecords.userId))
    .where(and(eq(attendanceRecords.sessionId, session.id), inArray(attendanceRecords.status, [...ATTENDED_STATUSES])))
    .orderBy(asc(users.name));
  const notes = marks.length
    ? await db
        .select({ id: progressNotes.id, participantId: progressNotes.participantId, signedAt: progressNotes.signedAt, progressRating: progressNotes.progressRating })
        .from(progressNotes)
        .where(and(eq(progressNotes.sessionId, session.id), eq(progressNotes.organizationId, user.organizationId)))
    : [];
  const byPerson = new Map(notes.map((n) => [n.participantId, n]));
  const attendees = [];
  const disclosed: string[] = [];
  let unnamedAttendees = 0;
  for (const mark of marks) {
    const person = await personRelations(db, user.organizationId, mark.userId);
    if (!person || !canReadProgressNote(user, session.ctx, person)) {
      unnamedAttendees++;
      continue;
    }
    const progress = byPerson.get(mark.userId) ?? null;
    if (progress) disclosed.push(mark.userId);
    attendees.push({ userId: mark.userId, name: mark.name, writable: canWriteProgressNote(user, session.ctx, person), progress });
  }
  await recordRosterViewed(user, session.groupId, attendees.map((a) => a.userId), "group_note");
  await recordDisclosureOncePerDay(
    db,
    { organizationId: user.organizationId, actorId: user.id, action: "progress_note.viewed", subjectType: "session", subjectId: session.id, after: { page: "group_note" } },
    disclosed,
  );
  return {
    session: { id: session.id, groupId: session.groupId, groupName: session.groupName, timezone: session.timezone, startsAt: session.startsAt, endsAt: session.endsAt, status: session.status },
    note: note ?? null,
    /** The note's version this page shows (sent back by its form: a save after someone else's is refused). */
    version: note ? String(note.updatedAt.getTime()) : "none",
    addenda: note ? await addendaOf(db, "group", [note.id]) : [],
    incidents: noteIncidents,
    attendees,
    unnamedAttendees,
    canWrite: canWriteNotes(user, session.ctx),
    /** The title of the session's curriculum unit: the "unit or topic covered" of a note not yet given one. */
    unitTitle: await unitTitleOfSession(db, user.organizationId, session.id),
    open: notesOpen(session, now),
    dueAt: noteDueAt(session.endsAt),
    staff: canWriteNotes(user, session.ctx) ? await staffOptions(db, user.organizationId) : [],
  };
}

/** Staff of the organisation who can own an incident's follow-up action. */
export async function staffOptions(exec: Executor, organizationId: string) {
  return exec
    .select({ id: users.id, name: users.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organizationId, organizationId), inArray(memberships.role, ["facilitator", "manager", "admin"]), sql`${memberships.deactivatedAt} is null`))
    .orderBy(asc(users.name));
}

/** The person a progress note is about, checked: a member of the organisation, marked as attending this session. */
export async function attendeeOf(exec: Executor, session: SessionForNotes, participantId: string): Promise<PersonRelations & { name: string; status: string | null }> {
  const person = await personRelations(exec, session.organizationId, participantId);
  if (!person || person.role !== "participant") notFound("We can't find that participant.");
  const [row] = await exec
    .select({ name: users.name, status: attendanceRecords.status })
    .from(users)
    .leftJoin(attendanceRecords, and(eq(attendanceRecords.userId, users.id), eq(attendanceRecords.sessionId, session.id)))
    .where(eq(users.id, participantId));
  return { ...person, name: row.name, status: row?.status ?? null };
}

/**
 * One participant's progress note for a session (with addenda) and the goals and objectives of
 * their plan it can be linked to. 403 unless the caller may read it (relationship rule); the read
 * is recorded in the person's disclosure history (once per viewer, session and day).
 */
export async function getProgressNote(user: CurrentUser, sessionId: string, participantId: string, now: Date) {
  const session = await sessionForNotes(db, user, sessionId);
  if (!canReadGroupNote(user, session.ctx)) forbidden("Only the group's facilitators, their supervisors and managers read this session's notes.");
  const person = await attendeeOf(db, session, participantId);
  if (!canReadProgressNote(user, session.ctx, person)) forbidden("You read a person's progress notes only while you lead a group they are enrolled in, or as a manager.");
  const [note] = await db
    .select({
      id: progressNotes.id,
      workedOn: progressNotes.workedOn,
      progressRating: progressNotes.progressRating,
      nextStep: progressNotes.nextStep,
      minutesOfService: progressNotes.minutesOfService,
      goalId: progressNotes.goalId,
      objectiveId: progressNotes.objectiveId,
      authorName: nameOf('"progress_notes"."author_id"'),
      signedAt: progressNotes.signedAt,
      signedByName: nameOf('"progress_notes"."signed_by"'),
      updatedAt: progressNotes.updatedAt,
    })
    .from(progressNotes)
    .where(and(eq(progressNotes.sessionId, session.id), eq(progressNotes.participantId, participantId), eq(progressNotes.organizationId, user.organizationId)));
  // A person not marked as attending this session has no progress note to write here: the page
  // (and with it their plan) exists only for people who attended, or for a note already written.
  const wasThere = attended(person.status);
  if (!wasThere && !note) notFound("That person is not marked as attending this session.");
  if (note) {
    await recordDisclosureOncePerDay(
      db,
      { organizationId: user.organizationId, actorId: user.id, action: "progress_note.viewed", subjectType: "session", subjectId: session.id, after: { page: "progress_note" } },
      [participantId],
    );
  }
  // The plan (goals and objectives) is offered for linking a note; for a note that can no longer
  // be written (the mark was changed) only the goal it links to. Whatever of it is sent is in the
  // person's disclosure history (goal.plan_viewed, once per viewer and day).
  const linked = note?.objectiveId ? `objective:${note.objectiveId}` : note?.goalId ? `goal:${note.goalId}` : null;
  // As far as the writer reaches the plan (metrics/policy.ts planReach): a facilitator the goals of the programs they lead with the person.
  const plan = (await planLinks(db, user.organizationId, participantId, await requirePlanReach(db, user, person))).filter((p) => wasThere || p.value === linked);
  if (plan.length) {
    await recordDisclosureOncePerDay(db, { organizationId: user.organizationId, actorId: user.id, action: "goal.plan_viewed", subjectType: "user", subjectId: participantId }, [participantId]);
  }
  return {
    session: { id: session.id, groupName: session.groupName, timezone: session.timezone, startsAt: session.startsAt, endsAt: session.endsAt, status: session.status },
    person: { id: person.id, name: person.name, attended: wasThere },
    note: note ?? null,
    /** The note's version this page shows (sent back by its form: a save after someone else's is refused). */
    version: note ? String(note.updatedAt.getTime()) : "none",
    addenda: note ? await addendaOf(db, "progress", [note.id]) : [],
    plan,
    canWrite: canWriteProgressNote(user, session.ctx, person),
    open: notesOpen(session, now),
  };
}

/**
 * The person's active goals and their objectives, for linking a progress note (metrics goals), as
 * far as `reach` covers them (metrics/policy.ts planReach: a facilitator the goals filed under the
 * programs they lead with the person). Without `reach` (the one-to-one contacts' callers), all.
 */
export async function planLinks(exec: Executor, organizationId: string, participantId: string, reach: PlanReach = { kind: "all" }) {
  const rows = await exec
    .select({ goalId: participantGoals.id, goal: participantGoals.title, objectiveId: goalObjectives.id, objective: goalObjectives.description })
    .from(participantGoals)
    .leftJoin(goalObjectives, eq(goalObjectives.goalId, participantGoals.id))
    .where(and(eq(participantGoals.organizationId, organizationId), eq(participantGoals.participantId, participantId), eq(participantGoals.status, "active"), reachSql(reach, sql`${participantGoals.programId}`)))
    .orderBy(asc(participantGoals.createdAt), asc(goalObjectives.position));
  const options: { value: string; label: string }[] = [];
  const seen = new Set<string>();
  for (const r of rows) {
    if (!seen.has(r.goalId)) {
      seen.add(r.goalId);
      options.push({ value: `goal:${r.goalId}`, label: `Goal: ${r.goal}` });
    }
    if (r.objectiveId) options.push({ value: `objective:${r.objectiveId}`, label: `Objective: ${r.objective}` });
  }
  return options;
}

/** A participant's signed one-to-one contacts with their addenda (shown under the progress notes' setting). */
async function myContacts(user: CurrentUser) {
  const contacts = await db
    .select({
      id: individualContacts.id,
      contactDate: sql<string>`${individualContacts.contactDate}::text`,
      minutes: individualContacts.minutes,
      mode: individualContacts.mode,
      component: individualContacts.component,
      note: individualContacts.note,
      writer: nameOf('"individual_contacts"."signed_by"'),
    })
    .from(individualContacts)
    .where(and(eq(individualContacts.organizationId, user.organizationId), eq(individualContacts.participantId, user.id), sql`${individualContacts.signedAt} is not null`))
    .orderBy(desc(individualContacts.contactDate))
    .limit(200);
  const contactAddenda = await addendaOf(db, "contact", contacts.map((c) => c.id));
  return contacts.map((c) => ({ ...c, addenda: contactAddenda.filter((a) => a.noteId === c.id) }));
}

/** A participant's own signed progress notes — only when the organisation shares them. */
export async function myProgressNotes(user: CurrentUser) {
  const settings = await recordsSettingsOf(db, user.organizationId);
  if (!participantSeesOwnNotes(user, settings)) return { enabled: false as const, notes: [], contacts: [] as Awaited<ReturnType<typeof myContacts>> };
  const notes = await db
    .select({
      id: progressNotes.id,
      groupName: groups.name,
      timezone: groups.timezone,
      startsAt: sessions.startsAt,
      endsAt: sessions.endsAt,
      workedOn: progressNotes.workedOn,
      progressRating: progressNotes.progressRating,
      nextStep: progressNotes.nextStep,
      minutesOfService: progressNotes.minutesOfService,
      signedAt: progressNotes.signedAt,
      writer: nameOf('"progress_notes"."signed_by"'),
    })
    .from(progressNotes)
    .innerJoin(sessions, eq(sessions.id, progressNotes.sessionId))
    .innerJoin(groups, eq(groups.id, progressNotes.groupId))
    .where(and(eq(progressNotes.organizationId, user.organizationId), eq(progressNotes.participantId, user.id), sql`${progressNotes.signedAt} is not null`))
    .orderBy(desc(sessions.startsAt))
    .limit(200);
  const addenda = await addendaOf(db, "progress", notes.map((n) => n.id));
  const contacts = await myContacts(user);
  return {
    enabled: true as const,
    notes: notes.map((n) => ({ ...n, addenda: addenda.filter((a) => a.noteId === n.id) })),
    contacts,
  };
}

/** How many rows each table of the service-records report lists on the page (its CSV holds every row). */
export const REPORT_PAGE_ROWS = { overdue: 500, incidents: 500, signed: 200 } as const;

/** How far back the manager report looks for overdue notes. */
export const REPORT_LOOKBACK_DAYS = 365;

/**
 * Sessions of the organisation that took place with attendance, ended more than 72 h ago, and have
 * no signed group note (missing or a draft), oldest first.
 */
export async function overdueNotes(exec: Executor, organizationId: string, now: Date, limit: number = REPORT_PAGE_ROWS.overdue) {
  const line = new Date(now.getTime() - NOTE_DUE_HOURS * 3_600_000);
  const oldest = new Date(now.getTime() - REPORT_LOOKBACK_DAYS * 86_400_000);
  const rows = await exec.execute<{ id: string; group_name: string; timezone: string; starts_at: string; ends_at: string; note_id: string | null; facilitators: string | null; total: number }>(sql`
    select s.id, g.name as group_name, g.timezone, s.starts_at, s.ends_at, n.id as note_id, count(*) over ()::int as total,
      (select string_agg(u.name, ', ' order by u.name) from group_facilitators f join users u on u.id = f.user_id where f.group_id = s.group_id) as facilitators
    from sessions s
    join groups g on g.id = s.group_id
    left join group_notes n on n.session_id = s.id
    where s.organization_id = ${organizationId} and s.status <> 'cancelled'
      and s.ends_at <= ${line.toISOString()}::timestamptz and s.ends_at >= ${oldest.toISOString()}::timestamptz
      and (n.id is null or n.signed_at is null)
      and exists (select 1 from attendance_records a where a.session_id = s.id and a.status in ('present', 'late', 'left_early'))
    order by s.ends_at, s.id
    limit ${limit}`);
  const list = rows.map((r) => ({
    sessionId: r.id,
    groupName: r.group_name,
    timezone: r.timezone,
    startsAt: new Date(r.starts_at),
    endsAt: new Date(r.ends_at),
    state: r.note_id ? ("draft" as const) : ("missing" as const),
    facilitators: r.facilitators ?? "",
    hoursOverdue: Math.floor((now.getTime() - noteDueAt(new Date(r.ends_at)).getTime()) / 3_600_000),
  }));
  return { rows: list, total: rows[0]?.total ?? 0 };
}

/**
 * The organisation's incidents (open first, newest first), with counts of their follow-up actions:
 * at most `limit` rows (the page's length unless a download asks for more) and how many there are.
 */
export async function incidentLog(user: CurrentUser, options: { status: "open" | "closed" | "all"; limit?: number }) {
  if (!canManageIncidents(user, user)) forbidden("The incident log is for managers.");
  const rows = await db
    .select({
      id: incidents.id,
      sessionId: incidents.sessionId,
      groupName: groups.name,
      timezone: groups.timezone,
      sessionStart: sessions.startsAt,
      whatHappened: incidents.whatHappened,
      whoWasNotified: incidents.whoWasNotified,
      status: incidents.status,
      createdAt: incidents.createdAt,
      reportedBy: nameOf('"incidents"."reported_by"'),
      actions: sql<number>`(select count(*)::int from incident_actions a where a.incident_id = "incidents"."id")`,
      actionsOpen: sql<number>`(select count(*)::int from incident_actions a where a.incident_id = "incidents"."id" and a.done_at is null)`,
      nextDue: sql<string | null>`(select min(a.due_date)::text from incident_actions a where a.incident_id = "incidents"."id" and a.done_at is null)`,
      total: sql<number>`count(*) over ()`.mapWith(Number),
    })
    .from(incidents)
    .innerJoin(groups, eq(groups.id, incidents.groupId))
    .innerJoin(sessions, eq(sessions.id, incidents.sessionId))
    .where(and(eq(incidents.organizationId, user.organizationId), options.status === "all" ? undefined : eq(incidents.status, options.status)))
    .orderBy(desc(incidents.createdAt), desc(incidents.id))
    .limit(options.limit ?? REPORT_PAGE_ROWS.incidents);
  return { rows: rows.map(({ total: _total, ...row }) => row), total: rows[0]?.total ?? 0 };
}

/** One incident with its follow-up actions, for managers of its organisation (404 otherwise). */
export async function getIncident(user: CurrentUser, incidentId: string) {
  const [incident] = await db
    .select({
      id: incidents.id,
      organizationId: incidents.organizationId,
      sessionId: incidents.sessionId,
      groupName: groups.name,
      timezone: groups.timezone,
      sessionStart: sessions.startsAt,
      sessionEnd: sessions.endsAt,
      whatHappened: incidents.whatHappened,
      whoWasNotified: incidents.whoWasNotified,
      status: incidents.status,
      createdAt: incidents.createdAt,
      reportedBy: nameOf('"incidents"."reported_by"'),
      closedAt: incidents.closedAt,
      closedBy: nameOf('"incidents"."closed_by"'),
      closingNote: incidents.closingNote,
    })
    .from(incidents)
    .innerJoin(groups, eq(groups.id, incidents.groupId))
    .innerJoin(sessions, eq(sessions.id, incidents.sessionId))
    .where(and(eq(incidents.id, incidentId), eq(incidents.organizationId, user.organizationId)));
  if (!incident) notFound("We can't find that incident.");
  if (!canManageIncidents(user, incident)) forbidden("Incidents are followed up by managers.");
  const actions = await db
    .select({
      id: incidentActions.id,
      description: incidentActions.description,
      dueDate: sql<string>`${incidentActions.dueDate}::text`,
      doneAt: incidentActions.doneAt,
      owner: nameOf('"incident_actions"."owner_id"'),
      doneBy: nameOf('"incident_actions"."done_by"'),
    })
    .from(incidentActions)
    .where(eq(incidentActions.incidentId, incident.id))
    .orderBy(asc(incidentActions.dueDate), asc(incidentActions.createdAt));
  return { incident, actions, staff: await staffOptions(db, user.organizationId) };
}

/**
 * The managers' service-records report: group notes overdue (missing or unsigned 72 h after a
 * session held with attendance) and open incidents with their follow-up actions past due.
 */
export async function recordsReport(user: CurrentUser, now: Date) {
  if (!canManageIncidents(user, user)) forbidden("The service-records report is for managers.");
  const [overdue, open, signed] = await Promise.all([overdueNotes(db, user.organizationId, now), incidentLog(user, { status: "open" }), recentlySigned(user.organizationId, now)]);
  return {
    overdue: overdue.rows,
    incidents: open.rows,
    signed: signed.rows,
    /** How many rows each table stands for: the page lists at most REPORT_PAGE_ROWS and says so when there are more. */
    totals: { overdue: overdue.total, incidents: open.total, signed: signed.total },
  };
}

/**
 * One table of the service-records report with every row (up to EXPORT_ROW_LIMIT), for its CSV
 * download: the file an auditor receives holds every row, not the page's first 200 or 500.
 */
export async function recordsReportTable(user: CurrentUser, table: "overdue" | "incidents" | "signed", now: Date) {
  if (!canManageIncidents(user, user)) forbidden("The service-records report is for managers.");
  if (table === "overdue") return { overdue: (await overdueNotes(db, user.organizationId, now, EXPORT_ROW_LIMIT)).rows };
  if (table === "incidents") return { incidents: (await incidentLog(user, { status: "open", limit: EXPORT_ROW_LIMIT })).rows };
  return { signed: (await recentlySigned(user.organizationId, now, EXPORT_ROW_LIMIT)).rows };
}

/** How far back the report lists signed group notes. */
export const SIGNED_LOOKBACK_DAYS = 30;

/** Group notes signed in the last 30 days, newest first, with how many progress notes their session has signed. */
async function recentlySigned(organizationId: string, now: Date, limit: number = REPORT_PAGE_ROWS.signed) {
  const since = new Date(now.getTime() - SIGNED_LOOKBACK_DAYS * 86_400_000);
  const rows = await db
    .select({
      sessionId: groupNotes.sessionId,
      groupName: groups.name,
      startsAt: sessions.startsAt,
      topic: groupNotes.topic,
      signedAt: sql<Date>`${groupNotes.signedAt}`,
      signedBy: nameOf('"group_notes"."signed_by"'),
      progressNotes: sql<number>`(select count(*)::int from progress_notes p where p.session_id = "group_notes"."session_id" and p.signed_at is not null)`,
      total: sql<number>`count(*) over ()`.mapWith(Number),
    })
    .from(groupNotes)
    .innerJoin(sessions, eq(sessions.id, groupNotes.sessionId))
    .innerJoin(groups, eq(groups.id, groupNotes.groupId))
    .where(and(eq(groupNotes.organizationId, organizationId), sql`${groupNotes.signedAt} >= ${since.toISOString()}::timestamptz`))
    .orderBy(desc(groupNotes.signedAt), desc(groupNotes.sessionId))
    .limit(limit);
  return { rows: rows.map(({ total: _total, ...row }) => row), total: rows[0]?.total ?? 0 };
}
