import { and, asc, eq, sql, type SQL } from "drizzle-orm";
import { DateTime } from "luxon";
import { db } from "~/db/client.server";
import { dataVersion, derivedUntil } from "~/db/derived.server";
import { rows } from "~/db/rows.server";
import { groups, memberships, organizations, programs, users } from "~/db/schema";
import { groupFacilitatorPeriods, logicModelLines, logicModels, metricsSettings } from "~/db/tables/metrics";
import { canManage, type CurrentUser } from "~/modules/auth/policy";
import { personRelations } from "~/modules/audit/relationship.server";
import { notFound } from "~/modules/errors";
import { outer } from "~/modules/groups/queries.server";
import {
  bucketsOf,
  daysToSeat,
  feedbackFigures,
  addMonths,
  goalFigures,
  meetsTarget,
  outcomeChange,
  periodChoices,
  periodRange,
  ratio,
  referralFigures,
  retentionFigures,
  type Granularity,
  type MeasureFact,
  type OutputMetric,
  type Period,
  type RetentionRule,
} from "./definitions";
import { listCustomMeasures } from "./custom-measures/queries.server";
import { goalForm, pgArray, refreshRollups, sessionMarkFigures } from "./mutations.server";
import { parseFilters } from "./schema";
import { jointOutcomeViews, lastEndedQuarter, outcomeViewKey, outcomeViewProblem, wholeOutcomePeriod, type OutcomePeriod, type OutcomeTable, type OutcomeWithheld, type ScoredFact } from "./outcome-views";
import { plural } from "~/modules/wording";
import { filingPrograms, reachSql } from "./plan-access.server";
import type { PlanReach } from "./policy";

export type MetricsFilters = {
  programId: string | null;
  groupId: string | null;
  facilitatorId: string | null;
  period: Period;
  by: Granularity;
};

const ATTENDED = sql.raw(`('present','late','left_early')`);

/**
 * Whether session `s` is one of `person`'s sessions (retention counts a starter's own held
 * sessions): a group split into cohorts meets as several series with assigned members, and a
 * member of one cohort is not expected at the other's sessions. As sessionVisibleToMember, plus
 * any session at which the person has a mark (completion attendanceInputs.sessionsOf's cohort
 * rule; a plan's planned services read it too). (Writes to series and series_assignments change
 * the organisation's data version: migration 0073.)
 */
export const ownSessionOf = (person: SQL) => sql`(s.series_id is null
  or not exists (select 1 from series_assignments sa where sa.series_id = s.series_id)
  or exists (select 1 from series_assignments sa where sa.series_id = s.series_id and sa.user_id = ${person})
  or exists (select 1 from attendance_records own where own.session_id = s.id and own.user_id = ${person}))`;

export type OrgMetricsContext = { timezone: string; rule: RetentionRule; scale: { min: number; max: number; description: string } };

export async function orgContext(organizationId: string): Promise<OrgMetricsContext> {
  const [row] = await db
    .select({
      timezone: organizations.timezone,
      scaleMin: metricsSettings.scaleMin,
      scaleMax: metricsSettings.scaleMax,
      scaleDescription: metricsSettings.scaleDescription,
      retentionAttended: metricsSettings.retentionAttended,
      retentionOf: metricsSettings.retentionOf,
    })
    .from(organizations)
    .leftJoin(metricsSettings, eq(metricsSettings.organizationId, organizations.id))
    .where(eq(organizations.id, organizationId));
  if (!row) notFound();
  return {
    timezone: row.timezone,
    rule: { attended: row.retentionAttended ?? 3, of: row.retentionOf ?? 4 },
    scale: { min: row.scaleMin ?? 1, max: row.scaleMax ?? 5, description: row.scaleDescription ?? "1 = very poor, 5 = very good" },
  };
}

/** Today's civil date in a zone (the clock is read by the caller and passed in). */
export const todayIn = (now: Date, zone: string) => DateTime.fromJSDate(now, { zone }).toISODate()!;

/** What the filter form offers: the organisation's programs, groups and facilitators. */
export async function filterOptions(user: CurrentUser, today: string) {
  const [programRows, groupRows, facilitatorRows] = await Promise.all([
    db.select({ id: programs.id, name: programs.name }).from(programs).where(eq(programs.organizationId, user.organizationId)).orderBy(asc(programs.name)),
    db
      .select({ id: groups.id, name: groups.name, programId: groups.programId })
      .from(groups)
      .where(eq(groups.organizationId, user.organizationId))
      .orderBy(asc(groups.name)),
    db
      .select({ id: users.id, name: users.name })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.organizationId, user.organizationId), eq(memberships.role, "facilitator")))
      .orderBy(asc(users.name)),
  ]);
  return { programs: programRows, groups: groupRows, facilitators: facilitatorRows, periods: periodChoices(today) };
}

/**
 * What the filters select. `groupIds`: the groups (null = the whole organisation); under a
 * facilitator filter, those the person ever led (group_facilitator_periods) or led a cohort of
 * (series_assignments), and each figure then counts only what they led (`inScope`,
 * `sessionInScope`). `cohortGroupIds`: under a facilitator filter, those of the groups that meet
 * as cohorts with their own facilitators (a series with an assigned facilitator): their day and
 * month rollups never count whole, their sessions are read one by one. `programIds`: the programs
 * of those groups, or the program filtered.
 */
export type Scope = { groupIds: string[] | null; programIds: string[] | null; facilitatorId: string | null; cohortGroupIds: string[]; description: string[] };

/**
 * The scope of the filters. A program, group or facilitator of another organisation is a 404,
 * like any other foreign id.
 */
export async function resolveScope(user: CurrentUser, filters: Pick<MetricsFilters, "programId" | "groupId" | "facilitatorId">): Promise<Scope> {
  const description: string[] = [];
  if (!filters.programId && !filters.groupId && !filters.facilitatorId) return { groupIds: null, programIds: null, facilitatorId: null, cohortGroupIds: [], description };
  if (filters.programId) {
    const [p] = await db.select({ name: programs.name }).from(programs).where(and(eq(programs.id, filters.programId), eq(programs.organizationId, user.organizationId)));
    if (!p) notFound("Program not found");
    description.push(`Program: ${p.name}`);
  }
  if (filters.groupId) {
    const [g] = await db.select({ name: groups.name }).from(groups).where(and(eq(groups.id, filters.groupId), eq(groups.organizationId, user.organizationId)));
    if (!g) notFound("Group not found");
    description.push(`Group: ${g.name}`);
  }
  if (filters.facilitatorId) {
    const [f] = await db
      .select({ name: users.name })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.userId, filters.facilitatorId), eq(memberships.organizationId, user.organizationId)));
    if (!f) notFound("Facilitator not found");
    description.push(`Facilitator: ${f.name}`);
  }
  const conditions: SQL[] = [eq(groups.organizationId, user.organizationId)];
  if (filters.programId) conditions.push(eq(groups.programId, filters.programId));
  if (filters.groupId) conditions.push(eq(groups.id, filters.groupId));
  if (filters.facilitatorId)
    conditions.push(
      sql`(exists (select 1 from ${groupFacilitatorPeriods} where ${groupFacilitatorPeriods.groupId} = ${groups.id} and ${groupFacilitatorPeriods.userId} = ${filters.facilitatorId})
        or ${groups.id} in (select se.group_id from series_assignments sa join series se on se.id = sa.series_id
          where sa.user_id = ${filters.facilitatorId} and sa.role = 'facilitator'))`,
    );
  const rows = await db
    .select({
      id: groups.id,
      programId: groups.programId,
      cohorts: filters.facilitatorId
        ? sql<boolean>`${outer(groups.id)} in (select se.group_id from series_assignments sa join series se on se.id = sa.series_id
            where sa.organization_id = ${user.organizationId} and sa.role = 'facilitator')`
        : sql<boolean>`false`,
    })
    .from(groups)
    .where(and(...conditions));
  return {
    groupIds: rows.map((r) => r.id),
    programIds: filters.programId ? [filters.programId] : [...new Set(rows.map((r) => r.programId))],
    facilitatorId: filters.facilitatorId,
    cohortGroupIds: rows.filter((r) => r.cohorts).map((r) => r.id),
    description,
  };
}

