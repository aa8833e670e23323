import { and, asc, eq, gte, inArray, lte, sql } from "drizzle-orm";
import { DateTime } from "luxon";
import { db, type Executor } from "~/db/client.server";
import { rows } from "~/db/rows.server";
import { organizations, programs, users } from "~/db/schema";
import { funderReportDefinitions, funderReportViews, participantCoverage, participantDemographics, raceEthnicityCategories } from "~/db/tables/demographics";
import { audit } from "~/modules/audit/mutations.server";
import { personRelations } from "~/modules/audit/relationship.server";
import type { CurrentUser } from "~/modules/auth/policy";
import { forbidden, notFound } from "~/modules/errors";
import { fieldsVersion } from "~/modules/forms/versions";
import { listCustomMeasures } from "~/modules/metrics/custom-measures/queries.server";
import { periodRange, type MarkStatus, type MeasureFact } from "~/modules/metrics/definitions";
import { pgArray } from "~/modules/metrics/mutations.server";
import type { Profile } from "./dimensions";
import { layoutOf, type FunderReport } from "./funder-report";
import { factsFor, scopeKey, yearOf, yearReports, type YearFacts } from "./views";
import { containedPeriods, PERIOD_RULES, RETIRED_PERIOD_RULE_LABELS, resolveFunderPeriod, wholePeriodKind, type FunderPeriod } from "./periods";
import { canAnswerOwnDemographics, canRunFunderReports, canSeePersonDemographics, canViewRaceCategories } from "./policy";
import { DEFAULT_RACE_ETHNICITY, DEMOGRAPHIC_FIELDS, demographicsSchema, funderQuerySchema, maskMedicaidId, type Coverage, type Demographics, type RaceCategory } from "./schema";

/** The organisation's race and ethnicity categories in order; the federal defaults until an administrator edits them. */
export async function raceCategories(exec: Executor, organizationId: string): Promise<RaceCategory[]> {
  const stored = await exec
    .select({ key: raceEthnicityCategories.key, label: raceEthnicityCategories.label, retiredAt: raceEthnicityCategories.retiredAt })
    .from(raceEthnicityCategories)
    .where(eq(raceEthnicityCategories.organizationId, organizationId))
    .orderBy(asc(raceEthnicityCategories.position), asc(raceEthnicityCategories.label));
  if (stored.length === 0) return DEFAULT_RACE_ETHNICITY.map((c) => ({ ...c, retired: false }));
  return stored.map((c) => ({ key: c.key, label: c.label, retired: c.retiredAt !== null }));
}

/** Keys a new answer may use (retired categories are kept on old answers but not offered). */
export const activeKeys = (categories: RaceCategory[]) => categories.filter((c) => !c.retired).map((c) => c.key);

const demographicColumns = {
  birthDate: participantDemographics.birthDate,
  ageBand: participantDemographics.ageBand,
  gender: participantDemographics.gender,
  raceEthnicity: participantDemographics.raceEthnicity,
  primaryLanguage: participantDemographics.primaryLanguage,
  zipCode: participantDemographics.zipCode,
  veteranStatus: participantDemographics.veteranStatus,
};

/** A person's own answers (no payer, no Medicaid ID: those are never read for the participant). */
export async function demographicsOf(exec: Executor, organizationId: string, userId: string): Promise<Demographics | null> {
  const [row] = await exec
    .select(demographicColumns)
    .from(participantDemographics)
    .where(and(eq(participantDemographics.organizationId, organizationId), eq(participantDemographics.userId, userId)));
  return row ?? null;
}

/**
 * The version of a person's answers a page was opened on: when they were last saved, in
 * milliseconds ("none" before any answer). A staff form sends it back, so a save from a page
 * opened before the answers changed is refused (mutations.server.ts saveDemographicsFor).
 */
export async function demographicsVersion(exec: Executor, organizationId: string, userId: string, lock = false): Promise<string> {
  const query = exec
    .select({ ms: sql<string>`(extract(epoch from ${participantDemographics.updatedAt}) * 1000)::bigint::text` })
    .from(participantDemographics)
    .where(and(eq(participantDemographics.organizationId, organizationId), eq(participantDemographics.userId, userId)));
  const [row] = lock ? await query.for("update") : await query;
  return row?.ms ?? "none";
}

