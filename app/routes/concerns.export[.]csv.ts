import type { LoaderFunctionArgs } from "@remix-run/node";
import { startDownload } from "~/web/download.server";
import { MANAGING_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { csvFile } from "~/modules/export/csv";
import { localeOf } from "~/i18n/locales";
import { concernsCsv } from "~/modules/voice/concerns/export.server";

/** The concerns a manager handles, as CSV (never one about themselves; named submitters see the download in their history). */
export async function loader({ request }: LoaderFunctionArgs) {
  const download = await startDownload(request);
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const { header, rows, today, redisclosureNotice } = await concernsCsv(user, new Date());
  return download.csv(csvFile(header, rows, { redisclosureNotice, locale: localeOf(user.locale) }), `concerns-${today}.csv`);
}
