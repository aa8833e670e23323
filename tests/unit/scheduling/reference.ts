/**
 * Brute-force references for the property tests. Deliberately naive and independent of the engine's
 * data structures: minute-by-minute coverage sets, enumeration of every slot set and of every
 * facilitator assignment, Kuhn-style augmenting paths per participant.
 */
import type { SuggestRequest } from "~/modules/scheduling/schema";
import { WEEKDAYS, isoWeekday, parseClock, parseCivilDate, wallTimeToEpoch } from "~/modules/time/zoned";

const DAY_MS = 86_400_000;
const MIN_MS = 60_000;

function civil(dayNum: number) {
  const d = new Date(dayNum * DAY_MS);
  return { y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate() };
}
function dayNum(date: string): number {
  const c = parseCivilDate(date)!;
  return Date.UTC(c.year, c.month - 1, c.day) / DAY_MS;
}
function wall(zone: string, day: number, minutes: number): number {
  const c = civil(day);
  return wallTimeToEpoch(zone, c.y, c.m, c.d, minutes);
}

export interface ReferenceSlot {
  key: string;
  occurrences: Array<[number, number]>;
  available: string[];
  partial: Record<string, number>;
  facilitators: string[];
}

type Person = SuggestRequest["participants"][number];

/** Minutes (epoch / 60 000) covered by a person's windows, and blocked by their unavailable intervals. */
function minuteSets(p: Person, firstDay: number, lastDay: number) {
  const covered = new Set<number>();
  for (let day = firstDay - 5; day <= lastDay + 5; day++) {
    const c = civil(day);
    const weekday = WEEKDAYS[isoWeekday(c.y, c.m, c.d) - 1];
    for (const w of p.weekly) {
      if (w.day !== weekday) continue;
      const ws = parseClock(w.start)!;
      const we = parseClock(w.end)!;
      const s = wall(p.timezone, day, ws);
      const e = we > ws ? wall(p.timezone, day, we) : wall(p.timezone, day + 1, we);
      for (let u = s; u < e; u += MIN_MS) covered.add(u / MIN_MS);
    }
  }
  const blocked = new Set<number>();
  for (const x of p.unavailable ?? []) {
    const [sd, st] = x.start.split("T");
    const [ed, et] = x.end.split("T");
    const s = wall(p.timezone, dayNum(sd), parseClock(st)!);
    const e = wall(p.timezone, dayNum(ed), parseClock(et)!);
    for (let u = s; u < e; u += MIN_MS) blocked.add(u / MIN_MS);
  }
  return { covered, blocked };
}

export function referenceSlots(req: SuggestRequest): ReferenceSlot[] {
  const first = dayNum(req.startDate);
  const last = dayNum(req.endDate);
  const from = parseClock(req.dayStart)!;
  const to = parseClock(req.dayEnd)!;
  const weekdays = req.weekdays ?? WEEKDAYS;
  const slots: ReferenceSlot[] = [];
  for (const day of WEEKDAYS) {
    if (!weekdays.includes(day)) continue;
    for (let t = from; t + req.durationMinutes <= to; t += req.stepMinutes) {
      const occurrences: Array<[number, number]> = [];
      for (let d = first; d <= last; d++) {
        const c = civil(d);
        if (WEEKDAYS[isoWeekday(c.y, c.m, c.d) - 1] !== day) continue;
        const s = wall(req.timezone, d, t);
        occurrences.push([s, s + req.durationMinutes * MIN_MS]);
      }
      if (occurrences.length === 0) continue;
      const hh = String(Math.floor(t / 60)).padStart(2, "0");
      const mm = String(t % 60).padStart(2, "0");
      slots.push({ key: `${day} ${hh}:${mm}`, occurrences, available: [], partial: {}, facilitators: [] });
    }
  }
  const count = (p: Person) => {
    const { covered, blocked } = minuteSets(p, first, last);
    return slots.map(
      (slot) =>
        slot.occurrences.filter(([s, e]) => {
          for (let u = s; u < e; u += MIN_MS) if (!covered.has(u / MIN_MS) || blocked.has(u / MIN_MS)) return false;
          return true;
        }).length,
    );
  };
  for (const p of req.participants) {
    count(p).forEach((n, i) => {
      if (n === slots[i].occurrences.length) slots[i].available.push(p.id);
      else if (n > 0) slots[i].partial[p.id] = n;
    });
  }
  for (const f of req.facilitators ?? []) {
    count(f).forEach((n, i) => {
      if (n === slots[i].occurrences.length) slots[i].facilitators.push(f.id);
    });
  }
  return slots;
}

export interface TinySlot {
  available: number[];
  facilitators: number[];
  occurrences: Array<[number, number]>;
}

