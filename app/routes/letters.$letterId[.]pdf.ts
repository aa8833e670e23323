import type { LoaderFunctionArgs } from "@remix-run/node";
import { startDownload } from "~/web/download.server";
import { requireUser } from "~/modules/auth/session.server";
import { letterPdf } from "~/modules/completion/releases/queries.server";
import { parseId } from "~/web/http.server";

/** A letter sent under a release: the participant's copy, or staff with a relationship while the release stands (audited). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const download = await startDownload(request);
  const user = await requireUser(request);
  const { bytes, filename } = await letterPdf(user, parseId(params.letterId), new Date());
  return download.pdf(bytes, filename);
}
