import ical, { ICalCalendarMethod, ICalEventStatus } from "ical-generator";
import { DateTime } from "luxon";
import { getZone } from "~/modules/time/zoned";
import { buildVTimezone } from "./vtimezone";
import { translatorFor } from "~/i18n/catalog";
import { DEFAULT_LOCALE, languageOf, type Locale } from "~/i18n/locales";

/**
 * Whether the local wall time of `instant` in `zone` happens twice (a fall-back fold). Such a
 * time cannot be written unambiguously as TZID + local time (parsers disagree on which of the two
 * is meant), so those events are written in UTC instead.
 */
export function isAmbiguousLocalTime(zoneName: string, instant: Date): boolean {
  const zone = getZone(zoneName);
  const t = instant.getTime();
  const local = (x: number) => x + zone.offset(x) * 60_000;
  return [-120, -60, -30, 30, 60, 120].some((m) => local(t + m * 60_000) === local(t));
}

/**
 * iCalendar text for sessions. Pure: `now` (DTSTAMP) and zones come in as data.
 * - one stable UID per session, SEQUENCE from the session (rises on every change),
 * - cancelled sessions stay with STATUS:CANCELLED,
 * - times are written in the group's zone with a VTIMEZONE computed from the IANA data,
 * - no attendee other than the recipient of an emailed invitation is ever included.
 */
export type CalendarSession = {
  id: string;
  sequence: number;
  startsAt: Date;
  endsAt: Date;
  timezone: string;
  title: string;
  description: string;
  location: string;
  url?: string;
  status: "scheduled" | "cancelled" | "held";
};

export type CalendarOptions = {
  name: string;
  now: Date;
  method?: "REQUEST" | "CANCEL" | "PUBLISH";
  organizer?: { name: string; email: string };
  attendee?: { name: string; email: string };
  /** The reader's language: the "Cancelled:" prefix and the calendar's language tag. */
  locale?: Locale;
};

/**
 * Text from people (group names, places, names) made safe for one iCalendar line: line breaks and
 * other control characters would start a new property (a name with "\r\nATTENDEE:…" injected an
 * attendee into the calendar's NAME); quotes would end a quoted CN parameter.
 */
export function oneLine(text: string, options: { parameter?: boolean } = {}): string {
  const flat = text.replace(/[\u0000-\u001f\u007f]+/g, " ").replace(/ {2,}/g, " ").trim();
  return options.parameter ? flat.replace(/"/g, "'") : flat;
}

/** Multi-line text (a description): line breaks kept as line breaks, other control characters dropped. */
function multiLine(text: string): string {
  return text.replace(/\r\n?/g, "\n").replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, "");
}

export const sessionUid = (sessionId: string) => `session-${sessionId}@group-sessions`;

export function buildCalendar(sessions: CalendarSession[], options: CalendarOptions): string {
  const years = sessions.flatMap((s) => [s.startsAt.getUTCFullYear(), s.endsAt.getUTCFullYear()]);
  const fromYear = years.length ? Math.min(...years) - 1 : options.now.getUTCFullYear();
  const toYear = years.length ? Math.max(...years) + 1 : options.now.getUTCFullYear();
  const locale = options.locale ?? DEFAULT_LOCALE;
  const t = translatorFor(locale);
  const calendar = ical({
    name: oneLine(options.name),
    prodId: { company: "Group Sessions", product: "group-sessions", language: languageOf(locale).toUpperCase() },
    method:
      options.method === "REQUEST"
        ? ICalCalendarMethod.REQUEST
        : options.method === "CANCEL"
          ? ICalCalendarMethod.CANCEL
          : options.method === "PUBLISH"
            ? ICalCalendarMethod.PUBLISH
            : undefined,
    timezone: { name: null, generator: (zone: string) => buildVTimezone(zone, fromYear, toYear) },
  });
  for (const s of sessions) {
    const cancelled = s.status === "cancelled" || options.method === "CANCEL";
    const inUtc = isAmbiguousLocalTime(s.timezone, s.startsAt) || isAmbiguousLocalTime(s.timezone, s.endsAt);
    const event = calendar.createEvent({
      id: sessionUid(s.id),
      sequence: s.sequence,
      // luxon DateTimes in the group's zone: ical-generator writes their local time under TZID.
      start: inUtc ? s.startsAt : DateTime.fromJSDate(s.startsAt, { zone: s.timezone }),
      end: inUtc ? s.endsAt : DateTime.fromJSDate(s.endsAt, { zone: s.timezone }),
      timezone: inUtc ? null : s.timezone,
      stamp: options.now,
      summary: oneLine(cancelled ? t("email.calendar.cancelled", { title: s.title }) : s.title),
      // No DESCRIPTION line at all when there is none (a discreet entry: "DESCRIPTION:" would still say one was removed).
      description: multiLine(s.description) || null,
      location: oneLine(s.location) || null,
      url: s.url ?? null,
      status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
    if (options.organizer) event.organizer({ name: oneLine(options.organizer.name, { parameter: true }), email: options.organizer.email });
    if (options.attendee) event.createAttendee({ name: oneLine(options.attendee.name, { parameter: true }), email: options.attendee.email, rsvp: false });
  }
  return calendar.toString();
}

/**
 * A session as a discreet calendar shows it (a calendar other people can see): its time, place and
 * status under a plain title — no group name, description or link to the organisation's site. The
 * UID and SEQUENCE stay, so a later update or cancellation still matches the entry.
 */
export function discreetSession(session: CalendarSession, title: string): CalendarSession {
  const { id, sequence, startsAt, endsAt, timezone, status, location } = session;
  return { id, sequence, startsAt, endsAt, timezone, status, location, title, description: "" };
}

export type PersonalCalendarOptions = Omit<CalendarOptions, "name" | "organizer" | "locale"> & {
  /** The person the calendar is for: their language, and whether their entries are discreet. */
  reader: { locale: Locale; discreet: boolean };
  /** The calendar's name when named (a discreet calendar is "My sessions"). */
  name: string;
  /**
   * An emailed invitation's organiser: named, the organisation (its name and contact address);
   * discreet, a plain name and `sender`, the address the mail comes from (an agency's own address
   * can name it, and a REQUEST needs an organiser).
   */
  organizer?: { name: string; email: string; sender: string };
};

/**
 * The one place a calendar for one person is written: a personal feed, a session's download, an
 * emailed invitation, move or cancellation. A discreet reader's events read "Session" (time, place,
 * status; "Cancelled: Session" when cancelled) in a calendar called "My sessions", organised by
 * "Sessions": no group or organisation name, description or link anywhere in the file.
 */
export function buildPersonalCalendar(sessions: CalendarSession[], options: PersonalCalendarOptions): string {
  const { reader, organizer, ...rest } = options;
  if (!reader.discreet) {
    return buildCalendar(sessions, { ...rest, locale: reader.locale, organizer: organizer && { name: organizer.name, email: organizer.email } });
  }
  const t = translatorFor(reader.locale);
  return buildCalendar(
    sessions.map((s) => discreetSession(s, t("email.calendar.discreetTitle"))),
    {
      ...rest,
      name: t("email.calendar.discreetName"),
      locale: reader.locale,
      organizer: organizer && { name: t("email.calendar.discreetOrganizer"), email: organizer.sender },
    },
  );
}