/** Staff-only: payer and Medicaid ID. */
export async function coverageOf(exec: Executor, organizationId: string, userId: string): Promise<Coverage | null> {
  const [row] = await exec
    .select({ payer: participantCoverage.payer, medicaidId: participantCoverage.medicaidId })
    .from(participantCoverage)
    .where(and(eq(participantCoverage.organizationId, organizationId), eq(participantCoverage.userId, userId)));
  return row ?? null;
}

/** The participant's own page: their answers and the categories offered. */
export async function myDemographicsPage(user: CurrentUser) {
  if (user.role !== "participant") forbidden("This page is for participants' own answers.");
  const [demographics, categories] = await Promise.all([demographicsOf(db, user.organizationId, user.id), raceCategories(db, user.organizationId)]);
  return { demographics, categories, version: answersVersion(demographics) };
}

/**
 * The version of a person's answers as their own page showed them (one fingerprint per question,
 * forms/versions.ts): the page sends it back, so a save from a page opened before staff corrected
 * an answer is refused and the questions changed meanwhile are named (saveOwnDemographics).
 */
export function answersVersion(demographics: Demographics | null): string {
  return fieldsVersion(DEMOGRAPHIC_FIELDS, (demographics ?? {}) as Record<(typeof DEMOGRAPHIC_FIELDS)[number], unknown>);
}

/**
 * The version of payer and Medicaid ID as the staff coverage form showed them: the payer, and the
 * ID only as the page shows it (masked — a fingerprint of the whole ID would let the page guess it).
 */
export function coverageVersion(coverage: Coverage | null): string {
  return fieldsVersion(["payer", "medicaidId"] as const, { payer: coverage?.payer ?? null, medicaidId: maskMedicaidId(coverage?.medicaidId ?? null) });
}

/**
 * A member of the organisation whose answers a staff member may see: 404 for anyone who is not a
 * member (another organisation's people look like missing ones), 403 without a relationship.
 */
export async function personForStaff(exec: Executor, user: CurrentUser, personId: string) {
  const relations = await personRelations(exec, user.organizationId, personId);
  if (!relations || relations.role !== "participant") notFound("Participant not found");
  if (!canSeePersonDemographics(user, relations)) forbidden("Only managers and the facilitators of this participant's current groups see their demographics.");
  const [person] = await exec.select({ id: users.id, name: users.name }).from(users).where(eq(users.id, personId));
  return person;
}

/** Programs of the organisation (the report form's choices). */
export async function programChoices(organizationId: string) {
  return db.select({ id: programs.id, name: programs.name }).from(programs).where(eq(programs.organizationId, organizationId)).orderBy(asc(programs.name));
}

/** A saved report; `problem` says why one saved before the whole-period rule no longer runs (null: it runs). */
export type SavedDefinition = { id: string; name: string; periodRule: string; fixedFrom: string | null; fixedTo: string | null; programIds: string[]; problem: string | null };

/**
 * Why a saved definition no longer runs, in words (null when it runs): saved reports are held to
 * the rule the form enforces — a whole quarter or year, all programs or one — because an
 * older one (a few days, this year to date, two programs) could be subtracted from a whole period
 * or from all programs to single someone out. Such a definition is listed with this reason and
 * refused when run; it is never silently changed into another period.
 */
export function definitionProblem(d: { periodRule: string; fixedFrom: string | null; fixedTo: string | null; programIds: readonly string[] }): string | null {
  if (!(PERIOD_RULES as readonly string[]).includes(d.periodRule)) {
    return `its period (“${RETIRED_PERIOD_RULE_LABELS[d.periodRule] ?? d.periodRule}”) is not a whole quarter or year, so it could be compared with one to single someone out. Run last quarter or last year and save that instead.`;
  }
  if (d.periodRule === "fixed" && (!d.fixedFrom || !d.fixedTo || !wholePeriodKind(d.fixedFrom, d.fixedTo))) {
    return `its dates (${d.fixedFrom} to ${d.fixedTo}) are not a whole quarter or year, so it could be compared with one to single someone out. Run a whole quarter or year and save that instead.`;
  }
  if (d.programIds.length > 1) return "it covers several programs; a report is for all programs or one, so that two reports cannot be subtracted. Save one for each program, or for all programs.";
  return null;
}

