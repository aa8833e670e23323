import { canManage, staffRelationship, type CurrentUser, type PersonRelations } from "~/modules/auth/policy";

/**
 * Who may do what with demographics. Pure functions of the user and the person.
 *
 * - A participant reads and changes their own answers — never payer or Medicaid ID, which are
 *   staff-only (the participant's pages do not even read that table).
 * - Staff read and change a person's answers, payer and Medicaid ID only through a current
 *   relationship (a manager or administrator of the organisation, or a facilitator leading a
 *   group the person is enrolled in now): the one rule for personal data.
 * - Funder reports (aggregates, small cells suppressed) and the Medicaid billing list are for
 *   managers and administrators; the race and ethnicity categories are set by administrators.
 */
export function canAnswerOwnDemographics(user: CurrentUser): boolean {
  return user.role === "participant";
}

export function canSeePersonDemographics(user: CurrentUser, person: PersonRelations): boolean {
  return staffRelationship(user, person) !== null;
}

export function canRunFunderReports(user: CurrentUser): boolean {
  return canManage(user.role);
}

export function canExportMedicaidIds(user: CurrentUser): boolean {
  return canManage(user.role);
}

export function canViewRaceCategories(user: CurrentUser): boolean {
  return canManage(user.role);
}

export function canEditRaceCategories(user: CurrentUser): boolean {
  return user.role === "admin";
}
