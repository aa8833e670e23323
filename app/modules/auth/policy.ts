export const ROLES = ["participant", "facilitator", "manager", "admin"] as const;
export type Role = (typeof ROLES)[number];
export const STAFF_ROLES: readonly Role[] = ["facilitator", "manager", "admin"];
export const MANAGING_ROLES: readonly Role[] = ["manager", "admin"];

export type CurrentUser = {
  id: string;
  name: string;
  email: string;
  timezone: string;
  locale: string;
  role: Role;
  organizationId: string;
  organizationSlug: string;
  organizationName: string;
  sessionIdHash: string;
};

export const STAFF_IDLE_MINUTES = 30;
export const PARTICIPANT_SESSION_DAYS = 30;

export function isStaff(role: Role): boolean {
  return STAFF_ROLES.includes(role);
}

export function canManage(role: Role): boolean {
  return MANAGING_ROLES.includes(role);
}

/** Who may invite whom: admins invite anyone; managers invite facilitators and participants. */
export function canInvite(inviter: Role, invitee: Role): boolean {
  if (inviter === "admin") return true;
  if (inviter === "manager") return invitee === "facilitator" || invitee === "participant";
  return false;
}

/**
 * Whether an auth session is still valid at `now`: staff sessions end after 30 idle minutes;
 * every session ends at its absolute expiry.
 */
export function sessionIsLive(
  session: { lastSeenAt: Date; expiresAt: Date },
  role: Role,
  now: Date,
): boolean {
  if (now.getTime() >= session.expiresAt.getTime()) return false;
  if (isStaff(role) && now.getTime() - session.lastSeenAt.getTime() > STAFF_IDLE_MINUTES * 60_000) return false;
  return true;
}

/** Login throttling: failures allowed in the window before a clear "try later" message. */
export const LOGIN_WINDOW_MINUTES = 15;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_ADDRESS = 20;

export function loginBlocked(failures: { account: number; address: number }): boolean {
  return failures.account >= MAX_FAILURES_PER_ACCOUNT || failures.address >= MAX_FAILURES_PER_ADDRESS;
}
