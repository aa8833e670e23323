import { describe, expect, it } from "vitest";
import { suggestTimes } from "~/modules/scheduling/engine";
import { parseSuggestRequest, type SuggestRequest } from "~/modules/scheduling/schema";
import { candidateSlots } from "~/modules/scheduling/slots";
import { person, request, slotAt } from "./helpers";

function run(req: SuggestRequest) {
  const parsed = parseSuggestRequest(req);
  if (!parsed.ok) throw new Error(parsed.problems.join("\n"));
  return suggestTimes(parsed.value);
}

const iso = (ms: number) => new Date(ms).toISOString();

describe("occurrence instants (group zone, RFC 5545 gap and ambiguity rules)", () => {
  it("moves a New York slot in the spring-forward gap forward by the gap (02:30 → 03:30 EDT)", () => {
    const slots = candidateSlots({
      timezone: "America/New_York",
      startDate: "2027-03-07",
      endDate: "2027-03-21",
      durationMinutes: 30,
      stepMinutes: 30,
      dayStart: "02:00",
      dayEnd: "04:00",
      weekdays: ["sun"],
    });
    expect(slots.map((s) => s.start)).toEqual(["02:00", "02:30", "03:00", "03:30"]);
    expect(slots[1].occurrenceStarts.map(iso)).toEqual([
      "2027-03-07T07:30:00.000Z", // 02:30 EST
      "2027-03-14T07:30:00.000Z", // gap: 03:30 EDT
      "2027-03-21T06:30:00.000Z", // 02:30 EDT
    ]);
    expect(slots[0].occurrenceStarts.map(iso)[1]).toBe("2027-03-14T07:00:00.000Z"); // 02:00 → 03:00 EDT
    expect(slots[1].occurrenceEnds.map(iso)[1]).toBe("2027-03-14T08:00:00.000Z"); // 30 min of elapsed time
  });

  it("takes the earlier instant for an ambiguous New York slot (01:30 on 2027-11-07 is EDT)", () => {
    const [slot] = candidateSlots({
      timezone: "America/New_York",
      startDate: "2027-11-07",
      endDate: "2027-11-07",
      durationMinutes: 60,
      stepMinutes: 30,
      dayStart: "01:30",
      dayEnd: "02:30",
    });
    expect(slot.day).toBe("sun");
    expect(slot.occurrenceStarts.map(iso)).toEqual(["2027-11-07T05:30:00.000Z"]);
    // 60 minutes of elapsed time: ends at 01:30 EST, not at 02:30.
    expect(slot.occurrenceEnds.map(iso)).toEqual(["2027-11-07T06:30:00.000Z"]);
  });

  it("takes the earlier instant for an ambiguous Sydney slot (02:30 on 2027-04-04 is AEDT +11)", () => {
    const [slot] = candidateSlots({
      timezone: "Australia/Sydney",
      startDate: "2027-04-04",
      endDate: "2027-04-04",
      durationMinutes: 30,
      stepMinutes: 30,
      dayStart: "02:30",
      dayEnd: "03:00",
    });
    expect(slot.occurrenceStarts.map(iso)).toEqual(["2027-04-03T15:30:00.000Z"]);
  });

  it("moves a Sydney slot in the spring-forward gap forward (02:30 on 2027-10-03 → 03:30 AEDT)", () => {
    const [slot] = candidateSlots({
      timezone: "Australia/Sydney",
      startDate: "2027-10-03",
      endDate: "2027-10-03",
      durationMinutes: 30,
      stepMinutes: 30,
      dayStart: "02:30",
      dayEnd: "03:00",
    });
    expect(slot.occurrenceStarts.map(iso)).toEqual(["2027-10-02T16:30:00.000Z"]);
  });

  it("leaves out slots with no occurrence in the range", () => {
    const slots = candidateSlots({
      timezone: "UTC",
      startDate: "2027-01-04", // Monday
      endDate: "2027-01-05", // Tuesday
      durationMinutes: 60,
      stepMinutes: 60,
      dayStart: "09:00",
      dayEnd: "10:00",
    });
    expect(slots.map((s) => s.day)).toEqual(["mon", "tue"]);
  });

  it("starts the last slot so that it ends by dayEnd, and allows dayEnd 24:00", () => {
    const slots = candidateSlots({
      timezone: "UTC",
      startDate: "2027-01-04",
      endDate: "2027-01-04",
      durationMinutes: 90,
      stepMinutes: 45,
      dayStart: "21:00",
      dayEnd: "24:00",
    });
    expect(slots.map((s) => s.start)).toEqual(["21:00", "21:45", "22:30"]);
  });
});

