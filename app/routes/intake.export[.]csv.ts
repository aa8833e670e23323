import type { LoaderFunctionArgs } from "@remix-run/node";
import { startDownload } from "~/web/download.server";
import { STAFF_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { csvFile } from "~/modules/export/csv";
import { localeOf } from "~/i18n/locales";
import { intakeQueueCsv } from "~/modules/registration/export.server";

/** The intake queue as CSV: the same rows as /intake for this person (in each listed person's disclosure history). */
export async function loader({ request }: LoaderFunctionArgs) {
  const download = await startDownload(request);
  const user = await requireUser(request, { roles: STAFF_ROLES });
  const show = new URL(request.url).searchParams.get("show") === "all" ? "all" : "open";
  const { header, rows, today, redisclosureNotice } = await intakeQueueCsv(user, show, new Date());
  return download.csv(csvFile(header, rows, { redisclosureNotice, locale: localeOf(user.locale) }), `intake-queue-${show}-${today}.csv`);
}
