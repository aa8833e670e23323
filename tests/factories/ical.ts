import ICAL from "ical.js";

/** Parses iCalendar text with ical.js (an independent parser) into plain events with UTC instants. */
export function parseIcs(text: string) {
  const root = new ICAL.Component(ICAL.parse(text));
  for (const tz of root.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.register(tz);
  }
  return {
    method: root.getFirstPropertyValue("method") as string | null,
    timezones: root.getAllSubcomponents("vtimezone").map((tz) => tz.getFirstPropertyValue("tzid") as string),
    events: root.getAllSubcomponents("vevent").map((v) => {
      const event = new ICAL.Event(v);
      return {
        uid: event.uid,
        sequence: event.sequence,
        start: event.startDate.toJSDate().toISOString(),
        end: event.endDate.toJSDate().toISOString(),
        tzid: event.startDate.zone?.tzid,
        status: v.getFirstPropertyValue("status") as string | null,
        summary: event.summary,
        attendees: v.getAllProperties("attendee").map((a) => String(a.getFirstValue())),
      };
    }),
  };
}