function overlaps(a: TinySlot, b: TinySlot): boolean {
  return a.occurrences.some(([s1, e1]) => b.occurrences.some(([s2, e2]) => s1 < e2 && s2 < e1));
}

/** Can the slots (indices) be led, one facilitator each, same person only on non-overlapping slots? */
export function facilitatorsFeasible(slots: TinySlot[], chosen: number[]): boolean {
  const pick: number[] = [];
  const go = (i: number): boolean => {
    if (i === chosen.length) return true;
    for (const f of slots[chosen[i]].facilitators) {
      if (pick.some((g, j) => g === f && overlaps(slots[chosen[j]], slots[chosen[i]]))) continue;
      pick[i] = f;
      if (go(i + 1)) return true;
    }
    return false;
  };
  return go(0);
}

export interface Optimum {
  placed: number;
  /** Most cohorts among the solutions that place `placed`. */
  cohorts: number;
}

/** Exhaustive over every assignment of every participant (tiny inputs only). */
export function bruteForceOptimum(
  n: number,
  slots: TinySlot[],
  sections: number,
  capacity: number,
  minParticipants: number,
  withFacilitators: boolean,
): Optimum {
  const options: number[][] = Array.from({ length: n }, () => [-1]);
  slots.forEach((s, i) => s.available.forEach((p) => options[p].push(i)));
  const load = new Array<number>(slots.length).fill(0);
  const feasibleCache = new Map<number, boolean>();
  const best: Optimum = { placed: 0, cohorts: 0 };
  const go = (p: number, placed: number) => {
    if (p === n) {
      const used = load.flatMap((l, i) => (l > 0 ? [i] : []));
      if (used.length > sections) return;
      if (used.some((i) => load[i] < minParticipants)) return;
      if (withFacilitators) {
        const mask = used.reduce((m, i) => m | (1 << i), 0);
        let ok = feasibleCache.get(mask);
        if (ok === undefined) feasibleCache.set(mask, (ok = facilitatorsFeasible(slots, used)));
        if (!ok) return;
      }
      if (placed > best.placed || (placed === best.placed && used.length > best.cohorts)) {
        best.placed = placed;
        best.cohorts = used.length;
      }
      return;
    }
    for (const s of options[p]) {
      if (s >= 0 && load[s] >= capacity) continue;
      if (s >= 0) load[s]++;
      go(p + 1, placed + (s >= 0 ? 1 : 0));
      if (s >= 0) load[s]--;
    }
  };
  go(0, 0);
  return best;
}

/** Max placement for a fixed slot set with lower bounds (Kuhn augmenting paths), or −1 if infeasible. */
export function placementForSet(
  n: number,
  slots: TinySlot[],
  chosen: number[],
  capacity: number,
  minParticipants: number,
): number {
  const slotOf = new Array<number>(n).fill(-1);
  const load = new Map<number, number>(chosen.map((s) => [s, 0]));
  const tryAdd = (s: number, seen: Set<number>): boolean => {
    for (const p of slots[s].available) {
      if (seen.has(p)) continue;
      seen.add(p);
      if (slotOf[p] === -1 || tryAdd(slotOf[p], seen)) {
        slotOf[p] = s;
        return true;
      }
    }
    return false;
  };
  for (const s of chosen) {
    while (load.get(s)! < minParticipants) {
      if (!tryAdd(s, new Set())) return -1;
      load.set(s, load.get(s)! + 1);
    }
  }
  for (const s of chosen) {
    while (load.get(s)! < capacity && tryAdd(s, new Set())) load.set(s, load.get(s)! + 1);
  }
  return [...load.values()].reduce((a, b) => a + b, 0);
}

/** Optimum by enumerating every set of ≤ sections slots (moderate inputs). */
export function subsetOptimum(
  n: number,
  slots: TinySlot[],
  sections: number,
  capacity: number,
  minParticipants: number,
  withFacilitators: boolean,
): Optimum {
  const usable = slots.flatMap((s, i) =>
    s.available.length >= minParticipants && (!withFacilitators || s.facilitators.length > 0) ? [i] : [],
  );
  const best: Optimum = { placed: 0, cohorts: 0 };
  const chosen: number[] = [];
  const go = (from: number) => {
    if (chosen.length > 0) {
      // Infeasible sets have only infeasible supersets.
      if (withFacilitators && !facilitatorsFeasible(slots, chosen)) return;
      const placed = placementForSet(n, slots, chosen, capacity, minParticipants);
      if (placed < 0) return;
      if (placed > best.placed || (placed === best.placed && chosen.length > best.cohorts)) {
        best.placed = placed;
        best.cohorts = chosen.length;
      }
    }
    if (chosen.length === sections) return;
    for (let i = from; i < usable.length; i++) {
      chosen.push(usable[i]);
      go(i + 1);
      chosen.pop();
    }
  };
  go(0);
  return best;
}
