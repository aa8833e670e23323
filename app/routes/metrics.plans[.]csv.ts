import type { LoaderFunctionArgs } from "@remix-run/node";
import { startDownload } from "~/web/download.server";
import { MANAGING_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { scopeHasSubstanceUseGroup } from "~/modules/consent/queries.server";
import { csvFile } from "~/modules/export/csv";
import { localeOf } from "~/i18n/locales";
import { orgToday, plansReport, recordPlansReportRead } from "~/modules/plans/queries.server";
import { parsePlanPeriod, PLAN_REPORT_TABLES, plansReportCsv, type PlanReportTable } from "~/modules/plans/report";
import { notFound } from "~/web/http.server";

/** The plans report's tables as CSV (the shared writer); each person named is recorded in their disclosure history. */
export async function loader({ request }: LoaderFunctionArgs) {
  const download = await startDownload(request);
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const url = new URL(request.url);
  const table = url.searchParams.get("table") as PlanReportTable;
  if (!PLAN_REPORT_TABLES.includes(table)) notFound("Unknown table: choose due or met.");
  const { zone, today } = await orgToday(user.organizationId, new Date());
  const period = parsePlanPeriod(url.searchParams, today);
  const report = await plansReport(user, period, today, zone);
  const csv = plansReportCsv(table, report, today);
  await recordPlansReportRead(user, report, { table });
  // Names of people in a substance-use group's organisation: the 42 CFR 2.32 notice comes first.
  const notice = csv.rows.length > 0 && (await scopeHasSubstanceUseGroup(user.organizationId, {}));
  return download.csv(csvFile(csv.header, csv.rows, { redisclosureNotice: notice, locale: localeOf(user.locale) }), csv.filename);
}
