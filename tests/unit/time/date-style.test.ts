import { describe, expect, it } from "vitest";
import {
  dateStyleOf,
  formatCivilDate,
  formatClockIn,
  formatClockTextIn,
  formatInZone,
  formatRangeInZone,
  formatTimeInZone,
  zoneNameAt,
} from "~/modules/time/zoned";

// 2027-03-16T01:00Z is Mon 15 Mar 2027 18:00 in Los Angeles (PDT since 14 March) and 21:00 in New York (EDT).
const MON_EVENING_UTC = "2027-03-16T01:00:00.000Z";
// The week before the change: 18:00 PST = 02:00Z the next day.
const BEFORE_DST = "2027-03-09T02:00:00.000Z";

describe("date and time styles", () => {
  it("reads a stored preference as a style, US style for anything else", () => {
    expect(dateStyleOf("en-GB")).toBe("en-GB");
    expect(dateStyleOf("en-US")).toBe("en-US");
    expect(dateStyleOf("fr-FR")).toBe("en-US");
    expect(dateStyleOf(undefined)).toBe("en-US");
    expect(dateStyleOf(null)).toBe("en-US");
  });

  it("writes an instant 12-hour for the US style and 24-hour for the 24-hour style, naming the zone in English", () => {
    expect(formatInZone(BEFORE_DST, "America/Los_Angeles", "en-US")).toBe("Mon, Mar 8, 2027, 6:00 PM PST");
    expect(formatInZone(BEFORE_DST, "America/Los_Angeles", "en-GB")).toBe("Mon 8 Mar 2027, 18:00 PST");
    // After the spring-forward change the same wall time is another instant and another zone name.
    expect(formatInZone(MON_EVENING_UTC, "America/Los_Angeles", "en-US")).toBe("Mon, Mar 15, 2027, 6:00 PM PDT");
    expect(formatInZone(MON_EVENING_UTC, "America/Los_Angeles", "en-GB")).toBe("Mon 15 Mar 2027, 18:00 PDT");
    expect(formatInZone(MON_EVENING_UTC, "America/New_York", "en-US")).toBe("Mon, Mar 15, 2027, 9:00 PM EDT");
    expect(formatInZone(MON_EVENING_UTC, "America/New_York", "en-GB")).toBe("Mon 15 Mar 2027, 21:00 EDT");
    expect(formatInZone(MON_EVENING_UTC, "Asia/Kolkata", "en-US")).toBe("Tue, Mar 16, 2027, 6:30 AM GMT+5:30");
    expect(formatInZone(MON_EVENING_UTC, "Asia/Kolkata", "en-GB")).toBe("Tue 16 Mar 2027, 06:30 GMT+5:30");
    expect(formatInZone(MON_EVENING_UTC, "America/New_York", "en-US", { withDate: false })).toBe("9:00 PM EDT");
    expect(formatInZone(MON_EVENING_UTC, "America/New_York", "en-GB", { withDate: false })).toBe("21:00 EDT");
  });

  it("names the zone the same in both styles (never luxon's en-GB 'GMT-8')", () => {
    expect(zoneNameAt(BEFORE_DST, "America/Los_Angeles")).toBe("PST");
    expect(formatInZone(BEFORE_DST, "America/Los_Angeles", "en-GB")).not.toMatch(/GMT-8/);
  });

  it("writes midnight and noon unambiguously in the US style", () => {
    expect(formatInZone("2027-01-11T00:00:00.000Z", "UTC", "en-US")).toBe("Mon, Jan 11, 2027, 12:00 AM UTC");
    expect(formatInZone("2027-01-11T12:05:00.000Z", "UTC", "en-US")).toBe("Mon, Jan 11, 2027, 12:05 PM UTC");
    expect(formatInZone("2027-01-11T00:00:00.000Z", "UTC", "en-GB")).toBe("Mon 11 Jan 2027, 00:00 UTC");
  });

  it("writes a range with the meridiem once when both ends share it, and the end's date when it differs", () => {
    const start = "2027-03-16T01:00:00.000Z";
    const end = "2027-03-16T02:30:00.000Z";
    expect(formatRangeInZone(start, end, "America/Los_Angeles", "en-US")).toBe("Mon, Mar 15, 2027, 6:00–7:30 PM PDT");
    expect(formatRangeInZone(start, end, "America/Los_Angeles", "en-GB")).toBe("Mon 15 Mar 2027, 18:00–19:30 PDT");
    // Across noon both meridiems are written.
    expect(formatRangeInZone("2027-03-15T15:00:00.000Z", "2027-03-15T16:30:00.000Z", "America/New_York", "en-US")).toBe(
      "Mon, Mar 15, 2027, 11:00 AM–12:30 PM EDT",
    );
    // Across midnight the end carries its own day.
    expect(formatRangeInZone("2027-03-16T03:00:00.000Z", "2027-03-16T05:00:00.000Z", "America/New_York", "en-US")).toBe(
      "Mon, Mar 15, 2027, 11:00 PM–Tue, Mar 16, 1:00 AM EDT",
    );
    expect(formatRangeInZone("2027-03-16T03:00:00.000Z", "2027-03-16T05:00:00.000Z", "America/New_York", "en-GB")).toBe(
      "Mon 15 Mar 2027, 23:00–Tue 16 Mar 01:00 EDT",
    );
  });

  it("writes the New York fall-back night with the zone name that tells the two 01:30s apart", () => {
    // 2027-11-07: 01:30 EDT (05:30Z) and, an hour later, 01:30 EST (06:30Z).
    expect(formatInZone("2027-11-07T05:30:00.000Z", "America/New_York", "en-US")).toBe("Sun, Nov 7, 2027, 1:30 AM EDT");
    expect(formatInZone("2027-11-07T06:30:00.000Z", "America/New_York", "en-US")).toBe("Sun, Nov 7, 2027, 1:30 AM EST");
    expect(formatInZone("2027-11-07T06:30:00.000Z", "America/New_York", "en-GB")).toBe("Sun 7 Nov 2027, 01:30 EST");
  });

  it("writes civil dates, wall-clock times and arrival times in the reader's style", () => {
    expect(formatCivilDate("2027-03-15", "en-US")).toBe("Mon, Mar 15, 2027");
    expect(formatCivilDate("2027-03-15", "en-GB")).toBe("Mon 15 Mar 2027");
    expect(formatClockIn(18 * 60, "en-US")).toBe("6:00 PM");
    expect(formatClockIn(18 * 60, "en-GB")).toBe("18:00");
    expect(formatClockIn(0, "en-US")).toBe("12:00 AM");
    expect(formatClockIn(12 * 60 + 30, "en-US")).toBe("12:30 PM");
    expect(formatClockIn(9 * 60 + 5, "en-GB")).toBe("09:05");
    expect(formatClockIn(1440, "en-GB")).toBe("24:00");
    expect(formatClockTextIn("07:30", "en-US")).toBe("7:30 AM");
    expect(formatClockTextIn("07:30", "en-GB")).toBe("07:30");
    expect(formatClockTextIn("junk", "en-US")).toBe("junk");
    expect(formatTimeInZone(MON_EVENING_UTC, "America/Chicago", "en-US")).toBe("8:00 PM");
    expect(formatTimeInZone(MON_EVENING_UTC, "America/Chicago", "en-GB")).toBe("20:00");
  });
});
