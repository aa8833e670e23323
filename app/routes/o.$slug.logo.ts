import type { LoaderFunctionArgs } from "@remix-run/node";
import { withDatabase } from "~/db/client.server";
import { getLogoBySlug } from "~/modules/orgs/queries.server";

/**
 * An organisation's logo, public like its name (the header shows it on the public pages too) and
 * scoped by the slug: one organisation's address never serves another's image. The header links
 * it with `?v=<upload time>`: that exact version may be cached for a year; any other request is
 * cached briefly and revalidated by its ETag, so a replaced or removed logo disappears at once.
 * Served with its checked type, never sniffed, in a sandbox.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const logo = await withDatabase(() => getLogoBySlug(params.slug ?? ""));
  if (!logo) throw new Response("This organisation has no logo.", { status: 404, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-cache" } });
  const version = String(logo.uploadedAt.getTime());
  const etag = `"logo-${version}"`;
  const current = new URL(request.url).searchParams.get("v") === version;
  const headers = {
    etag,
    "cache-control": current ? "public, max-age=31536000, immutable" : "public, max-age=300, must-revalidate",
    "x-content-type-options": "nosniff",
    "content-security-policy": "default-src 'none'; sandbox",
    "cross-origin-resource-policy": "same-origin",
  };
  if (request.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers });
  return new Response(new Uint8Array(logo.content), {
    headers: { ...headers, "content-type": logo.contentType, "content-length": String(logo.content.byteLength) },
  });
}
