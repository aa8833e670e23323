import { canManage, type CurrentUser } from "~/modules/auth/policy";

/** Only participants are invited to scheduling rounds (and so may see a round as an invitee or member). */
export function canBeRoundInvitee(user: CurrentUser): boolean {
  return user.role === "participant";
}

/**
 * Who may do what with scheduling rounds (pure).
 * - Plan (create, adjust, publish, see names): the organisation's managers and admins, and the
 *   group's own facilitators.
 * - See counts only: participants invited to the round or enrolled/interested in the group, while
 *   the round is open. Never names.
 */
export function canPlanRounds(user: CurrentUser, group: { organizationId: string; facilitatorIds: readonly string[] }): boolean {
  if (user.organizationId !== group.organizationId) return false;
  if (canManage(user.role)) return true;
  return user.role === "facilitator" && group.facilitatorIds.includes(user.id);
}

export type RoundView = "staff" | "counts";

export function roundView(
  user: CurrentUser,
  round: { organizationId: string; status: string; facilitatorIds: readonly string[]; viewerIsInvitee: boolean; viewerIsMember: boolean },
): RoundView | null {
  if (user.organizationId !== round.organizationId) return null;
  if (canPlanRounds(user, round)) return "staff";
  if (user.role === "participant" && round.status === "open" && (round.viewerIsInvitee || round.viewerIsMember)) return "counts";
  return null;
}
