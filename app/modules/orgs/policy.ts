import type { CurrentUser } from "~/modules/auth/policy";

/** The organisation's details (name, zone, crisis text, contact) and its logo are the administrator's to change. */
export function canEditOrganization(user: CurrentUser): boolean {
  return user.role === "admin";
}
