import { config } from "~/config.server";
import { translateMessage } from "~/i18n/catalog";
import { requestLocale } from "~/i18n/locale.server";
import { csvHeaders } from "~/modules/export/csv";
import { CROSS_SITE_DOWNLOAD_MESSAGE, startedHere } from "./started-here";

/** Whether this request was started by the app's own pages, or typed/bookmarked (see started-here.ts). */
export function requestStartedHere(request: Request): boolean {
  return startedHere({ site: request.headers.get("sec-fetch-site"), referer: request.headers.get("referer") }, config().trustedOrigins);
}

/** Never cached, never sniffed; a stored file is also sandboxed should a browser ever render it. */
const PRIVATE_FILE = { "x-content-type-options": "nosniff", "cache-control": "private, no-store" } as const;

/** The only way to answer with a file of personal data: made by `startDownload`, after its check. */
export type Download = {
  /** A CSV written by csvFile (or a module's own writer on top of it), saved under `filename`. */
  csv(body: string, filename: string): Response;
  /** A PDF the server wrote (certificate, letter). */
  pdf(bytes: Uint8Array, filename: string): Response;
  /** A stored upload (release scan, evidence, curriculum material) with its checked type. */
  file(bytes: Uint8Array, file: { contentType: string; fileName: string }): Response;
  /** A calendar file the server wrote (one session's .ics), saved under `filename`. */
  calendar(body: string, filename: string): Response;
};

/**
 * Call first in every loader that serves a file of personal data — before the session is read,
 * before anything is queried or audited. A download another site started (a link, an <img>, a
 * redirect: SameSite=Lax sends the cookie on a top-level GET) is answered 403 with a sentence in
 * the reader's language, and nothing is read or written: no file lands on a shared office PC and
 * no export appears in anyone's disclosure history that nobody chose to make. Inside the loader,
 * so no spelling of the address (a trailing slash, "%2E", the ".data" suffix, "?_data=") can
 * reach the file without it; the check at the HTTP edge (server.server.ts) is a second line.
 */
export async function startDownload(request: Request): Promise<Download> {
  if (!requestStartedHere(request)) {
    const locale = await requestLocale(request, null);
    throw new Response(translateMessage(CROSS_SITE_DOWNLOAD_MESSAGE, locale), {
      status: 403,
      headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
    });
  }
  return {
    csv: (body, filename) => new Response(body, { headers: csvHeaders(filename) }),
    pdf: (bytes, filename) =>
      new Response(Buffer.from(bytes), {
        headers: { "content-type": "application/pdf", "content-disposition": `attachment; filename="${filename}"`, "cache-control": "private, no-store" },
      }),
    file: (bytes, file) =>
      new Response(new Uint8Array(bytes), {
        headers: {
          "content-type": file.contentType,
          "content-length": String(bytes.byteLength),
          "content-disposition": `attachment; filename="${file.fileName}"`,
          ...PRIVATE_FILE,
          "content-security-policy": "default-src 'none'; sandbox",
        },
      }),
    calendar: (body, filename) =>
      new Response(body, {
        headers: { "content-type": "text/calendar; charset=utf-8", "content-disposition": `attachment; filename="${filename}"`, ...PRIVATE_FILE },
      }),
  };
}
