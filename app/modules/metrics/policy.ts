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
 * `led`, the programs of the groups the facilitator leads now in which the person is enrolled now;
 * `current`, the programs of every group the person is enrolled in now.
 */
export type PlanPrograms = { led: readonly string[]; current: readonly string[] };

/**
 * What of a person's plan a reader reaches (42 CFR Part 2, the rule of progress notes and
 * one-to-one contacts): the person themself and the organisation's managers everything (`all`); a
 * facilitator with a current relationship the items of the programs they lead now with the person
 * (`programs`) — a goal by the program it is filed under (with its objectives, planned groups,
 * interventions and progress notes), an outcome score by its program, a planned service also by
 * its group's program; nothing filed under no program. `wholePlan`: the parts of the plan that
 * belong to no program — strengths, barriers, needs, the review date and reviews, the person's
 * proposals, the plan's history — which a facilitator reads and writes only while every program the
 * person is enrolled in now is one they lead with the person (a recovery group's needs are not a
 * budgeting workshop's to read). null: no reach at all.
 */
export type PlanReach = { kind: "all" } | { kind: "programs"; programIds: readonly string[]; wholePlan: boolean };

export function planReach(user: CurrentUser, participant: PersonRelations, programs: PlanPrograms): PlanReach | null {
  if (user.organizationId !== participant.organizationId) return null;
  if (user.id === participant.id) return { kind: "all" };
  const relationship = staffRelationship(user, participant);
  if (relationship === "manager") return { kind: "all" };
  if (relationship !== "facilitator") return null;
  const led = [...new Set(programs.led)];
  return { kind: "programs", programIds: led, wholePlan: led.length > 0 && programs.current.every((p) => led.includes(p)) };
}

/** Whether the reach covers an item filed under `programId` (null: no program — managers and the person only). */
export function reachesProgram(reach: PlanReach, programId: string | null): boolean {
  if (reach.kind === "all") return true;
  return programId !== null && reach.programIds.includes(programId);
}

/** Whether the reach covers the plan's parts that belong to no program (strengths, barriers, needs, reviews, proposals, history). */
export function reachesWholePlan(reach: PlanReach): boolean {
  return reach.kind === "all" || reach.wholePlan;
}