/**
 * The moment (or time) that decides whether a row is in a facilitator's scope: an instant (a
 * session's start, a promotion's time, referralMoment); `"now"` for figures of the present state
 * (the waiting list); `whole`: the whole of [from, to), for a rollup row of a day or month, which
 * counts whole only then (the sessions of a day or month led in part are read one by one by their
 * starts); `during`: some time in [from, to), for goals, which are due on a date rather than held
 * at a moment (goalInGroupsSql).
 */
type Moment = SQL | "now" | { whole: [SQL, SQL] } | { during: [SQL, SQL] };

/** That the scope's facilitator led group `group` at `at` (true without a facilitator filter). */
function ledBy(scope: Scope, group: SQL, at: Moment): SQL {
  if (!scope.facilitatorId) return sql`true`;
  const when =
    at === "now"
      ? sql`gfp.ended_at is null`
      : "whole" in at
        ? sql`gfp.started_at <= ${at.whole[0]} and (gfp.ended_at is null or gfp.ended_at >= ${at.whole[1]})`
        : "during" in at
          ? sql`gfp.started_at < ${at.during[1]} and (gfp.ended_at is null or gfp.ended_at > ${at.during[0]})`
          : sql`gfp.started_at <= ${at} and (gfp.ended_at is null or gfp.ended_at > ${at})`;
  return sql`exists (select 1 from group_facilitator_periods gfp where gfp.group_id = ${group} and gfp.user_id = ${scope.facilitatorId} and ${when})`;
}

/**
 * The one condition every figure applies for the scope: `and …` that a row of group `group`,
 * dated `at` (Moment), is in it (nothing for the whole organisation). The program and group
 * filters select groups. Under a facilitator filter, a row counts for the people who led its group
 * at the moment that decides it: co-leaders each count a session; one after another, each counts
 * their own, and together what the group did. A group's program cannot change, so the program
 * filter needs no dates.
 */
function inScope(scope: Scope, group: SQL, at: Moment): SQL {
  const groupsOf = scope.groupIds ? sql` and ${group} = any(${pgArray(scope.groupIds)}::uuid[])` : sql``;
  return scope.facilitatorId ? sql`${groupsOf} and ${ledBy(scope, group, at)}` : groupsOf;
}

/**
 * `and …` that session `s` (a row of sessions named s) is in the scope: its group is, and under a
 * facilitator filter the person led it — groups.sessionLedBy kept in time: a cohort's session (a
 * series with an assigned facilitator) is its facilitator's only; any other session is for whoever
 * led its group when it started (ledBy). A cohort's facilitator is fixed once its sessions start
 * (migration 0071), so the assignment needs no dates. Marks, minutes, feedback and starters follow
 * their session. Figures of the group as a whole — the waiting list, seats given, referrals, goals —
 * stay with whoever led the group (inScope): a cohort's facilitator leads its sessions, not the
 * group's queue or its participants' plans.
 */
function sessionInScope(scope: Scope): SQL {
  if (!scope.facilitatorId) return inScope(scope, sql`s.group_id`, sql`s.starts_at`);
  const groupsOf = scope.groupIds ? sql` and s.group_id = any(${pgArray(scope.groupIds)}::uuid[])` : sql``;
  // Only groups that meet as cohorts can have a cohort's session: elsewhere the check is ledBy alone.
  if (scope.cohortGroupIds.length === 0) return sql`${groupsOf} and ${ledBy(scope, sql`s.group_id`, sql`s.starts_at`)}`;
  return sql`${groupsOf} and (case when s.group_id = any(${pgArray(scope.cohortGroupIds)}::uuid[])
      and exists (select 1 from series_assignments sa where sa.series_id = s.series_id and sa.role = 'facilitator')
    then exists (select 1 from series_assignments sa where sa.series_id = s.series_id and sa.role = 'facilitator' and sa.user_id = ${scope.facilitatorId})
    else ${ledBy(scope, sql`s.group_id`, sql`s.starts_at`)} end)`;
}

/**
 * `and …` that a rollup row (a day or month) of group `group` counts whole for the scope: ledBy
 * for the whole of it, and not a group that meets as cohorts (whose sessions are read one by one).
 */
function rollupInScope(scope: Scope, group: SQL, whole: [SQL, SQL]): SQL {
  const notCohorts = scope.cohortGroupIds.length ? sql` and not ${group} = any(${pgArray(scope.cohortGroupIds)}::uuid[])` : sql``;
  return sql`${inScope(scope, group, { whole })}${notCohorts}`;
}

/** Under a facilitator filter, that session `s`'s day or month (`whole`) is not counted whole by rollupInScope. */
function readOneByOne(scope: Scope, whole: [SQL, SQL]): SQL {
  const cohorts = scope.cohortGroupIds.length ? sql`s.group_id = any(${pgArray(scope.cohortGroupIds)}::uuid[]) or ` : sql``;
  return sql`(${cohorts}not ${ledBy(scope, sql`s.group_id`, { whole })})`;
}

/**
 * `and …` that starter `st` (metrics_participant_starts) is in the scope: their first session is
 * (sessionInScope) — a member of a cohort starts in their cohort's session, its facilitator's.
 */
function starterInScope(scope: Scope): SQL {
  // Outside groups that meet as cohorts this is ledBy at the first session's start (no session read).
  if (!scope.facilitatorId || scope.cohortGroupIds.length === 0) return inScope(scope, sql`st.group_id`, sql`st.first_starts_at`);
  const groupsOf = scope.groupIds ? sql` and st.group_id = any(${pgArray(scope.groupIds)}::uuid[])` : sql``;
  return sql`${groupsOf} and (case when st.group_id = any(${pgArray(scope.cohortGroupIds)}::uuid[])
    then exists (select 1 from sessions s where s.id = st.first_session_id ${sessionInScope(scope)})
    else ${ledBy(scope, sql`st.group_id`, sql`st.first_starts_at`)} end)`;
}

/**
 * The moment that decides whose referral `r` is: when it was recorded, if that was on its
 * referral date (in the organisation's zone), else the start of that date (a referral written
 * down later is dated by the day it was made).
 */
const referralMoment = (zone: string) =>
  sql`(case when (r.created_at at time zone ${zone})::date = r.referred_on then r.created_at else (r.referred_on::timestamp at time zone ${zone}) end)`;


export type TrendPoint = {
  bucket: string;
  label: string;
  sessionsTotal: number;
  sessionsHeld: number;
  sessionsCancelled: number;
  attendanceRate: number | null;
  participantHours: number;
  uniqueParticipants: number;
};

export type Summary = Record<OutputMetric, number | null> & {
  /** Of "Sessions scheduled": recorded as neither held nor cancelled and not over yet / over. */
  sessions_to_come: number;
  sessions_unrecorded: number;
  details: Partial<Record<OutputMetric, string>>;
};

