import { canManage, type CurrentUser } from "~/modules/auth/policy";

/**
 * An enrolment as letters see it: its group's current facilitators, its status, whether it ended
 * with a recorded outcome, and how many sessions the person attended in it.
 */
export type LetterEnrolment = {
  organizationId: string;
  facilitatorIds: readonly string[];
  userId: string;
  status: string;
  hasOutcome: boolean;
  sessionsAttended: number;
};

/**
 * Whether the person took part in this enrolment, so that a letter about it can be true: enrolled
 * now, ended with a recorded outcome (completed, discharged, transferred), or withdrawn / removed
 * after attending at least one session. Waiting, offered, declined or interested is not taking
 * part: nothing about the person may be disclosed through it.
 */
export function tookPart(e: Pick<LetterEnrolment, "status" | "hasOutcome" | "sessionsAttended">): boolean {
  if (e.status === "enrolled" || e.hasOutcome) return true;
  return (e.status === "withdrawn" || e.status === "removed") && e.sessionsAttended > 0;
}

/**
 * Why this staff member may not issue letters, see the person's releases or record a paper release
 * for this enrolment — or null when they may. Only about an enrolment the person took part in
 * (tookPart), and only by staff with a relationship to it: a manager of the organisation, or a
 * current facilitator of its group while the person is enrolled there or after it ended with an
 * outcome (as for the discharge summary). Once the person withdrew or was removed, only managers.
 * The participant signs their own releases in the app but never issues a letter.
 */
export function letterRefusal(user: CurrentUser, e: LetterEnrolment): string | null {
  if (user.organizationId !== e.organizationId || user.id === e.userId || user.role === "participant") {
    return "Only managers and the group's current facilitators send letters about a participant.";
  }
  if (!tookPart(e)) {
    return `The person has not taken part in this group (${e.status}); no letter can be about it and their releases are not shown here.`;
  }
  if (canManage(user.role)) return null;
  if (user.role !== "facilitator" || !e.facilitatorIds.includes(user.id)) return "Only managers and the group's current facilitators send letters about a participant.";
  if (e.status !== "enrolled" && !e.hasOutcome) return "The person is no longer in this group; only a manager can send a letter about it.";
  return null;
}

export function canIssueLetters(user: CurrentUser, e: LetterEnrolment): boolean {
  return letterRefusal(user, e) === null;
}

/**
 * A release signed on paper is recorded by a manager only (as well as letterRefusal allowing it):
 * nobody can sign one in the participant's place in the app, so the person is also emailed.
 */
export function recordsPaperReleases(user: CurrentUser): boolean {
  return canManage(user.role);
}

/** Managers see every letter about the person; a facilitator sees those about their group. */
export function seesAllLettersOfPerson(user: CurrentUser): boolean {
  return canManage(user.role);
}

/** Releases are signed and revoked by the participant themselves. */
export function signsReleases(user: CurrentUser): boolean {
  return user.role === "participant";
}
