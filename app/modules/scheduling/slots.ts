import { IANAZone } from "luxon";
import { WEEKDAYS, formatClock, getZone, parseClock, wallTimeToEpoch, type Weekday } from "~/modules/time/zoned";

/**
 * Candidate slots, their occurrences and who is available for them. Pure: no clock, no machine
 * time zone; every wall time is converted with an explicit IANA zone through `wallTimeToEpoch`
 * (RFC 5545: a wall time in a gap moves forward by the gap, an ambiguous one is the earlier instant).
 *
 * Cost: every occurrence instant is computed once; each person's weekly windows become a sorted,
 * merged list of instant intervals (their union), and one sweep over the time-sorted occurrences
 * tests containment. Memory is O(people × slots) for the result, O(slots) per person while sweeping.
 */

export const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** Days since 1970-01-01 of a "YYYY-MM-DD" civil date (calendar arithmetic). */
export function dayNumber(date: string): number {
  const [y, m, d] = date.split("-").map(Number);
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

export function civilOfDayNumber(n: number): { year: number; month: number; day: number } {
  const date = new Date(n * DAY_MS);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/** 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday). */
export function weekdayIndexOfDayNumber(n: number): number {
  return (((n + 3) % 7) + 7) % 7;
}

/** Code-point order of strings (JS `<` compares UTF-16 code units, which differs above U+D7FF). */
export function compareIds(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x !== y) {
      if (x >= 0xd800 && y >= 0xd800) {
        x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
        y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
      }
      return x - y;
    }
  }
  return a.length - b.length;
}

/** Wall time → instant in one zone, memoised per (civil date, minutes); uses `wallTimeToEpoch`. */
export class WallClock {
  private readonly cache = new Map<number, number>();
  readonly zone: IANAZone;
  constructor(zoneName: string) {
    // getZone's zones remember the offsets they computed (app/modules/time/zoned.ts).
    this.zone = getZone(zoneName);
  }
  /** Instant of wall time `minutes` (0–1440) after midnight of day number `day`. */
  epoch(day: number, minutes: number): number {
    const key = day * 2048 + minutes;
    let value = this.cache.get(key);
    if (value === undefined) {
      const c = civilOfDayNumber(day);
      value = wallTimeToEpoch(this.zone, c.year, c.month, c.day, minutes);
      this.cache.set(key, value);
    }
    return value;
  }
}

/** One WallClock per zone name, for the duration of one computation. */
export class WallClocks {
  private readonly clocks = new Map<string, WallClock>();
  get(zoneName: string): WallClock {
    let clock = this.clocks.get(zoneName);
    if (!clock) {
      clock = new WallClock(zoneName);
      this.clocks.set(zoneName, clock);
    }
    return clock;
  }
}

export interface SlotGrid {
  timezone: string;
  startDate: string;
  endDate: string;
  durationMinutes: number;
  stepMinutes: number;
  dayStart: string;
  dayEnd: string;
  weekdays?: ReadonlyArray<Weekday>;
}

export interface CandidateSlot {
  /** 0 = Monday … 6 = Sunday. */
  dayIndex: number;
  day: Weekday;
  startMinutes: number;
  start: string;
  /** Occurrence instants (epoch ms), ascending; end = start + duration. */
  occurrenceStarts: number[];
  occurrenceEnds: number[];
}

/** All occurrences of all slots, sorted by start instant. */
export interface OccurrenceTable {
  start: Float64Array;
  end: Float64Array;
  slot: Int32Array;
}

