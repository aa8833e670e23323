/**
 * "Was this request started by the app's own pages (or typed, bookmarked, or opened from a QR
 * code by the person)?" — the one answer for downloads of personal data and for the check-in
 * link, both at the HTTP edge (app/web/server.server.ts) and inside loaders (download.server.ts).
 *
 * SameSite=Lax sends the session cookie on a top-level GET another site starts (a link, a
 * redirect, a form with method=get), so such a request arrives signed in although nobody here
 * chose to make it. Browsers say where a request came from in Sec-Fetch-Site: "same-origin", or
 * "none" when typed, bookmarked or opened by the phone's camera; "same-site" and "cross-site" are
 * another site's. Without that header (an older browser) the Referer, when sent, must be one of
 * ours (the app's pages send it: Referrer-Policy same-origin); a request with neither is taken as
 * typed. Pure: headers and the trusted origins (APP_URL's) in, yes or no out.
 */
export type StartSignals = { site?: string | null; referer?: string | null };

export function startedHere(signals: StartSignals, trustedOrigins: readonly string[]): boolean {
  const { site, referer } = signals;
  if (typeof site === "string") return site === "same-origin" || site === "none";
  if (typeof referer !== "string") return true;
  try {
    return trustedOrigins.includes(new URL(referer).origin);
  } catch {
    return false;
  }
}

/** The refusal of a download another site started (English; translated where it is answered). */
export const CROSS_SITE_DOWNLOAD_MESSAGE =
  "This download was started from another site and was refused. Open the page in the app and use its download link.";
