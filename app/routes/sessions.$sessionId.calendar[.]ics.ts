import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/modules/auth/session.server";
import { buildPersonalCalendar } from "~/modules/calendar/ics";
import { calendarEntriesDiscreetFor, sessionForDownload, toCalendarSession } from "~/modules/calendar/queries.server";
import { parseId } from "~/web/http.server";
import { appUrl } from "~/config.server";
import { localeOf } from "~/i18n/locales";
import { describedIn } from "~/modules/translations/queries.server";
import { startDownload } from "~/web/download.server";

/**
 * One session as a downloadable .ics, for the people who may see it: discreet ("Session", time,
 * place, status) or named, as the person chose on Profile (by default discreet for participants).
 * A download like any other (startDownload): another site cannot start it — a named file would
 * land on a shared PC's downloads folder, or be opened into its calendar, with the group's name.
 * (Calendar feeds, /calendar/<token>.ics, are fetched by calendar services by design.)
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const download = await startDownload(request);
  const user = await requireUser(request);
  const locale = localeOf(user.locale);
  const row = await sessionForDownload(user, parseId(params.sessionId));
  const discreet = await calendarEntriesDiscreetFor(user);
  // A discreet file carries no description: no need to look up its translation.
  const [session] = discreet ? [row] : await describedIn(user.organizationId, locale, [row], (s) => s.groupId);
  const body = buildPersonalCalendar([toCalendarSession(session, appUrl(), session.groupId)], {
    name: session.groupName,
    now: new Date(),
    method: "PUBLISH",
    reader: { locale, discreet },
  });
  return download.calendar(body, `session-${session.id}.ics`);
}
