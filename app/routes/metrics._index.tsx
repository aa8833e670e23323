import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { MANAGING_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { loadDashboard, outcomeSection, prepareView } from "~/modules/metrics/queries.server";
import { filterQuery } from "~/modules/metrics/schema";
import { CsvLink, HeadlineOutputs, MetricsFilterForm, OutcomesTable, OutcomesWithheld, OutputsTable, TrendCharts } from "~/ui/metrics-dashboard";
import { CustomOutcomesTable } from "~/ui/metrics-custom-measures";
import { pageTitle } from "~/ui/i18n";
import { BY_KEYS, useMetricsTexts } from "~/ui/metrics-texts";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "metrics.dashboard.pageTitle") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const view = await prepareView(user, request, new Date());
  const dashboard = await loadDashboard(user, view, view.now);
  const outcomes = await outcomeSection(user, view, view.today);
  return { view: { values: view.values, errors: view.errors, options: view.options, period: view.period, by: view.by, timezone: view.timezone }, dashboard, outcomes };
}

export default function MetricsDashboard() {
  const { view, dashboard, outcomes } = useLoaderData<typeof loader>();
  const q = filterQuery(view.values);
  const { t, message, figure, periodLabel } = useMetricsTexts();
  return (
    <>
      <h1>{t("metrics.dashboard.title")}</h1>
      <p>
        <strong>{periodLabel(view.period)}</strong>
        {dashboard.scope.description.length ? ` · ${dashboard.scope.description.map(message).join(" · ")}` : t("metrics.dashboard.wholeOrganisation")}
        {t("metrics.dashboard.days", { zone: view.timezone.replace(/_/g, " ") })}
      </p>
      {dashboard.scope.facilitatorId ? <p>{t("metrics.dashboard.facilitatorHistory")}</p> : null}
      <HeadlineOutputs summary={dashboard.summary} />
      <MetricsFilterForm action="/metrics" values={view.values} errors={view.errors} options={view.options} />
      <p className="no-print">
        <Link to={`/metrics/report${q}`}>{t("metrics.dashboard.report")}</Link> · <Link to="/outcomes">{t("metrics.dashboard.outcomeMeasures")}</Link> ·{" "}
        <Link to="/evidence">{t("metrics.dashboard.evidence")}</Link> · <Link to="/metrics/plans">{t("metrics.dashboard.plans")}</Link> · <Link to="/metrics/funder">{t("metrics.dashboard.funder")}</Link>
      </p>
      {view.options.programs.length ? (
        <p className="no-print">
          {t("metrics.dashboard.logicModels")}{" "}
          {view.options.programs.map((p, i) => (
            <span key={p.id}>
              {i ? " · " : ""}
              <Link to={`/programs/${p.id}/logic-model${filterQuery({ period: view.values.period })}`}>{p.name}</Link>
            </span>
          ))}
        </p>
      ) : null}
      <section aria-labelledby="outputs">
        <h2 id="outputs">{t("metrics.dashboard.outputs")}</h2>
        <OutputsTable summary={dashboard.summary} values={view.values} rule={dashboard.rule} />
        <p>
          <CsvLink table="summary" values={view.values} label={t("metrics.dashboard.downloadOutputs")} />
        </p>
      </section>
      <section aria-labelledby="trends">
        <h2 id="trends">{t("metrics.dashboard.trendsBy", { by: t(BY_KEYS[view.by]) })}</h2>
        <TrendCharts trend={dashboard.trend} by={view.by} />
        <p>
          <CsvLink table="trend" values={view.values} label={t("metrics.dashboard.downloadTrends")} />
        </p>
      </section>
      <section aria-labelledby="outcomes">
        <h2 id="outcomes">{t("metrics.dashboard.outcomes")}</h2>
        {outcomes.withheld ? (
          <OutcomesWithheld section={outcomes} values={view.values} path="/metrics" />
        ) : (
          <>
            <OutcomesTable outcomes={outcomes.table.outcomes} scale={dashboard.scale} />
            <CustomOutcomesTable outcomes={outcomes.table.customOutcomes} label={t("metrics.dashboard.otherOutcomes")} />
          </>
        )}
        <p>
          {t("metrics.dashboard.goals", { due: String(dashboard.goals.due), achieved: String(dashboard.goals.achieved), rate: figure(dashboard.goals.rate, "percent") })}
          {dashboard.goalCoverage === "groups" ? ` ${t("metrics.dashboard.goalsOfGroups")}` : null}
        </p>
        {outcomes.withheld ? null : (
          <p>
            <CsvLink table="outcomes" values={view.values} label={t("metrics.dashboard.downloadOutcomes")} />
          </p>
        )}
      </section>
    </>
  );
}
