import { canManage, type CurrentUser } from "~/modules/auth/policy";
import { enrolmentDocumentAccess } from "../policy";

type EnrolmentRef = { organizationId: string; facilitatorIds: readonly string[]; userId: string };

/**
 * Who issues letters and records paper releases for an enrolment: a manager of the organisation
 * or a current facilitator of its group (a former facilitator is no longer in the list). The
 * participant signs their own releases in the app but never issues a letter.
 */
export function canIssueLetters(user: CurrentUser, enrolment: EnrolmentRef): boolean {
  const access = enrolmentDocumentAccess(user, enrolment);
  return access === "manager" || access === "facilitator";
}

/** Managers see every letter about the person; a facilitator sees those about their group. */
export function seesAllLettersOfPerson(user: CurrentUser): boolean {
  return canManage(user.role);
}

/** Releases are signed and revoked by the participant themselves. */
export function signsReleases(user: CurrentUser): boolean {
  return user.role === "participant";
}
