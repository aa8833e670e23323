import type { LoaderFunctionArgs } from "@remix-run/node";
import { startDownload } from "~/web/download.server";
import { MANAGING_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { exportMatrixCsv } from "~/modules/competency/matrix/queries.server";
import { readMatrixFilter } from "~/modules/competency/schema";

/** The competency matrix as CSV for managers, with the same filters as the page. */
export async function loader({ request }: LoaderFunctionArgs) {
  const download = await startDownload(request);
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const now = new Date();
  const csv = await exportMatrixCsv(user, readMatrixFilter(new URL(request.url)), now);
  return download.csv(csv, `competency-matrix-${now.toISOString().slice(0, 10)}.csv`);
}
