import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { MANAGING_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { METRIC_INFO } from "~/modules/metrics/definitions";
import { auditMetricsRead } from "~/modules/metrics/mutations.server";
import { loadRows, prepareView } from "~/modules/metrics/queries.server";
import { filterQuery, parseMetric } from "~/modules/metrics/schema";
import { CsvLink } from "~/ui/metrics-dashboard";
import { notFound } from "~/web/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.label ?? "Rows"} · Metrics · Group Sessions` }];

const PAGE_ROWS = 500;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const metric = parseMetric(new URL(request.url).searchParams.get("metric"));
  if (!metric) notFound("Unknown figure");
  const view = await prepareView(user, request, new Date());
  const { people, ...table } = await loadRows(user, view, metric, PAGE_ROWS);
  // Recorded for each person the rows name; their ids are not sent to the page.
  await auditMetricsRead(user, "metrics.rows_viewed", metric, { period: view.period, values: view.values, rows: table.rows.length }, people);
  return { metric, label: METRIC_INFO[metric].label, definition: METRIC_INFO[metric].definition, values: view.values, period: view.period, table };
}

export default function MetricRows() {
  const { metric, label, definition, values, period, table } = useLoaderData<typeof loader>();
  return (
    <>
      <p className="no-print">
        <Link to={`/metrics${filterQuery(values)}`}>Back to the dashboard</Link>
      </p>
      <h1>{label}: the rows behind the figure</h1>
      <p>
        {period.label}. {definition}
      </p>
      <p>
        <CsvLink table="rows" values={values} extra={{ metric }} label={`Download all rows (CSV)`} />
      </p>
      {table.truncated ? <p role="status">Showing the first {table.rows.length} rows; the CSV has them all.</p> : null}
      {table.rows.length === 0 ? (
        <p>No rows: nothing was counted for this figure in this view.</p>
      ) : (
        <div style={{ overflowX: "auto" }}>
          <table>
            <caption>
              {table.title} ({table.rows.length}
              {table.truncated ? "+" : ""} rows)
            </caption>
            <thead>
              <tr>
                {table.columns.map((c) => (
                  <th scope="col" key={c}>
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((r, i) => (
                <tr key={i}>
                  {r.map((v, j) => (
                    <td key={j}>{v ?? ""}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
