import type { CurrentUser } from "~/modules/auth/policy";

/** Consents are the participant's own to give or refuse; staff have none pending. */
export function givesConsents(user: CurrentUser): boolean {
  return user.role === "participant";
}
