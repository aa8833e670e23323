import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { rows } from "~/db/rows.server";
import { db, type Executor } from "~/db/client.server";
import { groups, memberships, programs } from "~/db/schema";
import { goalObjectives, participantGoals } from "~/db/tables/metrics";
import { goalProposalReplies, goalProposals, planInterventions, planReviews, planServices, servicePlans } from "~/db/tables/plans";
import { audit } from "~/modules/audit/mutations.server";
import { claimForm, recordOutcome, type FormClaim } from "~/modules/forms/mutations.server";
import type { CurrentUser, PersonRelations } from "~/modules/auth/policy";
import { forbidden, notFound, UserInputError } from "~/modules/errors";
import { versionedForm } from "~/modules/forms/versions";
import { addDays } from "~/modules/metrics/definitions";
import { assertPlannableGroups, filingProgram, reachSql, requirePlanReach, requireWholePlan } from "~/modules/metrics/plan-access.server";
import { canEditPlan, canSeeGoals, type PlanReach } from "~/modules/metrics/policy";
import { MAX_REVIEW_DAYS_AHEAD, objectiveChanges, planChanges, type PlanFields } from "./review";
import { PROPOSAL_ABOUT_REFUSED, type InterventionInput, type PlanBasicsInput, type ReviewInput, type ServiceInput } from "./schema";

/**
 * Writes of a service plan. Every write checks the one relationship rule first (metrics/policy.ts
 * `canEditPlan`: a manager of the organisation or a facilitator of a group the person is enrolled
 * in now), finds its record among this participant's rows of this organisation (else 404), runs in
 * one transaction and records an audit event in it. `today` is the organisation's civil date.
 */
export type PlanOwner = PersonRelations;

const MAX_OPEN_PROPOSALS = 10;

function assertStaff(user: CurrentUser, owner: PlanOwner) {
  if (!canEditPlan(user, owner)) forbidden("Only managers and the facilitators of this participant's groups change their plan.");
}

/** A review date from today up to two years ahead. */
function assertReviewDate(day: string, today: string, field: string) {
  if (day < today) throw new UserInputError("Choose a review date from today on.", field);
  if (day > addDays(today, MAX_REVIEW_DAYS_AHEAD)) throw new UserInputError("Choose a review date within two years.", field);
}

/** The participant's plan row, created empty the first time it is needed; locked for the transaction. */
async function planOf(tx: Executor, user: CurrentUser, owner: PlanOwner) {
  await tx
    .insert(servicePlans)
    .values({ organizationId: owner.organizationId, participantId: owner.id, createdBy: user.id, updatedBy: user.id })
    .onConflictDoNothing({ target: [servicePlans.organizationId, servicePlans.participantId] });
  const [plan] = await tx
    .select()
    .from(servicePlans)
    .where(and(eq(servicePlans.organizationId, owner.organizationId), eq(servicePlans.participantId, owner.id)))
    .for("update");
  return plan;
}

/** A goal of this participant that `reach` covers (another program's goal is a 404, like one that does not exist). */
async function goalOf(tx: Executor, owner: PlanOwner, goalId: string, reach: PlanReach) {
  const [goal] = await tx
    .select({ id: participantGoals.id, title: participantGoals.title })
    .from(participantGoals)
    .where(and(eq(participantGoals.id, goalId), eq(participantGoals.participantId, owner.id), eq(participantGoals.organizationId, owner.organizationId), reachSql(reach, sql`${participantGoals.programId}`)));
  if (!goal) notFound("Goal not found");
  return goal;
}

