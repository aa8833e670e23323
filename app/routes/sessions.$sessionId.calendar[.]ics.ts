import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/modules/auth/session.server";
import { buildCalendar } from "~/modules/calendar/ics";
import { sessionForDownload, toCalendarSession } from "~/modules/calendar/queries.server";
import { parseId } from "~/web/http.server";
import { appUrl } from "~/config.server";
import { localeOf } from "~/i18n/locales";
import { describedIn } from "~/modules/translations/queries.server";

/** One session as a downloadable .ics, for the people who may see it. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const locale = localeOf(user.locale);
  const [session] = await describedIn(user.organizationId, locale, [await sessionForDownload(user, parseId(params.sessionId))], (s) => s.groupId);
  const body = buildCalendar([toCalendarSession(session, appUrl(), session.groupId)], { name: session.groupName, now: new Date(), method: "PUBLISH", locale });
  return new Response(body, {
    headers: {
      "content-type": "text/calendar; charset=utf-8",
      "content-disposition": `attachment; filename="session-${session.id}.ics"`,
      "cache-control": "private, no-store",
    },
  });
}