/** Candidate slots with at least one occurrence, in (day, start) order. */
export function candidateSlots(grid: SlotGrid, clocks = new WallClocks()): CandidateSlot[] {
  const clock = clocks.get(grid.timezone);
  const from = parseClock(grid.dayStart)!;
  const to = parseClock(grid.dayEnd)!;
  const duration = grid.durationMinutes;
  const durationMs = duration * MINUTE_MS;
  const days = new Set<number>((grid.weekdays ?? WEEKDAYS).map((d) => WEEKDAYS.indexOf(d)));
  const starts: number[] = [];
  for (let t = from; t + duration <= to; t += grid.stepMinutes) starts.push(t);

  const first = dayNumber(grid.startDate);
  const last = dayNumber(grid.endDate);
  const byKey = new Map<number, CandidateSlot>();
  for (let day = first; day <= last; day++) {
    const dayIndex = weekdayIndexOfDayNumber(day);
    if (!days.has(dayIndex)) continue;
    for (const t of starts) {
      const key = dayIndex * 2048 + t;
      let slot = byKey.get(key);
      if (!slot) {
        slot = {
          dayIndex,
          day: WEEKDAYS[dayIndex],
          startMinutes: t,
          start: formatClock(t),
          occurrenceStarts: [],
          occurrenceEnds: [],
        };
        byKey.set(key, slot);
      }
      const s = clock.epoch(day, t);
      slot.occurrenceStarts.push(s);
      slot.occurrenceEnds.push(s + durationMs);
    }
  }
  return [...byKey.values()].sort((a, b) => a.dayIndex - b.dayIndex || a.startMinutes - b.startMinutes);
}

export function occurrenceTable(slots: ReadonlyArray<CandidateSlot>): OccurrenceTable {
  const rows: Array<[number, number, number]> = [];
  slots.forEach((slot, index) => {
    for (let i = 0; i < slot.occurrenceStarts.length; i++)
      rows.push([slot.occurrenceStarts[i], slot.occurrenceEnds[i], index]);
  });
  rows.sort((a, b) => a[0] - b[0] || a[2] - b[2]);
  const table: OccurrenceTable = {
    start: new Float64Array(rows.length),
    end: new Float64Array(rows.length),
    slot: new Int32Array(rows.length),
  };
  rows.forEach(([s, e, slot], i) => {
    table.start[i] = s;
    table.end[i] = e;
    table.slot[i] = slot;
  });
  return table;
}

export interface PersonWindows {
  timezone: string;
  weekly: ReadonlyArray<{ day: Weekday; start: string; end: string }>;
  unavailable?: ReadonlyArray<{ start: string; end: string }>;
}

/** Merged instant intervals as a flat [start0, end0, start1, end1, …] list (ascending, disjoint). */
export type IntervalList = Float64Array;

function mergeIntervals(pairs: number[]): IntervalList {
  const n = pairs.length / 2;
  const order = new Int32Array(n);
  let sorted = true;
  for (let i = 0; i < n; i++) {
    order[i] = i;
    if (i > 0 && pairs[2 * i] < pairs[2 * i - 2]) sorted = false;
  }
  if (!sorted) order.sort((a, b) => pairs[2 * a] - pairs[2 * b] || pairs[2 * a + 1] - pairs[2 * b + 1]);
  const out: number[] = [];
  for (let k = 0; k < n; k++) {
    const s = pairs[2 * order[k]];
    const e = pairs[2 * order[k] + 1];
    if (!(e > s)) continue; // empty after gap resolution
    const last = out.length - 1;
    if (last > 0 && s <= out[last]) {
      if (e > out[last]) out[last] = e; // overlapping or touching: union
    } else {
      out.push(s, e);
    }
  }
  return Float64Array.from(out);
}

/**
 * A person's availability as instant intervals: the union of their weekly windows on every local
 * date in [fromDay, toDay] (day numbers in the person's zone), and their merged unavailable intervals.
 */
export function personIntervals(
  person: PersonWindows,
  fromDay: number,
  toDay: number,
  clocks: WallClocks,
): { windows: IntervalList; unavailable: IntervalList } {
  const clock = clocks.get(person.timezone);
  const byDay: Array<Array<[number, number]>> = [[], [], [], [], [], [], []];
  for (const w of person.weekly) byDay[WEEKDAYS.indexOf(w.day)].push([parseClock(w.start)!, parseClock(w.end)!]);
  // Starts in (date, start) order are ascending instants (wall → instant is monotone), so the
  // merge below rarely needs to sort.
  for (const list of byDay) list.sort((a, b) => a[0] - b[0]);
  const pairs: number[] = [];
  for (let day = fromDay; day <= toDay; day++) {
    for (const [start, end] of byDay[weekdayIndexOfDayNumber(day)]) {
      const s = clock.epoch(day, start);
      const e = end > start ? clock.epoch(day, end) : clock.epoch(day + 1, end);
      pairs.push(s, e);
    }
  }
  const off: number[] = [];
  for (const u of person.unavailable ?? []) {
    const [sd, st] = u.start.split("T");
    const [ed, et] = u.end.split("T");
    off.push(clock.epoch(dayNumber(sd), parseClock(st)!), clock.epoch(dayNumber(ed), parseClock(et)!));
  }
  return { windows: mergeIntervals(pairs), unavailable: mergeIntervals(off) };
}

