import type { LoaderFunctionArgs } from "@remix-run/node";
import { startDownload } from "~/web/download.server";
import { MANAGING_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { funderReportCsv } from "~/modules/demographics/export.server";
import { funderPage } from "~/modules/demographics/queries.server";
import { translateMessage } from "~/i18n/catalog";
import { localeOf } from "~/i18n/locales";

/** The funder report of the page's URL as CSV: the same loaded view, so the same figures and suppression. */
export async function loader({ request }: LoaderFunctionArgs) {
  const download = await startDownload(request);
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const page = await funderPage(user, new URL(request.url).searchParams, new Date());
  if (!page.report) {
    const problems = Object.values(page.errors).flat();
    const locale = localeOf(user.locale);
    return new Response(problems.length ? problems.map((p) => translateMessage(p, locale)).join(" ") : translateMessage("Choose a period (and programs) first.", locale), { status: 400, headers: { "content-type": "text/plain; charset=utf-8" } });
  }
  const csv = await funderReportCsv(user, page.report);
  return download.csv(csv.body, csv.filename);
}