/**
 * Everything the dashboard shows for the filters, stored in derived_results under the
 * organisation's data version (issue 20): a view with nothing written since the last one reads
 * the stored figures; any write to a table the figures read changes the version and the next view
 * computes them again. One figure depends on the clock: sessions recorded as neither held nor
 * cancelled are "still to come" until they end (`now`), then "not yet recorded"; so the stored
 * figures hold only until the first such session ends, and are computed again then with nothing
 * written. The rest depend on the period given, not the clock. The scope is resolved on every
 * view (a foreign program, group or facilitator is a 404 whatever is stored). Outcome-measure
 * figures are not part of it: they come from outcomeSection, suppressed jointly across every view
 * (outcome-views.ts).
 */
export async function loadDashboard(user: CurrentUser, filters: MetricsFilters, now: Date) {
  // The version first: a write that commits while the figures are computed changes the next view's version.
  const version = await dataVersion(db, user.organizationId);
  const scope = await resolveScope(user, filters);
  const view = {
    programId: filters.programId,
    groupId: filters.groupId,
    facilitatorId: filters.facilitatorId,
    from: filters.period.from,
    to: filters.period.to,
    by: filters.by,
  };
  return derivedUntil(
    db,
    { organizationId: user.organizationId, kind: "metrics-dashboard", subject: JSON.stringify(view) },
    // `shape`: dashboards stored before outcome figures left them (finding HN1), or before sessions
    // still to come and the goals of groups (shape 3), or before the facilitator filter counted what
    // each person led when (shape 4: its scope names the facilitator), or before a cohort's sessions
    // counted for the cohort's own facilitator (shape 5), or before a re-registered person's goals
    // counted in the stay they belong to (shape 6), are not served again.
    // Only what the figures depend on: the filters, not the rest of a page's view (its `now`, options).
    { version, view, period: filters.period, scope, shape: 6 },
    now,
    async () => {
      const value = await computeDashboard(user, filters, scope, now);
      // Held until the next session still to come is over (it then counts as not yet recorded).
      return { value, validUntil: value.nextSessionEnds ? new Date(value.nextSessionEnds) : null };
    },
  );
}

/**
 * How a view's goal figures are chosen (the page says it): under a group or facilitator filter,
 * the goals of those groups (definitions.goalInGroups); under a program filter alone, the goals
 * filed under the program; else every goal of the organisation.
 */
export type GoalCoverage = "groups" | "program" | "organisation";
export const goalCoverage = (filters: Pick<MetricsFilters, "programId" | "groupId" | "facilitatorId">): GoalCoverage =>
  filters.groupId || filters.facilitatorId ? "groups" : filters.programId ? "program" : "organisation";

/**
 * The SQL of definitions.goalInGroups for goals `g` (participant_goals) and the period [start, end):
 * a goal whose plan names a group (goal_interventions, plan_services) is the named groups'; a goal
 * naming none is the groups' where the participant held a place at some time in the period, in the
 * stay the goal belongs to (definitions.goalStay). An enrolment's place starts when it was created
 * and ends at its recorded outcome (completed, discharged, transferred), else at its withdrawal or
 * removal (the time of that change, as the withdrawal's undo reads it), else runs on. A person who
 * withdrew and registered again has two stays on the row (migration 0068, `restarted_at`; the
 * current one is what completion, letters and the roster count, currentStayStart) and each earlier
 * one from its start to its withdrawal (`earlier_stays`, migration 0077). A goal belongs to the
 * first stay that had not ended when it was written (the one it was written in, or after a gap the
 * next one), so a goal of an earlier stay counts only in periods that stay reaches — it is not due
 * in a later stay, nor in the time between (before 0076 the place ran from the first start to the
 * end, gaps included; before 0077 a third registration merged the earlier stays and the gap
 * between). An earlier stay counts whatever the row's status is now (waiting again, an offer).
 * Under a facilitator filter, a named group counts when they led it at some time in the period,
 * and a place when they led its group at some time while the person held it in the period (Moment
 * `during`).
 */
function goalInGroupsSql(scope: Scope, start: string, end: string): SQL {
  const from = sql`${start}::timestamptz`;
  const to = sql`${end}::timestamptz`;
  return sql`(
    exists (select 1 from goal_interventions i where i.goal_id = g.id and i.group_id is not null ${inScope(scope, sql`i.group_id`, { during: [from, to] })})
    or exists (select 1 from goal_objectives o join plan_services ps on ps.objective_id = o.id where o.goal_id = g.id and ps.group_id is not null ${inScope(scope, sql`ps.group_id`, { during: [from, to] })})
    or (not exists (select 1 from goal_interventions i where i.goal_id = g.id and i.group_id is not null)
      and not exists (select 1 from goal_objectives o join plan_services ps on ps.objective_id = o.id where o.goal_id = g.id)
      and exists (select 1 from enrolments e
        cross join lateral (select coalesce(
            (select eo.ended_at from enrolment_outcomes eo where eo.enrolment_id = e.id and eo.undone_at is null),
            case when e.status in ('withdrawn', 'removed', 'completed', 'discharged') then e.updated_at end,
            'infinity'::timestamptz) as ended_at) place
        -- The stay the goal belongs to (definitions.goalStay): the first earlier stay that had not
        -- ended when it was written (the one it was written in, or the next after a gap); else the current stay.
        left join lateral (select r from unnest(e.earlier_stays) r where g.created_at < e.restarted_at and upper(r) >= g.created_at
            order by lower(r) limit 1) earlier on true
        cross join lateral (select coalesce(lower(earlier.r), e.restarted_at, e.created_at) as started_at,
            case when earlier.r is not null then upper(earlier.r) else place.ended_at end as ended_at) stay
        where e.organization_id = g.organization_id and e.user_id = g.participant_id
          -- Waiting, an offer or interest now is no stay; an earlier stay was one whatever the row is now.
          and (earlier.r is not null or e.status not in ('waitlisted', 'offered', 'declined', 'interested'))
          and stay.started_at < ${to} and stay.ended_at >= ${from}
          ${inScope(scope, sql`e.group_id`, { during: [sql`greatest(${from}, stay.started_at)`, sql`least(${to}, stay.ended_at)`] })})))`;
}

