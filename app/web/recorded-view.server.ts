import { redirect } from "@remix-run/node";
import type { Role } from "~/modules/auth/policy";
import { requestStartedHere } from "./download.server";

/** Where a page opened from another site asks first (app/routes/open.tsx). */
export const OPEN_PAGE_PATH = "/open";

/**
 * Call in every page loader that records a view of people's records (a roster, an intake, notes,
 * a plan, figures naming people: the audit's view actions), right after the sign-in check and
 * before anything is read or recorded. A page another site opened — a link, a redirect, a frame
 * (SameSite=Lax sends the cookie on a top-level GET; a frame is refused by the browser only after
 * the server answered) — is not opened for staff: they are sent to "Open this page?", which
 * records nothing and links to the same address from the app, so the view is recorded only when
 * the person continues from our own site. Typed addresses, bookmarks and the app's own links
 * (Sec-Fetch-Site none or same-origin) open as before: the rule is started-here.ts's, as for
 * downloads and check-in links. Participants pass: no view is recorded for them.
 */
export function confirmRecordedView(request: Request, user: { role: Role }): void {
  if (user.role === "participant" || requestStartedHere(request)) return;
  const url = new URL(request.url);
  // The page's own address: a single-fetch data request (".data", "_routes") names its page.
  url.searchParams.delete("_routes");
  url.searchParams.delete("_data");
  const page = url.pathname.replace(/\.data$/, "").replace(/\/_root$/, "/") || "/";
  throw redirect(`${OPEN_PAGE_PATH}?${new URLSearchParams({ to: page + url.search })}`);
}
