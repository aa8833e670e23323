import { describe, expect, it } from "vitest";
import { parseSuggestRequest } from "~/modules/scheduling/schema";
import { person, request } from "./helpers";

function problems(input: unknown): string[] {
  const result = parseSuggestRequest(input);
  if (result.ok) throw new Error("expected the request to be rejected");
  return result.problems;
}

describe("parseSuggestRequest", () => {
  it("accepts a valid request and keeps optional fields absent", () => {
    const result = parseSuggestRequest(
      request({ participants: [person("p1", "Europe/London", [["mon", "18:00", "21:00"]])] }),
    );
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.value.weekdays).toBeUndefined();
      expect(result.value.participants[0].weekly[0]).toEqual({ day: "mon", start: "18:00", end: "21:00" });
    }
  });

  it("names the field path of an unknown time zone", () => {
    const input = request({
      participants: [
        person("p0", "UTC", []),
        person("p1", "UTC", []),
        person("p2", "UTC", []),
        person("p3", "Europe/Lndon", []),
      ],
    });
    expect(problems(input)).toEqual(['participants[3].timezone: unknown time zone "Europe/Lndon"']);
  });

  it("rejects a non-object and bad JSON-ish roots with one line", () => {
    expect(problems(null)).toEqual(["request: expected a JSON object"]);
    expect(problems([1])).toEqual(["request: expected a JSON object"]);
  });

  it("lists every missing required field, one per line", () => {
    expect(problems({})).toEqual([
      "timezone: required",
      "startDate: required",
      "endDate: required",
      "durationMinutes: required",
      "stepMinutes: required",
      "dayStart: required",
      "dayEnd: required",
      "sections: required",
      "capacity: required",
      "participants: required",
    ]);
  });

  it("enforces the numeric limits", () => {
    expect(problems(request({ durationMinutes: 4 }))).toEqual(["durationMinutes: must be at least 5"]);
    expect(problems(request({ durationMinutes: 721, dayStart: "00:00", dayEnd: "24:00" }))).toEqual([
      "durationMinutes: must be at most 720",
    ]);
    expect(problems(request({ stepMinutes: 4 }))).toEqual(["stepMinutes: must be at least 5"]);
    expect(problems(request({ sections: 0 }))).toEqual(["sections: must be at least 1"]);
    expect(problems(request({ sections: 11 }))).toEqual(["sections: must be at most 10"]);
    expect(problems(request({ capacity: 0 }))).toEqual(["capacity: must be at least 1"]);
    expect(problems(request({ capacity: 2.5 }))).toEqual(["capacity: must be a whole number"]);
    expect(problems(request({ minParticipants: 0 }))).toEqual(["minParticipants: must be at least 1"]);
    expect(problems(request({ capacity: 3, minParticipants: 4 }))).toEqual([
      "minParticipants: must not exceed capacity (3)",
    ]);
    expect(problems(request({ limit: 0 }))).toEqual(["limit: must be at least 1"]);
    expect(problems(request({ durationMinutes: "60" as unknown as number }))).toEqual([
      "durationMinutes: expected a number",
    ]);
  });

  it("limits the date range to 366 days and orders the dates", () => {
    expect(parseSuggestRequest(request({ startDate: "2028-01-01", endDate: "2028-12-31" })).ok).toBe(true); // 366 days
    expect(parseSuggestRequest(request({ startDate: "2027-01-01", endDate: "2028-01-01" })).ok).toBe(true); // 366 days
    expect(problems(request({ startDate: "2027-01-01", endDate: "2028-01-02" }))).toEqual([
      "endDate: the date range is 367 days; at most 366 days are allowed",
    ]);
    expect(problems(request({ startDate: "2027-01-10", endDate: "2027-01-09" }))).toEqual([
      "endDate: must not be before startDate",
    ]);
    expect(problems(request({ startDate: "2027-02-30" }))).toEqual([
      'startDate: expected a date "YYYY-MM-DD" (year 1000 or later), got "2027-02-30"',
    ]);
  });

  it("checks clock formats, dayStart < dayEnd and that the duration fits", () => {
    expect(problems(request({ dayStart: "9:00" }))).toEqual([
      'dayStart: expected a time "HH:MM" from 00:00 to 23:59, got "9:00"',
    ]);
    expect(problems(request({ dayStart: "24:00", dayEnd: "24:00" }))).toEqual([
      'dayStart: expected a time "HH:MM" from 00:00 to 23:59, got "24:00"',
    ]);
    expect(problems(request({ dayEnd: "24:30" }))).toEqual([
      'dayEnd: expected a time "HH:MM" from 00:00 to 24:00, got "24:30"',
    ]);
    expect(problems(request({ dayStart: "12:00", dayEnd: "09:00" }))).toEqual(["dayEnd: must be after dayStart"]);
    // A duration longer than the day window is valid: there are simply no candidate slots.
    expect(parseSuggestRequest(request({ dayStart: "09:00", dayEnd: "09:30", durationMinutes: 60 })).ok).toBe(true);
    expect(parseSuggestRequest(request({ dayStart: "22:00", dayEnd: "24:00" })).ok).toBe(true);
  });

  it("checks weekly windows and unavailable intervals of people", () => {
    const input = request({
      participants: [
        {
          id: "p1",
          timezone: "UTC",
          weekly: [
            { day: "mon", start: "10:00", end: "10:00" },
            { day: "Monday" as "mon", start: "10:00", end: "11:00" },
            { day: "tue", start: "23:00", end: "24:00" },
          ],
          unavailable: [
            { start: "2027-01-05T10:00", end: "2027-01-05T09:00" },
            { start: "2027-01-05 10:00", end: "2027-01-05T11:00" },
          ],
        },
      ],
    });
    expect(problems(input)).toEqual([
      "participants[0].weekly[0].end: must differ from start",
      'participants[0].weekly[1].day: expected one of mon, tue, wed, thu, fri, sat, sun, got "Monday"',
      "participants[0].unavailable[0].end: must be after start",
      'participants[0].unavailable[1].start: expected a local date-time "YYYY-MM-DDTHH:MM", got "2027-01-05 10:00"',
    ]);
  });

  it("rejects duplicate ids, unknown fields and an empty weekday list", () => {
    const input = {
      ...request({
        weekdays: ["mon", "mon"], // harmless duplicate
        participants: [person("a", "UTC", []), person("a", "UTC", [])],
        facilitators: [person("f", "Mars/Olympus", [])],
      }),
      timeZone: "UTC",
    };
    expect(problems(input)).toEqual([
      'participants[1].id: duplicate id "a"',
      'facilitators[0].timezone: unknown time zone "Mars/Olympus"',
      "timeZone: unknown field",
    ]);
    expect(problems(request({ weekdays: [] }))).toEqual(["weekdays: must list at least one weekday"]);
  });

  it("refuses more than 20,000 participants or 500 facilitators without parsing them", () => {
    const many = Array.from({ length: 20_001 }, (_, i) => ({ id: `p${i}` }));
    expect(problems({ ...request(), participants: many })).toEqual([
      "participants: 20001 participants; at most 20,000 are allowed",
    ]);
    const leaders = Array.from({ length: 501 }, (_, i) => ({ id: `f${i}` }));
    expect(problems({ ...request(), facilitators: leaders })).toEqual([
      "facilitators: 501 facilitators; at most 500 are allowed",
    ]);
  });
});