/** The dashboard computed from the tables (rollups refreshed first); loadDashboard stores it. */
export async function computeDashboard(user: CurrentUser, filters: MetricsFilters, scope: Scope, now: Date) {
  const ctx = await orgContext(user.organizationId);
  await refreshRollups(user.organizationId);
  const { period, by } = filters;
  const range = periodRange(period, ctx.timezone);
  const org = user.organizationId;
  const start = range.start.toISOString();
  const end = range.end.toISOString();
  const zone = ctx.timezone;

  // Unique participants: whole local months come from the monthly attendee arrays; the days of
  // a partly covered month at either end of the period are read from the marks themselves, and so
  // (under a facilitator filter) are the months of a group the person led for part of the month.
  const fullFrom = period.from.endsWith("-01") ? period.from : addMonths(period.from, 1);
  const fullTo = `${period.to.slice(0, 8)}01`;
  const hasFull = fullFrom < fullTo;
  const full = hasFull ? periodRange({ from: fullFrom, to: fullTo }, zone) : null;
  const localStart = (day: SQL) => sql`(${day}::timestamp at time zone ${zone})`;
  const sessionMonth = sql`date_trunc('month', s.starts_at at time zone ${zone})`;
  const partlyLed = readOneByOne(scope, [localStart(sessionMonth), localStart(sql`(${sessionMonth} + interval '1 month')`)]);
  const edges = full
    ? sql`((s.starts_at >= ${start}::timestamptz and s.starts_at < ${full.start.toISOString()}::timestamptz)
        or (s.starts_at >= ${full.end.toISOString()}::timestamptz and s.starts_at < ${end}::timestamptz))`
    : sql`(s.starts_at >= ${start}::timestamptz and s.starts_at < ${end}::timestamptz)`;
  const marksOf = (bucket: SQL, when: SQL) => sql`
    select ${bucket} as bucket, a.user_id as u from sessions s join attendance_records a on a.session_id = s.id
    where s.organization_id = ${org} and ${when} and s.status = 'held' and a.status in ${ATTENDED} ${sessionInScope(scope)}`;
  // A separate branch (not an `or`), so each reads its own range of the (group, start) index. `union`:
  // the week query's total counts the rows of a union.
  const edgeMarks = (bucket: SQL) =>
    full && scope.facilitatorId
      ? sql`${marksOf(bucket, edges)} union ${marksOf(bucket, sql`s.starts_at >= ${full.start.toISOString()}::timestamptz and s.starts_at < ${full.end.toISOString()}::timestamptz and ${partlyLed}`)}`
      : marksOf(bucket, edges);
  const monthPeople = (bucket: SQL) => sql`
    select ${bucket} as bucket, unnest(gm.attendee_ids) as u from metrics_group_months gm
    where gm.organization_id = ${org} and gm.month >= ${fullFrom}::date and gm.month < ${fullTo}::date
      ${rollupInScope(scope, sql`gm.group_id`, [localStart(sql`gm.month`), localStart(sql`(gm.month + interval '1 month')`)])}`;
  const all = sql`'all'::text`;
  const peopleQuery =
    by === "week"
      ? sql`
        select 'all' as bucket, count(*)::int as people from (${monthPeople(all)} union ${edgeMarks(all)}) x
        union all
        select date_trunc('week', (s.starts_at at time zone ${zone}))::date::text, count(distinct a.user_id)::int
        from sessions s join attendance_records a on a.session_id = s.id
        where s.organization_id = ${org} and s.starts_at >= ${start}::timestamptz and s.starts_at < ${end}::timestamptz
          and s.status = 'held' and a.status in ${ATTENDED} ${sessionInScope(scope)}
        group by 1`
      : sql`
        select coalesce(bucket, 'all') as bucket, count(distinct u)::int as people from (
          ${monthPeople(sql`date_trunc(${by}, gm.month::timestamp)::date::text`)}
          union all
          ${edgeMarks(sql`date_trunc(${by}, (s.starts_at at time zone ${zone}))::date::text`)}
        ) x group by grouping sets ((bucket), ())`;

  // Under a facilitator filter, the sessions of a day they led the group for only part of (a change
  // of facilitator that day), and every session of a group that meets as cohorts, are summed one by
  // one, as the rollup sums them (sessionMarkFigures).
  const sessionDay = sql`(s.starts_at at time zone ${zone})::date`;
  const partlyLedDays = scope.facilitatorId
    ? sql`union all
        select ${sessionDay}, 1, (s.status = 'held')::int, (s.status = 'cancelled')::int, coalesce(m.attended, 0), coalesce(m.absent, 0),
          coalesce(m.excused, 0), coalesce(m.walk_ins, 0), coalesce(m.minutes, 0), coalesce(m.feedback, 0)
        from (select s.* from sessions s
          where s.organization_id = ${org} and s.starts_at >= ${start}::timestamptz and s.starts_at < ${end}::timestamptz
            ${sessionInScope(scope)}
            and ${readOneByOne(scope, [localStart(sessionDay), localStart(sql`(${sessionDay} + 1)`)])}
          offset 0) s
        ${sessionMarkFigures}`
    : sql``;

  const coverage = goalCoverage(filters);
  const goalFilter =
    coverage === "groups"
      ? sql` and ${goalInGroupsSql(scope, start, end)}`
      : coverage === "program"
        ? sql` and g.program_id = any(${pgArray(scope.programIds ?? [])}::uuid[])`
        : sql``;
  const [daily, people, starters, waitlist, seats, referrals, goals, open] = await Promise.all([
    rows<{ bucket: string; total: number; held: number; cancelled: number; attended: number; absent: number; excused: number; walk_ins: number; minutes: number; feedback: number }>(sql`
      select date_trunc(${by}, day::timestamp)::date::text as bucket, sum(sessions_total)::int as total, sum(sessions_held)::int as held,
        sum(sessions_cancelled)::int as cancelled, sum(marks_attended)::int as attended, sum(marks_absent)::int as absent,
        sum(marks_excused)::int as excused, sum(walk_ins)::int as walk_ins, sum(participant_minutes)::float8 as minutes,
        sum(feedback_responses)::int as feedback
      from (
        select gd.day, gd.sessions_total, gd.sessions_held, gd.sessions_cancelled, gd.marks_attended, gd.marks_absent, gd.marks_excused, gd.walk_ins,
          gd.participant_minutes, gd.feedback_responses
        from metrics_group_days gd
        where gd.organization_id = ${org} and gd.day >= ${period.from}::date and gd.day < ${period.to}::date
          ${rollupInScope(scope, sql`gd.group_id`, [localStart(sql`gd.day`), localStart(sql`(gd.day + 1)`)])}
        ${partlyLedDays}
      ) d
      group by 1 order by 1`),
    rows<{ bucket: string; people: number }>(peopleQuery),
    // offset 0: the starters in scope first, then each one's sessions (the planner would otherwise
    // read every starter's sessions before the facilitator's dates leave most of them out).
    rows<{ flags: boolean[] }>(sql`
      select coalesce(w.flags, '{}') as flags
      from (select st.* from metrics_participant_starts st
        where st.organization_id = ${org} and st.first_day >= ${period.from}::date and st.first_day < ${period.to}::date
          ${starterInScope(scope)}
        offset 0) st
      cross join lateral (
        select array_agg(coalesce(a.status in ${ATTENDED}, false) order by x.starts_at, x.id) as flags
        from (select s.id, s.starts_at from sessions s
              where s.group_id = st.group_id and s.status = 'held' and s.starts_at >= st.first_starts_at and ${ownSessionOf(sql`st.user_id`)}
              order by s.starts_at, s.id limit ${ctx.rule.of}) x
        left join attendance_records a on a.session_id = x.id and a.user_id = st.user_id
      ) w`),
    rows<{ n: number }>(sql`
      select count(*)::int as n from enrolments e where e.organization_id = ${org} and e.status = 'waitlisted' ${inScope(scope, sql`e.group_id`, "now")}`),
    rows<{ queued_ms: number; promoted_ms: number }>(sql`
      select extract(epoch from d.queued_at)::float8 * 1000 as queued_ms, extract(epoch from d.promoted_at)::float8 * 1000 as promoted_ms
      from enrolment_details d
      where d.organization_id = ${org} and d.promoted_at >= ${start}::timestamptz and d.promoted_at < ${end}::timestamptz ${inScope(scope, sql`d.group_id`, sql`d.promoted_at`)}`),
    rows<{ referred_on: string; outcome: string }>(sql`
      select r.referred_on::text as referred_on, r.outcome::text as outcome from referrals r
      where r.organization_id = ${org} and r.referred_on >= ${period.from}::date and r.referred_on < ${period.to}::date
        ${inScope(scope, sql`r.group_id`, referralMoment(zone))}`),
    rows<{ status: string; target_date: string | null }>(sql`
      select g.status::text as status, g.target_date::text as target_date from participant_goals g
      where g.organization_id = ${org} and g.target_date >= ${period.from}::date and g.target_date < ${period.to}::date ${goalFilter}`),
    // Sessions recorded as neither held nor cancelled that are not over yet: still to come, not missing records.
    rows<{ to_come: number; next_ends_ms: number | null }>(sql`
      select count(*)::int as to_come, extract(epoch from min(s.ends_at))::float8 * 1000 as next_ends_ms from sessions s
      where s.organization_id = ${org} and s.starts_at >= ${start}::timestamptz and s.starts_at < ${end}::timestamptz
        and s.status = 'scheduled' and s.ends_at > ${now.toISOString()}::timestamptz ${sessionInScope(scope)}`),
  ]);

  const byBucket = new Map(daily.map((d) => [d.bucket, d]));
  const peopleBy = new Map(people.filter((p) => p.bucket !== "all").map((p) => [p.bucket, p.people]));
  const trend: TrendPoint[] = bucketsOf(period, by).map((b) => {
    const d = byBucket.get(b.start);
    return {
      bucket: b.start,
      label: b.label,
      sessionsTotal: d?.total ?? 0,
      sessionsHeld: d?.held ?? 0,
      sessionsCancelled: d?.cancelled ?? 0,
      attendanceRate: d ? ratio(d.attended, d.attended + d.absent) : null,
      participantHours: (d?.minutes ?? 0) / 60,
      uniqueParticipants: peopleBy.get(b.start) ?? 0,
    };
  });
  const sum = (k: keyof (typeof daily)[number]) => daily.reduce((a, d) => a + Number(d[k]), 0);
  const attended = sum("attended");
  const absent = sum("absent");
  const retention = retentionFigures(starters, ctx.rule);
  const seat = daysToSeat(
    seats.map((s) => ({ queuedAt: new Date(s.queued_ms), promotedAt: new Date(s.promoted_ms) })),
    range,
  );
  const ref = referralFigures(referrals.map((r) => ({ referredOn: r.referred_on, outcome: r.outcome })), period);
  const fb = feedbackFigures(sum("feedback"), attended);
  const toCome = open[0]?.to_come ?? 0;
  const unrecorded = sum("total") - sum("held") - sum("cancelled") - toCome;
  const summary: Summary = {
    sessions_total: sum("total"),
    sessions_held: sum("held"),
    sessions_cancelled: sum("cancelled"),
    attendance_rate: ratio(attended, attended + absent),
    unique_participants: people.find((p) => p.bucket === "all")?.people ?? 0,
    participant_hours: sum("minutes") / 60,
    retention_rate: retention.rate,
    waitlist_length: waitlist[0]?.n ?? 0,
    median_days_to_seat: seat.medianDays,
    referrals_made: ref.made,
    referrals_followed_up: ref.followedUp,
    feedback_response_rate: fb.rate,
    sessions_to_come: toCome,
    sessions_unrecorded: unrecorded,
    details: {
      sessions_total: `${toCome} still to come; ${unrecorded} not yet recorded`,
      attendance_rate: `${attended} attended of ${attended + absent}; ${sum("excused")} excused absences left out; ${sum("walk_ins")} walk-ins`,
      retention_rate: `${retention.retained} of ${retention.retained + retention.notRetained} starters attended ${ctx.rule.attended}+ of their first ${ctx.rule.of}; ${retention.inProgress} still in progress`,
      median_days_to_seat: `${plural(seat.seated, "person", "people")} seated in the period`,
      referrals_followed_up: ref.made ? `${ref.followedUp} of ${ref.made}` : "",
      feedback_response_rate: `${fb.responses} answers from ${fb.invited} attendances`,
    },
  };
  const goalStats = goalFigures(goals.map((g) => ({ status: g.status, targetDate: g.target_date })), period);
  return {
    timezone: zone,
    rule: ctx.rule,
    scale: ctx.scale,
    scope,
    summary,
    trend,
    goals: goalStats,
    /** Which goals the goal figures count (the page says it under a group or facilitator filter). */
    goalCoverage: coverage,
    /** When the first session still to come is over (the stored dashboard holds until then). */
    nextSessionEnds: open[0]?.next_ends_ms != null ? new Date(open[0].next_ends_ms).toISOString() : null,
  };
}

