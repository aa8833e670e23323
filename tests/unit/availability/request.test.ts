import { describe, expect, it } from "vitest";
import { suggestTimes } from "~/modules/scheduling/engine";
import {
  buildSuggestRequest,
  busyToUnavailable,
  localEndOf,
  localToEpoch,
  personZone,
  type PersonRows,
  type RoundParameters,
} from "~/modules/scheduling/request";
import { checkPlan, suggestForRound } from "~/modules/scheduling/round-plan";
import { parseSuggestRequest } from "~/modules/scheduling/schema";

const at = (iso: string) => new Date(iso);

const round: RoundParameters = {
  timezone: "America/New_York",
  startDate: "2027-03-01",
  endDate: "2027-04-04",
  durationMinutes: 90,
  stepMinutes: 30,
  dayStart: "17:00",
  dayEnd: "21:00",
  weekdays: ["tue", "thu"],
  sections: 2,
  capacity: 3,
  minParticipants: 2,
};

const windows = (zone: string, list: Array<[string, string, string]>) => list.map(([day, startTime, endTime]) => ({ day, startTime, endTime, timezone: zone }));

describe("busy sessions become unavailable wall times in the facilitator's zone", () => {
  it("follows each side's daylight-saving change (New York changes 14 March, London 28 March 2027)", () => {
    const busy = [
      { startsAt: at("2027-03-09T00:00:00Z"), endsAt: at("2027-03-09T01:15:00Z") }, // Mon 8 Mar 19:00 EST
      { startsAt: at("2027-03-15T23:00:00Z"), endsAt: at("2027-03-16T00:15:00Z") }, // Mon 15 Mar 19:00 EDT
      { startsAt: at("2027-03-29T23:00:00Z"), endsAt: at("2027-03-30T00:15:00Z") }, // Mon 29 Mar 19:00 EDT
    ];
    expect(busyToUnavailable(busy, "Europe/London")).toEqual([
      { start: "2027-03-09T00:00", end: "2027-03-09T01:15" },
      { start: "2027-03-15T23:00", end: "2027-03-16T00:15" },
      { start: "2027-03-30T00:00", end: "2027-03-30T01:15" },
    ]);
    expect(busyToUnavailable(busy, "America/Chicago")).toEqual([
      { start: "2027-03-08T18:00", end: "2027-03-08T19:15" },
      { start: "2027-03-15T18:00", end: "2027-03-15T19:15" },
      { start: "2027-03-29T18:00", end: "2027-03-29T19:15" },
    ]);
  });

  it("never shortens busy time in a repeated (fall-back) hour, in both hemispheres", () => {
    // New York, 7 Nov 2027: 01:00–02:00 happens twice. Busy 00:30 EDT → 01:30 EST (two hours).
    const ny = { startsAt: at("2027-11-07T04:30:00Z"), endsAt: at("2027-11-07T06:30:00Z") };
    const [u] = busyToUnavailable([ny], "America/New_York");
    expect(u.start).toBe("2027-11-07T00:30");
    // "01:30" would be read as 01:30 EDT, an hour too early: the end moves past the fold.
    expect(u.end).toBe("2027-11-07T02:00");
    expect(localToEpoch(u.end, "America/New_York")).toBeGreaterThanOrEqual(ny.endsAt.getTime());
    expect(localToEpoch(u.start, "America/New_York")).toBeLessThanOrEqual(ny.startsAt.getTime());
    // Sydney, 4 Apr 2027: 02:00–03:00 happens twice. Busy 02:15 AEST (second pass) → 02:45 AEST.
    const syd = { startsAt: at("2027-04-03T16:15:00Z"), endsAt: at("2027-04-03T16:45:00Z") };
    const [v] = busyToUnavailable([syd], "Australia/Sydney");
    expect(localToEpoch(v.start, "Australia/Sydney")).toBeLessThanOrEqual(syd.startsAt.getTime());
    expect(localToEpoch(v.end, "Australia/Sydney")).toBeGreaterThanOrEqual(syd.endsAt.getTime());
    expect(localEndOf(syd.endsAt.getTime(), "Australia/Sydney")).toBe("2027-04-04T03:00");
  });

  it("keeps an ordinary end exact, and an end at a spring-forward change readable", () => {
    // 14 Mar 2027 03:00 EDT is the first instant after the New York gap.
    expect(localEndOf(at("2027-03-14T07:00:00Z").getTime(), "America/New_York")).toBe("2027-03-14T03:00");
    expect(localEndOf(at("2027-03-14T07:00:30Z").getTime(), "America/New_York")).toBe("2027-03-14T03:01");
  });
});

