import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/modules/auth/session.server";
import { paperReleaseScan } from "~/modules/completion/releases/queries.server";
import { parseId } from "~/web/http.server";

/**
 * The scan of a release signed on paper: the participant, a manager, or the person's current
 * facilitator (staff views are audited). Served as a download with its checked type, never sniffed.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const file = await paperReleaseScan(user, parseId(params.releaseId));
  return new Response(new Uint8Array(file.bytes), {
    headers: {
      "content-type": file.contentType,
      "content-length": String(file.bytes.byteLength),
      "content-disposition": `attachment; filename="${file.fileName}"`,
      "x-content-type-options": "nosniff",
      "cache-control": "private, no-store",
      "content-security-policy": "default-src 'none'; sandbox",
    },
  });
}