export type Dashboard = Awaited<ReturnType<typeof computeDashboard>>;

/**
 * The value of a bindable metric key from a loaded dashboard and the view's outcome section
 * (logic model lines): an outcome line has a value only where the outcome section shows one.
 */
export function metricValue(
  dashboard: Dashboard,
  outcomes: OutcomeSection | null,
  key: string,
): { value: number | null; people?: number | null; suppressed?: boolean; withheld?: boolean } {
  if (key === "goal_achievement_rate") return { value: dashboard.goals.rate, people: dashboard.goals.due };
  if (key.startsWith("outcome_change:")) {
    if (!outcomes || outcomes.withheld) return { value: null, people: null, suppressed: true, withheld: true };
    const d = outcomes.table.outcomes.find((o) => `outcome_change:${o.domain}` === key);
    return d ? { value: d.meanChange, people: d.people, suppressed: d.suppressed, withheld: d.complementary } : { value: null };
  }
  const v = (dashboard.summary as unknown as Record<string, number | null>)[key];
  return { value: v === undefined ? null : v };
}

// ---------------------------------------------------------------------------------------------
// Drill-down: the rows each figure counts (read from the source tables, not the rollups)
// ---------------------------------------------------------------------------------------------

/** `people`: everyone the rows name, to record the read in their disclosure history (not a column). */
export type RowTable = { title: string; columns: string[]; rows: (string | number | null)[][]; truncated: boolean; people: string[] };

const ROW_LIMIT = 5000;

/** Minutes attended, as in definitions.attendedMinutes (a = attendance_records, s = sessions). */
const MINUTES = sql.raw(`(case when a.status in ('present','late','left_early') then greatest(0, round(extract(epoch from (
  (case when a.status = 'left_early' and a.left_at is not null
    then greatest(case when a.status = 'late' and a.arrived_at is not null then least(s.ends_at, greatest(s.starts_at, a.arrived_at)) else s.starts_at end, least(s.ends_at, a.left_at))
    else s.ends_at end)
  - (case when a.status = 'late' and a.arrived_at is not null then least(s.ends_at, greatest(s.starts_at, a.arrived_at)) else s.starts_at end))) / 60)) else 0 end)::int`);

/**
 * The rows behind a figure. `now` names a session recorded as neither held nor cancelled: "still
 * to come" while it is not over (status code `still_to_come`), else `scheduled` (not yet recorded),
 * as the dashboard's "Sessions scheduled" counts them.
 */