describe("availability across zones whose DST changes differ", () => {
  // US DST starts 2027-03-14, EU DST 2027-03-28: for two weeks New York is only 4 h behind London.
  const base = request({
    timezone: "America/New_York",
    startDate: "2027-03-08",
    endDate: "2027-03-29",
    durationMinutes: 60,
    stepMinutes: 60,
    dayStart: "13:00",
    dayEnd: "16:00",
    weekdays: ["mon"],
    participants: [person("london", "Europe/London", [["mon", "18:00", "20:00"]])],
  });

  it("counts a London evening window against New York afternoon slots week by week", () => {
    const response = run(base);
    // 14:00 New York is 19:00 London on 8 and 29 March and 18:00 London on 15 and 22 March.
    expect(slotAt(response, "mon", "14:00")).toMatchObject({ occurrences: 4, available: ["london"], partial: {} });
    // 15:00 New York = 19:00 London only in the two odd weeks.
    expect(slotAt(response, "mon", "15:00")).toMatchObject({ available: [], partial: { london: 2 } });
    // 13:00 New York = 18:00 London on 8 March (GMT/EST) and 29 March (BST/EDT) only.
    expect(slotAt(response, "mon", "13:00")).toMatchObject({ available: [], partial: { london: 2 } });
    expect(response.slots.map((s) => s.start)).toEqual(["14:00", "13:00", "15:00"]);
  });

  it("keeps Kolkata (+05:30) and Phoenix (no DST) aligned while New York moves", () => {
    const response = run(
      request({
        timezone: "Asia/Kolkata",
        startDate: "2027-03-08",
        endDate: "2027-03-22",
        durationMinutes: 60,
        stepMinutes: 30,
        dayStart: "20:30",
        dayEnd: "21:30",
        weekdays: ["mon"],
        participants: [
          person("phoenix", "America/Phoenix", [["mon", "08:00", "09:00"]]), // 20:30 IST = 15:00Z = 08:00 MST
          person("ny", "America/New_York", [["mon", "10:00", "11:00"]]), // 15:00Z = 10:00 EST, 11:00 EDT
        ],
      }),
    );
    expect(slotAt(response, "mon", "20:30")).toMatchObject({
      occurrences: 3,
      available: ["phoenix"],
      partial: { ny: 1 },
    });
  });

  it("shifts a New York window against a Phoenix group after the US change", () => {
    const response = run(
      request({
        timezone: "America/Phoenix",
        startDate: "2027-03-08",
        endDate: "2027-03-15",
        dayStart: "10:00",
        dayEnd: "11:00",
        weekdays: ["mon"],
        participants: [person("ny", "America/New_York", [["mon", "12:00", "13:00"]])],
      }),
    );
    expect(slotAt(response, "mon", "10:00")).toMatchObject({ available: [], partial: { ny: 1 } });
  });
});

