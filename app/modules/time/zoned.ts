import { DateTime, IANAZone } from "luxon";
import { DEFAULT_LOCALE, LOCALE_LABELS, LOCALES, localeOf, usesTwelveHourClock, type Locale } from "~/i18n/locales";

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

/**
 * An IANA zone that remembers the offsets it has computed, for the life of the process: luxon
 * computes each one with Intl.DateTimeFormat#formatToParts (its partsOffset was ~4 % of the
 * round page's server CPU, converting the same facilitators' sessions on every view). An offset
 * is a pure function of the zone and the instant, so a remembered one is always right; the
 * store is bounded (emptied when full), so memory stays flat.
 */
class RememberingZone extends IANAZone {
  private offsets = new Map<number, number>();
  override offset(ts: number): number {
    let value = this.offsets.get(ts);
    if (value === undefined) {
      value = super.offset(ts);
      if (this.offsets.size >= REMEMBERED_OFFSETS) this.offsets = new Map();
      this.offsets.set(ts, value);
    }
    return value;
  }
}

/** Offsets remembered per zone (a few MB at most). */
const REMEMBERED_OFFSETS = 20_000;

const zoneCache = new Map<string, IANAZone>();

export function getZone(name: string): IANAZone {
  let zone = zoneCache.get(name);
  if (!zone) {
    zone = new RememberingZone(name);
    if (!zone.isValid) throw new RangeError(`unknown time zone "${name}"`);
    // Bounded too: zone names come from stored rows and forms (each one validated here first).
    if (zoneCache.size >= 1_000) zoneCache.clear();
    zoneCache.set(name, zone);
  }
  return zone;
}

