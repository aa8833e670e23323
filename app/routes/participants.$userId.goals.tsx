import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { STAFF_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { OUTCOME_DOMAINS, OUTCOME_PHASES, type OutcomeDomain, type OutcomePhase } from "~/modules/metrics/definitions";
import { addGoalNote, createGoal, recordMeasure, setGoalStatus, setObjectiveStatus, updateGoal, viewPlan } from "~/modules/metrics/mutations.server";
import { activeCustomMeasures } from "~/modules/metrics/custom-measures/queries.server";
import { canEditPlan } from "~/modules/metrics/policy";
import { PLAN_REFUSED, readerReach } from "~/modules/metrics/plan-access.server";
import { newFormToken } from "~/modules/forms/mutations.server";
import { formToken as formTokenField, OUT_OF_DATE } from "~/modules/forms/schema";
import { findParticipant, loadPlan, orgContext, planOptions } from "~/modules/metrics/queries.server";
import { goalEditSchema, goalSchema, goalStatusSchema, measureSchema, noteSchema, objectiveStatusSchema } from "~/modules/metrics/schema";
import { CheckboxGroup, ErrorSummary, Field, Notice, Select, TextArea } from "~/ui/form";
import { GoalCard, goalEditFailure, MeasuresTable } from "~/ui/metrics-goals";
import { attempt, forbidden, formFailure, formVersion, parseForm, parseId } from "~/web/http.server";
import { pageTitle, useTexts } from "~/ui/i18n";
import { confirmRecordedView } from "~/web/recorded-view.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: data ? pageTitle(matches, "records.goals.pageTitle", { name: data.participant.name }) : pageTitle(matches, "records.goals.pageTitleNoName") },
];

const DOMAIN_KEY: Record<OutcomeDomain, string> = {
  functional_status: "records.goals.domain.functionalStatus",
  health_welfare_safety: "records.goals.domain.healthWelfareSafety",
  permanency: "records.goals.domain.permanency",
  quality_of_life: "records.goals.domain.qualityOfLife",
  goal_achievement: "records.goals.domain.goalAchievement",
};
const PHASE_KEY: Record<OutcomePhase, string> = { intake: "records.goals.phase.intake", interval: "records.goals.phase.interval", exit: "records.goals.phase.exit" };
const LABELS = {
  title: "records.goals.labels.title",
  programId: "records.goals.labels.programId",
  targetDate: "records.goals.labels.targetDate",
  objectives: "records.goals.labels.objectives",
  groupIds: "records.goals.labels.groupIds",
  interventions: "records.goals.labels.interventions",
  domain: "records.goals.labels.domain",
  customMeasureId: "records.goals.labels.customMeasureId",
  phase: "records.goals.labels.phase",
  score: "records.goals.labels.score",
  measuredOn: "records.goals.labels.measuredOn",
  measureProgramId: "records.goals.labels.measureProgramId",
  measureNote: "records.goals.labels.measureNote",
  body: "records.goals.labels.body",
  status: "records.goals.labels.status",
} as const;

