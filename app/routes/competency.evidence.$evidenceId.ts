import type { LoaderFunctionArgs } from "@remix-run/node";
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
  const user = await requireUser(request, { roles: STAFF_ROLES });
  const file = await getEvidenceFile(user, parseId(params.evidenceId));
  return new Response(new Uint8Array(file.content), {
    headers: {
      "content-type": file.contentType,
      "content-length": String(file.content.byteLength),
      "content-disposition": `attachment; filename="${file.fileName}"`,
      "x-content-type-options": "nosniff",
      "cache-control": "private, no-store",
      "content-security-policy": "default-src 'none'; sandbox",
    },
  });
}
