import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/db/client.server";
import { buildPersonalCalendar } from "~/modules/calendar/ics";
import { groupFeedIcs } from "~/modules/calendar/mutations.server";
import { findFeed, sessionsForPerson, toCalendarSession } from "~/modules/calendar/queries.server";
import { appUrl } from "~/config.server";
import { translatorFor } from "~/i18n/catalog";
import { localeOf } from "~/i18n/locales";
import { describedIn } from "~/modules/translations/queries.server";

/**
 * A secret iCal feed (/calendar/<token>.ics): the token is the credential, so no sign-in. A revoked
 * or unknown token is a 404. Personal feeds hold the person's own sessions; group feeds (staff)
 * the group's. No feed contains anyone's name or email. A discreet personal feed names no group or
 * organisation either (events read "Session").
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const token = (params.token ?? "").replace(/\.ics$/, "");
  const feed = token ? await findFeed(token) : null;
  if (!feed) return new Response("Calendar not found", { status: 404, headers: { "content-type": "text/plain" } });
  const now = new Date();
  const base = appUrl();
  // A personal feed is written in its owner's language (users.locale).
  const locale = localeOf(feed.userLocale);
  const mine = feed.groupId ? [] : await sessionsForPerson(db, feed.userId, feed.organizationId, new Date(now.getTime() - 90 * 86_400_000), undefined, { fromJoining: true });
  const body = feed.groupId
    ? await groupFeedIcs(feed.groupId, feed.organizationId, now, base, feed.organizationName)
    : // A discreet link (for a calendar others can see) names no group or organisation: buildPersonalCalendar.
      buildPersonalCalendar(
        (feed.discreet ? mine : await describedIn(feed.organizationId, locale, mine, (r) => r.groupId)).map((r) => toCalendarSession(r, base, r.groupId)),
        { name: translatorFor(locale)("email.calendar.feedName", { organization: feed.organizationName }), now, reader: { locale, discreet: feed.discreet } },
      );
  return new Response(body, {
    headers: {
      "content-type": "text/calendar; charset=utf-8",
      "cache-control": "private, max-age=300",
      "content-disposition": 'inline; filename="sessions.ics"',
    },
  });
}