export async function loadRows(user: CurrentUser, filters: MetricsFilters, metric: OutputMetric, now: Date, limit = ROW_LIMIT): Promise<RowTable> {
  const ctx = await orgContext(user.organizationId);
  const scope = await resolveScope(user, filters);
  const { period } = filters;
  const range = periodRange(period, ctx.timezone);
  const org = user.organizationId;
  const start = range.start.toISOString();
  const end = range.end.toISOString();
  const zone = ctx.timezone;
  const local = (col: string) => sql.raw(`to_char(${col} at time zone `).append(sql`${zone}`).append(sql.raw(`, 'YYYY-MM-DD HH24:MI')`));
  const sessionWindow = sql`s.organization_id = ${org} and s.starts_at >= ${start}::timestamptz and s.starts_at < ${end}::timestamptz ${sessionInScope(scope)}`;
  const take = limit + 1;
  const when = `Starts (${zone})`;
  let title: string;
  let columns: string[];
  let query: SQL;
  switch (metric) {
    case "sessions_total":
    case "sessions_held":
    case "sessions_cancelled": {
      const status = metric === "sessions_held" ? sql` and s.status = 'held'` : metric === "sessions_cancelled" ? sql` and s.status = 'cancelled'` : sql``;
      title = "Sessions";
      columns = [when, "Group", "Status", "Cancellation reason"];
      query = sql`select ${local("s.starts_at")} as c1, g.name as c2,
          case when s.status = 'scheduled' and s.ends_at > ${now.toISOString()}::timestamptz then 'still_to_come' else s.status::text end as c3,
          s.cancel_reason as c4 from sessions s join groups g on g.id = s.group_id
        where ${sessionWindow} ${status} order by s.starts_at, g.name limit ${take}`;
      break;
    }
    case "attendance_rate":
    case "participant_hours":
      title = "Attendance marks at held sessions";
      columns = [when, "Group", "Participant", "Mark", "Walk-in", "Minutes attended"];
      query = sql`select ${local("s.starts_at")} as c1, g.name as c2, u.name as c3, a.status::text as c4, case when a.walk_in then 'yes' else 'no' end as c5, ${MINUTES} as c6, u.id as pid
        from sessions s join attendance_records a on a.session_id = s.id join groups g on g.id = s.group_id join users u on u.id = a.user_id
        where ${sessionWindow} and s.status = 'held' order by s.starts_at, g.name, u.name limit ${take}`;
      break;
    case "unique_participants":
      title = "Participants who attended";
      columns = ["Participant", "Sessions attended", "Hours"];
      query = sql`select u.name as c1, count(*)::int as c2, round(sum(${MINUTES}) / 60.0, 1)::float8 as c3, u.id as pid
        from sessions s join attendance_records a on a.session_id = s.id join users u on u.id = a.user_id
        where ${sessionWindow} and s.status = 'held' and a.status in ${ATTENDED}
        group by u.id, u.name order by u.name limit ${take}`;
      break;
    case "retention_rate":
      await refreshRollups(org);
      title = `Starters: attended ${ctx.rule.attended} or more of their first ${ctx.rule.of} held sessions?`;
      columns = ["Participant", "Group", `First session (${zone})`, `Attended of first ${ctx.rule.of}`, "Held so far", "Result"];
      query = sql`select u.name as c1, g.name as c2, ${local("st.first_starts_at")} as c3, w.attended as c4, w.held as c5,
          case when w.attended >= ${ctx.rule.attended} then 'retained' when w.held < ${ctx.rule.of} then 'in progress' else 'not retained' end as c6, u.id as pid
        from metrics_participant_starts st join users u on u.id = st.user_id join groups g on g.id = st.group_id
        cross join lateral (
          select count(*)::int as held, count(a.user_id) filter (where a.status in ${ATTENDED})::int as attended
          from (select s.id from sessions s where s.group_id = st.group_id and s.status = 'held' and s.starts_at >= st.first_starts_at
                  and ${ownSessionOf(sql`st.user_id`)}
                order by s.starts_at, s.id limit ${ctx.rule.of}) x
          left join attendance_records a on a.session_id = x.id and a.user_id = st.user_id) w
        where st.organization_id = ${org} and st.first_day >= ${period.from}::date and st.first_day < ${period.to}::date ${starterInScope(scope)}
        order by st.first_starts_at, u.name limit ${take}`;
      break;
    case "waitlist_length":
      title = "People on a waitlist now";
      columns = ["Participant", "Group", `Queued (${zone})`, "Urgent"];
      query = sql`select u.name as c1, g.name as c2, ${local("coalesce(d.queued_at, e.created_at)")} as c3, case when d.urgent then 'yes' else 'no' end as c4, u.id as pid
        from enrolments e join users u on u.id = e.user_id join groups g on g.id = e.group_id
        left join enrolment_details d on d.enrolment_id = e.id
        where e.organization_id = ${org} and e.status = 'waitlisted' ${inScope(scope, sql`e.group_id`, "now")}
        order by coalesce(d.queued_at, e.created_at) limit ${take}`;
      break;
    case "median_days_to_seat":
      title = "People given a seat from the waitlist";
      columns = ["Participant", "Group", `Queued (${zone})`, `Seated (${zone})`, "Days waited"];
      query = sql`select u.name as c1, g.name as c2, ${local("d.queued_at")} as c3, ${local("d.promoted_at")} as c4,
          round((extract(epoch from (d.promoted_at - d.queued_at)) / 86400)::numeric, 1)::float8 as c5, u.id as pid
        from enrolment_details d join enrolments e on e.id = d.enrolment_id join users u on u.id = e.user_id join groups g on g.id = d.group_id
        where d.organization_id = ${org} and d.promoted_at >= ${start}::timestamptz and d.promoted_at < ${end}::timestamptz ${inScope(scope, sql`d.group_id`, sql`d.promoted_at`)}
        order by d.promoted_at limit ${take}`;
      break;
    case "referrals_made":
    case "referrals_followed_up":
      title = metric === "referrals_made" ? "Referrals made" : "Referrals followed up";
      columns = ["Referred on", "Participant", "Resource", "Need", "Outcome", "Follow up on"];
      query = sql`select r.referred_on::text as c1, u.name as c2, res.name as c3, r.need_area as c4, r.outcome::text as c5, coalesce(r.follow_up_on::text, '') as c6, u.id as pid
        from referrals r join users u on u.id = r.participant_id join resources res on res.id = r.resource_id
        where r.organization_id = ${org} and r.referred_on >= ${period.from}::date and r.referred_on < ${period.to}::date
          ${inScope(scope, sql`r.group_id`, referralMoment(zone))} ${metric === "referrals_followed_up" ? sql` and r.outcome <> 'pending'` : sql``}
        order by r.referred_on, u.name limit ${take}`;
      break;
    case "feedback_response_rate":
      title = "Held sessions: attendances and feedback answers";
      columns = [when, "Group", "Attended", "Answers"];
      query = sql`select ${local("s.starts_at")} as c1, g.name as c2,
          (select count(*)::int from attendance_records a where a.session_id = s.id and a.status in ${ATTENDED}) as c3,
          (select count(*)::int from feedback_receipts r join attendance_records a on a.session_id = r.session_id and a.user_id = r.user_id
            where r.session_id = s.id and a.status in ${ATTENDED}) as c4
        from sessions s join groups g on g.id = s.group_id where ${sessionWindow} and s.status = 'held'
        order by s.starts_at limit ${take}`;
      break;
  }
  // `pid` (the person a row names) is not a column: it lists the people for the audit of the read.
  const raw = (await db.execute(query)).slice(0, take);
  const result = raw.map(({ pid: _pid, ...r }) => Object.values(r).map((v) => (v === null || typeof v === "number" ? v : String(v)))) as (string | number | null)[][];
  const people = [...new Set(raw.slice(0, limit).flatMap((r) => (typeof r.pid === "string" ? [r.pid] : [])))];
  return { title, columns, rows: result.slice(0, limit), truncated: result.length > limit, people };
}

