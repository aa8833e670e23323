import type { LoaderFunctionArgs } from "@remix-run/node";
import { MANAGING_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { medicaidIdsCsv } from "~/modules/demographics/export.server";
import { csvHeaders } from "~/modules/export/csv";

/**
 * Medicaid IDs in full, for billing: managers only. No other page or file holds them unmasked;
 * each person listed gets this download in their disclosure history (audited in the same transaction).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const csv = await medicaidIdsCsv(user);
  return new Response(csv.body, { headers: csvHeaders(csv.filename) });
}
