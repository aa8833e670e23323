import { canManage, staffRelationship, type CurrentUser, type PersonRelations } from "~/modules/auth/policy";

/**
 * Who may do what with service records. Pure functions of the user and the facts about the
 * session's group, read fresh on every request — so access ends the moment a facilitator stops
 * leading the group (a former facilitator, even the note's writer, reads nothing more).
 *
 * - `facilitatorIds`: the group's facilitators now.
 * - `supervisorIds`: the supervisors (competency module) of those facilitators now.
 */
export type NoteContext = { organizationId: string; facilitatorIds: readonly string[]; supervisorIds: readonly string[] };

/** The group note (what the session covered): the group's facilitators, their supervisors, managers. */
export function canReadGroupNote(user: CurrentUser, ctx: NoteContext): boolean {
  if (user.organizationId !== ctx.organizationId || user.role === "participant") return false;
  return canManage(user.role) || ctx.facilitatorIds.includes(user.id) || ctx.supervisorIds.includes(user.id);
}

/** Writing, signing, addenda and incident entries: the group's facilitators and managers. */
export function canWriteNotes(user: CurrentUser, ctx: NoteContext): boolean {
  if (user.organizationId !== ctx.organizationId || user.role === "participant") return false;
  return canManage(user.role) || ctx.facilitatorIds.includes(user.id);
}

/**
 * A person's progress note is personal data: a manager of the organisation, or a facilitator of
 * the session's group now who also has the one relationship to the person (auth/policy.ts
 * `staffRelationship`: leads a group the person is enrolled in now). A supervisor who is not a
 * manager reads the group note of a supervisee's group, not the people's progress notes — also
 * when they lead another group the person attends (that relationship is to the person, not to
 * this group's records: a recovery group's notes must not reach a budgeting workshop's leader).
 */
export function canReadProgressNote(user: CurrentUser, ctx: NoteContext, person: PersonRelations): boolean {
  if (!canReadGroupNote(user, ctx) || staffRelationship(user, person) === null) return false;
  return canManage(user.role) || ctx.facilitatorIds.includes(user.id);
}

export function canWriteProgressNote(user: CurrentUser, ctx: NoteContext, person: PersonRelations): boolean {
  return canWriteNotes(user, ctx) && staffRelationship(user, person) !== null;
}

/** A participant reads their own signed progress notes, and only if the organisation shares them. */
export function participantSeesOwnNotes(user: CurrentUser, settings: { participantsSeeProgressNotes: boolean }): boolean {
  return user.role === "participant" && settings.participantsSeeProgressNotes;
}

/** The incident log and follow-up actions: managers and administrators of the organisation. */
export function canManageIncidents(user: CurrentUser, incident: { organizationId: string }): boolean {
  return user.organizationId === incident.organizationId && canManage(user.role);
}

/** Whether participants see their progress notes is an administrator's decision. */
export function canEditRecordsSettings(user: CurrentUser): boolean {
  return user.role === "admin";
}

/**
 * One-to-one contacts (outside groups): staff with a current relationship to the person (a
 * manager, or a facilitator of a group they are enrolled in now) open the person's contacts page.
 * Which contacts they read, sign and add addenda to follows the progress notes' rule by program
 * (42 CFR Part 2): a manager all; a facilitator those of the programs of the groups they lead now
 * with the person, and none naming no program (records/contacts/queries.server.ts `readableContacts`).
 */
export function canWriteContact(user: CurrentUser, person: PersonRelations): boolean {
  return user.role !== "participant" && staffRelationship(user, person) !== null;
}
