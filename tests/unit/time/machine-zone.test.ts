import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";

// The unit projects each run in one machine time zone (tests/vitest.config.ts). If the zone did
// not reach Date, Intl and luxon, the runs would all test the same zone and prove nothing.
describe("the machine time zone of this run", () => {
  const expected = process.env.EXPECTED_TZ;

  it("is the one the project asked for, in Date, Intl and luxon alike", () => {
    expect(expected, "run through the unit projects of tests/vitest.config.ts").toBeTruthy();
    expect(Intl.DateTimeFormat().resolvedOptions().timeZone).toBe(expected === "UTC" ? "UTC" : expected);
    expect(DateTime.local().zoneName).toBe(expected);
    // 1 January 2030 at noon UTC: the offset Date reports is the zone's, not the container's.
    const offset = new Date(Date.UTC(2030, 0, 1, 12)).getTimezoneOffset();
    expect(offset).toBe({ UTC: 0, "Pacific/Auckland": -780, "America/New_York": 300 }[expected!]);
  });
});
