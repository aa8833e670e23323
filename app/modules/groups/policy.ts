import { canManage, isStaff, type CurrentUser } from "~/modules/auth/policy";

/** Managers and admins of the organisation see every roster; facilitators only their groups'. */
export function canViewRoster(user: CurrentUser, group: { organizationId: string; facilitatorIds: string[] }): boolean {
  if (user.organizationId !== group.organizationId) return false;
  if (canManage(user.role)) return true;
  return user.role === "facilitator" && group.facilitatorIds.includes(user.id);
}

/** A participant sees a group as a member only: the sessions they are in, the online link only while enrolled. Staff see it whole. */
export function viewsGroupAsMember(user: CurrentUser): boolean {
  return user.role === "participant";
}

export function canEditGroups(user: CurrentUser): boolean {
  return canManage(user.role);
}

export function canSeeStaffDetails(user: CurrentUser): boolean {
  return isStaff(user.role);
}

export type GroupPageLink = { key: "rules" | "waitlist" | "register" | "attendance" | "rounds" | "completion" | "curriculum" | "edit" | "series"; href: string; label: string };

/**
 * What the group page links to, for this viewer: only pages they may open. Rules for everyone in
 * the organisation; seats and waitlist, registering someone, attendance and scheduling rounds for
 * the group's facilitators and the organisation's managers (the same people every one of those
 * pages admits); editing the group and adding a series for managers. The group calendar link is a
 * form (`canMakeGroupCalendarLink`), not a link.
 */
export function groupPageLinks(user: CurrentUser, group: { id: string; organizationId: string; facilitatorIds: string[] }): GroupPageLink[] {
  if (user.organizationId !== group.organizationId) return [];
  const base = `/groups/${group.id}`;
  const links: GroupPageLink[] = [{ key: "rules", href: `${base}/rules`, label: "Group rules" }];
  if (!canViewRoster(user, group)) return links;
  links.push(
    { key: "waitlist", href: `${base}/waitlist`, label: "Seats and waitlist" },
    { key: "register", href: `${base}/register`, label: "Register someone" },
    { key: "attendance", href: `${base}/attendance`, label: "Attendance" },
    { key: "rounds", href: `${base}/rounds`, label: "Scheduling rounds" },
    { key: "completion", href: `${base}/completion`, label: "Completion and discharge" },
    { key: "curriculum", href: `${base}/curriculum`, label: "Curriculum and session plans" },
  );
  if (canManage(user.role)) {
    links.push({ key: "edit", href: `${base}/edit`, label: "Edit group" }, { key: "series", href: `${base}/series/new`, label: "Add a weekly series" });
  }
  return links;
}

/** A group calendar feed: the group's facilitators and the organisation's managers (as on /profile). */
export function canMakeGroupCalendarLink(user: CurrentUser, group: { organizationId: string; facilitatorIds: string[] }): boolean {
  return canViewRoster(user, group);
}
