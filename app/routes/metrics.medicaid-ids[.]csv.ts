import type { LoaderFunctionArgs } from "@remix-run/node";
import { startDownload } from "~/web/download.server";
import { MANAGING_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { medicaidIdsCsv } from "~/modules/demographics/export.server";

/**
 * Medicaid IDs in full, for billing: managers only. No other page or file holds them unmasked;
 * each person listed gets this download in their disclosure history (audited in the same transaction).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const download = await startDownload(request);
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const csv = await medicaidIdsCsv(user);
  return download.csv(csv.body, csv.filename);
}