describe("person windows: gaps, ambiguity, midnight, 24:00, union, unavailable", () => {
  it("resolves a window starting in the New York gap forward and keeps its end", () => {
    const response = run(
      request({
        timezone: "UTC",
        startDate: "2027-03-07",
        endDate: "2027-03-21",
        durationMinutes: 30,
        stepMinutes: 30,
        dayStart: "06:00",
        dayEnd: "08:00",
        weekdays: ["sun"],
        participants: [
          // 01:00–03:00 New York: 06:00–08:00Z (EST), 06:00–07:00Z on 14 March, 05:00–07:00Z (EDT).
          person("wide", "America/New_York", [["sun", "01:00", "03:00"]]),
          // 02:00–03:00 does not exist on 14 March: 03:00 EDT – 03:00 EDT is empty.
          person("gap", "America/New_York", [["sun", "02:00", "03:00"]]),
        ],
      }),
    );
    expect(slotAt(response, "sun", "06:00")).toMatchObject({
      occurrences: 3,
      available: ["wide"],
      partial: { gap: 1 },
    });
    expect(slotAt(response, "sun", "06:30")).toMatchObject({ available: ["wide"], partial: { gap: 1 } });
    expect(slotAt(response, "sun", "07:00")).toMatchObject({ available: [], partial: { gap: 1, wide: 1 } });
  });

  it("resolves an ambiguous window end to the earlier instant (New York 2027-11-07)", () => {
    const response = run(
      request({
        timezone: "UTC",
        startDate: "2027-10-31",
        endDate: "2027-11-14",
        durationMinutes: 30,
        stepMinutes: 60,
        dayStart: "05:00",
        dayEnd: "07:00",
        weekdays: ["sun"],
        // 01:00–01:30: 05:00–05:30Z on 31 Oct and 7 Nov (EDT, earlier instant), 06:00–06:30Z on 14 Nov.
        participants: [person("p", "America/New_York", [["sun", "01:00", "01:30"]])],
      }),
    );
    expect(slotAt(response, "sun", "05:00")).toMatchObject({ available: [], partial: { p: 2 } });
    expect(slotAt(response, "sun", "06:00")).toMatchObject({ available: [], partial: { p: 1 } });
  });

  it("runs a window past midnight into the next date when end < start", () => {
    const response = run(
      request({
        startDate: "2027-01-08", // Friday
        endDate: "2027-01-09",
        dayStart: "00:00",
        dayEnd: "03:00",
        participants: [person("night", "UTC", [["fri", "22:00", "02:00"]])],
      }),
    );
    expect(slotAt(response, "sat", "00:00")).toMatchObject({ available: ["night"] });
    expect(slotAt(response, "sat", "01:00")).toMatchObject({ available: ["night"] });
    expect(slotAt(response, "sat", "02:00")).toMatchObject({ available: [], partial: {} });
    expect(slotAt(response, "fri", "00:00")).toMatchObject({ available: [] });
  });

  it('treats "24:00" as the next midnight and unions it with the next day\'s window', () => {
    const response = run(
      request({
        timezone: "Asia/Kolkata",
        startDate: "2027-01-09", // Saturday; 04:30 IST = Friday 23:00Z
        endDate: "2027-01-09",
        durationMinutes: 90,
        stepMinutes: 30,
        dayStart: "04:30",
        dayEnd: "06:00",
        participants: [
          person("both", "UTC", [
            ["fri", "20:00", "24:00"],
            ["sat", "00:00", "01:00"],
          ]),
          person("friday", "UTC", [["fri", "20:00", "24:00"]]),
        ],
      }),
    );
    expect(slotAt(response, "sat", "04:30")).toMatchObject({ available: ["both"], partial: {} });
  });

  it("unions adjacent windows: 18:00–19:00 and 19:00–21:00 cover 18:30–20:00", () => {
    const response = run(
      request({
        durationMinutes: 90,
        stepMinutes: 30,
        dayStart: "18:30",
        dayEnd: "20:00",
        weekdays: ["wed"],
        participants: [
          person("split", "UTC", [
            ["wed", "19:00", "21:00"],
            ["wed", "18:00", "19:00"],
          ]),
          person("first-only", "UTC", [["wed", "18:00", "19:00"]]),
        ],
      }),
    );
    expect(slotAt(response, "wed", "18:30")).toMatchObject({ available: ["split"], partial: {} });
  });

  it("excludes occurrences overlapping unavailable intervals, treated as [start, end) in the person's zone", () => {
    const response = run(
      request({
        timezone: "UTC",
        startDate: "2027-06-07",
        endDate: "2027-06-27",
        dayStart: "10:00",
        dayEnd: "11:00",
        weekdays: ["mon"],
        participants: [
          // London is UTC+1 in June: the 10:00Z slot is 11:00–12:00 London.
          person("away", "Europe/London", [["mon", "09:00", "17:00"]], [["2027-06-14T11:30", "2027-06-14T11:45"]]),
          person(
            "touching",
            "Europe/London",
            [["mon", "09:00", "17:00"]],
            [
              ["2027-06-14T10:00", "2027-06-14T11:00"], // ends when the occurrence starts
              ["2027-06-21T12:00", "2027-06-21T13:00"], // starts when it ends
            ],
          ),
          person("week", "Europe/London", [["mon", "09:00", "17:00"]], [["2027-06-13T00:00", "2027-06-22T00:00"]]),
        ],
      }),
    );
    expect(slotAt(response, "mon", "10:00")).toMatchObject({
      occurrences: 3,
      available: ["touching"],
      partial: { away: 2, week: 1 },
    });
  });
});
