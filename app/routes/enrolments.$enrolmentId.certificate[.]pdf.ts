import type { LoaderFunctionArgs } from "@remix-run/node";
import { startDownload } from "~/web/download.server";
import { requireUser } from "~/modules/auth/session.server";
import { certificatePdf } from "~/modules/completion/queries.server";
import { parseId } from "~/web/http.server";

/** The certificate of completion: the participant, or staff with a relationship (a recorded disclosure). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const download = await startDownload(request);
  const user = await requireUser(request);
  const { bytes, filename } = await certificatePdf(user, parseId(params.enrolmentId));
  return download.pdf(bytes, filename);
}
