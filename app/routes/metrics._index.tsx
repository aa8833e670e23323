import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { MANAGING_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { formatFigure } from "~/modules/metrics/definitions";
import { loadDashboard, prepareView } from "~/modules/metrics/queries.server";
import { filterQuery } from "~/modules/metrics/schema";
import { CsvLink, HeadlineOutputs, MetricsFilterForm, OutcomesTable, OutputsTable, TrendCharts } from "~/ui/metrics-dashboard";
import { CustomOutcomesTable } from "~/ui/metrics-custom-measures";

export const meta: MetaFunction = () => [{ title: "Metrics · Group Sessions" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const view = await prepareView(user, request, new Date());
  const dashboard = await loadDashboard(user, view);
  return { view: { values: view.values, errors: view.errors, options: view.options, period: view.period, by: view.by, timezone: view.timezone }, dashboard };
}

export default function MetricsDashboard() {
  const { view, dashboard } = useLoaderData<typeof loader>();
  const q = filterQuery(view.values);
  return (
    <>
      <h1>Program metrics</h1>
      <p>
        <strong>{view.period.label}</strong>
        {dashboard.scope.description.length ? ` · ${dashboard.scope.description.join(" · ")}` : " · whole organisation"}. Days run from midnight to midnight
        in {view.timezone.replace(/_/g, " ")}.
      </p>
      <HeadlineOutputs summary={dashboard.summary} />
      <MetricsFilterForm action="/metrics" values={view.values} errors={view.errors} options={view.options} />
      <p className="no-print">
        <Link to={`/metrics/report${q}`}>Printable report for this view</Link> · <Link to="/outcomes">Outcome measures</Link> ·{" "}
        <Link to="/evidence">Accreditation evidence</Link> · <Link to="/metrics/plans">Service plans report</Link> · <Link to="/metrics/funder">Funder report (by demographics)</Link>
      </p>
      {view.options.programs.length ? (
        <p className="no-print">
          Logic models:{" "}
          {view.options.programs.map((p, i) => (
            <span key={p.id}>
              {i ? " · " : ""}
              <Link to={`/programs/${p.id}/logic-model${filterQuery({ period: view.values.period })}`}>{p.name}</Link>
            </span>
          ))}
        </p>
      ) : null}
      <section aria-labelledby="outputs">
        <h2 id="outputs">Outputs</h2>
        <OutputsTable summary={dashboard.summary} values={view.values} rule={dashboard.rule} />
        <p>
          <CsvLink table="summary" values={view.values} label="Download outputs (CSV)" />
        </p>
      </section>
      <section aria-labelledby="trends">
        <h2 id="trends">Trends by {view.by}</h2>
        <TrendCharts trend={dashboard.trend} by={view.by} />
        <p>
          <CsvLink table="trend" values={view.values} label="Download trends (CSV)" />
        </p>
      </section>
      <section aria-labelledby="outcomes">
        <h2 id="outcomes">Outcomes</h2>
        <OutcomesTable outcomes={dashboard.outcomes} scale={dashboard.scale} />
        <CustomOutcomesTable outcomes={dashboard.customOutcomes} label="Other outcomes: the organisation's own measures" />
        <p>
          Goals with a target date in the period: {dashboard.goals.due}; achieved: {dashboard.goals.achieved} ({formatFigure(dashboard.goals.rate, "percent")}).
        </p>
        <p>
          <CsvLink table="outcomes" values={view.values} label="Download outcomes (CSV)" />
        </p>
      </section>
    </>
  );
}
