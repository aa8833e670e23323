import { and, eq, gt, inArray, isNull, lt, or, sql } from "drizzle-orm";
import type { z } from "zod";
import { db, type Executor } from "~/db/client.server";
import { groups, programs } from "~/db/schema";
import { customOutcomeMeasures, goalInterventions, goalNotes, goalObjectives, logicModelLines, logicModels, metricsSettings, outcomeMeasures, participantGoals } from "~/db/tables/metrics";
import { audit, recordDisclosure } from "~/modules/audit/mutations.server";
import { claimForm, recordOutcome, type FormClaim } from "~/modules/forms/mutations.server";
import type { CurrentUser, PersonRelations } from "~/modules/auth/policy";
import { forbidden, NO_VERSION_ANSWERS, notFound, StaleSave, UnversionedSave, UserInputError } from "~/modules/errors";
import { fieldsChangedSince, fieldsVersion, versionedForm } from "~/modules/forms/versions";
import { scoreRangeProblem } from "./custom-measures/change";
import { goalChanges, goalFieldsOf, type GoalEditField } from "./goal-changes";
import { assertPlannableGroups, filingProgram, reachSql, requirePlanReach } from "./plan-access.server";
import { canEditPlan, canSeeGoals, canViewMetrics, type PlanReach } from "./policy";
import type { GOAL_STATUSES, goalSchema, logicLineSchema, logicModelSchema, measureSchema, OBJECTIVE_STATUSES, settingsSchema } from "./schema";

type GoalInput = z.infer<typeof goalSchema>;
type GoalEditInput = Pick<GoalInput, "title" | "programId" | "targetDate">;
type GoalStatus = (typeof GOAL_STATUSES)[number];
type ObjectiveStatus = (typeof OBJECTIVE_STATUSES)[number];
type MeasureInput = z.infer<ReturnType<typeof measureSchema>>;
type SettingsInput = z.infer<typeof settingsSchema>;

/** A PostgreSQL array literal of uuids or dates (values are validated before they get here). */
export const pgArray = (values: string[]) => `{${values.join(",")}}`;

const ATTENDED = sql.raw(`('present','late','left_early')`);

/**
 * The figures of each session `s` that the daily rollup (metrics_group_days) sums, as a join
 * giving `m`: for a held session, its marks (attended, absent, excused, walk-ins, minutes attended)
 * and feedback answers; for any other, nulls. The facilitator filter sums the same figures for the
 * sessions of a day that its rollup row cannot split (queries.server.ts), so both count alike.
 */
export const sessionMarkFigures = sql`
      left join lateral (
        select count(*) filter (where a.status in ${ATTENDED}) as attended,
               count(*) filter (where a.status = 'absent') as absent,
               count(*) filter (where a.status = 'excused') as excused,
               count(*) filter (where a.status in ${ATTENDED} and a.walk_in) as walk_ins,
               sum(case when a.status in ${ATTENDED} then greatest(0, round(extract(epoch from (
                 (case when a.status = 'left_early' and a.left_at is not null
                   then greatest(f.from_at, least(s.ends_at, a.left_at)) else s.ends_at end) - f.from_at)) / 60)) else 0 end) as minutes,
               -- Answers from people marked in the room: an answer stays when its giver's mark is corrected
               -- to absent or excused, and counting it would push the rate over 100% (answers per attendance).
               (select count(*) from feedback_receipts r where r.session_id = s.id
                 and exists (select 1 from attendance_records ra where ra.session_id = r.session_id and ra.user_id = r.user_id and ra.status in ${ATTENDED})) as feedback
        from attendance_records a
        cross join lateral (select case when a.status = 'late' and a.arrived_at is not null
          then least(s.ends_at, greatest(s.starts_at, a.arrived_at)) else s.starts_at end as from_at) f
        where a.session_id = s.id
      ) m on s.status = 'held'`;

/**
 * Rebuilds the daily rollups (metrics_group_days) and participant starts for the (group, day)
 * pairs the triggers marked dirty in this organisation, in one transaction. Cheap when nothing
 * changed; an advisory lock makes concurrent refreshes of one organisation take turns.
 * Returns how many (group, day) pairs were rebuilt.
 */
