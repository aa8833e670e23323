import type { LoaderFunctionArgs } from "@remix-run/node";
import { startDownload } from "~/web/download.server";
import { db } from "~/db/client.server";
import { audit } from "~/modules/audit/mutations.server";
import { MANAGING_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { directoryToCsv } from "~/modules/referrals/directory-csv";
import { exportResources } from "~/modules/referrals/queries.server";

/** The organisation's directory as RFC 4180 CSV (the same columns the import reads). */
export async function loader({ request }: LoaderFunctionArgs) {
  const download = await startDownload(request);
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const rows = await exportResources(user);
  await audit(db, { organizationId: user.organizationId, actorId: user.id, action: "resource.export", subjectType: "directory", subjectId: user.organizationId, after: { rows: rows.length } });
  return download.csv(directoryToCsv(rows), `${user.organizationSlug}-directory.csv`);
}
