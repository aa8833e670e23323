import { canManage, type CurrentUser } from "~/modules/auth/policy";

/**
 * Who may do what with competency records. `supervisorIds` are the people named as this
 * facilitator's supervisor (their own, or the organisation's default); managers and admins
 * supervise everyone. Nobody assesses-as-supervisor, observes or verifies themself.
 */
type Subject = { organizationId: string; userId: string; supervisorIds: string[] };

export function canViewMatrix(user: CurrentUser): boolean {
  return canManage(user.role);
}

/** Framework items: admins change them; managers may read them. */
export function canEditFramework(user: CurrentUser): boolean {
  return user.role === "admin";
}

export function canEditCompetencySettings(user: CurrentUser): boolean {
  return canManage(user.role);
}

export function supervises(user: CurrentUser, subject: Subject): boolean {
  if (user.organizationId !== subject.organizationId) return false;
  if (user.role === "participant" || user.id === subject.userId) return false;
  return canManage(user.role) || subject.supervisorIds.includes(user.id);
}

export function canObserve(user: CurrentUser, subject: Subject): boolean {
  return supervises(user, subject);
}

export function canVerify(user: CurrentUser, subject: Subject): boolean {
  return supervises(user, subject);
}

/** The person themself (staff only) or one of their supervisors. */
export function canViewRecord(user: CurrentUser, subject: Subject): boolean {
  if (user.organizationId !== subject.organizationId || user.role === "participant") return false;
  return user.id === subject.userId || supervises(user, subject);
}

/** Notes and certificates: the person themself or a supervisor. */
export function canAddEvidence(user: CurrentUser, subject: Subject): boolean {
  return canViewRecord(user, subject);
}

/**
 * Setting a status: the person may report progress or a completed training on their own record
 * (a supervisor still has to verify it); supervisors may set any assessed status.
 */
export function canAssess(user: CurrentUser, subject: Subject): boolean {
  return canViewRecord(user, subject);
}

/**
 * PA-CSE 2.06 supervision log: entries about a peer worker are written by someone who supervises
 * them now (their named supervisor, the default supervisor, or a manager), never by the worker.
 */
export function canRecordSupervision(user: CurrentUser, subject: Subject): boolean {
  return supervises(user, subject);
}

/** A peer worker reads their own entries; their current supervisors and managers read all of theirs. */
export function canViewSupervision(user: CurrentUser, subject: Subject): boolean {
  return canViewRecord(user, subject);
}
