import { DateTime, IANAZone } from "luxon";
import { describe, expect, it } from "vitest";
import { getZone, offsetAt, wallTimeOf } from "~/modules/time/zoned";

/**
 * wallTimeOf (the busy-session conversion of the round page) computes a local wall time from the
 * zone's remembered offsets instead of a luxon DateTime: it must give luxon's answer for every
 * instant, across daylight-saving changes of both hemispheres, half-hour and 45-minute offsets,
 * Lord Howe's 30-minute change and a zone's historical local mean time — asked once or again.
 */
const ZONES = ["America/New_York", "Europe/London", "Pacific/Auckland", "Australia/Lord_Howe", "Asia/Kathmandu", "Pacific/Chatham", "America/St_Johns", "UTC"];
const SPARSE = 7 * 3_600_000 + 37 * 60_000; // not a divisor of a day: every minute of the day comes round
const luxonWall = (t: number, zone: string) => DateTime.fromMillis(t, { zone }).toFormat("yyyy-MM-dd'T'HH:mm");

/** The instants of 2027 at which the zone's offset changes, to the minute (luxon's own zone). */
function changes(zone: string): number[] {
  const out: number[] = [];
  const luxonZone = IANAZone.create(zone);
  const offset = (t: number) => luxonZone.offset(t);
  const STEP = 6 * 3_600_000;
  for (let t = Date.UTC(2027, 0, 1); t < Date.UTC(2028, 0, 1); t += STEP) {
    if (offset(t) === offset(t + STEP)) continue;
    let [lo, hi] = [t, t + STEP];
    while (hi - lo > 60_000) {
      const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
      if (offset(mid) === offset(lo)) lo = mid;
      else hi = mid;
    }
    out.push(hi);
  }
  return out;
}

describe("wallTimeOf", () => {
  it("equals luxon's wall time in eight zones: every minute of the 3 hours either side of each 2027 offset change, and through the year, the first time and the second", () => {
    for (const zone of ZONES) {
      const instants: number[] = [];
      for (const change of changes(zone)) for (let t = change - 3 * 3_600_000; t < change + 3 * 3_600_000; t += 60_000) instants.push(t);
      for (let t = Date.UTC(2026, 11, 1); t < Date.UTC(2028, 0, 1); t += SPARSE) instants.push(t);
      for (let round = 0; round < 2; round++) {
        for (const t of instants) {
          const expected = luxonWall(t, zone);
          if (wallTimeOf(t, zone) !== expected) expect.fail(`${zone} ${new Date(t).toISOString()}: ${wallTimeOf(t, zone)} ≠ ${expected}`);
        }
      }
    }
    // The sweep did meet changes: New York's two, and Lord Howe's half-hour ones.
    expect(changes("America/New_York")).toHaveLength(2);
    expect(changes("Australia/Lord_Howe")).toHaveLength(2);
  }, 60_000);

  it("equals luxon's in a zone's local-mean-time era, whose offset has seconds (New York before 1883, Kathmandu before 1920)", () => {
    for (const [zone, iso] of [
      ["America/New_York", "1883-11-18T16:30:00Z"],
      ["Asia/Kathmandu", "1919-12-31T18:00:00Z"],
    ] as const) {
      const at = Date.parse(iso);
      for (let t = at - 3 * 3_600_000; t < at + 3 * 3_600_000; t += 60_000) {
        expect(wallTimeOf(t, zone)).toBe(luxonWall(t, zone));
      }
    }
  });

  it("remembers offsets per zone and instant: the same zone object, the same answers", () => {
    const zone = getZone("Pacific/Auckland");
    expect(getZone("Pacific/Auckland")).toBe(zone);
    const t = Date.UTC(2027, 3, 3, 13, 30); // Auckland's April change (03:00 NZDT → 02:00 NZST)
    expect(offsetAt(zone, t)).toBe(offsetAt("Pacific/Auckland", t));
    expect(offsetAt(zone, t - 3_600_000)).toBe(13 * 60);
    expect(offsetAt(zone, t + 3_600_000)).toBe(12 * 60);
    expect(() => getZone("Mars/Olympus_Mons")).toThrow(RangeError);
  });
});
