import type { CurrentUser } from "~/modules/auth/policy";

/** A participant's calendar holds only the sessions they are in; staff may follow the groups they lead (managers: any group). */
export function followsOwnSessionsOnly(user: CurrentUser): boolean {
  return user.role === "participant";
}
