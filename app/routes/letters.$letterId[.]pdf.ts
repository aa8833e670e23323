import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/modules/auth/session.server";
import { letterPdf } from "~/modules/completion/releases/queries.server";
import { parseId } from "~/web/http.server";

/** A letter sent under a release: the participant's copy, or staff with a relationship while the release stands (audited). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { bytes, filename } = await letterPdf(user, parseId(params.letterId), new Date());
  return new Response(Buffer.from(bytes), {
    headers: {
      "content-type": "application/pdf",
      "content-disposition": `attachment; filename="${filename}"`,
      "cache-control": "private, no-store",
    },
  });
}