async function guard(request: Request, userId: string | undefined) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  const participant = await findParticipant(user, parseId(userId));
  if (!canEditPlan(user, participant)) forbidden(PLAN_REFUSED);
  return { user, participant };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, participant } = await guard(request, params.userId);
  confirmRecordedView(request, user);
  // What of the plan this reader reaches: a facilitator the goals and scores of the programs they lead with the person.
  const reach = await readerReach(user, participant);
  const [plan, options, ctx, customMeasures] = await Promise.all([
    loadPlan(user.organizationId, participant.id, reach),
    planOptions(user, participant.id, reach),
    orgContext(user.organizationId),
    activeCustomMeasures(user.organizationId),
  ]);
  await viewPlan(user, participant.id);
  return { participant: { id: participant.id, name: participant.name }, plan, options, scale: ctx.scale, customMeasures, zone: user.timezone, goalToken: newFormToken(), measureToken: newFormToken() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, participant } = await guard(request, params.userId);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const done = (message: string) => ({ ok: true as const, message });
  if (intent === "create-goal") {
    const parsed = await parseForm(request, goalSchema, form);
    if (!parsed.ok) return formFailure(parsed);
    // The one-time token: the same goal sent twice is made once (a copy would sit in the plan and count twice).
    const token = formTokenField.safeParse(form.get("formToken") ?? undefined);
    if (!token.success) return formFailure({ errors: { _form: [OUT_OF_DATE] }, values: parsed.values });
    const claim = token.data ? { token: token.data, form: "goal", fields: { participantId: participant.id, ...parsed.values } } : undefined;
    const result = await attempt(parsed.values, () => createGoal(user, participant, parsed.data, claim));
    return result.ok ? done("The goal was added.") : result.response;
  }
  if (intent === "edit-goal") {
    const parsed = await parseForm(request, goalEditSchema, form);
    if (!parsed.ok) return formFailure(parsed);
    const result = await attempt(parsed.values, () => updateGoal(user, participant, parsed.data.goalId, parsed.data, new Date(), { version: formVersion(form) }));
    if (!result.ok) return result.response;
    return done(result.value.length ? "The goal was updated." : "Nothing changed: the goal already reads like that.");
  }
  if (intent === "measure") {
    const [{ scale }, customMeasures] = await Promise.all([orgContext(user.organizationId), activeCustomMeasures(user.organizationId)]);
    const parsed = await parseForm(request, measureSchema(scale, customMeasures), form);
    if (!parsed.ok) return formFailure(parsed);
    // The one-time token: the same score sent twice is recorded once (a duplicate would count twice in outcomes).
    const token = formTokenField.safeParse(form.get("formToken") ?? undefined);
    if (!token.success) return formFailure({ errors: { _form: [OUT_OF_DATE] }, values: parsed.values });
    const claim = token.data ? { token: token.data, form: "outcome-measure", fields: { participantId: participant.id, ...parsed.values } } : undefined;
    const result = await attempt(parsed.values, () => recordMeasure(user, participant, parsed.data, claim));
    return result.ok ? done("The outcome measure was recorded.") : result.response;
  }
  if (intent === "goal-status") {
    const parsed = await parseForm(request, goalStatusSchema, form);
    if (!parsed.ok) return formFailure(parsed);
    await setGoalStatus(user, participant, parsed.data.goalId, parsed.data.status);
    return done("The goal status was saved.");
  }
  if (intent === "objective-status") {
    const parsed = await parseForm(request, objectiveStatusSchema, form);
    if (!parsed.ok) return formFailure(parsed);
    await setObjectiveStatus(user, participant, parsed.data.objectiveId, parsed.data.status);
    return done("The objective status was saved.");
  }
  if (intent === "note") {
    const parsed = await parseForm(request, noteSchema, form);
    if (!parsed.ok) return formFailure(parsed);
    await addGoalNote(user, participant, parsed.data.goalId, parsed.data.body);
    return done("The note was added.");
  }
  return formFailure({ errors: { _form: ["Choose an action."] } });
}

