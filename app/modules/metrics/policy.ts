import { canManage, staffRelationship, type CurrentUser, type PersonRelations } from "~/modules/auth/policy";

/** Metrics, the logic model, outcomes and accreditation evidence: the organisation's managers and admins. */
export function canViewMetrics(user: CurrentUser): boolean {
  return canManage(user.role);
}

/**
 * Who opens a participant's goals and plan pages: the participant, and staff with a current
 * relationship (auth/policy.ts `staffRelationship`: the organisation's managers, or facilitators of
 * a group the participant is enrolled in now — not waitlisted, interested or withdrawn). What they
 * read there is decided item by item (`planReach`).
 */
export function canSeeGoals(user: CurrentUser, participant: PersonRelations): boolean {
  if (user.organizationId !== participant.organizationId) return false;
  if (user.id === participant.id) return true;
  return staffRelationship(user, participant) !== null;
}

/** Staff write goals, objectives, notes and measures; the participant writes only their own words and notes. */
export function canEditPlan(user: CurrentUser, participant: PersonRelations): boolean {
  return user.id !== participant.id && canSeeGoals(user, participant);
}

/**
 * The programs that decide a facilitator's reach into a person's plan, read fresh on every request:
 * `led`, the programs of the groups the facilitator leads now in which the person is enrolled now.
 * (Which other programs the person is in never changes what a facilitator reaches: that would tell
 * them the person is in another program.)
 */
export type PlanPrograms = { led: readonly string[] };

/**
 * What of a person's plan a reader reaches (42 CFR Part 2, the rule of progress notes and
 * one-to-one contacts): the person themself and the organisation's managers everything (`all`); a
 * facilitator with a current relationship the items of the programs they lead now with the person
 * (`programs`) — a goal by the program it is filed under (with its objectives, planned groups,
 * interventions and progress notes), an outcome score by its program, a planned service also by
 * its group's program; nothing filed under no program. The parts of the plan that belong to no
 * program — strengths, barriers, needs, the review date and reviews, the plan's history — are the
 * managers' and the person's only: a facilitator never reaches them, whatever other programs the
 * person is in, so their page reads the same for a person only in their program and for one also
 * in a recovery program (before, they reached them only while every program of the person was
 * theirs, and the page's difference told a budgeting workshop's leader that the person was in
 * another program). null: no reach at all.
 */
export type PlanReach = { kind: "all" } | { kind: "programs"; programIds: readonly string[] };

export function planReach(user: CurrentUser, participant: PersonRelations, programs: PlanPrograms): PlanReach | null {
  if (user.organizationId !== participant.organizationId) return null;
  if (user.id === participant.id) return { kind: "all" };
  const relationship = staffRelationship(user, participant);
  if (relationship === "manager") return { kind: "all" };
  if (relationship !== "facilitator") return null;
  return { kind: "programs", programIds: [...new Set(programs.led)] };
}

/** Whether the reach covers an item filed under `programId` (null: no program — managers and the person only). */
export function reachesProgram(reach: PlanReach, programId: string | null): boolean {
  if (reach.kind === "all") return true;
  return programId !== null && reach.programIds.includes(programId);
}

/** Whether the reach covers the plan's parts that belong to no program (strengths, barriers, needs, reviews, proposals, history). */
export function reachesWholePlan(reach: PlanReach): boolean {
  return reach.kind === "all";
}
