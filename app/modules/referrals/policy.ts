import { canManage, isStaff, type CurrentUser } from "~/modules/auth/policy";

/** Every staff member may look services up and refer; only managers curate the directory. */
export function canViewDirectory(user: CurrentUser): boolean {
  return isStaff(user.role);
}

export function canEditDirectory(user: CurrentUser): boolean {
  return canManage(user.role);
}

export function canRecordReferral(user: CurrentUser): boolean {
  return isStaff(user.role);
}

/** Managers see every referral; facilitators those they made or for people in their groups. */
export function seesAllReferrals(user: CurrentUser): boolean {
  return canManage(user.role);
}