/** An objective of one of this participant's goals in this organisation (locked when it is about to change). */
async function objectiveOf(tx: Executor, owner: PlanOwner, objectiveId: string, reach: PlanReach, lock = false) {
  const query = tx
    .select({ id: goalObjectives.id, goalId: goalObjectives.goalId, description: goalObjectives.description, measure: goalObjectives.measure })
    .from(goalObjectives)
    .innerJoin(participantGoals, eq(participantGoals.id, goalObjectives.goalId))
    .where(and(eq(goalObjectives.id, objectiveId), eq(participantGoals.participantId, owner.id), eq(goalObjectives.organizationId, owner.organizationId), reachSql(reach, sql`${participantGoals.programId}`)));
  const [objective] = lock ? await query.for("update", { of: goalObjectives }) : await query;
  if (!objective) notFound("Objective not found");
  return objective;
}

/**
 * The program a new goal is filed under (metrics/plan-access `filingProgram`): a facilitator one of
 * the programs they lead with the person (their only one when none is named); a manager any
 * program of the organisation, or none.
 */
async function filedUnder(tx: Executor, user: CurrentUser, owner: PlanOwner, asked: string | null): Promise<string | null> {
  const programId = filingProgram(await requirePlanReach(tx, user, owner), asked, "programId");
  if (programId) {
    const [found] = await tx.select({ id: programs.id }).from(programs).where(and(eq(programs.id, programId), eq(programs.organizationId, owner.organizationId)));
    if (!found) throw new UserInputError("Choose a program from the list.", "programId");
  }
  return programId;
}

const fieldsOf = (p: { strengths: string; barriers: string; needs: string; nextReviewOn: string | null }): PlanFields => ({
  strengths: p.strengths,
  barriers: p.barriers,
  needs: p.needs,
  nextReviewOn: p.nextReviewOn,
});

export const STALE_PLAN =
  "Someone else changed this plan since you opened this page, so your changes were not saved. Your text is still in the form: copy what you need, open the page again to see the current plan, and add it there.";

/**
 * The basics form's version (modules/forms/versions.ts: one fingerprint per field it sends back;
 * an empty plan before the first save), sent by loadServicePlan and compared by savePlanBasics
 * under the plan's row lock.
 */
export const planBasicsForm = versionedForm(
  ["strengths", "barriers", "needs", "nextReviewOn"] as const,
  (plan: Parameters<typeof fieldsOf>[0] | null | undefined) => fieldsOf(plan ?? { strengths: "", barriers: "", needs: "", nextReviewOn: null }),
  STALE_PLAN,
);

/** An objective's edit form's version (its wording: description, measure), sent by loadServicePlan and compared by updateObjective under the row lock. */
export const objectiveForm = versionedForm(["description", "measure"] as const, (o: { description: string; measure: string }) => ({ description: o.description, measure: o.measure }), STALE_PLAN);

/**
 * Strengths, barriers, needs and the next review date. Creates the plan on first save; audits the
 * changed fields only (before and after). Returns the fields changed (none: nothing written).
 * `version` is the plan's version the page was opened on: the form sends back every field it
 * showed, so a save from a page opened before someone else saved is refused (STALE_PLAN) rather
 * than writing the old copy over their changes. `null` (a form that named no version: a page
 * opened before forms carried one, a crafted post) cannot be compared and is refused too, with the
 * current version (UnversionedSave); callers outside a form pass no `version` and are not compared.
 */
