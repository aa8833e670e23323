import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { formatInZone, formatRangeInZone, zoneNameAt } from "~/modules/time/zoned";

/**
 * Zone names are written with one kept Intl formatter per zone instead of luxon's new one per call
 * (issue 20): the text must be luxon's exactly, across daylight-saving changes, half-hour zones,
 * zones whose names changed, and instants long ago.
 */
const ZONES = ["America/New_York", "America/Los_Angeles", "America/Phoenix", "Pacific/Honolulu", "Europe/London", "Europe/Dublin", "Asia/Kolkata", "Australia/Sydney", "Australia/Lord_Howe", "Asia/Kathmandu", "America/St_Johns", "Pacific/Chatham", "Africa/Casablanca", "UTC", "Etc/GMT+5"];
const INSTANTS = [
  Date.UTC(1900, 0, 1),
  Date.UTC(1970, 0, 1),
  Date.UTC(2007, 2, 11, 6, 59),
  Date.UTC(2007, 2, 11, 7, 1),
  Date.UTC(2026, 2, 8, 6, 59),
  Date.UTC(2026, 2, 8, 7, 0),
  Date.UTC(2026, 10, 1, 5, 59),
  Date.UTC(2026, 10, 1, 6, 0),
  Date.UTC(2026, 9, 25, 0, 59),
  Date.UTC(2026, 9, 25, 1, 0),
  Date.UTC(2027, 3, 4, 15, 59),
  Date.UTC(2027, 3, 4, 16, 0),
  Date.UTC(2038, 0, 19),
];
const luxonName = (at: number, zone: string) => DateTime.fromMillis(at, { zone }).setLocale("en-US").toFormat("ZZZZ");

describe("zone names", () => {
  it("are luxon's 'ZZZZ' exactly, for every zone and instant, asked repeatedly", () => {
    for (let round = 0; round < 2; round++) {
      for (const zone of ZONES) for (const at of INSTANTS) expect(zoneNameAt(at, zone), `${zone} ${new Date(at).toISOString()}`).toBe(luxonName(at, zone));
    }
  });

  it("end the formatted instants and ranges, each with the name at its own start", () => {
    const winter = Date.UTC(2027, 0, 15, 23, 0);
    const summer = Date.UTC(2027, 6, 15, 22, 0);
    expect(formatInZone(winter, "America/New_York", "en-US")).toBe("Fri, Jan 15, 2027, 6:00 PM EST");
    expect(formatInZone(summer, "America/New_York", "en-GB")).toBe("Thu 15 Jul 2027, 18:00 EDT");
    expect(formatRangeInZone(winter, winter + 90 * 60_000, "America/New_York", "en-US")).toBe("Fri, Jan 15, 2027, 6:00–7:30 PM EST");
    // Across midnight there: not the same day, so the end names its day.
    expect(formatRangeInZone(winter + 5 * 3_600_000, winter + 7 * 3_600_000, "America/New_York", "en-US")).toBe("Fri, Jan 15, 2027, 11:00 PM–Sat, Jan 16, 1:00 AM EST");
    expect(formatRangeInZone(summer, summer + 3_600_000, "Asia/Kolkata", "en-GB")).toMatch(/ GMT\+5:30$/);
  });
});
