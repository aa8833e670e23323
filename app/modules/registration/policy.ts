import { canManage, isStaff, type CurrentUser } from "~/modules/auth/policy";

type GroupRef = { organizationId: string; facilitatorIds: readonly string[] };

/** Intake answers: the organisation's managers and the facilitators of the group applied to. */
export function canViewIntake(user: CurrentUser, group: GroupRef): boolean {
  if (user.organizationId !== group.organizationId) return false;
  if (canManage(user.role)) return true;
  return user.role === "facilitator" && group.facilitatorIds.includes(user.id);
}

/** The waitlist page (names, urgency, positions): same people as the intake. */
export const canViewWaitlist = canViewIntake;

/** Seats, capacity, removals and the promotion mode are the managers' call. */
export function canManageWaitlist(user: CurrentUser, group: GroupRef): boolean {
  return user.organizationId === group.organizationId && canManage(user.role);
}

/** Staff who may register a participant on their behalf: managers, and the group's facilitators. */
export function canRegisterOnBehalf(user: CurrentUser, group: GroupRef): boolean {
  return canViewIntake(user, group);
}

/** Who is looking at an organisation's public pages: nobody signed in, someone of another organisation, one of its participants, or its staff. */
/** How the viewer of a public page relates to the organisation: signed out, one of its members, or signed in elsewhere. */
export type PublicViewer = "anonymous" | "member" | "staff" | "elsewhere";

export function publicViewerKind(user: CurrentUser | null, organizationId: string): PublicViewer {
  if (!user) return "anonymous";
  if (user.organizationId !== organizationId) return "elsewhere";
  return user.role === "participant" ? "member" : "staff";
}

export function canRegisterSelf(user: CurrentUser): boolean {
  return user.role === "participant";
}

export function canUseIntakeQueue(user: CurrentUser): boolean {
  return isStaff(user.role);
}
