import { canManage, type CurrentUser } from "~/modules/auth/policy";
import { canViewRoster } from "~/modules/groups/policy";

/**
 * Who runs a group's roster (marks, walk-ins, corrections, check-in screen): the group's
 * facilitators and the organisation's managers and admins. Participants never do.
 */
export function canRunRoster(user: CurrentUser, group: { organizationId: string; facilitatorIds: string[] }): boolean {
  return canViewRoster(user, group);
}

/** Attendance settings (walk-ins, thresholds) are a management decision. */
export function canEditAttendanceSettings(user: CurrentUser, group: { organizationId: string }): boolean {
  return user.organizationId === group.organizationId && canManage(user.role);
}

/** Only a participant checks in or sends apologies, and only for themselves. */
export function isParticipant(user: CurrentUser): boolean {
  return user.role === "participant";
}

/** Checking in with the room's code is a participant's own act (staff mark the roster instead). */
export function canSelfCheckIn(user: CurrentUser): boolean {
  return isParticipant(user);
}

/** Apologies (and withdrawing one) are sent by the participant for themselves. */
export function canSendApology(user: CurrentUser): boolean {
  return isParticipant(user);
}
