import type { LoaderFunctionArgs } from "@remix-run/node";
import { startDownload } from "~/web/download.server";
import { STAFF_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { csvFile } from "~/modules/export/csv";
import { localeOf } from "~/i18n/locales";
import { feedbackReportCsv } from "~/modules/voice/feedback/export.server";
import { reportQuerySchema } from "~/modules/voice/schema";
import { invariantResponse } from "~/web/http.server";

/** The feedback report as CSV, for the same filters and with the same suppression as /feedback/reports. */
export async function loader({ request }: LoaderFunctionArgs) {
  const download = await startDownload(request);
  const user = await requireUser(request, { roles: STAFF_ROLES });
  const parsed = reportQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  invariantResponse(parsed.success, parsed.error?.issues[0]?.message ?? "Bad report choice", 400);
  const { header, rows, period, redisclosureNotice } = await feedbackReportCsv(user, parsed.data, new Date());
  return download.csv(csvFile(header, rows, { redisclosureNotice, locale: localeOf(user.locale) }), `feedback-${period}.csv`);
}
