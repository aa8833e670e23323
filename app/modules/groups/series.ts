import { getZone, isoWeekday, parseCivilDate, parseClock, wallTimeToEpoch, WEEKDAYS, type Weekday } from "~/modules/time/zoned";

/**
 * Materialises a weekly series into session instants. Pure: the rule is local wall time in the
 * group's IANA zone; each occurrence is resolved with RFC 5545 rules (a start in a spring-forward
 * gap moves forward by the gap; an ambiguous fall-back start means the earlier instant), and lasts
 * `durationMinutes` of elapsed time.
 *
 * Skipped dates (holidays) are left out and do not use up `count`: "8 sessions, skipping the
 * holiday" gives 8 sessions.
 */
export type SeriesRule = {
  timezone: string;
  weekdays: Weekday[];
  startTime: string;
  durationMinutes: number;
  startDate: string;
  endDate?: string | null;
  count?: number | null;
  skipDates?: string[];
};

export type Occurrence = { date: string; startsAt: Date; endsAt: Date };

export const MAX_OCCURRENCES = 400;
export const MAX_SERIES_DAYS = 2 * 366;

function civil(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function materialiseSeries(rule: SeriesRule): Occurrence[] {
  const zone = getZone(rule.timezone);
  const start = parseCivilDate(rule.startDate);
  const startMinutes = parseClock(rule.startTime);
  if (!start || startMinutes === null || startMinutes >= 1440) throw new RangeError("invalid series rule");
  const end = rule.endDate ? parseCivilDate(rule.endDate) : null;
  const count = rule.count ?? null;
  if (!end && !count) throw new RangeError("a series needs an end date or a count");
  const days = new Set(rule.weekdays.map((d) => WEEKDAYS.indexOf(d) + 1));
  const skip = new Set(rule.skipDates ?? []);
  const startDay = Date.UTC(start.year, start.month - 1, start.day);
  const endDay = end ? Date.UTC(end.year, end.month - 1, end.day) : startDay + MAX_SERIES_DAYS * 86_400_000;
  const out: Occurrence[] = [];
  for (let day = startDay; day <= endDay && out.length < MAX_OCCURRENCES; day += 86_400_000) {
    const d = new Date(day);
    const y = d.getUTCFullYear();
    const m = d.getUTCMonth() + 1;
    const dd = d.getUTCDate();
    if (!days.has(isoWeekday(y, m, dd))) continue;
    const date = civil(day);
    if (skip.has(date)) continue;
    const startsAt = wallTimeToEpoch(zone, y, m, dd, startMinutes);
    out.push({ date, startsAt: new Date(startsAt), endsAt: new Date(startsAt + rule.durationMinutes * 60_000) });
    if (count && out.length >= count) break;
  }
  return out;
}
