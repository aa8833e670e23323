import type { LoaderFunctionArgs } from "@remix-run/node";
import { startDownload } from "~/web/download.server";
import { STAFF_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { csvFile } from "~/modules/export/csv";
import { localeOf } from "~/i18n/locales";
import { referralsCsv } from "~/modules/referrals/export.server";
import { readReferralView } from "~/modules/referrals/schema";

/** The referrals list as CSV, for the same people and view as /referrals (in each person's disclosure history). */
export async function loader({ request }: LoaderFunctionArgs) {
  const download = await startDownload(request);
  const user = await requireUser(request, { roles: STAFF_ROLES });
  const view = readReferralView(new URL(request.url));
  const { header, rows, today, redisclosureNotice } = await referralsCsv(user, view, new Date());
  return download.csv(csvFile(header, rows, { redisclosureNotice, locale: localeOf(user.locale) }), `referrals-${view}-${today}.csv`);
}
