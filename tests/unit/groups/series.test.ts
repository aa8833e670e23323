import { describe, expect, it } from "vitest";
import { materialiseSeries } from "~/modules/groups/series";

const iso = (d: Date) => d.toISOString();

describe("materialiseSeries across DST", () => {
  it("keeps 18:00 local in America/New_York across the 2027-03-14 spring-forward", () => {
    const occ = materialiseSeries({
      timezone: "America/New_York",
      weekdays: ["sun"],
      startTime: "18:00",
      durationMinutes: 90,
      startDate: "2027-03-07",
      endDate: "2027-03-21",
    });
    expect(occ.map((o) => iso(o.startsAt))).toEqual([
      "2027-03-07T23:00:00.000Z", // EST −05:00
      "2027-03-14T22:00:00.000Z", // EDT −04:00 from that day
      "2027-03-21T22:00:00.000Z",
    ]);
    expect(occ.map((o) => o.endsAt.getTime() - o.startsAt.getTime())).toEqual([5_400_000, 5_400_000, 5_400_000]);
  });

  it("keeps 18:00 local in America/New_York across the 2027-11-07 fall-back", () => {
    const occ = materialiseSeries({
      timezone: "America/New_York",
      weekdays: ["sun"],
      startTime: "18:00",
      durationMinutes: 60,
      startDate: "2027-10-31",
      count: 2,
    });
    expect(occ.map((o) => iso(o.startsAt))).toEqual(["2027-10-31T22:00:00.000Z", "2027-11-07T23:00:00.000Z"]);
  });

  it("moves a 02:30 start forward by the gap on the New York spring-forward day", () => {
    const [occ] = materialiseSeries({
      timezone: "America/New_York",
      weekdays: ["sun"],
      startTime: "02:30",
      durationMinutes: 60,
      startDate: "2027-03-14",
      count: 1,
    });
    // 02:30 does not exist; it becomes 03:30 EDT = 07:30Z.
    expect(iso(occ.startsAt)).toBe("2027-03-14T07:30:00.000Z");
    expect(iso(occ.endsAt)).toBe("2027-03-14T08:30:00.000Z");
  });

  it("takes the earlier instant for a 01:30 start on the New York fall-back day", () => {
    const [occ] = materialiseSeries({
      timezone: "America/New_York",
      weekdays: ["sun"],
      startTime: "01:30",
      durationMinutes: 60,
      startDate: "2027-11-07",
      count: 1,
    });
    // 01:30 happens twice; the first is EDT (−04:00) = 05:30Z. It lasts 60 elapsed minutes.
    expect(iso(occ.startsAt)).toBe("2027-11-07T05:30:00.000Z");
    expect(iso(occ.endsAt)).toBe("2027-11-07T06:30:00.000Z");
  });

  it("handles Europe/London on 2027-03-28 and 2027-10-31", () => {
    const occ = materialiseSeries({
      timezone: "Europe/London",
      weekdays: ["sun"],
      startTime: "10:00",
      durationMinutes: 60,
      startDate: "2027-03-21",
      endDate: "2027-04-04",
    });
    expect(occ.map((o) => iso(o.startsAt))).toEqual([
      "2027-03-21T10:00:00.000Z",
      "2027-03-28T09:00:00.000Z",
      "2027-04-04T09:00:00.000Z",
    ]);
    const autumn = materialiseSeries({
      timezone: "Europe/London",
      weekdays: ["sun"],
      startTime: "10:00",
      durationMinutes: 60,
      startDate: "2027-10-24",
      endDate: "2027-10-31",
    });
    expect(autumn.map((o) => iso(o.startsAt))).toEqual(["2027-10-24T09:00:00.000Z", "2027-10-31T10:00:00.000Z"]);
  });

  it("resolves London gap (01:30 on 2027-03-28) forward and fall-back (01:30 on 2027-10-31) to the earlier instant", () => {
    const [gap] = materialiseSeries({
      timezone: "Europe/London",
      weekdays: ["sun"],
      startTime: "01:30",
      durationMinutes: 30,
      startDate: "2027-03-28",
      count: 1,
    });
    expect(iso(gap.startsAt)).toBe("2027-03-28T01:30:00.000Z"); // 02:30 BST
    const [ambiguous] = materialiseSeries({
      timezone: "Europe/London",
      weekdays: ["sun"],
      startTime: "01:30",
      durationMinutes: 30,
      startDate: "2027-10-31",
      count: 1,
    });
    expect(iso(ambiguous.startsAt)).toBe("2027-10-31T00:30:00.000Z"); // 01:30 BST, the earlier
  });

  it("takes the earlier instant in the southern hemisphere too (Australia/Sydney 2027-04-04 02:30)", () => {
    const [occ] = materialiseSeries({
      timezone: "Australia/Sydney",
      weekdays: ["sun"],
      startTime: "02:30",
      durationMinutes: 60,
      startDate: "2027-04-04",
      count: 1,
    });
    expect(iso(occ.startsAt)).toBe("2027-04-03T15:30:00.000Z"); // +11:00, the earlier
  });

  it("skips holidays without using up the count, and honours several weekdays", () => {
    const occ = materialiseSeries({
      timezone: "America/New_York",
      weekdays: ["mon", "wed"],
      startTime: "09:00",
      durationMinutes: 60,
      startDate: "2027-05-31",
      count: 3,
      skipDates: ["2027-05-31"],
    });
    expect(occ.map((o) => o.date)).toEqual(["2027-06-02", "2027-06-07", "2027-06-09"]);
  });

  it("stops at the end date inclusive", () => {
    const occ = materialiseSeries({
      timezone: "Asia/Kolkata",
      weekdays: ["tue"],
      startTime: "19:00",
      durationMinutes: 45,
      startDate: "2027-01-05",
      endDate: "2027-01-19",
    });
    expect(occ.map((o) => iso(o.startsAt))).toEqual([
      "2027-01-05T13:30:00.000Z",
      "2027-01-12T13:30:00.000Z",
      "2027-01-19T13:30:00.000Z",
    ]);
  });
});
