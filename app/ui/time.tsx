import { formatInZone, formatRangeInZone, isoInstant } from "~/modules/time/zoned";

/** An instant shown in the viewer's zone, with the zone named, in a <time> element. */
export function When({ at, zone, withDate = true }: { at: string | Date; zone: string; withDate?: boolean }) {
  return <time dateTime={isoInstant(at) || undefined}>{formatInZone(at, zone, { withDate })}</time>;
}

export function SessionTime({ start, end, zone }: { start: string | Date; end: string | Date; zone: string }) {
  return <time dateTime={isoInstant(start) || undefined}>{formatRangeInZone(start, end, zone)}</time>;
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