/**
 * Adds 1 to counts[slot] for every occurrence the person is available for: the occurrence's
 * [start, end) lies inside one merged window and overlaps no unavailable interval.
 */
export function countAvailableOccurrences(
  windows: IntervalList,
  unavailable: IntervalList,
  occ: OccurrenceTable,
  counts: Int32Array,
): void {
  const nw = windows.length;
  const nu = unavailable.length;
  const starts = occ.start;
  const ends = occ.end;
  const slotOf = occ.slot;
  let wi = 0;
  let ui = 0;
  for (let k = 0, n = starts.length; k < n; k++) {
    const s = starts[k];
    while (wi < nw && windows[wi + 1] <= s) wi += 2;
    if (wi >= nw) break;
    const e = ends[k];
    if (windows[wi] > s || windows[wi + 1] < e) continue;
    while (ui < nu && unavailable[ui + 1] <= s) ui += 2;
    if (ui < nu && unavailable[ui] < e) continue;
    counts[slotOf[k]]++;
  }
}

export interface SlotAvailability {
  /** Per slot: indices (into the given people) available for every occurrence, ascending. */
  available: number[][];
  /** Per slot: flat [personIndex, count, …] for people available for some but not all occurrences. */
  partial: number[][];
  /** Per slot: sum of partial counts. */
  partialSum: number[];
}

/**
 * Availability of `people` (in the order given) for every slot. Person windows are expanded over
 * the group range widened by 3 days each side, which covers every occurrence for any pair of
 * zones (offsets differ by at most 26 h; a window lasts at most 24 h).
 */
export function slotAvailability(
  grid: Pick<SlotGrid, "startDate" | "endDate">,
  slots: ReadonlyArray<CandidateSlot>,
  occ: OccurrenceTable,
  people: ReadonlyArray<PersonWindows>,
  clocks: WallClocks,
): SlotAvailability {
  const nSlots = slots.length;
  const totals = slots.map((s) => s.occurrenceStarts.length);
  const available: number[][] = slots.map(() => []);
  const partial: number[][] = slots.map(() => []);
  const partialSum = new Array<number>(nSlots).fill(0);
  const fromDay = dayNumber(grid.startDate) - 3;
  const toDay = dayNumber(grid.endDate) + 3;
  const counts = new Int32Array(nSlots);
  people.forEach((person, index) => {
    const { windows, unavailable } = personIntervals(person, fromDay, toDay, clocks);
    if (windows.length === 0) return;
    counts.fill(0);
    countAvailableOccurrences(windows, unavailable, occ, counts);
    for (let s = 0; s < nSlots; s++) {
      const c = counts[s];
      if (c === 0) continue;
      if (c === totals[s]) available[s].push(index);
      else {
        partial[s].push(index, c);
        partialSum[s] += c;
      }
    }
  });
  return { available, partial, partialSum };
}

/**
 * Slot order: more `available` first, then larger sum of partial counts, then day (mon → sun),
 * then start time.
 */
export function rankSlots(slots: ReadonlyArray<CandidateSlot>, availability: SlotAvailability): number[] {
  const order = slots.map((_, i) => i);
  order.sort(
    (a, b) =>
      availability.available[b].length - availability.available[a].length ||
      availability.partialSum[b] - availability.partialSum[a] ||
      slots[a].dayIndex - slots[b].dayIndex ||
      slots[a].startMinutes - slots[b].startMinutes,
  );
  return order;
}
