import { canManage, staffRelationship, type CurrentUser, type PersonRelations } from "~/modules/auth/policy";

/** Metrics, the logic model, outcomes and accreditation evidence: the organisation's managers and admins. */
export function canViewMetrics(user: CurrentUser): boolean {
  return canManage(user.role);
}

/**
 * A participant's goals and outcome measures: the participant, and staff with a current
 * relationship (auth/policy.ts `staffRelationship`: the organisation's managers, or facilitators of
 * a group the participant is enrolled in now — not waitlisted, interested or withdrawn).
 */
export function canSeeGoals(user: CurrentUser, participant: PersonRelations): boolean {
  if (user.organizationId !== participant.organizationId) return false;
  if (user.id === participant.id) return true;
  return staffRelationship(user, participant) !== null;
}

/** Staff write goals, objectives, notes and measures; the participant writes only their own words and notes. */
export function canEditPlan(user: CurrentUser, participant: PersonRelations): boolean {
  return user.id !== participant.id && canSeeGoals(user, participant);
}
