import { canManage, type CurrentUser } from "~/modules/auth/policy";

/**
 * Who may do what in participant voice. `member` = an enrolled participant or a facilitator of
 * the proposal's group (or of any group of its program, for program-wide proposals).
 */
export type ProposalRelation = { member: boolean; facilitator: boolean };
type ProposalFacts = { proposerId: string | null; hiddenAt: Date | string | null };

export function canViewProposal(user: CurrentUser, p: ProposalFacts, rel: ProposalRelation): boolean {
  const staffView = canManage(user.role) || rel.facilitator;
  if (p.hiddenAt) return staffView || p.proposerId === user.id;
  return staffView || rel.member || p.proposerId === user.id;
}

export function canVote(rel: ProposalRelation): boolean {
  return rel.member;
}

/** Facilitators of the group (or program) and managers moderate and record decisions. */
export function canModerateProposal(user: CurrentUser, rel: ProposalRelation): boolean {
  return canManage(user.role) || (user.role === "facilitator" && rel.facilitator);
}

export const canDecideProposal = canModerateProposal;

/** Rules of a group: its facilitators and managers publish; rules of a program: managers only. */
export function canPublishRules(user: CurrentUser, scope: "group" | "program", facilitatesGroup: boolean): boolean {
  if (canManage(user.role)) return true;
  return scope === "group" && user.role === "facilitator" && facilitatesGroup;
}

/**
 * `subjectIds`: everyone the concern is about (voice/concerns/queries.server.ts concernSubjects): the
 * person it names, who led the session or group it is about (then and now).
 */
type ConcernFacts = { organizationId: string; submitterId: string | null; facilitatorId: string | null; subjectIds: readonly string[] };

/**
 * Concerns go to the organisation's managers. The person a concern is about never reads it,
 * whatever their role; the named submitter reads their own.
 */
export function canReadConcern(user: CurrentUser, c: ConcernFacts): boolean {
  if (c.organizationId !== user.organizationId) return false;
  if (c.submitterId !== null && c.submitterId === user.id) return true;
  return canHandleConcern(user, c);
}

export function canHandleConcern(user: CurrentUser, c: ConcernFacts): boolean {
  return c.organizationId === user.organizationId && canManage(user.role) && c.facilitatorId !== user.id && !c.subjectIds.includes(user.id);
}

export function canPublishChanges(user: CurrentUser): boolean {
  return canManage(user.role);
}

/** Session feedback is given by participants (who attended); staff read it in reports. */
export function canGiveFeedback(user: CurrentUser): boolean {
  return user.role === "participant";
}

/** A participant hears about changes for the whole organisation and their own groups and programs; staff see every change. */
export function seesOwnGroupsChangesOnly(user: CurrentUser): boolean {
  return user.role === "participant";
}

export function canEditVoiceSettings(user: CurrentUser): boolean {
  return canManage(user.role);
}