export async function savePlanBasics(user: CurrentUser, owner: PlanOwner, input: PlanBasicsInput, today: string, now: Date, options: { version?: string | null } = {}) {
  assertStaff(user, owner);
  const next: PlanFields = { strengths: input.strengths, barriers: input.barriers, needs: input.needs, nextReviewOn: input.nextReviewOn || null };
  return db.transaction(async (tx) => {
    // The basics belong to no program: a facilitator writes them only while they reach the whole plan.
    await requireWholePlan(tx, user, owner);
    // Compared with the saved plan, or with an empty one: saving an empty form creates nothing.
    const [existing] = await tx
      .select()
      .from(servicePlans)
      .where(and(eq(servicePlans.organizationId, owner.organizationId), eq(servicePlans.participantId, owner.id)))
      .for("update");
    planBasicsForm.assertUnchanged(options.version, existing);
    const empty = planChanges(fieldsOf(existing ?? { strengths: "", barriers: "", needs: "", nextReviewOn: null }), next);
    if (empty.changed.length === 0) return empty.changed;
    const plan = await planOf(tx, user, owner);
    const diff = planChanges(fieldsOf(plan), next);
    if (diff.changed.includes("nextReviewOn") && next.nextReviewOn) assertReviewDate(next.nextReviewOn, today, "nextReviewOn");
    if (diff.changed.length === 0) return diff.changed;
    await tx.update(servicePlans).set({ ...diff.after, updatedAt: now, updatedBy: user.id }).where(eq(servicePlans.id, plan.id));
    await audit(tx, { organizationId: owner.organizationId, actorId: user.id, action: "plan.save", subjectType: "service_plan", subjectId: plan.id, subjectUserId: owner.id, before: diff.before, after: diff.after });
    return diff.changed;
  });
}

/** A goal in staff wording, written on the plan page (the person's own words are theirs to add). */
export async function addPlanGoal(user: CurrentUser, owner: PlanOwner, title: string, asked: string | null = null) {
  assertStaff(user, owner);
  return db.transaction(async (tx) => {
    const programId = await filedUnder(tx, user, owner, asked);
    const [goal] = await tx
      .insert(participantGoals)
      .values({ organizationId: owner.organizationId, participantId: owner.id, programId, title, createdBy: user.id })
      .returning({ id: participantGoals.id });
    await audit(tx, { organizationId: owner.organizationId, actorId: user.id, action: "goal.create", subjectType: "participant_goal", subjectId: goal.id, subjectUserId: owner.id, after: { participantId: owner.id, title, programId, objectives: 0, groups: [] } });
    return goal.id;
  });
}

export async function addObjective(user: CurrentUser, owner: PlanOwner, input: { goalId: string; description: string; measure: string }) {
  assertStaff(user, owner);
  return db.transaction(async (tx) => {
    const goal = await goalOf(tx, owner, input.goalId, await requirePlanReach(tx, user, owner));
    // Objectives of one goal are numbered in turn: the goal row is locked so two additions take turns.
    await tx.execute(sql`select 1 from participant_goals where id = ${goal.id} for update`);
    const [{ next }] = await tx
      .select({ next: sql<number>`coalesce(max(${goalObjectives.position}) + 1, 0)::int` })
      .from(goalObjectives)
      .where(eq(goalObjectives.goalId, goal.id));
    const [objective] = await tx
      .insert(goalObjectives)
      .values({ organizationId: owner.organizationId, goalId: goal.id, description: input.description, measure: input.measure, position: next })
      .returning({ id: goalObjectives.id });
    await audit(tx, { organizationId: owner.organizationId, actorId: user.id, action: "plan.objective_add", subjectType: "goal_objective", subjectId: objective.id, subjectUserId: owner.id, after: { goalId: goal.id, description: input.description, measure: input.measure } });
    return objective.id;
  });
}

/**
 * Rewords an objective; audits the changed fields with before and after. Returns the fields
 * changed. `version`: the objective's version the page showed (objectiveForm): a save from a
 * page opened before someone else reworded it is refused (STALE_PLAN) and writes nothing; `null`
 * (a form that named none) is refused with the current version (UnversionedSave); callers outside
 * a form pass none and are not compared. A save that changes nothing is not compared.
 */