export default function ParticipantGoals() {
  const { participant, plan, options, scale, customMeasures, zone, goalToken, measureToken } = useLoaderData<typeof loader>();
  const { t, message } = useTexts();
  const data = useActionData<typeof action>();
  const failed = data && !data.ok ? data : undefined;
  // A refused edit shows beside that goal's edit form only, not in the forms below.
  const editFailure = goalEditFailure(failed, plan.goals, t as unknown as (key: string, values?: Record<string, unknown>) => string);
  const formFailed = editFailure ? undefined : failed;
  const labels = Object.fromEntries(Object.entries(LABELS).map(([k, v]) => [k, t(v)]));
  // "PHQ-9 (standard instrument, total score entered), 0–27, lower is better" (ui/metrics-custom-measures describeMeasure, in the page's language).
  const describe = (m: (typeof customMeasures)[number]) =>
    t(m.standardInstrument ? "records.goals.measureStandard" : "records.goals.measurePlain", {
      instrument: m.instrument,
      min: String(m.scoreMin),
      max: String(m.scoreMax),
      direction: t(m.higherIsBetter ? "records.goals.higherIsBetter" : "records.goals.lowerIsBetter"),
    });
  return (
    <>
      <h1>{t("records.goals.title", { name: participant.name })}</h1>
      <p className="muted">
        {t("records.goals.intro", { name: participant.name })}
        <Link to={`/participants/${participant.id}/plan`}>{t("records.goals.openPlan")}</Link>
        {t("records.goals.planParts")}
        <Link to={`/participants/${participant.id}/demographics`}>{t("records.goals.demographics")}</Link>.
      </p>
      {data?.ok ? <Notice>{message(data.message)}</Notice> : null}
      <ErrorSummary data={editFailure?.summary ?? failed} labels={editFailure?.labels ?? labels} />
      <h2>{t("records.goals.goals")}</h2>
      {plan.goals.length === 0 ? <p>{t("records.plan.noGoals")}</p> : null}
      {plan.goals.map((g) => (
        <GoalCard key={g.id} goal={g} staff own={false} zone={zone} edit={{ programs: options.programs, failed: editFailure?.goalId === g.id ? failed : undefined }} />
      ))}
      <h2 id="new-goal">{t("records.plan.addGoal")}</h2>
      <Form method="post" noValidate aria-labelledby="new-goal">
        <input type="hidden" name="intent" value="create-goal" />
        <input type="hidden" name="formToken" value={goalToken} />
        <Field name="title" label={t("records.goals.labels.title")} hint={t("records.goals.titleHint")} data={formFailed} />
        <Select name="programId" label={t("records.goals.labels.programId")} options={[...(options.anyProgram ? [{ value: "", label: t("records.goals.noProgram") }] : []), ...options.programs.map((p) => ({ value: p.id, label: p.name }))]} data={formFailed} />
        <Field name="targetDate" label={t("records.goals.labels.targetDate")} type="date" data={formFailed} />
        <TextArea name="objectives" label={t("records.goals.labels.objectives")} hint={t("records.goals.objectivesHint")} data={formFailed} />
        <CheckboxGroup name="groupIds" legend={t("records.goals.plannedGroups")} options={options.groups.map((g) => ({ value: g.id, label: g.enrolled ? t("records.plan.enrolled", { name: g.name }) : g.name }))} data={formFailed} />
        <TextArea name="interventions" label={t("records.goals.labels.interventions")} hint={t("records.goals.interventionsHint")} rows={2} data={formFailed} />
        <button type="submit">{t("records.plan.addGoalButton")}</button>
      </Form>
      <h2 id="measures">{t("records.goals.measures")}</h2>
      <MeasuresTable measures={plan.measures} />
      <h3 id="record-measure">{t("records.goals.recordMeasure")}</h3>
      <Form method="post" noValidate aria-labelledby="record-measure">
        <input type="hidden" name="intent" value="measure" />
        <input type="hidden" name="formToken" value={measureToken} />
        <Select name="measureProgramId" label={t("records.goals.labels.measureProgramId")} options={options.programs.map((p) => ({ value: p.id, label: p.name }))} data={formFailed} />
        <Select
          name="domain"
          label={t("records.goals.labels.domain")}
          options={[...OUTCOME_DOMAINS.map((d) => ({ value: d, label: t(DOMAIN_KEY[d]) })), ...(customMeasures.length ? [{ value: "other", label: t("records.goals.otherDomain") }] : [])]}
          data={formFailed}
        />
        {customMeasures.length ? (
          <Select
            name="customMeasureId"
            label={t("records.goals.labels.customMeasureId")}
            hint={t("records.goals.customHint")}
            options={[{ value: "", label: t("records.goals.customNotUsed") }, ...customMeasures.map((m) => ({ value: m.id, label: `${m.name}: ${describe(m)}` }))]}
            data={formFailed}
          />
        ) : null}
        <Select name="phase" label={t("records.goals.labels.phase")} options={OUTCOME_PHASES.map((p) => ({ value: p, label: t(PHASE_KEY[p]) }))} data={formFailed} />
        <Field name="score" label={t("records.goals.labels.score")} type="number" inputMode="numeric" min={customMeasures.length ? undefined : scale.min} max={customMeasures.length ? undefined : scale.max} hint={`${scale.min}–${scale.max}: ${scale.description}${customMeasures.length ? t("records.goals.scoreCustom") : ""}`} data={formFailed} />
        <Field name="measuredOn" label={t("records.goals.labels.measuredOn")} type="date" data={formFailed} />
        <Field name="measureNote" label={t("records.goals.labels.measureNote")} data={formFailed} />
        <button type="submit">{t("records.goals.recordMeasureButton")}</button>
      </Form>
    </>
  );
}
