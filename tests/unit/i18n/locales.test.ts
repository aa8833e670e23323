import { describe, expect, test } from "vitest";
import { translateMessage } from "~/i18n/catalog";
import { localeOf, negotiateLocale } from "~/i18n/locales";
import { formatCivilDate, formatClockIn, formatInZone, formatRangeInZone, formatTimeInZone } from "~/modules/time/zoned";

describe("choosing a locale from Accept-Language (a default only)", () => {
  test("Spanish from Spain is es-ES; any other Spanish is American Spanish", () => {
    expect(negotiateLocale("es-ES,es;q=0.9,en;q=0.8")).toBe("es-ES");
    expect(negotiateLocale("es-MX,es;q=0.9")).toBe("es-US");
    expect(negotiateLocale("es")).toBe("es-US");
    expect(negotiateLocale("es-419")).toBe("es-US");
  });
  test("the highest quality supported language wins, in order when equal", () => {
    expect(negotiateLocale("fr-FR,en-GB;q=0.8,es;q=0.9")).toBe("es-US");
    expect(negotiateLocale("de, en-AU")).toBe("en-GB");
    expect(negotiateLocale("en-US, es")).toBe("en-US");
    expect(negotiateLocale("es;q=0, en")).toBe("en-US");
  });
  test("nothing we ship, junk or no header gives no choice", () => {
    expect(negotiateLocale("fr-FR,de;q=0.5")).toBeNull();
    expect(negotiateLocale("")).toBeNull();
    expect(negotiateLocale(null)).toBeNull();
    expect(negotiateLocale(";;;,,q=1")).toBeNull();
  });
  test("a stored value outside the list reads as US English", () => {
    expect(localeOf("es-US")).toBe("es-US");
    expect(localeOf("fr-FR")).toBe("en-US");
    expect(localeOf(undefined)).toBe("en-US");
  });
});

describe("dates and times in each locale", () => {
  const evening = "2027-03-15T22:00:00Z"; // 18:00 in New York (EDT)
  const later = "2027-03-15T23:30:00Z";
  test("English stays as it was: 12-hour US, 24-hour UK", () => {
    expect(formatInZone(evening, "America/New_York", "en-US")).toBe("Mon, Mar 15, 2027, 6:00 PM EDT");
    expect(formatInZone(evening, "America/New_York", "en-GB")).toBe("Mon 15 Mar 2027, 18:00 EDT");
  });
  test("Spanish names days and months in Spanish, es-ES on the 24-hour clock, es-US on the 12-hour clock", () => {
    expect(formatInZone(evening, "America/New_York", "es-ES")).toBe("lun 15 mar 2027, 18:00 EDT");
    expect(formatInZone(evening, "America/New_York", "es-US")).toBe("lun 15 mar 2027, 6:00 p. m. EDT");
    expect(formatRangeInZone(evening, later, "America/New_York", "es-US")).toBe("lun 15 mar 2027, 6:00–7:30 p. m. EDT");
    expect(formatRangeInZone(evening, later, "America/New_York", "es-ES")).toBe("lun 15 mar 2027, 18:00–19:30 EDT");
    expect(formatRangeInZone("2027-09-05T14:00:00Z", "2027-09-06T15:00:00Z", "UTC", "es-ES")).toBe("dom 5 sept 2027, 14:00–lun 6 sept, 15:00 UTC");
    expect(formatCivilDate("2027-01-06", "es-US")).toBe("mié 6 ene 2027");
    expect(formatClockIn(9 * 60, "es-US")).toBe("9:00 a. m.");
    expect(formatClockIn(21 * 60, "es-ES")).toBe("21:00");
    expect(formatTimeInZone("2027-03-15T12:05:00Z", "UTC", "es-US")).toBe("12:05 p. m.");
  });
});

describe("the server's English sentences in Spanish", () => {
  test("an exact sentence and a template are translated; English and unknown text stay as they are", () => {
    expect(translateMessage("It may have moved, or the link may be mistyped.", "es-US")).toBe("Es posible que se haya movido o que el enlace esté mal escrito.");
    expect(translateMessage("Gone. It may have moved, or the link may be mistyped.", "es-ES")).toBe("Gone. Es posible que se haya movido o que el enlace esté mal escrito.");
    expect(translateMessage("It may have moved, or the link may be mistyped.", "en-GB")).toBe("It may have moved, or the link may be mistyped.");
    expect(translateMessage("Something nobody translated.", "es-US")).toBe("Something nobody translated.");
  });
});
