import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { MANAGING_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { METRIC_INFO, OUTPUT_METRICS } from "~/modules/metrics/definitions";
import { loadDashboard, outcomeSection, prepareView } from "~/modules/metrics/queries.server";
import { filterQuery } from "~/modules/metrics/schema";
import { OutcomesTable, OutcomesWithheld, TrendCharts } from "~/ui/metrics-dashboard";
import { CustomOutcomesTable } from "~/ui/metrics-custom-measures";
import { translatorFor } from "~/i18n/catalog";
import { localeOf } from "~/i18n/locales";
import { BY_KEYS, METRIC_KEYS, periodLabelIn, useMetricsTexts } from "~/ui/metrics-texts";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const locale = localeOf((matches.find((m) => m.id === "root")?.data as { locale?: string } | undefined)?.locale);
  const t = translatorFor(locale);
  return [{ title: t("metrics.report.pageTitle", { period: data ? periodLabelIn(t, locale, data.period) : t("metrics.report.metrics") }) }];
};

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const view = await prepareView(user, request, new Date());
  const dashboard = await loadDashboard(user, view, view.now);
  const outcomes = await outcomeSection(user, view, view.today);
  return { organization: user.organizationName, period: view.period, by: view.by, values: view.values, timezone: view.timezone, today: view.today, dashboard, outcomes };
}

/** Print rules for this page only: sections start on a new page, charts never split. */
const PRINT_CSS = `@media print {
  .report-section { break-before: page; }
  .report-section:first-of-type { break-before: auto; }
  figure.chart, table { break-inside: avoid; }
  a[href]::after { content: ""; }
  body { font-size: 11pt; }
}
.report-figures td, .report-figures th { font-variant-numeric: tabular-nums; }`;

export default function MetricsReport() {
  const { organization, period, by, values, timezone, today, dashboard, outcomes } = useLoaderData<typeof loader>();
  const { t, message, figure, periodLabel, detail } = useMetricsTexts();
  return (
    <>
      <style dangerouslySetInnerHTML={{ __html: PRINT_CSS }} />
      <p className="no-print">
        <Link to={`/metrics${filterQuery(values)}`}>{t("metrics.report.back")}</Link>
        {t("metrics.report.print")}
      </p>
      <h1>
        {t("metrics.report.title", { organization, period: periodLabel(period) })}
      </h1>
      <p>
        {dashboard.scope.description.length ? dashboard.scope.description.map(message).join(" · ") : t("metrics.report.wholeOrganisation")}
        {t("metrics.report.days", { zone: timezone.replace(/_/g, " "), today })}
      </p>
      {dashboard.scope.facilitatorId ? <p>{t("metrics.dashboard.facilitatorHistory")}</p> : null}
      <section className="report-section" aria-labelledby="report-outputs">
        <h2 id="report-outputs">{t("metrics.dashboard.outputs")}</h2>
        <table className="report-figures">
          <thead>
            <tr>
              <th scope="col">{t("metrics.dashboard.figure")}</th>
              <th scope="col">{t("metrics.dashboard.value")}</th>
              <th scope="col">{t("metrics.dashboard.behind")}</th>
            </tr>
          </thead>
          <tbody>
            {OUTPUT_METRICS.map((k) => (
              <tr key={k}>
                <th scope="row">{t(`metrics.metric.${METRIC_KEYS[k]}.label`)}</th>
                <td>{figure(dashboard.summary[k], METRIC_INFO[k].format)}</td>
                <td>{detail(dashboard.summary, k)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="report-section" aria-labelledby="report-trends">
        <h2 id="report-trends">{t("metrics.dashboard.trendsBy", { by: t(BY_KEYS[by]) })}</h2>
        <TrendCharts trend={dashboard.trend} by={by} />
      </section>
      <section className="report-section" aria-labelledby="report-outcomes">
        <h2 id="report-outcomes">{t("metrics.report.outcomesAndGoals")}</h2>
        {outcomes.withheld ? (
          <OutcomesWithheld section={outcomes} values={values} path="/metrics/report" />
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
      </section>
      <section className="report-section" aria-labelledby="report-definitions">
        <h2 id="report-definitions">{t("metrics.report.definitions")}</h2>
        <dl>
          {OUTPUT_METRICS.map((k) => (
            <div key={k}>
              <dt>
                <strong>{t(`metrics.metric.${METRIC_KEYS[k]}.label`)}</strong>
              </dt>
              <dd>{t(`metrics.metric.${METRIC_KEYS[k]}.definition`, { attended: String(dashboard.rule.attended), of: String(dashboard.rule.of) })}</dd>
            </div>
          ))}
        </dl>
      </section>
    </>
  );
}
