import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { MANAGING_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { formatFigure, METRIC_INFO, OUTPUT_METRICS } from "~/modules/metrics/definitions";
import { loadDashboard, prepareView } from "~/modules/metrics/queries.server";
import { filterQuery } from "~/modules/metrics/schema";
import { OutcomesTable, TrendCharts } from "~/ui/metrics-dashboard";
import { CustomOutcomesTable } from "~/ui/metrics-custom-measures";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Report: ${data?.period.label ?? "metrics"} · Group Sessions` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const view = await prepareView(user, request, new Date());
  const dashboard = await loadDashboard(user, view);
  return { organization: user.organizationName, period: view.period, by: view.by, values: view.values, timezone: view.timezone, today: view.today, dashboard };
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
  const { organization, period, by, values, timezone, today, dashboard } = useLoaderData<typeof loader>();
  return (
    <>
      <style dangerouslySetInnerHTML={{ __html: PRINT_CSS }} />
      <p className="no-print">
        <Link to={`/metrics${filterQuery(values)}`}>Back to the dashboard</Link> · Use your browser's Print command to print or save this report as PDF.
      </p>
      <h1>
        {organization}: program report, {period.label}
      </h1>
      <p>
        {dashboard.scope.description.length ? dashboard.scope.description.join(" · ") : "Whole organisation"}. Days run from midnight to midnight in{" "}
        {timezone.replace(/_/g, " ")}. Prepared {today}.
      </p>
      <section className="report-section" aria-labelledby="report-outputs">
        <h2 id="report-outputs">Outputs</h2>
        <table className="report-figures">
          <thead>
            <tr>
              <th scope="col">Figure</th>
              <th scope="col">Value</th>
              <th scope="col">Behind the figure</th>
            </tr>
          </thead>
          <tbody>
            {OUTPUT_METRICS.map((k) => (
              <tr key={k}>
                <th scope="row">{METRIC_INFO[k].label}</th>
                <td>{formatFigure(dashboard.summary[k], METRIC_INFO[k].format)}</td>
                <td>{dashboard.summary.details[k] ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="report-section" aria-labelledby="report-trends">
        <h2 id="report-trends">Trends by {by}</h2>
        <TrendCharts trend={dashboard.trend} by={by} />
      </section>
      <section className="report-section" aria-labelledby="report-outcomes">
        <h2 id="report-outcomes">Outcomes and goals</h2>
        <OutcomesTable outcomes={dashboard.outcomes} scale={dashboard.scale} />
        <CustomOutcomesTable outcomes={dashboard.customOutcomes} label="Other outcomes: the organisation's own measures" />
        <p>
          Goals with a target date in the period: {dashboard.goals.due}; achieved: {dashboard.goals.achieved} ({formatFigure(dashboard.goals.rate, "percent")}).
        </p>
      </section>
      <section className="report-section" aria-labelledby="report-definitions">
        <h2 id="report-definitions">Definitions</h2>
        <dl>
          {OUTPUT_METRICS.map((k) => (
            <div key={k}>
              <dt>
                <strong>{METRIC_INFO[k].label}</strong>
              </dt>
              <dd>{METRIC_INFO[k].definition.replace("N of", `${dashboard.rule.attended} of`).replace("first M", `first ${dashboard.rule.of}`)}</dd>
            </div>
          ))}
        </dl>
      </section>
    </>
  );
}
