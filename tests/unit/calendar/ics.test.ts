import { describe, expect, it } from "vitest";
import { buildCalendar, isAmbiguousLocalTime, type CalendarSession } from "~/modules/calendar/ics";
import { buildVTimezone } from "~/modules/calendar/vtimezone";
import { parseIcs } from "../../factories/ical";

const session = (id: string, start: string, minutes: number, timezone: string, status: CalendarSession["status"] = "scheduled"): CalendarSession => ({
  id,
  sequence: 0,
  startsAt: new Date(start),
  endsAt: new Date(new Date(start).getTime() + minutes * 60_000),
  timezone,
  title: "Circle",
  description: "",
  location: "Room 1",
  status,
});

describe("iCalendar output read back by ical.js", () => {
  it.each([
    ["America/New_York", ["2027-03-07T23:00:00.000Z", "2027-03-14T22:00:00.000Z", "2027-11-07T05:30:00.000Z", "2027-11-07T06:30:00.000Z"]],
    ["Europe/London", ["2027-03-28T00:30:00.000Z", "2027-03-28T01:30:00.000Z", "2027-10-31T00:30:00.000Z", "2027-10-31T01:30:00.000Z"]],
    ["Australia/Sydney", ["2027-04-03T15:30:00.000Z", "2027-04-03T16:30:00.000Z", "2027-10-02T15:30:00.000Z"]],
    ["Asia/Kolkata", ["2027-01-05T13:30:00.000Z"]],
    ["America/Phoenix", ["2027-03-14T17:00:00.000Z"]],
  ])("reproduces every instant in %s, including both sides of DST changes", (zone, instants) => {
    const text = buildCalendar(
      instants.map((at, i) => session(`s${i}`, at, 60, zone)),
      { name: "Test", now: new Date("2027-01-01T00:00:00Z") },
    );
    const parsed = parseIcs(text);
    expect(parsed.timezones).toEqual([zone]);
    expect(parsed.events.map((e) => e.start)).toEqual(instants);
    // Times in a fall-back fold are written in UTC (parsers disagree on TZID + ambiguous local time).
    expect(parsed.events.map((e) => e.tzid)).toEqual(instants.map((at) => (isAmbiguousLocalTime(zone, new Date(at)) || isAmbiguousLocalTime(zone, new Date(new Date(at).getTime() + 3_600_000)) ? "UTC" : zone)));
    expect(parsed.events.map((e) => e.uid)).toEqual(instants.map((_, i) => `session-s${i}@group-sessions`));
  });

  it("detects folds in both hemispheres", () => {
    expect(isAmbiguousLocalTime("America/New_York", new Date("2027-11-07T05:30:00Z"))).toBe(true);
    expect(isAmbiguousLocalTime("America/New_York", new Date("2027-11-07T06:30:00Z"))).toBe(true);
    expect(isAmbiguousLocalTime("America/New_York", new Date("2027-11-07T08:00:00Z"))).toBe(false);
    expect(isAmbiguousLocalTime("Australia/Sydney", new Date("2027-04-03T15:30:00Z"))).toBe(true);
    expect(isAmbiguousLocalTime("Asia/Kolkata", new Date("2027-04-03T15:30:00Z"))).toBe(false);
  });

  it("marks cancelled sessions and a CANCEL method", () => {
    const parsed = parseIcs(buildCalendar([session("x", "2027-05-01T10:00:00Z", 30, "UTC", "cancelled")], { name: "T", now: new Date(0), method: "CANCEL" }));
    expect(parsed.method).toBe("CANCEL");
    expect(parsed.events[0].status).toBe("CANCELLED");
  });

  it("writes a VTIMEZONE without transitions for zones without DST", () => {
    const tz = buildVTimezone("Asia/Kolkata", 2027, 2027);
    expect(tz).toContain("TZOFFSETFROM:+0530");
    expect(tz.match(/BEGIN:(STANDARD|DAYLIGHT)/g)).toHaveLength(1);
  });
});
