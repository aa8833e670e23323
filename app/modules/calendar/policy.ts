import type { CurrentUser, Role } from "~/modules/auth/policy";

/** A participant's calendar holds only the sessions they are in; staff may follow the groups they lead (managers: any group). */
export function followsOwnSessionsOnly(user: CurrentUser): boolean {
  return user.role === "participant";
}

/**
 * Whether calendar entries the app hands a person (a session's .ics, emailed invitations, moves and
 * cancellations) are discreet when they have not chosen (users.calendar_discreet is null): yes for
 * participants — a recovery group's name on a shared family or work calendar discloses treatment —
 * and no for staff, whose calendars list the groups they lead.
 */
export function calendarEntriesDiscreetByDefault(role: Role): boolean {
  return role === "participant";
}

/** A person's choice if they made one, else the default for their role. */
export function calendarEntriesDiscreet(choice: boolean | null, role: Role): boolean {
  return choice ?? calendarEntriesDiscreetByDefault(role);
}