export async function refreshRollups(organizationId: string, exec: Executor = db): Promise<number> {
  return exec.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`metrics.rollup:${organizationId}`}))`);
    const dirty = await tx.execute<{
      group_id: string;
      day: string;
    }>(sql`
      delete from metrics_rollup_dirty where organization_id = ${organizationId} returning group_id, day::text as day`);
    if (dirty.length === 0) return 0;
    const groupIds = pgArray(dirty.map((d) => d.group_id));
    const days = pgArray(dirty.map((d) => d.day));
    const pairs = sql`unnest(${groupIds}::uuid[], ${days}::date[]) as d(group_id, day)`;
    // Sessions of each dirty local day: an index range with a day of margin, then the exact local date.
    const sessionsOfDay = sql`
      join groups gr on gr.id = d.group_id
      join organizations o on o.id = gr.organization_id
      join sessions s on s.group_id = d.group_id
        and s.starts_at >= (d.day::timestamp at time zone o.timezone) - interval '1 day'
        and s.starts_at < ((d.day + 1)::timestamp at time zone o.timezone) + interval '1 day'
        and (s.starts_at at time zone o.timezone)::date = d.day`;

    await tx.execute(sql`
      delete from metrics_group_days m using ${pairs} where m.group_id = d.group_id and m.day = d.day`);
    await tx.execute(sql`
      insert into metrics_group_days (group_id, day, organization_id, program_id, sessions_total, sessions_held, sessions_cancelled,
        marks_attended, marks_absent, marks_excused, walk_ins, participant_minutes, feedback_responses)
      select d.group_id, d.day, gr.organization_id, gr.program_id,
        count(*)::int,
        count(*) filter (where s.status = 'held')::int,
        count(*) filter (where s.status = 'cancelled')::int,
        coalesce(sum(m.attended), 0)::int, coalesce(sum(m.absent), 0)::int, coalesce(sum(m.excused), 0)::int,
        coalesce(sum(m.walk_ins), 0)::int, coalesce(sum(m.minutes), 0)::bigint, coalesce(sum(m.feedback), 0)::int
      from ${pairs}
      ${sessionsOfDay}
      ${sessionMarkFigures}
      group by d.group_id, d.day, gr.organization_id, gr.program_id
      on conflict (group_id, day) do update set
        sessions_total = excluded.sessions_total, sessions_held = excluded.sessions_held, sessions_cancelled = excluded.sessions_cancelled,
        marks_attended = excluded.marks_attended, marks_absent = excluded.marks_absent, marks_excused = excluded.marks_excused,
        walk_ins = excluded.walk_ins, participant_minutes = excluded.participant_minutes, feedback_responses = excluded.feedback_responses`);

    // Distinct attendees per (group, local month) for every month holding a dirty day.
    const months = sql`(select distinct d.group_id, date_trunc('month', d.day::timestamp)::date as month from ${pairs}) as mo(group_id, month)`;
    await tx.execute(sql`delete from metrics_group_months m using ${months} where m.group_id = mo.group_id and m.month = mo.month`);
    await tx.execute(sql`
      insert into metrics_group_months (group_id, month, organization_id, program_id, attendee_ids)
      select mo.group_id, mo.month, gr.organization_id, gr.program_id, array_agg(distinct a.user_id)
      from ${months}
      join groups gr on gr.id = mo.group_id
      join organizations o on o.id = gr.organization_id
      join sessions s on s.group_id = mo.group_id and s.status = 'held'
        and s.starts_at >= (mo.month::timestamp at time zone o.timezone) - interval '1 day'
        and s.starts_at < ((mo.month + interval '1 month')::timestamp at time zone o.timezone) + interval '1 day'
        and date_trunc('month', s.starts_at at time zone o.timezone)::date = mo.month
      join attendance_records a on a.session_id = s.id and a.status in ${ATTENDED}
      group by mo.group_id, mo.month, gr.organization_id, gr.program_id
      on conflict (group_id, month) do update set attendee_ids = excluded.attendee_ids`);

    // Starts: every (group, person) with a mark on a dirty day, or whose start was on one.
    const touched = await tx.execute<{
      group_id: string;
      user_id: string;
    }>(sql`
      select distinct a.group_id, a.user_id from ${pairs} ${sessionsOfDay}
        join attendance_records a on a.session_id = s.id
      union
      select st.group_id, st.user_id from metrics_participant_starts st join ${pairs} on st.group_id = d.group_id and st.first_day = d.day`);
    if (touched.length > 0) {
      const people = sql`unnest(${pgArray(touched.map((t) => t.group_id))}::uuid[], ${pgArray(touched.map((t) => t.user_id))}::uuid[]) as t(group_id, user_id)`;
      await tx.execute(sql`delete from metrics_participant_starts st using ${people} where st.group_id = t.group_id and st.user_id = t.user_id`);
      await tx.execute(sql`
        insert into metrics_participant_starts (group_id, user_id, organization_id, program_id, first_session_id, first_starts_at, first_day)
        select distinct on (t.group_id, t.user_id) t.group_id, t.user_id, s.organization_id, g.program_id, s.id, s.starts_at,
          (s.starts_at at time zone o.timezone)::date
        from ${people}
        join attendance_records a on a.group_id = t.group_id and a.user_id = t.user_id
        join sessions s on s.id = a.session_id and s.status = 'held'
        join groups g on g.id = t.group_id
        join organizations o on o.id = s.organization_id
        order by t.group_id, t.user_id, s.starts_at, s.id
        on conflict (group_id, user_id) do update set first_session_id = excluded.first_session_id,
          first_starts_at = excluded.first_starts_at, first_day = excluded.first_day, program_id = excluded.program_id`);
    }
    return dirty.length;
  });
}

/**
 * Drill-downs, exports and the evidence page list named people: each read is recorded in the audit
 * trail, once per person named (their disclosure history lists it).
 */
export async function auditMetricsRead(
  user: { id: string; organizationId: string },
  action: "metrics.rows_viewed" | "metrics.exported" | "evidence.viewed" | "evidence.exported",
  subject: string,
  details: Record<string, unknown>,
  people: readonly string[] = [],
) {
  await recordDisclosure(db, { organizationId: user.organizationId, actorId: user.id, action, subjectType: "metrics", subjectId: subject, after: details }, people);
}

// ---------------------------------------------------------------------------------------------
// Individual service plans and outcome measures
// ---------------------------------------------------------------------------------------------

type PlanOwner = PersonRelations;

/**
 * A goal of this participant in this organisation that `reach` covers (metrics/policy.ts: a
 * facilitator's, one filed under a program they lead with the person), or 404 — another program's
 * goal is not told apart from one that does not exist; `lock` holds the row until the transaction ends.
 */
async function goalOf(tx: Executor, owner: PlanOwner, goalId: string, reach: PlanReach, lock = false) {
  const query = tx
    .select()
    .from(participantGoals)
    .where(and(eq(participantGoals.id, goalId), eq(participantGoals.participantId, owner.id), eq(participantGoals.organizationId, owner.organizationId), reachSql(reach, sql`${participantGoals.programId}`)));
  const [goal] = lock ? await query.for("update") : await query;
  if (!goal) notFound("Goal not found");
  return goal;
}

async function assertInOrg(tx: Executor, organizationId: string, programId: string | null, groupIds: string[], programField = "programId") {
  if (programId) {
    const [p] = await tx.select({ id: programs.id }).from(programs).where(and(eq(programs.id, programId), eq(programs.organizationId, organizationId)));
    if (!p) throw new UserInputError("Choose a program from the list.", programField);
  }
  if (groupIds.length) {
    const found = await tx.select({ id: groups.id }).from(groups).where(and(inArray(groups.id, groupIds), eq(groups.organizationId, organizationId)));
    if (found.length !== new Set(groupIds).size) throw new UserInputError("Choose groups from the list.", "groupIds");
  }
}

export const STALE_GOAL =
  "Someone else changed this goal since you opened this page, so your changes were not saved. Your entries are still in the form: open the page again to see the goal as it is now, and save again.";

/** Objectives are written one per line; "text | how it is measured" splits off the measure. */
export function parseObjectives(text: string): { description: string; measure: string }[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [description, ...rest] = line.split("|");
      return { description: description.trim(), measure: rest.join("|").trim() };
    })
    .filter((o) => o.description);
}

export async function createGoal(
  user: CurrentUser,
  owner: PlanOwner,
  data: GoalInput,
  /** The form's one-time token: the same goal sent again is not made a second time. */
  claim?: FormClaim,
): Promise<string> {
  if (!canEditPlan(user, owner)) forbidden("Only staff who work with this participant write their plan.");
  return db.transaction(async (tx) => {
    if (claim) {
      const first = await claimForm<{ goalId: string }>(tx, owner.organizationId, claim);
      if (first) return first.outcome.goalId;
    }
    // Filed under a program the writer reaches: a facilitator's own program with the person (42 CFR Part 2).
    await assertInOrg(tx, owner.organizationId, data.programId || null, data.groupIds);
    const reach = await requirePlanReach(tx, user, owner);
    const programId = filingProgram(reach, data.programId || null, "programId");
    await assertPlannableGroups(tx, reach, data.groupIds, "groupIds");
    const [goal] = await tx
      .insert(participantGoals)
      .values({ organizationId: owner.organizationId, participantId: owner.id, programId, title: data.title, targetDate: data.targetDate || null, createdBy: user.id })
      .returning();
    const objectives = parseObjectives(data.objectives);
    if (objectives.length) await tx.insert(goalObjectives).values(objectives.map((o, position) => ({ ...o, position, organizationId: owner.organizationId, goalId: goal.id })));
    const planned = data.groupIds.length
      ? data.groupIds.map((groupId) => ({ groupId, description: data.interventions }))
      : data.interventions
        ? [{ groupId: null, description: data.interventions }]
        : [];
    if (planned.length) await tx.insert(goalInterventions).values(planned.map((p) => ({ ...p, organizationId: owner.organizationId, goalId: goal.id })));
    await audit(tx, {
      organizationId: owner.organizationId,
      actorId: user.id,
      action: "goal.create",
      subjectType: "participant_goal",
      subjectId: goal.id,
      subjectUserId: owner.id,
      after: { participantId: owner.id, title: data.title, objectives: objectives.length, groups: data.groupIds },
    });
    if (claim) await recordOutcome(tx, claim, { goalId: goal.id });
    return goal.id;
  });
}

/**
 * Corrects a goal's own fields (title, program, target date) with the checks of createGoal: staff
 * who work with the participant, a goal of this participant in this organisation (else 404), a
 * program of the organisation. Audits the changed fields only, before and after; an edit that
 * changes nothing writes nothing. Returns the fields changed. Dashboard goal figures read
 * participant_goals directly (no rollup), so they follow the edit at once.
 */
/**
 * A goal's edit form's version (modules/forms/versions.ts: one fingerprint per field it sends back:
 * title, program, target date), sent by the goals page (loadPlan) and compared by updateGoal under
 * the row lock.
 */
export const goalForm = versionedForm(
  ["title", "programId", "targetDate"] as const,
  (g: { title: string; programId: string | null; targetDate: string | null }) => ({ title: g.title, programId: g.programId, targetDate: g.targetDate }),
  STALE_GOAL,
);

export async function updateGoal(user: CurrentUser, owner: PlanOwner, goalId: string, data: GoalEditInput, now: Date, options: { version?: string | null } = {}): Promise<GoalEditField[]> {
  if (!canEditPlan(user, owner)) forbidden("Only staff who work with this participant change their plan.");
  return db.transaction(async (tx) => {
    const reach = await requirePlanReach(tx, user, owner);
    const goal = await goalOf(tx, owner, goalId, reach, true);
    const asked = goalFieldsOf(data);
    await assertInOrg(tx, owner.organizationId, asked.programId, []);
    // A facilitator keeps the goal within the programs they lead with the person.
    const next = { ...asked, programId: filingProgram(reach, asked.programId, "programId") };
    const diff = goalChanges({ title: goal.title, programId: goal.programId, targetDate: goal.targetDate }, next);
    if (diff.changed.length === 0) return diff.changed;
    // `version`: the goal's version the page showed (goalForm): a save after someone else's edit is
    // refused and writes nothing, naming the fields changed; `null` (a form that named none) too,
    // with the current version; callers outside a form pass none. A save that changes nothing is not compared.
    goalForm.assertUnchanged(options.version, goal);
    await tx
      .update(participantGoals)
      .set({ ...diff.after, updatedAt: now })
      .where(and(eq(participantGoals.id, goal.id), eq(participantGoals.organizationId, owner.organizationId)));
    await audit(tx, {
      organizationId: owner.organizationId,
      actorId: user.id,
      action: "goal.update",
      subjectType: "participant_goal",
      subjectId: goal.id,
      subjectUserId: owner.id,
      before: diff.before,
      after: diff.after,
    });
    return diff.changed;
  });
}

export async function setGoalStatus(user: CurrentUser, owner: PlanOwner, goalId: string, status: GoalStatus) {
  if (!canEditPlan(user, owner)) forbidden("Only staff who work with this participant change their plan.");
  await db.transaction(async (tx) => {
    const goal = await goalOf(tx, owner, goalId, await requirePlanReach(tx, user, owner));
    await tx.update(participantGoals).set({ status, updatedAt: new Date() }).where(eq(participantGoals.id, goal.id));
    await audit(tx, { organizationId: owner.organizationId, actorId: user.id, action: "goal.status", subjectType: "participant_goal", subjectId: goal.id, subjectUserId: owner.id, before: { status: goal.status }, after: { status } });
  });
}

export async function setObjectiveStatus(user: CurrentUser, owner: PlanOwner, objectiveId: string, status: ObjectiveStatus) {
  if (!canEditPlan(user, owner)) forbidden("Only staff who work with this participant change their plan.");
  await db.transaction(async (tx) => {
    const [objective] = await tx
      .select({ id: goalObjectives.id, goalId: goalObjectives.goalId, status: goalObjectives.status })
      .from(goalObjectives)
      .innerJoin(participantGoals, eq(participantGoals.id, goalObjectives.goalId))
      .where(
        and(
          eq(goalObjectives.id, objectiveId),
          eq(participantGoals.participantId, owner.id),
          eq(goalObjectives.organizationId, owner.organizationId),
          reachSql(await requirePlanReach(tx, user, owner), sql`${participantGoals.programId}`),
        ),
      );
    if (!objective) notFound("Objective not found");
    await tx.update(goalObjectives).set({ status }).where(eq(goalObjectives.id, objective.id));
    await audit(tx, { organizationId: owner.organizationId, actorId: user.id, action: "goal.objective_status", subjectType: "goal_objective", subjectId: objective.id, subjectUserId: owner.id, before: { status: objective.status }, after: { status } });
  });
}

/** A progress note: staff who work with the participant, or the participant in their own words. */
export async function addGoalNote(user: CurrentUser, owner: PlanOwner, goalId: string, body: string) {
  if (!canSeeGoals(user, owner)) forbidden();
  await db.transaction(async (tx) => {
    const goal = await goalOf(tx, owner, goalId, await requirePlanReach(tx, user, owner));
    const [note] = await tx
      .insert(goalNotes)
      .values({ organizationId: owner.organizationId, goalId: goal.id, authorId: user.id, byParticipant: user.id === owner.id, body })
      .returning({ id: goalNotes.id });
    await audit(tx, { organizationId: owner.organizationId, actorId: user.id, action: "goal.note", subjectType: "participant_goal", subjectId: goal.id, subjectUserId: owner.id, after: { noteId: note.id } });
  });
}

/** Only the participant writes their own words about a goal. */
export async function setOwnWords(user: CurrentUser, goalId: string, words: string) {
  await db.transaction(async (tx) => {
    const goal = await goalOf(tx, { id: user.id, organizationId: user.organizationId, currentFacilitatorIds: [] }, goalId, { kind: "all" });
    await tx.update(participantGoals).set({ participantWords: words, updatedAt: new Date() }).where(eq(participantGoals.id, goal.id));
    await audit(tx, { organizationId: user.organizationId, actorId: user.id, action: "goal.own_words", subjectType: "participant_goal", subjectId: goal.id, subjectUserId: user.id });
  });
}

/**
 * An organisation-defined measure takes the score only if it is the organisation's, not retired,
 * and the score is in its range (checked again here: the form's check read the measure earlier).
 */
async function assertCustomMeasureTakesScore(tx: Executor, organizationId: string, measureId: string | null, score: number) {
  const [measure] = measureId
    ? await tx
        .select()
        .from(customOutcomeMeasures)
        .where(and(eq(customOutcomeMeasures.id, measureId), eq(customOutcomeMeasures.organizationId, organizationId)))
        .for("share")
    : [];
  if (!measure || measure.retiredAt) throw new UserInputError("Choose which of the organisation's own measures this score is on.", "customMeasureId");
  const problem = scoreRangeProblem(score, measure);
  if (problem) throw new UserInputError(problem, "score");
  return measure.id;
}

/**
 * The five domains' scale, read again in the writing transaction under a shared lock: the page
 * checked the score against the scale it read before, and a manager may have narrowed it since
 * (saveMetricsSettings holds the lock exclusively while it counts the scores outside).
 */
const scaleLock = (organizationId: string) => sql`hashtextextended(${`outcome-scale:${organizationId}`}, 0)`;
async function assertScaleTakesScore(tx: Executor, organizationId: string, score: number) {
  await tx.execute(sql`select pg_advisory_xact_lock_shared(${scaleLock(organizationId)})`);
  const [row] = await tx.select({ min: metricsSettings.scaleMin, max: metricsSettings.scaleMax }).from(metricsSettings).where(eq(metricsSettings.organizationId, organizationId));
  const scale = { min: row?.min ?? 1, max: row?.max ?? 5 };
  if (score < scale.min || score > scale.max) throw new UserInputError(`Enter a whole number from ${scale.min} to ${scale.max}.`, "score");
}

export async function recordMeasure(
  user: CurrentUser,
  owner: PlanOwner,
  data: MeasureInput,
  /** The form's one-time token: the same score sent again is not recorded a second time. */
  claim?: FormClaim,
) {
  if (!canEditPlan(user, owner)) forbidden("Only staff who work with this participant record their outcomes.");
  await db.transaction(async (tx) => {
    if (claim && (await claimForm(tx, owner.organizationId, claim))) return;
    // A score is filed under a program the writer reaches: a facilitator's own program with the person.
    await assertInOrg(tx, owner.organizationId, data.measureProgramId, [], "measureProgramId");
    const programId = filingProgram(await requirePlanReach(tx, user, owner), data.measureProgramId, "measureProgramId");
    if (!programId) throw new UserInputError("Choose a program from the list.", "measureProgramId");
    const customMeasureId = data.domain === "other" ? await assertCustomMeasureTakesScore(tx, owner.organizationId, data.customMeasureId, data.score) : null;
    if (data.domain !== "other") await assertScaleTakesScore(tx, owner.organizationId, data.score);
    const [row] = await tx
      .insert(outcomeMeasures)
      .values({ organizationId: owner.organizationId, participantId: owner.id, programId, domain: data.domain, customMeasureId, phase: data.phase, score: data.score, measuredOn: data.measuredOn, note: data.measureNote, recordedBy: user.id })
      .returning({ id: outcomeMeasures.id });
    if (claim) await recordOutcome(tx, claim, { measureId: row.id });
    await audit(tx, { organizationId: owner.organizationId, actorId: user.id, action: "outcome.record", subjectType: "outcome_measure", subjectId: row.id, subjectUserId: owner.id, after: { participantId: owner.id, domain: data.domain, ...(customMeasureId ? { customMeasureId } : {}), phase: data.phase, score: data.score } });
  });
}

/** The outcome scale and the retention rule. Scores already recorded in the five domains outside a narrowed scale are refused (the organisation's own measures have their own ranges). */
export async function saveMetricsSettings(user: CurrentUser, data: SettingsInput) {
  if (!canViewMetrics(user)) forbidden();
  await db.transaction(async (tx) => {
    // No score is written on the old scale while the scores outside the new one are counted.
    await tx.execute(sql`select pg_advisory_xact_lock(${scaleLock(user.organizationId)})`);
    const [outside] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(outcomeMeasures)
      .where(and(eq(outcomeMeasures.organizationId, user.organizationId), isNull(outcomeMeasures.customMeasureId), or(lt(outcomeMeasures.score, data.scaleMin), gt(outcomeMeasures.score, data.scaleMax))));
    if (outside.n > 0) throw new UserInputError(`${outside.n} recorded scores fall outside ${data.scaleMin}–${data.scaleMax}; keep the scale wide enough for them.`, "scaleMin");
    const values = { ...data, updatedAt: new Date() };
    await tx.insert(metricsSettings).values({ organizationId: user.organizationId, ...values }).onConflictDoUpdate({ target: metricsSettings.organizationId, set: values });
    await audit(tx, { organizationId: user.organizationId, actorId: user.id, action: "metrics.settings", subjectType: "organization", subjectId: user.organizationId, after: data });
  });
}

/** Staff reading a participant's plan is a sensitive read, listed in the participant's disclosure history. */
export async function viewPlan(user: CurrentUser, participantId: string) {
  await audit(db, { organizationId: user.organizationId, actorId: user.id, action: "goal.plan_viewed", subjectType: "user", subjectId: participantId, subjectUserId: participantId });
}

// ---------------------------------------------------------------------------------------------
// Logic model
// ---------------------------------------------------------------------------------------------

async function programOf(tx: Executor, user: CurrentUser, programId: string) {
  if (!canViewMetrics(user)) forbidden();
  const [program] = await tx.select({ id: programs.id }).from(programs).where(and(eq(programs.id, programId), eq(programs.organizationId, user.organizationId)));
  if (!program) notFound("Program not found");
  return program;
}

const LOGIC_MODEL_FIELDS = ["needs", "inputs", "activities", "impact"] as const;

/** The version of a program's logic model as its page showed it (one fingerprint per text box, forms/versions.ts; "" before any). */
export function logicModelVersion(model: Partial<Record<(typeof LOGIC_MODEL_FIELDS)[number], unknown>> | null | undefined): string {
  return fieldsVersion(LOGIC_MODEL_FIELDS, { needs: model?.needs, inputs: model?.inputs, activities: model?.activities, impact: model?.impact });
}

export const STALE_LOGIC_MODEL =
  "This logic model was changed by someone else after you opened this page, so nothing was saved. The form keeps your entries and the logic model as it is saved now is shown above it: compare them, then save again.";

/**
 * Saves the four text boxes whole. `version` is the one the page was opened on (logicModelVersion):
 * a save from a page opened before a colleague changed a box would write the old text back, so it
 * is refused, naming the boxes changed (StaleSave); `null` (a form that named no version) is refused
 * too (UnversionedSave); callers outside a form pass none. The lines (outputs, outcomes) are no conflict.
 */
export async function saveLogicModel(user: CurrentUser, programId: string, data: z.infer<typeof logicModelSchema>, options: { version?: string | null } = {}) {
  await db.transaction(async (tx) => {
    const program = await programOf(tx, user, programId);
    const [before] = await tx.select().from(logicModels).where(eq(logicModels.programId, program.id)).for("update");
    if (options.version !== undefined) {
      const current = logicModelVersion(before);
      if (options.version === null) throw new UnversionedSave(NO_VERSION_ANSWERS, current);
      const changed = fieldsChangedSince(LOGIC_MODEL_FIELDS, options.version, { needs: before?.needs, inputs: before?.inputs, activities: before?.activities, impact: before?.impact });
      if (changed.length) throw new StaleSave(STALE_LOGIC_MODEL, current, changed);
    }
    const values = { ...data, updatedBy: user.id, updatedAt: new Date() };
    await tx.insert(logicModels).values({ programId: program.id, organizationId: user.organizationId, ...values }).onConflictDoUpdate({ target: logicModels.programId, set: values });
    await audit(tx, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: "logic_model.save",
      subjectType: "program",
      subjectId: program.id,
      before: before ? { needs: before.needs, inputs: before.inputs, activities: before.activities, impact: before.impact } : null,
      after: data,
    });
  });
}

export async function addLogicLine(user: CurrentUser, programId: string, data: z.infer<typeof logicLineSchema>) {
  await db.transaction(async (tx) => {
    const program = await programOf(tx, user, programId);
    const [{ next }] = await tx
      .select({ next: sql<number>`coalesce(max(${logicModelLines.position}), 0)::int + 1` })
      .from(logicModelLines)
      .where(eq(logicModelLines.programId, program.id));
    const [line] = await tx
      .insert(logicModelLines)
      .values({
        organizationId: user.organizationId,
        programId: program.id,
        kind: data.kind,
        description: data.description,
        metricKey: data.metricKey || null,
        target: data.target === "" ? null : Number(data.target),
        position: next,
      })
      .returning({ id: logicModelLines.id });
    await audit(tx, { organizationId: user.organizationId, actorId: user.id, action: "logic_model.line_add", subjectType: "program", subjectId: program.id, after: { lineId: line.id, ...data } });
  });
}

export async function removeLogicLine(user: CurrentUser, programId: string, lineId: string) {
  await db.transaction(async (tx) => {
    const program = await programOf(tx, user, programId);
    const [line] = await tx
      .delete(logicModelLines)
      .where(and(eq(logicModelLines.id, lineId), eq(logicModelLines.programId, program.id), eq(logicModelLines.organizationId, user.organizationId)))
      .returning();
    if (!line) notFound("Line not found");
    await audit(tx, { organizationId: user.organizationId, actorId: user.id, action: "logic_model.line_remove", subjectType: "program", subjectId: program.id, before: line });
  });
}
