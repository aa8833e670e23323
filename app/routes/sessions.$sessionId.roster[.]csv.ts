import type { LoaderFunctionArgs } from "@remix-run/node";
import { startDownload } from "~/web/download.server";
import { rosterCsv } from "~/modules/attendance/roster/export.server";
import { STAFF_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { csvFile } from "~/modules/export/csv";
import { localeOf } from "~/i18n/locales";
import { parseId } from "~/web/http.server";

/** A session's roster as CSV, for the people who may open the roster (in each listed person's disclosure history). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const download = await startDownload(request);
  const user = await requireUser(request, { roles: STAFF_ROLES });
  const { header, rows, redisclosureNotice, filename } = await rosterCsv(user, parseId(params.sessionId), new Date());
  return download.csv(csvFile(header, rows, { redisclosureNotice, locale: localeOf(user.locale) }), filename);
}