/**
 * Filters of a metrics URL in the organisation's zone, with the form's options. With no period
 * in the URL: the last 12 months, or (`outcomesFirst`, the outcomes page) the last quarter that
 * has ended — the most recent period outcome figures are shown for (outcome-views.ts).
 */
export async function prepareView(user: CurrentUser, request: Request, now: Date, options: { outcomesFirst?: boolean } = {}) {
  const ctx = await orgContext(user.organizationId);
  const today = todayIn(now, ctx.timezone);
  const parsed = parseFilters(new URL(request.url), today, () => notFound(), options.outcomesFirst ? lastEndedQuarter(today).key : undefined);
  const choices = await filterOptions(user, today);
  return { ...parsed, options: choices, timezone: ctx.timezone, today, now };
}

// ---------------------------------------------------------------------------------------------
// Individual service plans: goals, objectives, interventions, notes, outcome measures
// ---------------------------------------------------------------------------------------------

/**
 * A participant of the caller's organisation with the facilitators of the groups they are enrolled
 * in now (auth/policy.ts `staffRelationship`), or 404. Policy decides what the caller may do.
 */
export async function findParticipant(user: CurrentUser, participantId: string) {
  const [person] = await db
    .select({ id: users.id, name: users.name, email: users.email, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.userId, participantId), eq(memberships.organizationId, user.organizationId)));
  if (!person || person.role !== "participant") notFound("Participant not found");
  const relations = await personRelations(db, user.organizationId, participantId);
  return { ...person, organizationId: user.organizationId, currentFacilitatorIds: relations?.currentFacilitatorIds ?? [] };
}

export type Participant = Awaited<ReturnType<typeof findParticipant>>;

/**
 * Goals (with objectives, interventions, notes) and outcome measures of one participant, as far as
 * `reach` covers them (metrics/policy.ts `planReach`): a goal by the program it is filed under, with
 * everything under it; a planned group also by the group's program; a score by its program.
 */
export async function loadPlan(organizationId: string, participantId: string, reach: PlanReach) {
  const org = organizationId;
  const goalReached = reachSql(reach, sql`g.program_id`);
  const [goals, objectives, interventions, notes, measures] = await Promise.all([
    rows<{ id: string; title: string; participant_words: string; target_date: string | null; status: string; program_id: string | null; program_name: string | null; created_ms: number }>(sql`
      select g.id, g.title, g.participant_words, g.target_date::text as target_date, g.status::text as status, g.program_id, p.name as program_name,
        extract(epoch from g.created_at)::float8 * 1000 as created_ms
      from participant_goals g left join programs p on p.id = g.program_id
      where g.organization_id = ${org} and g.participant_id = ${participantId} and ${goalReached}
      order by (g.status = 'active') desc, g.created_at desc`),
    rows<{ id: string; goal_id: string; description: string; measure: string; status: string }>(sql`
      select o.id, o.goal_id, o.description, o.measure, o.status::text as status from goal_objectives o
      join participant_goals g on g.id = o.goal_id
      where o.organization_id = ${org} and g.participant_id = ${participantId} and ${goalReached} order by o.created_at, o.position`),
    rows<{ goal_id: string; group_name: string | null; description: string }>(sql`
      select i.goal_id, gr.name as group_name, i.description from goal_interventions i
      join participant_goals g on g.id = i.goal_id left join groups gr on gr.id = i.group_id
      where i.organization_id = ${org} and g.participant_id = ${participantId} and ${goalReached}
        and (i.group_id is null or ${reachSql(reach, sql`gr.program_id`)})
      order by i.created_at, gr.name`),
    rows<{ id: string; goal_id: string; author: string | null; by_participant: boolean; body: string; at_ms: number }>(sql`
      select n.id, n.goal_id, u.name as author, n.by_participant, n.body, extract(epoch from n.created_at)::float8 * 1000 as at_ms
      from goal_notes n join participant_goals g on g.id = n.goal_id left join users u on u.id = n.author_id
      where n.organization_id = ${org} and g.participant_id = ${participantId} and ${goalReached} order by n.created_at`),
    rows<{ id: string; program_name: string; domain: string; measure_name: string | null; phase: string; score: number; measured_on: string; note: string }>(sql`
      select m.id, p.name as program_name, m.domain::text as domain, c.name as measure_name, m.phase::text as phase, m.score, m.measured_on::text as measured_on, m.note
      from outcome_measures m join programs p on p.id = m.program_id left join custom_outcome_measures c on c.id = m.custom_measure_id
      where m.organization_id = ${org} and m.participant_id = ${participantId} and ${reachSql(reach, sql`m.program_id`)}
      order by m.measured_on desc, m.created_at desc`),
  ]);
  return {
    goals: goals.map((g) => ({
      id: g.id,
      title: g.title,
      participantWords: g.participant_words,
      targetDate: g.target_date,
      status: g.status,
      programId: g.program_id,
      programName: g.program_name,
      /** Sent back by the goal's edit form (a save after someone else's edit is refused). */
      version: goalForm.version({ title: g.title, programId: g.program_id, targetDate: g.target_date }),
      objectives: objectives.filter((o) => o.goal_id === g.id),
      interventions: interventions.filter((i) => i.goal_id === g.id),
      notes: notes.filter((n) => n.goal_id === g.id).map((n) => ({ id: n.id, author: n.author, byParticipant: n.by_participant, body: n.body, at: new Date(n.at_ms).toISOString() })),
    })),
    measures,
  };
}

/**
 * Whether group `g` (the alias of a groups row) is one the person is enrolled in now, as `viewer`
 * may know it: a manager for every group, a facilitator for the groups they lead now (the person's
 * other groups — another program's recovery group — are not theirs to learn), else never.
 */
export function enrolledMarkFor(viewer: CurrentUser, participantId: string): SQL {
  const enrolled = sql`exists (select 1 from enrolments e where e.group_id = g.id and e.user_id = ${participantId} and e.status = 'enrolled')`;
  if (canManage(viewer.role)) return enrolled;
  if (viewer.role !== "facilitator") return sql`false`;
  return sql`(${enrolled} and exists (select 1 from group_facilitators gf where gf.group_id = g.id and gf.user_id = ${viewer.id}))`;
}

/**
 * Programs and groups a plan can refer to: the programs `reach` may file under (plan-access
 * `filingPrograms`), and the participant's own groups first, as far as `viewer` may know them
 * (`enrolledMarkFor`: enrolled now, in a group a facilitator leads).
 */
export async function planOptions(viewer: CurrentUser, participantId: string, reach: PlanReach) {
  const organizationId = viewer.organizationId;
  const [programRows, groupRows] = await Promise.all([
    // A new goal or score is filed under one of these (a facilitator: the programs they lead with the person).
    filingPrograms(db, organizationId, reach),
    rows<{ id: string; name: string; enrolled: boolean }>(sql`
      select g.id, g.name, ${enrolledMarkFor(viewer, participantId)} as enrolled
      from groups g where g.organization_id = ${organizationId} and ${reachSql(reach, sql`g.program_id`)} order by 3 desc, g.name`),
  ]);
  return { programs: programRows, anyProgram: reach.kind === "all", groups: groupRows };
}