/** The local wall time of an instant in `zone`, as "YYYY-MM-DDTHH:mm" (seconds dropped). */
export function wallTimeOf(epochMs: number, zone: string | IANAZone): string {
  const local = new Date(epochMs + offsetAt(zone, epochMs) * 60_000);
  return `${local.toISOString().slice(0, 10)}T${formatClock(local.getUTCHours() * 60 + local.getUTCMinutes())}`;
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
 * Zone names and day/month names are always written in English ("PST", "EDT", "GMT+5:30", "Mon",
 * "Mar"), whatever the person's date style: luxon's en-GB would say "GMT-8" for PST. Formatting
 * uses fixed luxon token patterns, never a locale's Intl macro format, so the server's render, every
 * browser's hydration and every email spell a time the same way.
 */
export const TIME_LOCALE = "en-US";

/**
 * The date and time style is the person's locale (users.locale, app/i18n/locales.ts): its language
 * names the days and months, its region picks the clock. en-US "Mon, Mar 15, 2027, 6:00 PM",
 * en-GB "Mon 15 Mar 2027, 18:00", es-ES "lun 15 mar 2027, 18:00", es-US "lun 15 mar 2027, 6:00 p. m.".
 */
export const DATE_STYLES = LOCALES;
export type DateStyle = Locale;
export const DEFAULT_DATE_STYLE: DateStyle = DEFAULT_LOCALE;

/** How the profile form names each choice (in its own language, with a sample). */
export const DATE_STYLE_LABELS: Record<DateStyle, string> = LOCALE_LABELS;

/** A stored preference as a style; anything unknown (or missing, signed out) is the US style. */
export function dateStyleOf(locale: string | null | undefined): DateStyle {
  return localeOf(locale);
}

const PATTERNS: Record<"en-US" | "en-GB", { date: string; dayMonth: string; time: string }> = {
  "en-US": { date: "ccc, LLL d, yyyy", dayMonth: "ccc, LLL d", time: "h:mm a" },
  "en-GB": { date: "ccc d LLL yyyy", dayMonth: "ccc d LLL", time: "HH:mm" },
};

/**
 * Spanish day and month abbreviations, written here rather than asked of Intl: Node's and each
 * browser's ICU disagree ("sep"/"sept", with or without a dot), and the server's render and the
 * browser's hydration must spell a date the same way.
 */
const ES_DAYS = ["lun", "mar", "mié", "jue", "vie", "sáb", "dom"];
const ES_MONTHS = ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic"];

function datePart(dt: DateTime, style: DateStyle, withYear = true): string {
  if (style === "en-US" || style === "en-GB") return dt.toFormat(withYear ? PATTERNS[style].date : PATTERNS[style].dayMonth);
  const day = `${ES_DAYS[dt.weekday - 1]} ${dt.day} ${ES_MONTHS[dt.month - 1]}`;
  return withYear ? `${day} ${dt.year}` : day;
}

function meridiem(dt: DateTime, style: DateStyle): string {
  if (style === "es-US") return dt.hour < 12 ? "a. m." : "p. m.";
  return dt.toFormat("a");
}

function timePart(dt: DateTime, style: DateStyle, withMeridiem = true): string {
  if (style === "en-US" || style === "en-GB") return dt.toFormat(withMeridiem || style === "en-GB" ? PATTERNS[style].time : "h:mm");
  if (!usesTwelveHourClock(style)) return dt.toFormat("HH:mm");
  const clock = `${dt.hour % 12 || 12}:${String(dt.minute).padStart(2, "0")}`;
  return withMeridiem ? `${clock} ${meridiem(dt, style)}` : clock;
}

type Instant = number | Date | string;

/** An instant as a cache key: milliseconds for numbers and dates, the text itself for strings. */
function instantKey(at: Instant): string {
  return typeof at === "string" ? `s${at}` : String(typeof at === "number" ? at : at.getTime());
}

const formatted = new Map<string, string>();

/**
 * Formatting an instant in a zone and style is a pure function of those, and a page writes the
 * same few session times many times (each row, each card): luxon builds a zoned DateTime and
 * formats it each time (~10 % of a participant home page's server CPU). The texts are kept here,
 * at most 20,000 (a time of day and a zone name, nobody's data), dropped all at once when full.
 */
function remembered(key: string, make: () => string): string {
  let text = formatted.get(key);
  if (text === undefined) {
    text = make();
    if (formatted.size >= 20_000) formatted.clear();
    formatted.set(key, text);
  }
  return text;
}

function inZone(at: Instant, zone: string): DateTime {
  const dt =
    typeof at === "number" ? DateTime.fromMillis(at, { zone }) : typeof at === "string" ? DateTime.fromISO(at, { zone }) : DateTime.fromJSDate(at, { zone });
  return dt.setLocale(TIME_LOCALE);
}

const zoneNameFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * `dt.toFormat("ZZZZ")` ("PST", "GMT+5:30") with the same Intl options luxon uses, but one
 * Intl.DateTimeFormat per locale and zone instead of a new one per call (luxon builds one every
 * time: that was ~9 % of a participant home page's server time, a session list's every row).
 */
function zoneAbbreviation(dt: DateTime): string {
  if (!dt.isValid || dt.zone.type !== "iana" || !dt.zoneName) return dt.toFormat("ZZZZ");
  const key = `${dt.locale}|${dt.zoneName}`;
  let format = zoneNameFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(dt.locale ?? undefined, {
      timeZoneName: "short",
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      timeZone: dt.zoneName,
    });
    // Zones come from a fixed list (validated on input): the map stays small.
    if (zoneNameFormats.size < 1000) zoneNameFormats.set(key, format);
  }
  const part = format.formatToParts(new Date(dt.toMillis())).find((p) => p.type.toLowerCase() === "timezonename");
  return part ? part.value : dt.toFormat("ZZZZ");
}

/** The zone's name at this instant, as every page and email writes it ("PST", "EDT", "GMT+5:30"). */
export function zoneNameAt(at: Instant, zone: string): string {
  return zoneAbbreviation(inZone(at, zone));
}

/**
 * An instant in a zone, naming the zone, in the reader's style:
 * en-US "Mon, Mar 15, 2027, 6:00 PM PST", en-GB "Mon 15 Mar 2027, 18:00 PST"
 * (only the time and zone with `withDate: false`).
 */
