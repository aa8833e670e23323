import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { STAFF_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { DOMAIN_LABELS, OUTCOME_DOMAINS, OUTCOME_PHASES, PHASE_LABELS } from "~/modules/metrics/definitions";
import { addGoalNote, createGoal, recordMeasure, setGoalStatus, setObjectiveStatus, updateGoal, viewPlan } from "~/modules/metrics/mutations.server";
import { activeCustomMeasures } from "~/modules/metrics/custom-measures/queries.server";
import { canEditPlan } from "~/modules/metrics/policy";
import { findParticipant, loadPlan, orgContext, planOptions } from "~/modules/metrics/queries.server";
import { goalEditSchema, goalSchema, goalStatusSchema, measureSchema, noteSchema, objectiveStatusSchema } from "~/modules/metrics/schema";
import { CheckboxGroup, ErrorSummary, Field, Notice, Select, TextArea } from "~/ui/form";
import { describeMeasure } from "~/ui/metrics-custom-measures";
import { GoalCard, goalEditFailure, MeasuresTable } from "~/ui/metrics-goals";
import { attempt, forbidden, formFailure, parseForm, parseId } from "~/web/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Goals of ${data?.participant.name ?? "a participant"} · Group Sessions` }];

async function guard(request: Request, userId: string | undefined) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  const participant = await findParticipant(user, parseId(userId));
  if (!canEditPlan(user, participant)) forbidden("Only managers and the facilitators of this participant's groups see their plan.");
  return { user, participant };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, participant } = await guard(request, params.userId);
  const [plan, options, ctx, customMeasures] = await Promise.all([
    loadPlan(user.organizationId, participant.id),
    planOptions(user.organizationId, participant.id),
    orgContext(user.organizationId),
    activeCustomMeasures(user.organizationId),
  ]);
  await viewPlan(user, participant.id);
  return { participant: { id: participant.id, name: participant.name }, plan, options, scale: ctx.scale, customMeasures, zone: user.timezone };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, participant } = await guard(request, params.userId);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const done = (message: string) => ({ ok: true as const, message });
  if (intent === "create-goal") {
    const parsed = await parseForm(request, goalSchema, form);
    if (!parsed.ok) return formFailure(parsed);
    const result = await attempt(parsed.values, () => createGoal(user, participant, parsed.data));
    return result.ok ? done("The goal was added.") : result.response;
  }
  if (intent === "edit-goal") {
    const parsed = await parseForm(request, goalEditSchema, form);
    if (!parsed.ok) return formFailure(parsed);
    const result = await attempt(parsed.values, () => updateGoal(user, participant, parsed.data.goalId, parsed.data, new Date()));
    if (!result.ok) return result.response;
    return done(result.value.length ? "The goal was updated." : "Nothing changed: the goal already reads like that.");
  }
  if (intent === "measure") {
    const [{ scale }, customMeasures] = await Promise.all([orgContext(user.organizationId), activeCustomMeasures(user.organizationId)]);
    const parsed = await parseForm(request, measureSchema(scale, customMeasures), form);
    if (!parsed.ok) return formFailure(parsed);
    const result = await attempt(parsed.values, () => recordMeasure(user, participant, parsed.data));
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
  const { participant, plan, options, scale, customMeasures, zone } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const failed = data && !data.ok ? data : undefined;
  // A refused edit shows beside that goal's edit form only, not in the forms below.
  const editFailure = goalEditFailure(failed, plan.goals);
  const formFailed = editFailure ? undefined : failed;
  const labels = { title: "Goal", programId: "Program", targetDate: "Target date", objectives: "Objectives", groupIds: "Groups", interventions: "Interventions", domain: "Domain", customMeasureId: "Organisation's own measure", phase: "When", score: "Score", measuredOn: "Measured on", measureProgramId: "Program measured", measureNote: "Note on the measure", body: "Note", status: "Status" };
  return (
    <>
      <h1>Goals and outcomes: {participant.name}</h1>
      <p className="muted">
        Their goals and outcome measures. {participant.name} sees their goals and can add their own words. <Link to={`/participants/${participant.id}/plan`}>Open the service plan</Link> (strengths, objectives, services, interventions, reviews). <Link to={`/participants/${participant.id}/demographics`}>Demographics, payer and Medicaid ID</Link>.
      </p>
      {data?.ok ? <Notice>{data.message}</Notice> : null}
      <ErrorSummary data={editFailure?.summary ?? failed} labels={editFailure?.labels ?? labels} />
      <h2>Goals</h2>
      {plan.goals.length === 0 ? <p>No goals yet.</p> : null}
      {plan.goals.map((g) => (
        <GoalCard key={g.id} goal={g} staff own={false} zone={zone} edit={{ programs: options.programs, failed: editFailure?.goalId === g.id ? failed : undefined }} />
      ))}
      <h2 id="new-goal">Add a goal</h2>
      <Form method="post" noValidate aria-labelledby="new-goal">
        <input type="hidden" name="intent" value="create-goal" />
        <Field name="title" label="Goal" hint="In the participant's words where possible." data={formFailed} />
        <Select name="programId" label="Program" options={[{ value: "", label: "No program" }, ...options.programs.map((p) => ({ value: p.id, label: p.name }))]} data={formFailed} />
        <Field name="targetDate" label="Target date" type="date" data={formFailed} />
        <TextArea name="objectives" label="Objectives" hint="One per line. Add how it is measured after a bar: “Attend 6 of 8 sessions | roster”." data={formFailed} />
        <CheckboxGroup name="groupIds" legend="Planned interventions: groups" options={options.groups.map((g) => ({ value: g.id, label: g.enrolled ? `${g.name} (enrolled)` : g.name }))} data={formFailed} />
        <TextArea name="interventions" label="Interventions" hint="What the groups or sessions will do for this goal." rows={2} data={formFailed} />
        <button type="submit">Add goal</button>
      </Form>
      <h2 id="measures">Outcome measures</h2>
      <MeasuresTable measures={plan.measures} />
      <h3 id="record-measure">Record a measure</h3>
      <Form method="post" noValidate aria-labelledby="record-measure">
        <input type="hidden" name="intent" value="measure" />
        <Select name="measureProgramId" label="Program measured" options={options.programs.map((p) => ({ value: p.id, label: p.name }))} data={formFailed} />
        <Select
          name="domain"
          label="Domain"
          options={[...OUTCOME_DOMAINS.map((d) => ({ value: d, label: DOMAIN_LABELS[d] })), ...(customMeasures.length ? [{ value: "other", label: "Other: one of the organisation's own measures" }] : [])]}
          data={formFailed}
        />
        {customMeasures.length ? (
          <Select
            name="customMeasureId"
            label="Organisation's own measure"
            hint="Only for the domain “Other”; its score uses the measure's own range."
            options={[{ value: "", label: "Not used (one of the five domains)" }, ...customMeasures.map((m) => ({ value: m.id, label: `${m.name}: ${describeMeasure(m)}` }))]}
            data={formFailed}
          />
        ) : null}
        <Select name="phase" label="When" options={OUTCOME_PHASES.map((p) => ({ value: p, label: PHASE_LABELS[p] }))} data={formFailed} />
        <Field name="score" label="Score" type="number" inputMode="numeric" min={customMeasures.length ? undefined : scale.min} max={customMeasures.length ? undefined : scale.max} hint={`${scale.min}–${scale.max}: ${scale.description}${customMeasures.length ? " (an organisation's own measure: its range above)" : ""}`} data={formFailed} />
        <Field name="measuredOn" label="Measured on" type="date" data={formFailed} />
        <Field name="measureNote" label="Note on the measure" data={formFailed} />
        <button type="submit">Record measure</button>
      </Form>
    </>
  );
}
