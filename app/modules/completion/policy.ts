import { canManage, type CurrentUser } from "~/modules/auth/policy";

type GroupRef = { organizationId: string; facilitatorIds: readonly string[] };

/** Completion criteria are set by the organisation's managers (and admins). */
export function canSetCriteria(user: CurrentUser, owner: { organizationId: string }): boolean {
  return user.organizationId === owner.organizationId && canManage(user.role);
}

/**
 * Who sees a group's completion progress and records how enrolments ended: the organisation's
 * managers and the group's current facilitators (a former facilitator is no longer in the list).
 */
export function canRecordOutcomes(user: CurrentUser, group: GroupRef): boolean {
  if (user.organizationId !== group.organizationId) return false;
  if (canManage(user.role)) return true;
  return user.role === "facilitator" && group.facilitatorIds.includes(user.id);
}

/**
 * A discharge summary or a certificate: the participant themselves, or staff with a relationship
 * to this enrolment — a manager of the organisation or a current facilitator of its group (the
 * staff-relationship rule, applied to the ended enrolment the document is about).
 */
export function enrolmentDocumentAccess(
  user: CurrentUser,
  enrolment: GroupRef & { userId: string },
): "self" | "manager" | "facilitator" | null {
  if (user.organizationId !== enrolment.organizationId) return null;
  if (user.id === enrolment.userId) return "self";
  if (canManage(user.role)) return "manager";
  if (user.role === "facilitator" && enrolment.facilitatorIds.includes(user.id)) return "facilitator";
  return null;
}
