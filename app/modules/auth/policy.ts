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
  /** When the organisation's logo was uploaded (versions the header's logo URL); null = no logo. */
  organizationLogoAt?: Date | null;
  /**
   * How many organisations the person belongs to now (the header offers switching when more than
   * one), read with the session; absent on a user made elsewhere (tests, the CLI).
   */
  organizationCount?: number;
  /** The organisation's time zone, read with the session; absent on a user made elsewhere. */
  organizationTimezone?: string;
  /**
   * Unreviewed urgent or crisis intakes the person may see (the navigation's badge; 0 for a
   * participant), read with the session; absent on a user made elsewhere.
   */
  intakeAlerts?: number;
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

/**
 * Sign-in throttling (ASVS 2.2.1), counted in PostgreSQL over the last 15 minutes:
 * - per account and address: 5 failures, then that pair waits (the owner elsewhere is unaffected);
 * - per account from anywhere: after 5 failures, each further attempt must come at least
 *   2^(n−5) s (at most 60 s) after the last failure — except from a browser that signed in to the
 *   account before (a signed device cookie), so an attacker cannot keep the owner out;
 * - per address: failures against 20 different accounts (credential stuffing) stop the address.
 *   One person's mistakes on their own account never count toward this, so a whole office
 *   behind one NAT address is not shut out by one colleague.
 */
export const LOGIN_WINDOW_MINUTES = 15;
export const MAX_FAILURES_PER_DEVICE = 5;
export const ACCOUNT_DELAY_AFTER_FAILURES = 5;
export const ACCOUNT_DELAY_CAP_SECONDS = 60;
export const MAX_ACCOUNTS_PER_ADDRESS = 20;

export type LoginState = {
  /** Failures of this account from this address since its last success there (at most 5 read). */
  pairFailures: number;
  /** The oldest of those (the 5th most recent once there are 5): when it ages out, the pair may try again. */
  pairOldestFailureAt: Date | null;
  /** Failures of this account from any address since its last success. */
  accountFailures: number;
  accountLastFailureAt: Date | null;
  /** Distinct accounts this address failed to sign in to. */
  addressAccounts: number;
  /** The browser carries a device cookie from an earlier sign-in to this account. */
  trustedDevice: boolean;
};

export type LoginRefusal = { reason: "device" | "account" | "address"; retryAfterSeconds: number; message: string };

export function accountDelaySeconds(failures: number): number {
  if (failures < ACCOUNT_DELAY_AFTER_FAILURES) return 0;
  return Math.min(ACCOUNT_DELAY_CAP_SECONDS, 2 ** (failures - ACCOUNT_DELAY_AFTER_FAILURES));
}

const minutes = (seconds: number) => Math.max(1, Math.ceil(seconds / 60));

/** Whether an attempt is refused before its password is even checked, and what to tell the person. */
export function loginRefusal(state: LoginState, now: Date): LoginRefusal | null {
  const windowMs = LOGIN_WINDOW_MINUTES * 60_000;
  if (state.addressAccounts >= MAX_ACCOUNTS_PER_ADDRESS) {
    const retryAfterSeconds = LOGIN_WINDOW_MINUTES * 60;
    return {
      reason: "address",
      retryAfterSeconds,
      message: `Too many failed sign-ins from your network; wait ${minutes(retryAfterSeconds)} minutes, or reset your password.`,
    };
  }
  // Never longer than the window itself, even for a failure stamped a moment after `now`.
  const pairWaitMs = state.pairOldestFailureAt
    ? Math.min(windowMs, state.pairOldestFailureAt.getTime() + windowMs - now.getTime())
    : 0;
  if (state.pairFailures >= MAX_FAILURES_PER_DEVICE && pairWaitMs > 0) {
    const retryAfterSeconds = Math.max(1, Math.ceil(pairWaitMs / 1000));
    const n = minutes(retryAfterSeconds);
    return {
      reason: "device",
      retryAfterSeconds,
      message: `Too many attempts from this device; wait ${n} ${n === 1 ? "minute" : "minutes"} or reset your password.`,
    };
  }
  if (!state.trustedDevice && state.accountLastFailureAt) {
    const delay = accountDelaySeconds(state.accountFailures);
    const waitMs = state.accountLastFailureAt.getTime() + delay * 1000 - now.getTime();
    if (delay > 0 && waitMs > 0) {
      const retryAfterSeconds = Math.max(1, Math.ceil(waitMs / 1000));
      return {
        reason: "account",
        retryAfterSeconds,
        message: `Too many failed attempts on this account; try again in ${retryAfterSeconds} ${retryAfterSeconds === 1 ? "second" : "seconds"}, or reset your password.`,
      };
    }
  }
  return null;
}

/**
 * What a person's records need to be shown to a staff member: their organisation and the
 * facilitators of the groups they are *currently enrolled* in (not waitlisted, interested,
 * offered, withdrawn, removed or declined).
 */
export type PersonRelations = { id: string; organizationId: string; currentFacilitatorIds: readonly string[] };

/**
 * The one rule for personal data (intake, goals, notes, outcome measures): a staff member sees a
 * person's records only through a current relationship — a manager or administrator of the
 * person's organisation, or a facilitator leading a group the person is enrolled in now. Checked
 * on every request, so it ends when the role or the enrolment ends. Not for the person themself.
 */
export function staffRelationship(user: CurrentUser, person: PersonRelations): "manager" | "facilitator" | null {
  if (user.organizationId !== person.organizationId || user.id === person.id) return null;
  if (canManage(user.role)) return "manager";
  if (user.role === "facilitator" && person.currentFacilitatorIds.includes(user.id)) return "facilitator";
  return null;
}
