import { asc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { db, type Executor } from "~/db/client.server";
import { rows } from "~/db/rows.server";
import { programs } from "~/db/schema";
import type { CurrentUser, PersonRelations } from "~/modules/auth/policy";
import { forbidden, UserInputError } from "~/modules/errors";
import { planReach, reachesProgram, reachesWholePlan, type PlanPrograms, type PlanReach } from "./policy";

/**
 * The facts behind `planReach` (metrics/policy.ts), read in the caller's transaction: the programs
 * of the groups the person is enrolled in now that the viewer leads now (and only those: the
 * person's other programs are not read, so nothing can depend on them).
 */
export async function planProgramsOf(exec: Executor, organizationId: string, viewerId: string, participantId: string): Promise<PlanPrograms> {
  const found = await rows<{ program_id: string }>(
    sql`
    select distinct g.program_id
    from enrolments e join groups g on g.id = e.group_id
    where e.user_id = ${participantId} and e.status = 'enrolled' and g.organization_id = ${organizationId}
      and exists (select 1 from group_facilitators gf where gf.group_id = g.id and gf.user_id = ${viewerId})`,
    exec,
  );
  return { led: found.map((r) => r.program_id) };
}

export const PLAN_REFUSED = "Only managers and the facilitators of this participant's groups see their plan.";
export const WHOLE_PLAN_REFUSED =
  "A plan's strengths, barriers, needs, reviews and history are kept by the managers and the person; facilitators read and change the goals, scores and proposals of the programs they lead with the person.";
export const NOT_YOUR_PROGRAM = "Choose one of the programs you lead with this person.";
export const NOT_YOUR_GROUPS = "Choose groups of the programs you lead with this person.";

/** What `user` reaches of the plan of `owner` (403 with no reach at all). */
export async function requirePlanReach(exec: Executor, user: CurrentUser, owner: PersonRelations, message = PLAN_REFUSED): Promise<PlanReach> {
  const reach = planReach(user, owner, await planProgramsOf(exec, owner.organizationId, user.id, owner.id));
  if (!reach) forbidden(message);
  return reach;
}

/** requirePlanReach outside a transaction (a page's loader). */
export const readerReach = (user: CurrentUser, owner: PersonRelations): Promise<PlanReach> => requirePlanReach(db, user, owner);

/** As requirePlanReach, for the plan's parts that belong to no program (403 otherwise). */
export async function requireWholePlan(exec: Executor, user: CurrentUser, owner: PersonRelations): Promise<PlanReach> {
  const reach = await requirePlanReach(exec, user, owner);
  if (!reachesWholePlan(reach)) forbidden(WHOLE_PLAN_REFUSED);
  return reach;
}

/** The SQL condition that an item filed under `program` (a uuid column, maybe null) is within reach. */
export function reachSql(reach: PlanReach, program: SQL): SQL {
  if (reach.kind === "all") return sql`true`;
  return sql`(${program} is not null and ${program} = any(${`{${reach.programIds.join(",")}}`}::uuid[]))`;
}

/**
 * The programs a reader may file a new item under (or move a goal to): for a manager every program
 * of the organisation, for a facilitator the programs they lead now with the person.
 */
export async function filingPrograms(exec: Executor, organizationId: string, reach: PlanReach): Promise<{ id: string; name: string }[]> {
  if (reach.kind === "programs" && reach.programIds.length === 0) return [];
  return exec
    .select({ id: programs.id, name: programs.name })
    .from(programs)
    .where(reach.kind === "all" ? eq(programs.organizationId, organizationId) : inArray(programs.id, [...reach.programIds]))
    .orderBy(asc(programs.name));
}

/**
 * The program a new item is filed under: a facilitator names one of the programs they lead with the
 * person (the only one when there is one and none is named); a manager any program of the
 * organisation (checked by the caller), or none.
 */
export function filingProgram(reach: PlanReach, programId: string | null, field: string): string | null {
  if (reach.kind === "all") return programId;
  if (!programId && reach.programIds.length === 1) return reach.programIds[0];
  if (!reachesProgram(reach, programId)) throw new UserInputError(NOT_YOUR_PROGRAM, field);
  return programId;
}

/** A facilitator plans only groups of the programs they lead with the person (a manager any group of the organisation, checked by the caller). */
export async function assertPlannableGroups(exec: Executor, reach: PlanReach, groupIds: readonly string[], field: string) {
  if (reach.kind === "all" || groupIds.length === 0) return;
  const found = await rows<{ program_id: string }>(sql`select program_id from groups where id = any(${`{${groupIds.join(",")}}`}::uuid[])`, exec);
  if (found.length !== new Set(groupIds).size || !found.every((g) => reachesProgram(reach, g.program_id))) throw new UserInputError(NOT_YOUR_GROUPS, field);
}
