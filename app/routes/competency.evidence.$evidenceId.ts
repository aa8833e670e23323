import type { LoaderFunctionArgs } from "@remix-run/node";
import { startDownload } from "~/web/download.server";
import { STAFF_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { getEvidenceFile } from "~/modules/competency/records/queries.server";
import { parseId } from "~/web/http.server";

/**
 * An uploaded certificate, only for the record's holder, their supervisor, and managers/admins of
 * the same organisation (anyone else: 404; participants: 403). Served as a download with its
 * checked type, never sniffed, never cached; the read is audited.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const download = await startDownload(request);
  const user = await requireUser(request, { roles: STAFF_ROLES });
  const file = await getEvidenceFile(user, parseId(params.evidenceId));
  return download.file(file.content, { contentType: file.contentType, fileName: file.fileName });
}
