import { describe, expect, it } from "vitest";
import { buildPersonalCalendar, type CalendarSession } from "~/modules/calendar/ics";
import { parseIcs } from "../../factories/ical";

const session = (id: string, status: CalendarSession["status"], sequence: number): CalendarSession => ({
  id,
  sequence,
  startsAt: new Date("2027-03-09T00:00:00Z"),
  endsAt: new Date("2027-03-09T01:00:00Z"),
  timezone: "America/New_York",
  title: "Opioid Recovery Circle",
  description: "Peer support for recovery from opioid use.",
  location: "Room 1",
  url: "https://app.example/groups/g1",
  status,
});
const organizer = { name: "Riverside Opioid Recovery", email: "intake@riverside.example", sender: "no-reply@app.example" };
const unfolded = (ics: string) => ics.replace(/\r\n[ \t]/g, "");

describe("one calendar for one person (buildPersonalCalendar)", () => {
  const sessions = [session("a", "scheduled", 0), session("b", "cancelled", 2)];
  const options = { name: "Opioid Recovery Circle", now: new Date("2027-01-01T00:00:00Z"), method: "REQUEST" as const, organizer, attendee: { name: "Pat", email: "pat@example.org" } };

  it("discreet: 'Session' at the same time, place, status, UID and SEQUENCE; no name, description, link or the organisation's address", () => {
    const text = buildPersonalCalendar(sessions, { ...options, reader: { locale: "en-US", discreet: true } });
    const flat = unfolded(text);
    for (const word of ["Opioid", "Riverside", "riverside", "Peer support", "/groups/"]) expect(flat).not.toContain(word);
    expect(flat).not.toMatch(/^(DESCRIPTION|URL)[:;]/m);
    expect(flat).toMatch(/^X-WR-CALNAME:My sessions$/m);
    expect(flat).toMatch(/^ORGANIZER;CN="?Sessions"?:mailto:no-reply@app\.example$/m);
    expect(flat).toMatch(/^ATTENDEE;.*CN="?Pat"?:MAILTO:pat@example\.org$/im);
    const parsed = parseIcs(text);
    expect(parsed.method).toBe("REQUEST");
    expect(parsed.events.map((e) => [e.uid, e.sequence, e.start, e.end, e.tzid, e.status, e.summary])).toEqual([
      ["session-a@group-sessions", 0, "2027-03-09T00:00:00.000Z", "2027-03-09T01:00:00.000Z", "America/New_York", "CONFIRMED", "Session"],
      ["session-b@group-sessions", 2, "2027-03-09T00:00:00.000Z", "2027-03-09T01:00:00.000Z", "America/New_York", "CANCELLED", "Cancelled: Session"],
    ]);
  });

  it("discreet in Spanish: 'Sesión', 'Cancelada: Sesión', 'Mis sesiones'", () => {
    const text = unfolded(buildPersonalCalendar(sessions, { ...options, reader: { locale: "es-US", discreet: true } }));
    expect(parseIcs(text).events.map((e) => e.summary)).toEqual(["Sesión", "Cancelada: Sesión"]);
    expect(text).toMatch(/^X-WR-CALNAME:Mis sesiones$/m);
    expect(text).toMatch(/^ORGANIZER;CN="?Sesiones"?:mailto:no-reply@app\.example$/m);
  });

  it("named: the group, its description and link, the organisation as organiser", () => {
    const text = unfolded(buildPersonalCalendar(sessions, { ...options, reader: { locale: "en-US", discreet: false } }));
    expect(parseIcs(text).events.map((e) => e.summary)).toEqual(["Opioid Recovery Circle", "Cancelled: Opioid Recovery Circle"]);
    expect(text).toContain("DESCRIPTION:Peer support for recovery from opioid use.");
    expect(text).toContain("URL;VALUE=URI:https://app.example/groups/g1");
    expect(text).toMatch(/^X-WR-CALNAME:Opioid Recovery Circle$/m);
    expect(text).toMatch(/^ORGANIZER;CN="?Riverside Opioid Recovery"?:mailto:intake@riverside\.example$/m);
  });
});
