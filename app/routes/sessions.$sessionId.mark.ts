import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { markAttendance } from "~/modules/attendance/roster/mutations.server";
import { rosterActionSchema } from "~/modules/attendance/schema";
import { STAFF_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { UserInputError, parseForm, parseId } from "~/web/http.server";

/**
 * The roster's one-tap mark as a small JSON endpoint for the page's save queue (JavaScript only;
 * without JavaScript the roster form posts to the roster itself). The same checks as the roster:
 * staff role, the session belongs to the user's organisation and to a group they may record.
 * Answers: 200 {ok, status}; 400 {ok: false, error} for a refused mark (not retried);
 * 401 when the sign-in has expired (the queue keeps the mark); 403/404 as usual.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  let user;
  try {
    user = await requireUser(request, { roles: STAFF_ROLES });
  } catch (thrown) {
    // requireUser redirects to the sign-in page; a script needs to know instead.
    if (thrown instanceof Response && thrown.status >= 300 && thrown.status < 400) {
      return json({ ok: false as const, error: "You are signed out. Sign in again in another tab; your marks are kept here." }, { status: 401 });
    }
    throw thrown;
  }
  const sessionId = parseId(params.sessionId);
  const form = await parseForm(request, rosterActionSchema);
  if (!form.ok || form.data.intent !== "mark") {
    const first = form.ok ? "Unknown action." : (Object.values(form.errors).flat()[0] ?? "The mark is not valid.");
    return json({ ok: false as const, error: first }, { status: 400 });
  }
  try {
    const saved = await markAttendance(user, sessionId, form.data);
    return json({ ok: true as const, status: saved.status });
  } catch (error) {
    if (error instanceof UserInputError) return json({ ok: false as const, error: error.message }, { status: 400 });
    throw error;
  }
}
