import { canManage, type CurrentUser } from "~/modules/auth/policy";

/**
 * Who may do what with a group's curriculum. Pure functions of the user and facts read fresh on
 * each request (the group's facilitators now; the participant's enrolment now).
 */
export type CurriculumContext = { organizationId: string; facilitatorIds: readonly string[] };

/** Adding, editing, reordering and archiving units and their materials: managers and administrators of the organisation. */
export function canEditCurriculum(user: CurrentUser, ctx: CurriculumContext): boolean {
  return user.organizationId === ctx.organizationId && canManage(user.role);
}

/** The whole plan (guidance, every material) and choosing a session's unit: the group's facilitators now, and managers. */
export function canLeadCurriculum(user: CurrentUser, ctx: CurriculumContext): boolean {
  if (user.organizationId !== ctx.organizationId || user.role === "participant") return false;
  return canManage(user.role) || ctx.facilitatorIds.includes(user.id);
}

/**
 * A participant sees unit titles and the materials marked for participants, of a group they are
 * enrolled in now (a former participant — withdrawn, completed, removed — sees nothing more), and
 * only of units still in use.
 */
export function participantMaySee(user: CurrentUser, ctx: { organizationId: string; enrolled: boolean }, material?: { audience: string; unitArchived: boolean }): boolean {
  if (user.role !== "participant" || user.organizationId !== ctx.organizationId || !ctx.enrolled) return false;
  return !material || (material.audience === "participants" && !material.unitArchived);
}