describe("building the engine request from rows", () => {
  const fran: PersonRows = {
    id: "fran",
    timezone: "America/New_York",
    windows: windows("America/New_York", [["tue", "17:00", "21:00"], ["thu", "17:00", "21:00"]]),
    exceptions: [],
    // Fran leads another group on Tuesdays 19:00–20:15 New York time (EST, then EDT).
    busy: ["2027-03-02T19:00:00-05:00", "2027-03-09T19:00:00-05:00", "2027-03-16T19:00:00-04:00", "2027-03-23T19:00:00-04:00", "2027-03-30T19:00:00-04:00"].map((s) => ({
      startsAt: at(s),
      endsAt: new Date(at(s).getTime() + 75 * 60_000),
    })),
  };
  const london: PersonRows = {
    id: "jordan",
    timezone: "Europe/London",
    windows: windows("Europe/London", [["tue", "21:00", "24:00"], ["wed", "00:00", "02:00"]]),
    // Entered while the profile was in New York: converted through its instants.
    exceptions: [{ startLocal: "2027-03-22T20:00", endLocal: "2027-03-24T20:00", timezone: "America/New_York" }],
  };
  const sam: PersonRows = { id: "sam", timezone: "America/New_York", windows: windows("America/New_York", [["tue", "16:00", "22:00"], ["thu", "18:00", "20:00"]]), exceptions: [] };
  const nobody: PersonRows = { id: "zoe", timezone: "Asia/Kolkata", windows: [], exceptions: [] };

  it("produces a valid request: zones from the windows, exceptions and busy sessions as unavailable", () => {
    const request = buildSuggestRequest(round, [london, sam, nobody], [fran]);
    expect(parseSuggestRequest(JSON.parse(JSON.stringify(request)))).toMatchObject({ ok: true });
    expect(personZone(london)).toBe("Europe/London");
    expect(request.participants[2]).toEqual({ id: "zoe", timezone: "Asia/Kolkata", weekly: [], unavailable: [] });
    expect(request.participants[0].unavailable).toEqual([{ start: "2027-03-23T00:00", end: "2027-03-25T00:00" }]);
    expect(request.facilitators![0].unavailable).toHaveLength(5);
    expect(request.facilitators![0].unavailable![2]).toEqual({ start: "2027-03-16T19:00", end: "2027-03-16T20:15" });
  });

  it("lets the engine see the facilitator as busy at their other group's time", () => {
    const response = suggestTimes(buildSuggestRequest(round, [london, sam], [fran]));
    const tue1730 = response.slots.find((s) => s.day === "tue" && s.start === "17:30")!;
    const tue1800 = response.slots.find((s) => s.day === "tue" && s.start === "18:00")!;
    expect(tue1730.facilitators).toEqual(["fran"]); // 17:30–19:00 ends as her other group starts
    expect(tue1800.facilitators).toEqual([]);
    const thu1800 = response.slots.find((s) => s.day === "thu" && s.start === "18:00")!;
    expect(thu1800).toMatchObject({ available: ["sam"], facilitators: ["fran"] });
  });
});

describe("a round's suggestion with skipped dates", () => {
  const people: PersonRows[] = [
    { id: "a", timezone: "America/New_York", windows: windows("America/New_York", [["tue", "17:00", "21:00"]]), exceptions: [{ startLocal: "2027-03-16T00:00", endLocal: "2027-03-17T00:00", timezone: "America/New_York" }] },
    { id: "b", timezone: "America/Chicago", windows: windows("America/Chicago", [["tue", "16:00", "20:00"], ["thu", "16:00", "20:00"]]), exceptions: [] },
    { id: "c", timezone: "Europe/London", windows: windows("Europe/London", [["tue", "21:00", "24:00"]]), exceptions: [] },
    { id: "d", timezone: "America/New_York", windows: windows("America/New_York", [["thu", "17:00", "21:00"]]), exceptions: [] },
  ];

  it("equals the engine's answer when no date is skipped", () => {
    const request = buildSuggestRequest(round, people, []);
    expect(suggestForRound(request, [])).toEqual(suggestTimes(request));
    expect(suggestForRound(request, ["2027-05-01"])).toEqual(suggestTimes(request)); // outside the range
  });

  it("leaves skipped dates out: someone away only on a holiday is available for every session", () => {
    const request = buildSuggestRequest(round, people, []);
    const plain = suggestTimes(request).slots.find((s) => s.day === "tue" && s.start === "17:00")!;
    expect(plain.occurrences).toBe(5);
    expect(plain.partial.a).toBe(4);
    const skipped = suggestForRound(request, ["2027-03-16"]).slots.find((s) => s.day === "tue" && s.start === "17:00")!;
    expect(skipped.occurrences).toBe(4);
    expect(skipped.available).toContain("a");
    expect(skipped.partial.a).toBeUndefined();
  });

  it("checks an adjusted plan: availability, capacity, minimum size, facilitator overlaps", () => {
    const request = buildSuggestRequest(round, people, []);
    const response = suggestForRound(request, []);
    const result = checkPlan(
      [
        { day: "thu", start: "18:00", facilitatorId: "f", participantIds: ["b", "d", "a", "c"] },
        { day: "thu", start: "19:00", facilitatorId: "f", participantIds: ["b"] },
      ],
      response,
      round,
      { facilitatorsGiven: true },
    );
    const first = result.cohorts[0];
    expect(first.participants.map((p) => [p.id, p.status])).toEqual([["b", "available"], ["d", "available"], ["a", "unavailable"], ["c", "unavailable"]]);
    expect(result.blocking).toEqual([
      "Cohorts 1 and 2 overlap in time and have the same facilitator.",
      "Cohort 1 has 4 participants; the capacity per cohort is 3.",
    ]);
    expect(result.cohorts[1].warnings).toContain("Cohort 2 has 1 participant; the minimum is 2.");
    expect(first.warnings).toContain("Cohort 1: 2 participants are not available for every session.");
  });
});
