import type { LoaderFunctionArgs } from "@remix-run/node";
import { startDownload } from "~/web/download.server";
import { groupAttendanceCsv } from "~/modules/attendance/history/queries.server";
import { STAFF_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { csvFile } from "~/modules/export/csv";
import { localeOf } from "~/i18n/locales";
import { parseId } from "~/web/http.server";

/** A group's attendance marks as CSV (audited; 42 CFR 2.32 notice first for peer recovery groups). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const download = await startDownload(request);
  const user = await requireUser(request, { roles: STAFF_ROLES });
  const now = new Date();
  const { group, header, rows, notice } = await groupAttendanceCsv(user, parseId(params.groupId), now);
  return download.csv(csvFile(header, rows, { redisclosureNotice: notice !== null, locale: localeOf(user.locale) }), `attendance-${group.id.slice(0, 8)}-${now.toISOString().slice(0, 10)}.csv`);
}
