import { DateTime, IANAZone } from "luxon";

/**
 * Wall-time ↔ instant conversion with explicit, RFC 5545 rules. Pure: no clock, no machine zone.
 *
 * - A wall time that does not exist (spring-forward gap) moves forward by the length of the gap
 *   (America/New_York 2027-03-14 02:30 → 03:30 EDT).
 * - An ambiguous wall time (fall-back) resolves to the earlier instant
 *   (America/New_York 2027-11-07 01:30 → 01:30 EDT, −04:00).
 *
 * luxon's DateTime.fromObject is not consistent about ambiguous times, so we resolve by hand.
 */

const zoneCache = new Map<string, IANAZone>();

export function getZone(name: string): IANAZone {
  let zone = zoneCache.get(name);
  if (!zone) {
    zone = IANAZone.create(name);
    if (!zone.isValid) throw new RangeError(`unknown time zone "${name}"`);
    zoneCache.set(name, zone);
  }
  return zone;
}

export function isValidZone(name: string): boolean {
  if (typeof name !== "string" || name.length === 0) return false;
  try {
    getZone(name);
    return true;
  } catch {
    return false;
  }
}

const DAY_MS = 86_400_000;

/** Offset in minutes of `zone` at the instant `epochMs`. */
export function offsetAt(zone: string | IANAZone, epochMs: number): number {
  const z = typeof zone === "string" ? getZone(zone) : zone;
  return z.offset(epochMs);
}

/**
 * The instant (epoch ms) of local wall time `minutes` after midnight on the civil date
 * year-month-day in `zone`. `minutes` may be ≥ 1440 (e.g. 24:00 = next midnight).
 */
export function wallTimeToEpoch(
  zone: string | IANAZone,
  year: number,
  month: number,
  day: number,
  minutes: number,
): number {
  const z = typeof zone === "string" ? getZone(zone) : zone;
  const local = Date.UTC(year, month - 1, day) + minutes * 60_000;
  const before = z.offset(local - DAY_MS);
  const after = z.offset(local + DAY_MS);
  const candidates: number[] = [];
  for (const off of before === after ? [before] : [before, after]) {
    const t = local - off * 60_000;
    if (z.offset(t) === off) candidates.push(t);
  }
  if (candidates.length > 0) return Math.min(...candidates);
  // In a gap: interpret with the offset in force before the transition, which lands after it,
  // moved forward by exactly the gap length.
  return local - before * 60_000;
}

/** Parse "HH:MM" (00:00–24:00) to minutes after midnight, or null. */
export function parseClock(value: string): number | null {
  const m = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(value);
  if (!m) return null;
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  return minutes > 1440 ? null : minutes;
}

export function formatClock(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`;
}

/** Parse "YYYY-MM-DD" into its parts, or null when it is not a real civil date. */
export function parseCivilDate(value: string): { year: number; month: number; day: number } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return { year, month, day };
}

export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** ISO weekday of a civil date, 1 = Monday … 7 = Sunday (calendar arithmetic only). */
export function isoWeekday(year: number, month: number, day: number): number {
  const js = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return js === 0 ? 7 : js;
}

/**
 * The one locale times are written in, on pages and in emails. Fixed, so the server's render, every
 * browser's hydration and every email spell a time the same way: zone names come out as
 * "PST", "EDT", "GMT", or an offset ("GMT+5:30") where English has no abbreviation.
 */
export const TIME_LOCALE = "en-US";

type Instant = number | Date | string;

function inZone(at: Instant, zone: string): DateTime {
  const dt =
    typeof at === "number" ? DateTime.fromMillis(at, { zone }) : typeof at === "string" ? DateTime.fromISO(at, { zone }) : DateTime.fromJSDate(at, { zone });
  return dt.setLocale(TIME_LOCALE);
}

/** The zone's name at this instant, as every page and email writes it ("PST", "EDT", "GMT+5:30"). */
export function zoneNameAt(at: Instant, zone: string): string {
  return inZone(at, zone).toFormat("ZZZZ");
}

/** An instant in a zone, naming the zone: "Mon 15 Mar 2027, 18:00 GMT" (or "18:00 GMT" without the date). */
export function formatInZone(at: Instant, zone: string, options: { withDate?: boolean } = {}): string {
  const dt = inZone(at, zone);
  return `${dt.toFormat(options.withDate === false ? "HH:mm" : "ccc d LLL yyyy, HH:mm")} ${dt.toFormat("ZZZZ")}`;
}

/** A start and end in a zone: "Mon 15 Mar 2027, 18:00–19:30 GMT" (the end's date only when it differs). */
export function formatRangeInZone(start: Instant, end: Instant, zone: string): string {
  const s = inZone(start, zone);
  const e = inZone(end, zone);
  return `${s.toFormat("ccc d LLL yyyy, HH:mm")}–${e.toFormat(s.hasSame(e, "day") ? "HH:mm" : "ccc d LLL HH:mm")} ${s.toFormat("ZZZZ")}`;
}

/** The instant as UTC ISO text, for a <time dateTime> attribute. */
export function isoInstant(at: Instant): string {
  return inZone(at, "UTC").toISO() ?? "";
}