export async function updateObjective(user: CurrentUser, owner: PlanOwner, input: { objectiveId: string; description: string; measure: string }, options: { version?: string | null } = {}) {
  assertStaff(user, owner);
  return db.transaction(async (tx) => {
    const objective = await objectiveOf(tx, owner, input.objectiveId, await requirePlanReach(tx, user, owner), true);
    const diff = objectiveChanges({ description: objective.description, measure: objective.measure }, { description: input.description, measure: input.measure });
    if (diff.changed.length === 0) return diff.changed;
    objectiveForm.assertUnchanged(options.version, objective);
    await tx.update(goalObjectives).set(diff.after).where(eq(goalObjectives.id, objective.id));
    await audit(tx, { organizationId: owner.organizationId, actorId: user.id, action: "plan.objective_update", subjectType: "goal_objective", subjectId: objective.id, subjectUserId: owner.id, before: diff.before, after: diff.after });
    return diff.changed;
  });
}

export async function addService(user: CurrentUser, owner: PlanOwner, input: ServiceInput) {
  assertStaff(user, owner);
  return db.transaction(async (tx) => {
    const reach = await requirePlanReach(tx, user, owner);
    const objective = await objectiveOf(tx, owner, input.objectiveId, reach);
    const [group] = await tx.select({ id: groups.id, name: groups.name }).from(groups).where(and(eq(groups.id, input.groupId), eq(groups.organizationId, owner.organizationId)));
    if (!group) throw new UserInputError("Choose a group from the list.", "groupId");
    // A facilitator plans the groups of the programs they lead with the person (a service is read by its group's program too).
    await assertPlannableGroups(tx, reach, [group.id], "groupId");
    const [service] = await tx
      .insert(planServices)
      .values({ organizationId: owner.organizationId, objectiveId: objective.id, groupId: group.id, timesPerPeriod: input.timesPerPeriod, period: input.period, minutesPerContact: input.minutesPerContact, createdBy: user.id })
      .returning({ id: planServices.id });
    await audit(tx, {
      organizationId: owner.organizationId,
      actorId: user.id,
      action: "plan.service_add",
      subjectType: "goal_objective",
      subjectId: objective.id,
      subjectUserId: owner.id,
      after: { serviceId: service.id, groupId: group.id, group: group.name, timesPerPeriod: input.timesPerPeriod, period: input.period, minutesPerContact: input.minutesPerContact },
    });
    return service.id;
  });
}

export async function removeService(user: CurrentUser, owner: PlanOwner, serviceId: string) {
  assertStaff(user, owner);
  await db.transaction(async (tx) => {
    const reach = await requirePlanReach(tx, user, owner);
    const [service] = await tx
      .select({ id: planServices.id, objectiveId: planServices.objectiveId, groupId: planServices.groupId, timesPerPeriod: planServices.timesPerPeriod, period: planServices.period, minutesPerContact: planServices.minutesPerContact })
      .from(planServices)
      .innerJoin(goalObjectives, eq(goalObjectives.id, planServices.objectiveId))
      .innerJoin(participantGoals, eq(participantGoals.id, goalObjectives.goalId))
      .innerJoin(groups, eq(groups.id, planServices.groupId))
      .where(
        and(
          eq(planServices.id, serviceId),
          eq(planServices.organizationId, owner.organizationId),
          eq(participantGoals.participantId, owner.id),
          reachSql(reach, sql`${participantGoals.programId}`),
          reachSql(reach, sql`${groups.programId}`),
        ),
      );
    if (!service) notFound("Planned service not found");
    await tx.delete(planServices).where(eq(planServices.id, service.id));
    await audit(tx, { organizationId: owner.organizationId, actorId: user.id, action: "plan.service_remove", subjectType: "goal_objective", subjectId: service.objectiveId, subjectUserId: owner.id, before: service });
  });
}

