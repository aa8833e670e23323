import { canManage, isStaff, type CurrentUser } from "~/modules/auth/policy";

/** Managers and admins of the organisation see every roster; facilitators only their groups'. */
export function canViewRoster(user: CurrentUser, group: { organizationId: string; facilitatorIds: string[] }): boolean {
  if (user.organizationId !== group.organizationId) return false;
  if (canManage(user.role)) return true;
  return user.role === "facilitator" && group.facilitatorIds.includes(user.id);
}

export function canEditGroups(user: CurrentUser): boolean {
  return canManage(user.role);
}

export function canSeeStaffDetails(user: CurrentUser): boolean {
  return isStaff(user.role);
}