/** Participants of the organisation with how many goals and measures they have (managers' list). */
export async function listPlans(user: CurrentUser) {
  return rows<{ id: string; name: string; active_goals: number; goals: number; measures: number }>(sql`
    select u.id, u.name,
      (select count(*)::int from participant_goals g where g.participant_id = u.id and g.organization_id = ${user.organizationId} and g.status = 'active') as active_goals,
      (select count(*)::int from participant_goals g where g.participant_id = u.id and g.organization_id = ${user.organizationId}) as goals,
      (select count(*)::int from outcome_measures m where m.participant_id = u.id and m.organization_id = ${user.organizationId}) as measures
    from memberships ms join users u on u.id = ms.user_id
    where ms.organization_id = ${user.organizationId} and ms.role = 'participant'
    order by u.name`);
}

/**
 * The outcome table of every view that shows outcome figures — each whole quarter and year that
 * has ended by `today`, for all programs and each program — suppressed jointly so that no two
 * can be subtracted (outcome-views.ts). Stored in derived_results under the organisation's data
 * version and `today`, so a repeat view with nothing written reads one row.
 */
export async function loadOutcomeViews(organizationId: string, today: string): Promise<Record<string, OutcomeTable>> {
  const version = await dataVersion(db, organizationId);
  return derivedUntil(db, { organizationId, kind: "metrics-outcome-views", subject: "all" }, { version, today }, new Date(), async () => {
    const [measures, definitions, programRows] = await Promise.all([
      rows<{ program_id: string; participant_id: string; domain: MeasureFact["domain"]; custom_measure_id: string | null; phase: MeasureFact["phase"]; score: number; measured_on: string }>(sql`
        select program_id, participant_id, domain::text as domain, custom_measure_id, phase::text as phase, score, measured_on::text as measured_on
        from outcome_measures where organization_id = ${organizationId} and measured_on < ${today}::date`),
      listCustomMeasures(organizationId),
      db.select({ id: programs.id }).from(programs).where(eq(programs.organizationId, organizationId)).orderBy(asc(programs.id)),
    ]);
    const facts: ScoredFact[] = measures.map((m) => ({
      programId: m.program_id,
      participantId: m.participant_id,
      domain: m.domain,
      measureId: m.custom_measure_id,
      phase: m.phase,
      score: m.score,
      measuredOn: m.measured_on,
    }));
    const views = jointOutcomeViews(facts, definitions, programRows.map((p) => p.id), today);
    return { value: Object.fromEntries(views), validUntil: null };
  });
}

/** The outcome section of a view: its table, or why it has none and the last ended quarter to look at instead. */
export type OutcomeSection =
  | { withheld: null; period: OutcomePeriod; table: OutcomeTable }
  | { withheld: OutcomeWithheld; lastQuarter: OutcomePeriod; table?: undefined };

/**
 * The outcome figures a metrics view may show (the dashboard, its printable report and CSV, a
 * logic model): only a whole quarter or year that has ended, for all programs or one program
 * (outcome-views.ts); anything else is withheld with the reason. A program of another
 * organisation is a 404.
 */
export async function outcomeSection(
  user: CurrentUser,
  view: { period: Period; programId: string | null; groupId: string | null; facilitatorId: string | null },
  today: string,
): Promise<OutcomeSection> {
  if (view.programId) {
    const [p] = await db.select({ id: programs.id }).from(programs).where(and(eq(programs.id, view.programId), eq(programs.organizationId, user.organizationId)));
    if (!p) notFound("Program not found");
  }
  const withheld = outcomeViewProblem(view, today);
  if (withheld) return { withheld, lastQuarter: lastEndedQuarter(today) };
  const period = wholeOutcomePeriod(view.period)!;
  const views = await loadOutcomeViews(user.organizationId, today);
  return { withheld: null, period, table: views[outcomeViewKey(period.key, view.programId)] ?? emptyTable(period) };
}

/** A period before the first score: nobody measured. */
const emptyTable = (period: OutcomePeriod): OutcomeTable => ({ outcomes: outcomeChange([], period).map((d) => ({ ...d, complementary: false })), customOutcomes: [] });

/**
 * Change from baseline per program for a period (the outcomes page): the five domains, and the
 * organisation's own measures (domain `other`, improvement counted by each measure's direction),
 * for all programs and each program — the jointly suppressed figures of loadOutcomeViews, only
 * for a whole quarter or year that has ended (else `withheld` says why and no figures).
 */
export async function outcomesByProgram(user: CurrentUser, period: Period, today: string) {
  const programRows = await db.select({ id: programs.id, name: programs.name }).from(programs).where(eq(programs.organizationId, user.organizationId)).orderBy(asc(programs.name));
  const withheld = outcomeViewProblem({ period, groupId: null, facilitatorId: null }, today);
  if (withheld) return { withheld, lastQuarter: lastEndedQuarter(today), all: null, byProgram: programRows.map((p) => ({ ...p, table: null })) };
  const whole = wholeOutcomePeriod(period)!;
  const views = await loadOutcomeViews(user.organizationId, today);
  const tableOf = (programId: string | null) => views[outcomeViewKey(whole.key, programId)] ?? emptyTable(whole);
  return { withheld: null, lastQuarter: lastEndedQuarter(today), all: tableOf(null), byProgram: programRows.map((p) => ({ ...p, table: tableOf(p.id) })) };
}

// ---------------------------------------------------------------------------------------------
// Logic model (PA-CSE 1.01)
// ---------------------------------------------------------------------------------------------

/** A program's logic model with each bound line's actual for the period (target against actual). */
export async function loadLogicModel(user: CurrentUser, programId: string, filters: Pick<MetricsFilters, "period" | "by"> & { today: string; now: Date }) {
  const [program] = await db
    .select({ id: programs.id, name: programs.name, purpose: programs.purpose })
    .from(programs)
    .where(and(eq(programs.id, programId), eq(programs.organizationId, user.organizationId)));
  if (!program) notFound("Program not found");
  const [model] = await db.select().from(logicModels).where(and(eq(logicModels.programId, program.id), eq(logicModels.organizationId, user.organizationId)));
  const lines = await db
    .select()
    .from(logicModelLines)
    .where(and(eq(logicModelLines.programId, program.id), eq(logicModelLines.organizationId, user.organizationId)))
    .orderBy(asc(logicModelLines.kind), asc(logicModelLines.position), asc(logicModelLines.createdAt));
  const bound = lines.some((l) => l.metricKey);
  const scope = { programId: program.id, groupId: null, facilitatorId: null, period: filters.period, by: filters.by };
  const dashboard = bound ? await loadDashboard(user, scope, filters.now) : null;
  const outcomes = lines.some((l) => l.metricKey?.startsWith("outcome_change:")) ? await outcomeSection(user, scope, filters.today) : null;
  return {
    program,
    /** Why outcome lines show no actual for this period (null: they show one, or there are none). */
    outcomesWithheld: outcomes?.withheld ? { reason: outcomes.withheld, lastQuarter: outcomes.lastQuarter } : null,
    model: { needs: model?.needs ?? "", inputs: model?.inputs ?? "", activities: model?.activities ?? "", impact: model?.impact ?? "" },
    lines: lines.map((l) => {
      const actual = dashboard && l.metricKey ? metricValue(dashboard, outcomes, l.metricKey) : null;
      return {
        id: l.id,
        kind: l.kind,
        description: l.description,
        metricKey: l.metricKey,
        target: l.target,
        actual: actual?.value ?? null,
        people: actual?.people ?? null,
        suppressed: actual?.suppressed ?? false,
        /** An outcome figure this view may not show (outcome-views.ts), rather than one of fewer than 5 people. */
        withheld: actual?.withheld ?? false,
        met: l.metricKey ? meetsTarget(l.metricKey, actual?.value ?? null, l.target) : null,
      };
    }),
  };
}
