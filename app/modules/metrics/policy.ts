import { canManage, type CurrentUser } from "~/modules/auth/policy";

/** Metrics, the logic model, outcomes and accreditation evidence: the organisation's managers and admins. */
export function canViewMetrics(user: CurrentUser): boolean {
  return canManage(user.role);
}

/**
 * A participant's goals and outcome measures: the participant, the organisation's managers, and
 * facilitators of a group the participant is (or was) enrolled in.
 */
export function canSeeGoals(user: CurrentUser, participant: { id: string; organizationId: string; facilitatorIds: string[] }): boolean {
  if (user.organizationId !== participant.organizationId) return false;
  if (user.id === participant.id) return true;
  if (canManage(user.role)) return true;
  return user.role === "facilitator" && participant.facilitatorIds.includes(user.id);
}

/** Staff write goals, objectives, notes and measures; the participant writes only their own words and notes. */
export function canEditPlan(user: CurrentUser, participant: { id: string; organizationId: string; facilitatorIds: string[] }): boolean {
  return user.id !== participant.id && canSeeGoals(user, participant);
}