export async function addIntervention(user: CurrentUser, owner: PlanOwner, input: InterventionInput) {
  assertStaff(user, owner);
  return db.transaction(async (tx) => {
    const objective = await objectiveOf(tx, owner, input.objectiveId, await requirePlanReach(tx, user, owner));
    // The responsible person is an active staff member of this organisation.
    const [staff] = await tx
      .select({ id: memberships.userId })
      .from(memberships)
      .where(and(eq(memberships.userId, input.responsibleId), eq(memberships.organizationId, owner.organizationId), inArray(memberships.role, ["facilitator", "manager", "admin"]), isNull(memberships.deactivatedAt)));
    if (!staff) throw new UserInputError("Choose who is responsible from the list of staff.", "responsibleId");
    const [row] = await tx
      .insert(planInterventions)
      .values({ organizationId: owner.organizationId, objectiveId: objective.id, description: input.description, component: input.component, responsibleId: staff.id, createdBy: user.id })
      .returning({ id: planInterventions.id });
    await audit(tx, {
      organizationId: owner.organizationId,
      actorId: user.id,
      action: "plan.intervention_add",
      subjectType: "goal_objective",
      subjectId: objective.id,
      subjectUserId: owner.id,
      after: { interventionId: row.id, description: input.description, component: input.component, responsibleId: staff.id },
    });
    return row.id;
  });
}

export async function removeIntervention(user: CurrentUser, owner: PlanOwner, interventionId: string) {
  assertStaff(user, owner);
  await db.transaction(async (tx) => {
    const [row] = await tx
      .select({ id: planInterventions.id, objectiveId: planInterventions.objectiveId, description: planInterventions.description, component: planInterventions.component, responsibleId: planInterventions.responsibleId })
      .from(planInterventions)
      .innerJoin(goalObjectives, eq(goalObjectives.id, planInterventions.objectiveId))
      .innerJoin(participantGoals, eq(participantGoals.id, goalObjectives.goalId))
      .where(
        and(
          eq(planInterventions.id, interventionId),
          eq(planInterventions.organizationId, owner.organizationId),
          eq(participantGoals.participantId, owner.id),
          reachSql(await requirePlanReach(tx, user, owner), sql`${participantGoals.programId}`),
        ),
      );
    if (!row) notFound("Intervention not found");
    await tx.delete(planInterventions).where(eq(planInterventions.id, row.id));
    await audit(tx, { organizationId: owner.organizationId, actorId: user.id, action: "plan.intervention_remove", subjectType: "goal_objective", subjectId: row.objectiveId, subjectUserId: owner.id, before: row });
  });
}

/**
 * A review of the plan: on a day up to today (within the last year), with who took part, what
 * changed and the participant's comment; it sets the next review date (after the review, from
 * today on), which starts a new reminder.
 */
export async function recordReview(
  user: CurrentUser,
  owner: PlanOwner,
  input: ReviewInput,
  today: string,
  /** The form's one-time token: the same review sent again is not recorded a second time. */
  claim?: FormClaim,
): Promise<string> {
  assertStaff(user, owner);
  if (input.reviewedOn > today) throw new UserInputError("A review is recorded on or after the day it took place: choose a date up to today.", "reviewedOn");
  if (input.reviewedOn < addDays(today, -366)) throw new UserInputError("Choose a review date within the last year.", "reviewedOn");
  if (!input.nextReviewOn) throw new UserInputError("Set the date of the next review.", "nextReviewOn");
  assertReviewDate(input.nextReviewOn, today, "nextReviewOn");
  if (input.nextReviewOn <= input.reviewedOn) throw new UserInputError("The next review comes after this one.", "nextReviewOn");
  return db.transaction(async (tx) => {
    if (claim) {
      const first = await claimForm<{ reviewId: string }>(tx, owner.organizationId, claim);
      if (first) return first.outcome.reviewId;
    }
    await requireWholePlan(tx, user, owner);
    const plan = await planOf(tx, user, owner);
    const [review] = await tx
      .insert(planReviews)
      .values({ organizationId: owner.organizationId, planId: plan.id, reviewedOn: input.reviewedOn, attendees: input.attendees, whatChanged: input.whatChanged, participantComment: input.participantComment, nextReviewOn: input.nextReviewOn, recordedBy: user.id })
      .returning({ id: planReviews.id });
    await tx.update(servicePlans).set({ nextReviewOn: input.nextReviewOn, updatedAt: new Date(), updatedBy: user.id }).where(eq(servicePlans.id, plan.id));
    await audit(tx, {
      organizationId: owner.organizationId,
      actorId: user.id,
      action: "plan.review",
      subjectType: "service_plan",
      subjectId: plan.id,
      subjectUserId: owner.id,
      before: { nextReviewOn: plan.nextReviewOn },
      after: { reviewId: review.id, reviewedOn: input.reviewedOn, attendees: input.attendees, whatChanged: input.whatChanged, participantComment: input.participantComment, nextReviewOn: input.nextReviewOn },
    });
    if (claim) await recordOutcome(tx, claim, { reviewId: review.id });
    return review.id;
  });
}

