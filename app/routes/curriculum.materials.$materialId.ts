import type { LoaderFunctionArgs } from "@remix-run/node";
import { startDownload } from "~/web/download.server";
import { redirect } from "@remix-run/node";
import { requireUser } from "~/modules/auth/session.server";
import { materialForDownload } from "~/modules/records/curriculum/queries.server";
import { parseId } from "~/web/http.server";

/**
 * A curriculum material: a file is downloaded with its checked type (never sniffed, never cached,
 * sandboxed); a link redirects to its address. Who may open it is decided by the module (role,
 * organisation, and the relationship: enrolled now for participants' materials, a facilitator of
 * the group now or a manager for every material).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const download = await startDownload(request);
  const user = await requireUser(request);
  const material = await materialForDownload(user, parseId(params.materialId));
  if (material.kind === "link" || !material.content) return redirect(material.url ?? "/");
  return download.file(material.content, { contentType: material.contentType ?? "application/octet-stream", fileName: material.fileName ?? "material" });
}
