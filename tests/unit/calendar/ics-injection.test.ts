import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { buildCalendar, oneLine } from "~/modules/calendar/ics";
import { parseIcs } from "../../factories/ical";

const evil = 'Evil "group"\r\nATTENDEE:mailto:x@evil.example\rX-INJECTED:1\nMETHOD:CANCEL';

function calendarWithEvilText() {
  return buildCalendar(
    [
      {
        id: "11111111-1111-4111-8111-111111111111",
        sequence: 0,
        startsAt: new Date("2027-01-05T15:00:00Z"),
        endsAt: new Date("2027-01-05T16:00:00Z"),
        timezone: "America/New_York",
        title: evil,
        description: `First line\r\nSecond line\u0000`,
        location: evil,
        status: "scheduled",
      },
    ],
    { name: evil, now: new Date("2026-11-01T00:00:00Z"), method: "REQUEST", organizer: { name: evil, email: "o@example.org" }, attendee: { name: evil, email: "a@example.org" } },
  );
}

describe("text from people cannot add calendar lines", () => {
  it("keeps names with line breaks and quotes inside their own property", () => {
    const text = calendarWithEvilText();
    const lines = text.split("\r\n");
    expect(lines.some((l) => l.startsWith("X-INJECTED"))).toBe(false);
    expect(lines.filter((l) => l.startsWith("METHOD")).map((l) => l)).toEqual(["METHOD:REQUEST"]);
    const parsed = parseIcs(text);
    expect(parsed.method).toBe("REQUEST");
    expect(parsed.events).toHaveLength(1);
    // Only the one real recipient, never an injected attendee.
    expect(parsed.events[0].attendees.map((a) => a.toLowerCase())).toEqual(["mailto:a@example.org"]);
    expect(parsed.events[0].summary).toBe(`Evil "group" ATTENDEE:mailto:x@evil.example X-INJECTED:1 METHOD:CANCEL`);
    const root = new ICAL.Component(ICAL.parse(text));
    expect(root.getFirstPropertyValue("x-wr-calname")).toBe(`Evil "group" ATTENDEE:mailto:x@evil.example X-INJECTED:1 METHOD:CANCEL`);
    const event = root.getFirstSubcomponent("vevent")!;
    expect(event.getFirstPropertyValue("description")).toBe("First line\nSecond line");
    expect(event.getFirstProperty("organizer")!.getParameter("cn")).toBe(`Evil 'group' ATTENDEE:mailto:x@evil.example X-INJECTED:1 METHOD:CANCEL`);
  });

  it("flattens control characters to single spaces", () => {
    expect(oneLine(" a\r\n\tb\u0000c ")).toBe("a b c");
    expect(oneLine('say "hi"', { parameter: true })).toBe("say 'hi'");
  });
});
