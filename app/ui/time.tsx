import { createContext, useContext } from "react";
import { DEFAULT_DATE_STYLE, formatCivilDate, formatInZone, formatRangeInZone, isoInstant, type DateStyle } from "~/modules/time/zoned";

/**
 * The viewer's date and time style, provided once in root from the root loader's data (the
 * signed-in person's preference, US style when signed out), so the server's render and the
 * browser's hydration write every time the same way.
 */
const DateStyleContext = createContext<DateStyle>(DEFAULT_DATE_STYLE);
export const DateStyleProvider = DateStyleContext.Provider;

/** The viewer's date and time style, for any component that writes a date or a time. */
export function useDateStyle(): DateStyle {
  return useContext(DateStyleContext);
}

/** An instant shown in the viewer's zone and style, with the zone named, in a <time> element. */
export function When({ at, zone, withDate = true }: { at: string | Date; zone: string; withDate?: boolean }) {
  const style = useDateStyle();
  return <time dateTime={isoInstant(at) || undefined}>{formatInZone(at, zone, style, { withDate })}</time>;
}

/** A civil date ("YYYY-MM-DD", no zone) in the viewer's style: "Mon, Mar 15, 2027" / "Mon 15 Mar 2027". */
export function CivilDate({ date }: { date: string }) {
  const style = useDateStyle();
  return <time dateTime={date}>{formatCivilDate(date, style)}</time>;
}

export function SessionTime({ start, end, zone }: { start: string | Date; end: string | Date; zone: string }) {
  const style = useDateStyle();
  return <time dateTime={isoInstant(start) || undefined}>{formatRangeInZone(start, end, zone, style)}</time>;
}

export const COMMON_ZONES = [
  "America/New_York",
  "America/Chicago",
  "America/Denver",
  "America/Phoenix",
  "America/Los_Angeles",
  "America/Anchorage",
  "Pacific/Honolulu",
  "America/Puerto_Rico",
  "America/Mexico_City",
  "America/Toronto",
  "America/Sao_Paulo",
  "Europe/London",
  "Europe/Dublin",
  "Europe/Paris",
  "Europe/Berlin",
  "Europe/Madrid",
  "Africa/Lagos",
  "Africa/Johannesburg",
  "Asia/Kolkata",
  "Asia/Manila",
  "Asia/Tokyo",
  "Australia/Sydney",
  "Pacific/Auckland",
  "UTC",
];

export function zoneOptions(current?: string) {
  const zones = current && !COMMON_ZONES.includes(current) ? [current, ...COMMON_ZONES] : COMMON_ZONES;
  return zones.map((z) => ({ value: z, label: z.replace(/_/g, " ") }));
}
