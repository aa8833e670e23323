import type { LoaderFunctionArgs } from "@remix-run/node";
import { startDownload } from "~/web/download.server";
import { db } from "~/db/client.server";
import { audit } from "~/modules/audit/mutations.server";
import { MANAGING_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { csvFile } from "~/modules/export/csv";
import { localeOf } from "~/i18n/locales";
import { todayIn } from "~/modules/metrics/queries.server";
import { recordsReportTable } from "~/modules/records/queries.server";
import { REPORT_TABLES, reportCsv, type ReportTable } from "~/modules/records/report";
import { dateStyleOf } from "~/modules/time/zoned";
import { notFound } from "~/web/http.server";

/** The service-records report's tables as CSV (the shared writer), every row (not the page's first 200/500), audited. */
export async function loader({ request }: LoaderFunctionArgs) {
  const download = await startDownload(request);
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const table = new URL(request.url).searchParams.get("table") as ReportTable;
  if (!REPORT_TABLES.includes(table)) notFound("Unknown table: choose overdue, incidents or signed.");
  const now = new Date();
  const today = todayIn(now, user.timezone);
  const csv = reportCsv(table, await recordsReportTable(user, table, now), user.timezone, dateStyleOf(user.locale), today);
  await audit(db, { organizationId: user.organizationId, actorId: user.id, action: "records.report_exported", subjectType: "organization", subjectId: user.organizationId, after: { table, rows: csv.rows.length } });
  // Incident descriptions are free text that may name a member of a substance-use group: the notice comes first.
  return download.csv(csvFile(csv.header, csv.rows, { redisclosureNotice: table === "incidents", locale: localeOf(user.locale) }), csv.filename);
}
