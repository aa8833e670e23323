import { DateTime } from "luxon";

/** An instant shown in the viewer's zone, with the zone named, in a <time> element. */
export function When({ at, zone, withDate = true }: { at: string | Date; zone: string; withDate?: boolean }) {
  const dt = DateTime.fromISO(typeof at === "string" ? at : at.toISOString(), { zone });
  const text = withDate ? dt.toFormat("ccc d LLL yyyy, HH:mm ZZZZ") : dt.toFormat("HH:mm ZZZZ");
  return <time dateTime={dt.toUTC().toISO() ?? undefined}>{text}</time>;
}

export function SessionTime({ start, end, zone }: { start: string | Date; end: string | Date; zone: string }) {
  const s = DateTime.fromISO(typeof start === "string" ? start : start.toISOString(), { zone });
  const e = DateTime.fromISO(typeof end === "string" ? end : end.toISOString(), { zone });
  const sameDay = s.hasSame(e, "day");
  return (
    <time dateTime={s.toUTC().toISO() ?? undefined}>
      {s.toFormat("ccc d LLL yyyy, HH:mm")}–{sameDay ? e.toFormat("HH:mm") : e.toFormat("ccc d LLL HH:mm")} {s.toFormat("ZZZZ")}
    </time>
  );
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