export function formatInZone(at: Instant, zone: string, style: DateStyle, options: { withDate?: boolean } = {}): string {
  return remembered(`i|${instantKey(at)}|${zone}|${style}|${options.withDate === false ? 0 : 1}`, () => formatInZoneNow(at, zone, style, options));
}

function formatInZoneNow(at: Instant, zone: string, style: DateStyle, options: { withDate?: boolean }): string {
  const dt = inZone(at, zone);
  const text = options.withDate === false ? timePart(dt, style) : `${datePart(dt, style)}, ${timePart(dt, style)}`;
  return `${text} ${zoneAbbreviation(dt)}`;
}

/**
 * A start and end in a zone, in the reader's style (the end's date only when it differs):
 * en-US "Mon, Mar 15, 2027, 6:00–7:30 PM PST" ("11:00 AM–12:30 PM" across noon),
 * en-GB "Mon 15 Mar 2027, 18:00–19:30 PST".
 */
export function formatRangeInZone(start: Instant, end: Instant, zone: string, style: DateStyle): string {
  return remembered(`r|${instantKey(start)}|${instantKey(end)}|${zone}|${style}`, () => formatRangeInZoneNow(start, end, zone, style));
}

function formatRangeInZoneNow(start: Instant, end: Instant, zone: string, style: DateStyle): string {
  const s = inZone(start, zone);
  const e = inZone(end, zone);
  // Both in the same zone: the same calendar day there (what hasSame(e, "day") answers, cheaper).
  const sameDay = s.year === e.year && s.month === e.month && s.day === e.day;
  // "6:00–7:30 PM": the meridiem once when both ends share it on the same day.
  const shareMeridiem = usesTwelveHourClock(style) && sameDay && meridiem(s, style) === meridiem(e, style);
  const from = `${datePart(s, style)}, ${timePart(s, style, !shareMeridiem)}`;
  const to = sameDay ? timePart(e, style) : `${datePart(e, style, false)}${style === "en-GB" ? " " : ", "}${timePart(e, style)}`;
  return `${from}–${to} ${zoneAbbreviation(s)}`;
}

/** A civil date ("YYYY-MM-DD") in the reader's style: "Mon, Mar 15, 2027" / "Mon 15 Mar 2027". */
export function formatCivilDate(date: string, style: DateStyle): string {
  const dt = DateTime.fromISO(date, { zone: "UTC" }).setLocale(TIME_LOCALE);
  return dt.isValid ? datePart(dt, style) : date;
}

/** A wall-clock time (minutes after midnight, 0–1440) in the reader's style: "6:00 PM" / "18:00". */
export function formatClockIn(minutes: number, style: DateStyle): string {
  if (!usesTwelveHourClock(style)) return formatClock(minutes);
  const h24 = Math.floor(minutes / 60) % 24;
  const m = minutes % 60;
  const h12 = h24 % 12 === 0 ? 12 : h24 % 12;
  const [am, pm] = style === "es-US" ? ["a. m.", "p. m."] : ["AM", "PM"];
  return `${h12}:${String(m).padStart(2, "0")} ${h24 < 12 ? am : pm}`;
}

/** A wall-clock "HH:MM" text in the reader's style (unparseable text is returned as it is). */
export function formatClockTextIn(value: string, style: DateStyle): string {
  const minutes = parseClock(value);
  return minutes === null ? value : formatClockIn(minutes, style);
}

/** The time of an instant in a zone, without the zone name: "6:00 PM" / "18:00" (e.g. an arrival). */
export function formatTimeInZone(at: Instant, zone: string, style: DateStyle): string {
  return timePart(inZone(at, zone), style);
}

/** The instant as UTC ISO text, for a <time dateTime> attribute. */
export function isoInstant(at: Instant): string {
  return remembered(`o|${instantKey(at)}`, () => inZone(at, "UTC").toISO() ?? "");
}
