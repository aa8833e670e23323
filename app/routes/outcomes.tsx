import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { MANAGING_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { saveMetricsSettings } from "~/modules/metrics/mutations.server";
import { listPlans, orgContext, outcomesByProgram, prepareView } from "~/modules/metrics/queries.server";
import { settingsSchema } from "~/modules/metrics/schema";
import { ErrorSummary, Field, Notice } from "~/ui/form";
import { CustomOutcomesTable } from "~/ui/metrics-custom-measures";
import { CsvLink, OutcomesTable, OutcomesWithheld, PeriodForm } from "~/ui/metrics-dashboard";
import { FigureCards } from "~/ui/figures";
import { attempt, formFailure, parseForm } from "~/web/http.server";
import { pageTitle } from "~/ui/i18n";
import { useMetricsTexts } from "~/ui/metrics-texts";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "outcomes.outcomes.pageTitle") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const view = await prepareView(user, request, new Date(), { outcomesFirst: true });
  const [outcomes, plans, ctx] = await Promise.all([outcomesByProgram(user, view.period, view.today), listPlans(user), orgContext(user.organizationId)]);
  return { period: view.period, values: view.values, errors: view.errors, periods: view.options.periods, outcomes, plans, ctx };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const parsed = await parseForm(request, settingsSchema);
  if (!parsed.ok) return formFailure(parsed);
  const result = await attempt(parsed.values, () => saveMetricsSettings(user, parsed.data));
  return result.ok ? { ok: true as const } : result.response;
}

export default function Outcomes() {
  const { period, values, errors, periods, outcomes, plans, ctx } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const failed = data && !data.ok ? data : undefined;
  // One sum per column of the plans table: its total row and the headline cards show these.
  const totals = plans.reduce((t, p) => ({ activeGoals: t.activeGoals + p.active_goals, goals: t.goals + p.goals, measures: t.measures + p.measures }), { activeGoals: 0, goals: 0, measures: 0 });
  const { t, message, periodLabel } = useMetricsTexts();
  return (
    <>
      <h1>{t("outcomes.outcomes.title")}</h1>
      <p>
        {t("outcomes.outcomes.intro")}
        <strong>{periodLabel(period)}</strong>.
      </p>
      <FigureCards
        label={t("outcomes.outcomes.cards")}
        figures={[
          { key: "participants", label: t("outcomes.outcomes.participants"), value: plans.length },
          { key: "active-goals", label: t("outcomes.outcomes.activeGoals"), value: totals.activeGoals },
          { key: "goals", label: t("outcomes.outcomes.allGoals"), value: totals.goals },
          { key: "measures", label: t("outcomes.outcomes.measuresRecorded"), value: totals.measures },
        ]}
      />
      <p>
        <Link to="/outcome-measures">{t("outcomes.outcomes.ownMeasures")}</Link>
        {t("outcomes.outcomes.ownMeasuresAfter")}
      </p>
      <PeriodForm label={t("outcomes.outcomes.period")} value={values.period} periods={periods} error={errors.period?.[0] ? message(errors.period[0]) : undefined} />
      {outcomes.withheld ? (
        <OutcomesWithheld section={outcomes} values={values} path="/outcomes" />
      ) : (
        [{ id: "", name: t("outcomes.outcomes.allPrograms"), table: outcomes.all }, ...outcomes.byProgram].map((p) =>
          p.table ? (
            <section key={p.id || "all"} aria-labelledby={`program-${p.id || "all"}`}>
              <h2 id={`program-${p.id || "all"}`}>{p.name}</h2>
              <OutcomesTable outcomes={p.table.outcomes} scale={ctx.scale} />
              <CustomOutcomesTable outcomes={p.table.customOutcomes} label={t("outcomes.outcomes.otherIn", { program: p.name })} />
              <p>
                <CsvLink table="outcomes" values={{ ...values, program: p.id }} label={t("outcomes.outcomes.csv", { program: p.name })} />
              </p>
            </section>
          ) : null,
        )
      )}
      <h2 id="plans">{t("outcomes.outcomes.plans")}</h2>
      <div className="table-scroll" role="region" aria-labelledby="plans" tabIndex={0}>
      <table aria-labelledby="plans">
        <thead>
          <tr>
            <th scope="col">{t("outcomes.outcomes.col.participant")}</th>
            <th scope="col">{t("outcomes.outcomes.activeGoals")}</th>
            <th scope="col">{t("outcomes.outcomes.allGoals")}</th>
            <th scope="col">{t("outcomes.outcomes.col.measures")}</th>
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
            <th scope="row">{t("outcomes.outcomes.total", { count: String(plans.length) })}</th>
            <td data-total="active-goals">{totals.activeGoals}</td>
            <td data-total="goals">{totals.goals}</td>
            <td data-total="measures">{totals.measures}</td>
          </tr>
        </tfoot>
      </table>
      </div>
      <h2 id="settings">{t("outcomes.settings.title")}</h2>
      {data?.ok ? <Notice>{t("outcomes.settings.saved")}</Notice> : null}
      <ErrorSummary
        data={failed}
        labels={{
          scaleMin: t("outcomes.settings.scaleMin"),
          scaleMax: t("outcomes.settings.scaleMax"),
          scaleDescription: t("outcomes.settings.scaleDescription"),
          retentionAttended: t("outcomes.settings.field.retentionAttended"),
          retentionOf: t("outcomes.settings.field.retentionOf"),
        }}
      />
      <Form method="post" noValidate aria-labelledby="settings">
        <Field name="scaleMin" label={t("outcomes.settings.scaleMin")} type="number" inputMode="numeric" defaultValue={ctx.scale.min} data={failed} />
        <Field name="scaleMax" label={t("outcomes.settings.scaleMax")} type="number" inputMode="numeric" defaultValue={ctx.scale.max} data={failed} />
        <Field name="scaleDescription" label={t("outcomes.settings.scaleDescription")} defaultValue={ctx.scale.description} data={failed} />
        <Field name="retentionAttended" label={t("outcomes.settings.retentionAttended")} hint={t("outcomes.settings.retentionAttendedHint")} type="number" inputMode="numeric" defaultValue={ctx.rule.attended} data={failed} />
        <Field name="retentionOf" label={t("outcomes.settings.retentionOf")} hint={t("outcomes.settings.retentionOfHint")} type="number" inputMode="numeric" defaultValue={ctx.rule.of} data={failed} />
        <button type="submit">{t("outcomes.settings.save")}</button>
      </Form>
    </>
  );
}
