import type { LoaderFunctionArgs } from "@remix-run/node";
import { startDownload } from "~/web/download.server";
import { requireUser } from "~/modules/auth/session.server";
import { paperReleaseScan } from "~/modules/completion/releases/queries.server";
import { parseId } from "~/web/http.server";

/**
 * The scan of a release signed on paper: the participant, a manager, or the person's current
 * facilitator (staff views are audited). Served as a download with its checked type, never sniffed.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const download = await startDownload(request);
  const user = await requireUser(request);
  const file = await paperReleaseScan(user, parseId(params.releaseId));
  return download.file(file.bytes, { contentType: file.contentType, fileName: file.fileName });
}
