import { describe, expect, it } from "vitest";
import { readClockEntry, readClockReadings } from "~/modules/attendance/clock-entry";
import { paperSheetSchema, rosterActionSchema } from "~/modules/attendance/schema";

describe("a time of day typed on the roster", () => {
  it("takes the 24-hour clock and the 12-hour clock the page itself shows (6:05 PM), in English and Spanish", () => {
    expect(readClockEntry("18:05")).toBe("18:05");
    expect(readClockEntry("9:05")).toBe("09:05");
    expect(readClockEntry("18.05")).toBe("18:05");
    expect(readClockEntry("00:00")).toBe("00:00");
    expect(readClockEntry("6:05 PM")).toBe("18:05");
    expect(readClockEntry("6:05pm")).toBe("18:05");
    expect(readClockEntry(" 6:05  P.M. ")).toBe("18:05");
    expect(readClockEntry("6 pm")).toBe("18:00");
    expect(readClockEntry("12:10 AM")).toBe("00:10");
    expect(readClockEntry("12:10 PM")).toBe("12:10");
    expect(readClockEntry("6:05 p. m.")).toBe("18:05");
    expect(readClockEntry("11:30\u202fa. m.")).toBe("11:30");
  });

  it("refuses what is not a time of day", () => {
    for (const junk of ["", "24:00", "25:00", "18:60", "13:05 PM", "0:30 am", "6", "six", "18:5", "6:05 xm", "18:05:00"]) {
      expect(readClockEntry(junk), junk).toBeNull();
    }
  });

  it("the details form stores 3:20 PM as 15:20 and explains a refusal with both styles", () => {
    const userId = "0b588258-25b9-49af-9924-9df5241ad503";
    const ok = rosterActionSchema.safeParse({ intent: "details", userId, status: "late", arrivedAt: "3:20 PM", leftAt: "" });
    expect(ok.success && ok.data.intent === "details" ? ok.data.arrivedAt : null).toBe("15:20");
    const refused = rosterActionSchema.safeParse({ intent: "details", userId, status: "late", arrivedAt: "7.05 xm", leftAt: "" });
    expect(refused.success).toBe(false);
    expect(JSON.stringify(refused.error?.issues)).toContain("for example 6:05 PM or 18:05");
    const paper = paperSheetSchema.safeParse({ [`status.${userId}`]: "late", [`arrivedAt.${userId}`]: "6:12 pm" });
    expect(paper.success && paper.data.marks[0].arrivedAt).toBe("18:12");
  });
});

describe("the readings of a typed time", () => {
  it("a 12-hour-looking time without AM or PM may be either half of the day; anything else has one reading", () => {
    expect(readClockReadings("7:05")).toBe("07:05|19:05");
    expect(readClockReadings("12:30")).toBe("12:30|00:30");
    expect(readClockReadings("7.05")).toBe("07:05|19:05");
    expect(readClockReadings("7:05 PM")).toBe("19:05");
    expect(readClockReadings("7:05 am")).toBe("07:05");
    expect(readClockReadings("07:05")).toBe("07:05");
    expect(readClockReadings("19:05")).toBe("19:05");
    expect(readClockReadings("0:30")).toBe("00:30");
    expect(readClockReadings("25:00")).toBeNull();
  });
});

