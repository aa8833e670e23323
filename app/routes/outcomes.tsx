import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { MANAGING_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { saveMetricsSettings } from "~/modules/metrics/mutations.server";
import { listPlans, orgContext, outcomesByProgram, prepareView } from "~/modules/metrics/queries.server";
import { settingsSchema } from "~/modules/metrics/schema";
import { ErrorSummary, Field, Notice } from "~/ui/form";
import { CustomOutcomesTable } from "~/ui/metrics-custom-measures";
import { CsvLink, OutcomesTable, PeriodForm } from "~/ui/metrics-dashboard";
import { FigureCards } from "~/ui/figures";
import { attempt, formFailure, parseForm } from "~/web/http.server";

export const meta: MetaFunction = () => [{ title: "Outcomes · Group Sessions" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const view = await prepareView(user, request, new Date());
  const [byProgram, plans, ctx] = await Promise.all([outcomesByProgram(user, view.period), listPlans(user), orgContext(user.organizationId)]);
  return { period: view.period, values: view.values, errors: view.errors, periods: view.options.periods, byProgram, plans, ctx };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const parsed = await parseForm(request, settingsSchema);
  if (!parsed.ok) return formFailure(parsed);
  const result = await attempt(parsed.values, () => saveMetricsSettings(user, parsed.data));
  return result.ok ? { ok: true as const } : result.response;
}

export default function Outcomes() {
  const { period, values, errors, periods, byProgram, plans, ctx } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const failed = data && !data.ok ? data : undefined;
  // One sum per column of the plans table: its total row and the headline cards show these.
  const totals = plans.reduce((t, p) => ({ activeGoals: t.activeGoals + p.active_goals, goals: t.goals + p.goals, measures: t.measures + p.measures }), { activeGoals: 0, goals: 0, measures: 0 });
  return (
    <>
      <h1>Outcomes</h1>
      <p>
        Change from baseline in the PA-CSE 1.02 domains, for people measured at intake and again (at an interval or at exit) in <strong>{period.label}</strong>.
      </p>
      <FigureCards
        label="Plans at a glance"
        figures={[
          { key: "participants", label: "Participants", value: plans.length },
          { key: "active-goals", label: "Active goals", value: totals.activeGoals },
          { key: "goals", label: "All goals", value: totals.goals },
          { key: "measures", label: "Outcome measures recorded", value: totals.measures },
        ]}
      />
      <p>
        <Link to="/outcome-measures">The organisation's own outcome measures</Link> (other outcomes as appropriate): define, edit or retire them.
      </p>
      <PeriodForm label="Period" value={values.period} periods={periods} error={errors.period?.[0]} />
      {byProgram.map((p) => (
        <section key={p.id} aria-labelledby={`program-${p.id}`}>
          <h2 id={`program-${p.id}`}>{p.name}</h2>
          <OutcomesTable outcomes={p.outcomes} scale={ctx.scale} />
          <CustomOutcomesTable outcomes={p.customOutcomes} label={`Other outcomes in ${p.name}`} />
          <p>
            <CsvLink table="outcomes" values={{ ...values, program: p.id }} label={`Download ${p.name} outcomes (CSV)`} />
          </p>
        </section>
      ))}
      <h2 id="plans">Participants' plans</h2>
      <div className="table-scroll" role="region" aria-labelledby="plans" tabIndex={0}>
      <table aria-labelledby="plans">
        <thead>
          <tr>
            <th scope="col">Participant</th>
            <th scope="col">Active goals</th>
            <th scope="col">All goals</th>
            <th scope="col">Outcome measures</th>
          </tr>
        </thead>
        <tbody>
          {plans.map((p) => (
            <tr key={p.id}>
              <th scope="row">
                <Link to={`/participants/${p.id}/goals`}>{p.name}</Link>
              </th>
              <td>{p.active_goals}</td>
              <td>{p.goals}</td>
              <td>{p.measures}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Total: {plans.length}</th>
            <td data-total="active-goals">{totals.activeGoals}</td>
            <td data-total="goals">{totals.goals}</td>
            <td data-total="measures">{totals.measures}</td>
          </tr>
        </tfoot>
      </table>
      </div>
      <h2 id="settings">Scale and retention rule</h2>
      {data?.ok ? <Notice>The settings were saved.</Notice> : null}
      <ErrorSummary data={failed} labels={{ scaleMin: "Lowest score", scaleMax: "Highest score", scaleDescription: "What the scores mean", retentionAttended: "Sessions attended", retentionOf: "Of the first" }} />
      <Form method="post" noValidate aria-labelledby="settings">
        <Field name="scaleMin" label="Lowest score" type="number" inputMode="numeric" defaultValue={ctx.scale.min} data={failed} />
        <Field name="scaleMax" label="Highest score" type="number" inputMode="numeric" defaultValue={ctx.scale.max} data={failed} />
        <Field name="scaleDescription" label="What the scores mean" defaultValue={ctx.scale.description} data={failed} />
        <Field name="retentionAttended" label="Retention: sessions attended" hint="A starter is retained after attending at least this many…" type="number" inputMode="numeric" defaultValue={ctx.rule.attended} data={failed} />
        <Field name="retentionOf" label="Retention: of the first" hint="…of their first this many held sessions." type="number" inputMode="numeric" defaultValue={ctx.rule.of} data={failed} />
        <button type="submit">Save settings</button>
      </Form>
    </>
  );
}