/**
 * The participant proposes a goal in their own words (at most 10 waiting at a time), about their
 * plan as a whole ("") or about one of the groups they attend now or one of their goals (`about`,
 * proposalSchema). The proposal belongs to that group's or goal's program and is read and answered
 * like a goal of it (metrics/policy.ts planReach): by that program's facilitators with the person,
 * the managers and the person; one about the plan as a whole by the managers and the person.
 * Returns whether it went to a program's staff ("program") or to the managers ("managers").
 */
export async function proposeGoal(user: CurrentUser, words: string, about = ""): Promise<{ id: string; to: "program" | "managers" }> {
  if (user.role !== "participant") forbidden("Participants propose goals for their own plan.");
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`goal-proposals:${user.organizationId}:${user.id}`}, 0))`);
    const [{ open }] = await tx
      .select({ open: sql<number>`count(*)::int` })
      .from(goalProposals)
      .where(and(eq(goalProposals.organizationId, user.organizationId), eq(goalProposals.participantId, user.id), inArray(goalProposals.status, ["open", "discussing"])));
    if (open >= MAX_OPEN_PROPOSALS) throw new UserInputError(`You have ${open} proposals waiting for an answer; staff will reply to those first.`, "words");
    const { programId, aboutGoalId } = await proposalTopic(tx, user, about);
    const [row] = await tx.insert(goalProposals).values({ organizationId: user.organizationId, participantId: user.id, words, programId, aboutGoalId }).returning({ id: goalProposals.id });
    await audit(tx, { organizationId: user.organizationId, actorId: user.id, action: "plan.proposal_create", subjectType: "goal_proposal", subjectId: row.id, subjectUserId: user.id, after: { words, programId, aboutGoalId } });
    return { id: row.id, to: programId ? "program" : "managers" };
  });
}

/** The program (and goal) a proposal is about, from the person's own groups now and goals only (anything else is refused). */
async function proposalTopic(tx: Executor, user: CurrentUser, about: string): Promise<{ programId: string | null; aboutGoalId: string | null }> {
  if (about === "") return { programId: null, aboutGoalId: null };
  const [kind, id] = about.split(":");
  if (kind === "group") {
    const [group] = await rows<{ program_id: string }>(
      sql`select g.program_id from groups g join enrolments e on e.group_id = g.id and e.user_id = ${user.id} and e.status = 'enrolled'
        where g.id = ${id} and g.organization_id = ${user.organizationId}`,
      tx,
    );
    if (!group) throw new UserInputError(PROPOSAL_ABOUT_REFUSED, "about");
    return { programId: group.program_id, aboutGoalId: null };
  }
  const [goal] = await tx
    .select({ id: participantGoals.id, programId: participantGoals.programId })
    .from(participantGoals)
    .where(and(eq(participantGoals.id, id), eq(participantGoals.participantId, user.id), eq(participantGoals.organizationId, user.organizationId)));
  if (!goal) throw new UserInputError(PROPOSAL_ABOUT_REFUSED, "about");
  return { programId: goal.programId, aboutGoalId: goal.id };
}

/** A proposal of this participant that `reach` covers (by its program, like a goal; locked). Out of reach is "not found". */
async function proposalOf(tx: Executor, owner: PlanOwner, proposalId: string, reach: PlanReach) {
  const [proposal] = await tx
    .select()
    .from(goalProposals)
    .where(and(eq(goalProposals.id, proposalId), eq(goalProposals.organizationId, owner.organizationId), eq(goalProposals.participantId, owner.id), reachSql(reach, sql`${goalProposals.programId}`)))
    .for("update");
  if (!proposal) notFound("Proposal not found");
  return proposal;
}

/** A reply about a proposal still being decided: staff (it is then "being discussed") or the participant themself. */
export async function replyToProposal(user: CurrentUser, owner: PlanOwner, proposalId: string, body: string) {
  const byParticipant = user.id === owner.id;
  if (!byParticipant) assertStaff(user, owner);
  else if (!canSeeGoals(user, owner)) forbidden();
  return db.transaction(async (tx) => {
    // Staff answer a proposal of a program they reach (one about the plan as a whole: the managers).
    const reach: PlanReach = byParticipant ? { kind: "all" } : await requirePlanReach(tx, user, owner);
    const proposal = await proposalOf(tx, owner, proposalId, reach);
    if (proposal.status === "accepted" || proposal.status === "withdrawn") throw new UserInputError("This proposal is already decided; propose a new goal instead.", "body");
    const [reply] = await tx
      .insert(goalProposalReplies)
      .values({ organizationId: owner.organizationId, proposalId: proposal.id, authorId: user.id, byParticipant, body })
      .returning({ id: goalProposalReplies.id });
    if (!byParticipant && proposal.status === "open") await tx.update(goalProposals).set({ status: "discussing" }).where(eq(goalProposals.id, proposal.id));
    await audit(tx, { organizationId: owner.organizationId, actorId: user.id, action: "plan.proposal_reply", subjectType: "goal_proposal", subjectId: proposal.id, subjectUserId: owner.id, after: { replyId: reply.id, body } });
    return reply.id;
  });
}

/**
 * Staff accept a proposal: it becomes a goal of the plan with the staff wording as its title and
 * the participant's words beside it. Once only (the proposal row is locked; a second accept is told so).
 */
export async function acceptProposal(user: CurrentUser, owner: PlanOwner, proposalId: string, title: string, now: Date, asked: string | null = null) {
  assertStaff(user, owner);
  return db.transaction(async (tx) => {
    const proposal = await proposalOf(tx, owner, proposalId, await requirePlanReach(tx, user, owner));
    // The goal is filed under the program named, else the proposal's own.
    const programId = await filedUnder(tx, user, owner, asked ?? proposal.programId);
    if (proposal.status === "accepted") throw new UserInputError("This proposal is already in the plan.", "title");
    if (proposal.status === "withdrawn") throw new UserInputError("This proposal was withdrawn.", "title");
    const [goal] = await tx
      .insert(participantGoals)
      .values({ organizationId: owner.organizationId, participantId: owner.id, programId, title, participantWords: proposal.words, createdBy: user.id })
      .returning({ id: participantGoals.id });
    await tx.update(goalProposals).set({ status: "accepted", acceptedGoalId: goal.id, decidedBy: user.id, decidedAt: now }).where(eq(goalProposals.id, proposal.id));
    await audit(tx, { organizationId: owner.organizationId, actorId: user.id, action: "goal.create", subjectType: "participant_goal", subjectId: goal.id, subjectUserId: owner.id, after: { participantId: owner.id, title, programId, objectives: 0, groups: [] } });
    await audit(tx, { organizationId: owner.organizationId, actorId: user.id, action: "plan.proposal_accept", subjectType: "goal_proposal", subjectId: proposal.id, subjectUserId: owner.id, before: { status: proposal.status }, after: { status: "accepted", goalId: goal.id, title, words: proposal.words } });
    return goal.id;
  });
}
