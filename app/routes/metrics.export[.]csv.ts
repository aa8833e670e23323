import type { LoaderFunctionArgs } from "@remix-run/node";
import { startDownload } from "~/web/download.server";
import { MANAGING_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { metricsCsv } from "~/modules/metrics/export.server";
import { auditMetricsRead } from "~/modules/metrics/mutations.server";
import { prepareView } from "~/modules/metrics/queries.server";
import { parseMetric } from "~/modules/metrics/schema";
import { scopeHasSubstanceUseGroup } from "~/modules/consent/queries.server";
import { csvFile } from "~/modules/export/csv";
import { localeOf } from "~/i18n/locales";
import { notFound } from "~/web/http.server";

const TABLES = ["summary", "trend", "outcomes", "rows"] as const;
type Table = (typeof TABLES)[number];

/** CSV of any dashboard table for the same filters (GET, so the link can be shared like the view). */
export async function loader({ request }: LoaderFunctionArgs) {
  const download = await startDownload(request);
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const params = new URL(request.url).searchParams;
  const table = params.get("table") as Table;
  if (!TABLES.includes(table)) notFound("Unknown table");
  const metric = table === "rows" ? parseMetric(params.get("metric")) : null;
  if (table === "rows" && !metric) notFound("Unknown figure");
  const view = await prepareView(user, request, new Date());
  const csv = await metricsCsv(user, view, table, metric);
  // Rows name people: with a substance-use group in scope, the 42 CFR 2.32 notice comes first.
  const body = csvFile(csv.header, csv.rows, { redisclosureNotice: table === "rows" && (await scopeHasSubstanceUseGroup(user.organizationId, view)), locale: localeOf(user.locale) });
  // Each person the rows name gets the export in their disclosure history.
  await auditMetricsRead(user, "metrics.exported", table === "rows" ? `rows:${metric}` : table, { period: view.period, values: view.values }, csv.people);
  return download.csv(body, csv.filename);
}
