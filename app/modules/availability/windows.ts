import { formatClock, formatClockIn, parseClock, WEEKDAYS, type DateStyle, type Weekday } from "~/modules/time/zoned";

/**
 * Weekly availability as local wall-time windows (pure). A window `{day, start, end}` runs from
 * `start` on `day` to `end` on the same date; `end` "24:00" is the next midnight and `end` earlier
 * than `start` runs past midnight into the next date (the engine's meaning, SCHEDULING.md).
 *
 * Canonical form: the union of a person's windows on the week circle (Mon 00:00 … Sun 24:00, wrapping
 * to Monday), cut at every midnight. "Mon 22:00–02:00" becomes Mon 22:00–24:00 + Tue 00:00–02:00,
 * which covers exactly the same instants in every zone (24:00 and the next date's 00:00 are the same
 * wall time), so saving normalises without changing anyone's availability.
 */
export type Window = { day: Weekday; start: string; end: string };

const WEEK = 7 * 1440;
export const CELL_MINUTES = 30;
export const CELLS_PER_DAY = 1440 / CELL_MINUTES;

export const DAY_LABELS: Record<Weekday, string> = {
  mon: "Monday",
  tue: "Tuesday",
  wed: "Wednesday",
  thu: "Thursday",
  fri: "Friday",
  sat: "Saturday",
  sun: "Sunday",
};

/** Minute ranges [a, b) on the week circle, a in [0, WEEK), b > a (b may exceed WEEK when wrapping). */
function weekRanges(windows: ReadonlyArray<Window>): Array<[number, number]> {
  return windows.map((w) => {
    const base = WEEKDAYS.indexOf(w.day) * 1440;
    const s = parseClock(w.start)!;
    const e = parseClock(w.end)!;
    return [base + s, base + (e > s ? e : e + 1440)];
  });
}

/** Union on the week circle, as sorted disjoint ranges inside [0, WEEK]. */
function unionRanges(ranges: Array<[number, number]>): Array<[number, number]> {
  const flat: Array<[number, number]> = [];
  for (const [a, b] of ranges) {
    if (b <= WEEK) flat.push([a, b]);
    else flat.push([a, WEEK], [0, b - WEEK]);
  }
  flat.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const out: Array<[number, number]> = [];
  for (const [a, b] of flat) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/** The canonical windows: union, cut at midnight, sorted by day and start. */
export function normaliseWindows(windows: ReadonlyArray<Window>): Window[] {
  const out: Window[] = [];
  for (const [a, b] of unionRanges(weekRanges(windows))) {
    for (let day = Math.floor(a / 1440); day * 1440 < b; day++) {
      const from = Math.max(a, day * 1440) - day * 1440;
      const to = Math.min(b, (day + 1) * 1440) - day * 1440;
      if (to > from) out.push({ day: WEEKDAYS[day], start: formatClock(from), end: formatClock(to) });
    }
  }
  return out;
}

/**
 * Runs for display: canonical pieces joined again across midnight
 * ("Tuesday 22:00 – Wednesday 02:00"); the week wraps from Sunday night into Monday morning.
 * `dayName` names a weekday in the reader's language (English by default).
 */
export function describeWindows(windows: ReadonlyArray<Window>, style: DateStyle, dayName: (day: Weekday) => string = (day) => DAY_LABELS[day]): string[] {
  const ranges = unionRanges(weekRanges(windows));
  if (ranges.length > 1 && ranges[0][0] === 0 && ranges[ranges.length - 1][1] === WEEK) {
    const first = ranges.shift()!;
    ranges[ranges.length - 1][1] = WEEK + first[1];
  }
  return ranges.map(([a, b]) => {
    const startDay = Math.floor(a / 1440);
    const endDay = Math.floor((b - 1) / 1440);
    const from = formatClockIn(a - startDay * 1440, style);
    const to = formatClockIn(b - endDay * 1440, style);
    const first = dayName(WEEKDAYS[startDay % 7]);
    return endDay === startDay ? `${first} ${from}–${to}` : `${first} ${from} – ${dayName(WEEKDAYS[endDay % 7])} ${to}`;
  });
}

/** A cell index: day (0 = Monday) × CELLS_PER_DAY + half-hour of the day. */
export const cellIndex = (day: number, slot: number) => day * CELLS_PER_DAY + slot;

/**
 * Splits windows into the grid's half-hour cells (selected) and the windows it cannot show
 * (times not on a half hour), which stay in the plain time fields.
 */
export function windowsToCells(windows: ReadonlyArray<Window>): { cells: boolean[]; rest: Window[] } {
  const cells = new Array<boolean>(7 * CELLS_PER_DAY).fill(false);
  const rest: Window[] = [];
  for (const w of normaliseWindows(windows)) {
    const s = parseClock(w.start)!;
    const e = parseClock(w.end)!;
    if (s % CELL_MINUTES !== 0 || e % CELL_MINUTES !== 0) {
      rest.push(w);
      continue;
    }
    const day = WEEKDAYS.indexOf(w.day);
    for (let t = s; t < e; t += CELL_MINUTES) cells[cellIndex(day, t / CELL_MINUTES)] = true;
  }
  return { cells, rest };
}

/** The grid's selected cells as windows: one per run of cells in a day column (end "24:00" at midnight). */
export function cellsToWindows(cells: ReadonlyArray<boolean>): Window[] {
  const out: Window[] = [];
  for (let day = 0; day < 7; day++) {
    let runStart = -1;
    for (let slot = 0; slot <= CELLS_PER_DAY; slot++) {
      const on = slot < CELLS_PER_DAY && cells[cellIndex(day, slot)];
      if (on && runStart < 0) runStart = slot;
      if (!on && runStart >= 0) {
        out.push({ day: WEEKDAYS[day], start: formatClock(runStart * CELL_MINUTES), end: formatClock(slot * CELL_MINUTES) });
        runStart = -1;
      }
    }
  }
  return out;
}