export async function savedDefinitions(organizationId: string): Promise<SavedDefinition[]> {
  const found = await db
    .select({
      id: funderReportDefinitions.id,
      name: funderReportDefinitions.name,
      periodRule: funderReportDefinitions.periodRule,
      fixedFrom: funderReportDefinitions.fixedFrom,
      fixedTo: funderReportDefinitions.fixedTo,
      programIds: funderReportDefinitions.programIds,
    })
    .from(funderReportDefinitions)
    .where(eq(funderReportDefinitions.organizationId, organizationId))
    .orderBy(asc(funderReportDefinitions.name));
  return found.map((d) => ({ ...d, problem: definitionProblem(d) }));
}

export async function organisationZone(organizationId: string): Promise<string> {
  const [org] = await db.select({ timezone: organizations.timezone }).from(organizations).where(eq(organizations.id, organizationId));
  if (!org) notFound();
  return org.timezone;
}

/** Programs chosen by id: every one must be the organisation's (else 404, like any foreign id). None = all. */
export async function resolvePrograms(organizationId: string, programIds: readonly string[]) {
  const all = await programChoices(organizationId);
  const chosen = programIds.length ? all.filter((p) => programIds.includes(p.id)) : all;
  if (chosen.length !== new Set(programIds).size && programIds.length) notFound("Program not found");
  return { chosen, all: programIds.length === 0 };
}

export type FunderReportView = FunderReport & { period: FunderPeriod; programs: { id: string; name: string }[]; allPrograms: boolean; timezone: string };

/**
 * The funder report for a whole quarter or year and one program or all (null): the period's
 * calendar year read in one snapshot of the organisation, for every program, then the report and
 * the reports it is compared with (views.ts comparedScopes: a program's report with all programs',
 * a year's with its quarters) cut from it and assembled by the pure buildFunderReport — which
 * hides any figure that differs from a compared report's by 1 to 4, so no two reports can be
 * subtracted to single someone out.
 *
 * - Served: people with at least one session attended (present, late or left early) among the
 *   programs' held sessions starting in the period; unduplicated across groups and programs.
 * - New: their first enrolment in the organisation (any program; the seat's start — promotion
 *   from the waitlist, else registration) and their first attended session both fall on or after
 *   the period's first day; everyone else served is continuing.
 * - Sessions and hours delivered: held sessions of the programs in the period and their length.
 * - Completion: people whose enrolment in the programs ended in the period as completed (criteria
 *   met) or discharged; completed = at least one of them completed. Transfers are left out.
 * - Outcome change: the metrics module's change from baseline (outcome_measures of these
 *   programs, the people served), per domain and per measure of the organisation.
 */
