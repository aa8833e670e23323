import type { LoaderFunctionArgs } from "@remix-run/node";
import { getUser } from "~/modules/auth/session.server";

/**
 * Whether this browser's session is still open (`{"signedIn":true}`, and the request counts as
 * activity: a staff member typing a long note) or has ended (`{"signedIn":false}`) — never a
 * redirect to the sign-in page, so the page that asked can keep what was typed
 * (app/ui/session-keeper.tsx). Always 200: an ended session is an answer, not a failure.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  return new Response(JSON.stringify({ signedIn: user !== null }), { status: 200, headers: { "content-type": "application/json", "cache-control": "no-store" } });
}