export async function loadFunderReport(user: CurrentUser, input: { period: FunderPeriod; programId: string | null }): Promise<FunderReportView> {
  if (!canRunFunderReports(user)) forbidden("Only managers see funder reports.");
  const org = user.organizationId;
  // resolvePrograms: a program of another organisation is a 404, like any foreign id.
  const [timezone, , everyProgram] = await Promise.all([organisationZone(org), resolvePrograms(org, input.programId ? [input.programId] : []), programChoices(org)]);
  const year = yearOf(input.period);
  const scopeName = input.programId ?? "all";
  // The saved period label says "fixed" or "last quarter" as the person asked; the figures are the stored ones.
  const relabel = (view: FunderReportView): FunderReportView => ({ ...view, period: input.period });
  // A report of an ended period never changes once produced (finding F2): every report of the year already produced.
  const stored = new Map(
    (
      await db
        .select({ periodFrom: funderReportViews.periodFrom, periodTo: funderReportViews.periodTo, scope: funderReportViews.scope, view: funderReportViews.view })
        .from(funderReportViews)
        .where(and(eq(funderReportViews.organizationId, org), gte(funderReportViews.periodFrom, year.from), lte(funderReportViews.periodTo, year.to)))
    ).map((r) => [`${r.periodFrom}|${r.periodTo}|${r.scope}`, r.view as FunderReportView]),
  );
  const mine = stored.get(`${input.period.from}|${input.period.to}|${scopeName}`);
  if (mine) return relabel(mine);
  const range = periodRange(year, timezone);
  const start = range.start.toISOString();
  const end = range.end.toISOString();

  const facts = await db.transaction(
    async (tx): Promise<YearFacts> => {
      const [marks, delivered, ended] = await Promise.all([
        rows<{ user_id: string; program_id: string; status: MarkStatus; arrived_at: Date | null; left_at: Date | null; starts_at: Date; ends_at: Date }>(
          sql`select a.user_id, g.program_id, a.status::text as status, a.arrived_at, a.left_at, s.starts_at, s.ends_at
            from sessions s join groups g on g.id = s.group_id join attendance_records a on a.session_id = s.id
            where s.organization_id = ${org} and s.status = 'held'
              and s.starts_at >= ${start}::timestamptz and s.starts_at < ${end}::timestamptz
              and a.status in ('present', 'late', 'left_early')`,
          tx,
        ),
        rows<{ program_id: string; starts_at: Date; minutes: number }>(
          sql`select g.program_id, s.starts_at, (extract(epoch from (s.ends_at - s.starts_at)) / 60)::float8 as minutes
            from sessions s join groups g on g.id = s.group_id
            where s.organization_id = ${org} and s.status = 'held'
              and s.starts_at >= ${start}::timestamptz and s.starts_at < ${end}::timestamptz`,
          tx,
        ),
        rows<{ user_id: string; program_id: string; completed: boolean; ended_on: string }>(
          sql`select o.user_id, g.program_id, bool_or(o.outcome = 'completed') as completed, o.ended_on::text as ended_on
            from enrolment_outcomes o join groups g on g.id = o.group_id
            where o.organization_id = ${org} and o.undone_at is null and o.outcome in ('completed', 'discharged')
              and o.ended_on >= ${year.from}::date and o.ended_on < ${year.to}::date
            group by o.user_id, g.program_id, o.ended_on`,
          tx,
        ),
      ]);
      const servedIds = [...new Set(marks.map((m) => m.user_id))];
      const everyone = [...new Set([...servedIds, ...ended.map((e) => e.user_id)])];
      const [firsts, demographics, coverage, scores, customMeasures, races] = await Promise.all([
        rows<{ user_id: string; first_at: Date | null }>(
          sql`select u.id as user_id, least(
                (select min(coalesce(d.promoted_at, e.created_at)) from enrolments e left join enrolment_details d on d.enrolment_id = e.id
                 where e.organization_id = ${org} and e.user_id = u.id
                   and (e.status in ('enrolled', 'completed', 'discharged', 'transferred') or d.promoted_at is not null)),
                (select min(s.starts_at) from attendance_records a join sessions s on s.id = a.session_id
                 where a.organization_id = ${org} and a.user_id = u.id and s.status = 'held' and a.status in ('present', 'late', 'left_early'))
              ) as first_at
            from users u where u.id = any(${pgArray(servedIds)}::uuid[])`,
          tx,
        ),
        everyone.length
          ? tx
              .select({ userId: participantDemographics.userId, ...demographicColumns })
              .from(participantDemographics)
              .where(and(eq(participantDemographics.organizationId, org), inArray(participantDemographics.userId, everyone)))
          : Promise.resolve([]),
        everyone.length
          ? tx
              .select({ userId: participantCoverage.userId, payer: participantCoverage.payer })
              .from(participantCoverage)
              .where(and(eq(participantCoverage.organizationId, org), inArray(participantCoverage.userId, everyone)))
          : Promise.resolve([]),
        rows<{ participant_id: string; program_id: string; domain: MeasureFact["domain"]; custom_measure_id: string | null; phase: MeasureFact["phase"]; score: number; measured_on: string }>(
          sql`select participant_id, program_id, domain::text as domain, custom_measure_id, phase::text as phase, score, measured_on::text as measured_on
            from outcome_measures
            where organization_id = ${org} and measured_on < ${year.to}::date
              and participant_id = any(${pgArray(servedIds)}::uuid[])`,
          tx,
        ),
        listCustomMeasures(org, tx),
        raceCategories(tx, org),
      ]);
      const profiles = new Map<string, Profile>();
      for (const id of everyone) profiles.set(id, { demographics: null, coverage: null });
      for (const { userId, ...d } of demographics) profiles.get(userId)!.demographics = d;
      for (const c of coverage) profiles.get(c.userId)!.coverage = { payer: c.payer, medicaidId: null };
      return {
        marks: marks.map((m) => ({
          userId: m.user_id,
          programId: m.program_id,
          status: m.status,
          arrivedAt: m.arrived_at ? new Date(m.arrived_at) : null,
          leftAt: m.left_at ? new Date(m.left_at) : null,
          startsAt: new Date(m.starts_at),
          endsAt: new Date(m.ends_at),
        })),
        sessions: delivered.map((d) => ({ programId: d.program_id, startsAt: new Date(d.starts_at), minutes: d.minutes })),
        ended: ended.map((e) => ({ userId: e.user_id, programId: e.program_id, completed: e.completed, endedOn: e.ended_on })),
        firstAt: new Map(firsts.map((f) => [f.user_id, f.first_at ? new Date(f.first_at) : null])),
        profiles,
        scores: scores.map((m) => ({ participantId: m.participant_id, programId: m.program_id, domain: m.domain, measureId: m.custom_measure_id, phase: m.phase, score: m.score, measuredOn: m.measured_on })),
        customMeasures,
        races,
      };
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
  const layout = layoutOf(factsFor(facts, { period: year, programId: null }, timezone), year.from);
  const fixed = new Map([...stored].map(([key, view]) => [key, view as FunderReport]));
  const reports = yearReports(
    facts,
    year,
    everyProgram.map((p) => p.id),
    timezone,
    layout,
    fixed,
  );
  // Stored now: every scope of the requested period (its programs were suppressed together), and
  // for a year its quarters not stored yet (the year's figures were hidden against them).
  const periodsToStore = input.period.kind === "year" ? [input.period, ...containedPeriods(input.period)] : [input.period];
  const names = new Map(everyProgram.map((p) => [p.id, p.name]));
  const rowsToStore = periodsToStore.flatMap((period) =>
    [null, ...everyProgram.map((p) => p.id)].flatMap((programId) => {
      const key = scopeKey({ period, programId });
      if (stored.has(key)) return [];
      const view: FunderReportView = {
        ...reports.get(key)!,
        period,
        programs: programId === null ? everyProgram : [{ id: programId, name: names.get(programId)! }],
        allPrograms: programId === null,
        timezone,
      };
      return [{ organizationId: org, periodFrom: period.from, periodTo: period.to, scope: programId ?? "all", view: sql`${JSON.stringify(view)}::json` }];
    }),
  );
  if (rowsToStore.length) await db.insert(funderReportViews).values(rowsToStore).onConflictDoNothing();
  // Served from the store, so a report produced at the same moment elsewhere is the one everyone sees.
  const [frozen] = await db
    .select({ view: funderReportViews.view })
    .from(funderReportViews)
    .where(and(eq(funderReportViews.organizationId, org), eq(funderReportViews.periodFrom, input.period.from), eq(funderReportViews.periodTo, input.period.to), eq(funderReportViews.scope, scopeName)));
  return relabel(frozen.view as FunderReportView);
}

export type FunderFormValues = { rule: string; from: string; to: string; program: string[] };

/**
 * The funder report page for a URL: `?saved=<id>` reruns a saved definition (its rule resolved
 * at `now`), `?rule=…&from=…&to=…&program=…` runs the form. Bad input comes back as field errors
 * with nothing run; a program or saved report of another organisation is a 404.
 */
export async function funderPage(user: CurrentUser, params: URLSearchParams, now: Date) {
  if (!canRunFunderReports(user)) forbidden("Only managers see funder reports.");
  const [timezone, programs, saved] = await Promise.all([organisationZone(user.organizationId), programChoices(user.organizationId), savedDefinitions(user.organizationId)]);
  const base = { timezone, programs, saved, report: null as FunderReportView | null, errors: {} as Record<string, string[]>, savedName: null as string | null };
  let values: FunderFormValues = { rule: params.get("rule") ?? "last_quarter", from: params.get("from") ?? "", to: params.get("to") ?? "", program: [...params.getAll("program"), ...params.getAll("program[]")] };
  const savedId = params.get("saved");
  if (savedId !== null) {
    const definition = saved.find((d) => d.id === savedId);
    if (!definition) notFound("Saved report not found");
    values = { rule: definition.periodRule, from: definition.fixedFrom ?? "", to: definition.fixedTo ?? "", program: definition.programIds };
    base.savedName = definition.name;
    if (definition.problem) return { ...base, values, errors: { rule: [`“${definition.name}” no longer runs: ${definition.problem}`] } };
  } else if (!params.has("rule")) {
    return { ...base, values };
  }
  const parsed = funderQuerySchema.safeParse(values);
  if (!parsed.success) {
    const errors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) (errors[String(issue.path[0] ?? "_form")] ??= []).push(issue.message);
    return { ...base, values, errors };
  }
  const q = parsed.data;
  const period = resolveFunderPeriod(q.rule, { now, zone: timezone, fixedFrom: q.from, fixedTo: q.to });
  if (!period.ok) return { ...base, values, errors: { [period.field === "fixedFrom" ? "from" : "to"]: [period.message] } };
  const report = await loadFunderReport(user, { period: period.period, programId: q.program[0] ?? null });
  return { ...base, values, report };
}

/**
 * The form schema for a person's answers: birth dates up to today in the organisation's zone,
 * categories offered now plus any retired one the person already chose (so saving again keeps it).
 * It reads the person's answers, so it is reached only through the two checked doors below.
 */
async function answerSchemaOf(organizationId: string, personId: string, now: Date) {
  const [timezone, categories, current] = await Promise.all([organisationZone(organizationId), raceCategories(db, organizationId), demographicsOf(db, organizationId, personId)]);
  const today = DateTime.fromJSDate(now, { zone: timezone }).toISODate()!;
  return demographicsSchema(today, [...activeKeys(categories), ...(current?.raceEthnicity ?? [])]);
}

/** The schema for a participant's own answers (their own retired categories stay choosable). */
export async function ownAnswerSchema(user: CurrentUser, now: Date) {
  if (!canAnswerOwnDemographics(user)) forbidden("This page is for participants' own answers.");
  return answerSchemaOf(user.organizationId, user.id, now);
}

/**
 * The schema for staff changing a person's answers: the relationship is checked (404 outside the
 * organisation, 403 without one) BEFORE the person's answers are read, so whether a retired
 * category is accepted cannot tell someone without access what the person answered.
 */
export async function staffAnswerSchema(user: CurrentUser, personId: string, now: Date) {
  await personForStaff(db, user, personId);
  return answerSchemaOf(user.organizationId, personId, now);
}

/** The answer schema for a new registration (nobody's earlier answers; today in the organisation's zone). */
export async function intakeAnswerSchema(organizationId: string, now: Date) {
  const [timezone, categories] = await Promise.all([organisationZone(organizationId), raceCategories(db, organizationId)]);
  return demographicsSchema(DateTime.fromJSDate(now, { zone: timezone }).toISODate()!, activeKeys(categories));
}

/** A person's answers, payer and Medicaid ID for staff with a relationship; the view is audited. */
export async function personDemographicsPage(user: CurrentUser, personId: string) {
  return db.transaction(async (tx) => {
    const person = await personForStaff(tx, user, personId);
    const [demographics, coverage, categories, version] = await Promise.all([
      demographicsOf(tx, user.organizationId, personId),
      coverageOf(tx, user.organizationId, personId),
      raceCategories(tx, user.organizationId),
      demographicsVersion(tx, user.organizationId, personId),
    ]);
    await audit(tx, { organizationId: user.organizationId, actorId: user.id, action: "demographics.viewed", subjectType: "user", subjectId: personId });
    // The Medicaid ID leaves the server only masked (the billing export is the one exception).
    return {
      person,
      demographics,
      coverage: { payer: coverage?.payer ?? null, medicaidIdMasked: maskMedicaidId(coverage?.medicaidId ?? null) },
      coverageVersion: coverageVersion(coverage),
      categories,
      version,
    };
  });
}

/** The categories page: managers and administrators read the list. */
export async function categoriesPage(user: CurrentUser) {
  if (!canViewRaceCategories(user)) forbidden("Only managers and administrators see the categories.");
  return raceCategories(db, user.organizationId);
}

/** The categories a registration form offers (the intake's optional section). */
export async function offeredCategories(organizationId: string): Promise<RaceCategory[]> {
  return (await raceCategories(db, organizationId)).filter((c) => !c.retired);
}
