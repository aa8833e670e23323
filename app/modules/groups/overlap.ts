/**
 * Whether times overlap, for a facilitator's clashes. Pure: instants only, no zone, no clock.
 *
 * Intervals are half-open, [startsAt, endsAt): a session ending at 19:30 and one starting at 19:30
 * do not overlap (a facilitator can lead back-to-back sessions); any shared minute does.
 */
export type TimeSpan = { startsAt: Date; endsAt: Date };

export function overlaps(a: TimeSpan, b: TimeSpan): boolean {
  return a.startsAt.getTime() < b.endsAt.getTime() && b.startsAt.getTime() < a.endsAt.getTime();
}

/**
 * The first clash between `proposed` times and `existing` ones: the earliest-starting existing
 * interval that overlaps any proposed one, with the earliest-starting proposed interval it overlaps
 * (ties: the earlier in the given order). Null when nothing overlaps. Neither list needs to be
 * sorted; O((n + m) log(n + m)) plus the proposed intervals the found one is compared with.
 */
export function firstOverlap<P extends TimeSpan, E extends TimeSpan>(proposed: ReadonlyArray<P>, existing: ReadonlyArray<E>): { proposed: P; existing: E } | null {
  if (proposed.length === 0 || existing.length === 0) return null;
  const byStart = <T extends TimeSpan>(list: ReadonlyArray<T>) =>
    list.map((item, index) => ({ item, index })).sort((a, b) => a.item.startsAt.getTime() - b.item.startsAt.getTime() || a.index - b.index).map((x) => x.item);
  const wanted = byStart(proposed);
  // The latest end among wanted[0..i]: some proposed interval starting before t ends after s
  // exactly when the latest end among those starting before t is after s.
  const latestEnd: number[] = [];
  for (const [i, p] of wanted.entries()) latestEnd.push(Math.max(i ? latestEnd[i - 1] : -Infinity, p.endsAt.getTime()));
  for (const e of byStart(existing)) {
    const start = e.startsAt.getTime();
    const end = e.endsAt.getTime();
    // How many proposed intervals start before `e` ends (binary search on the sorted starts).
    let lo = 0;
    let hi = wanted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (wanted[mid].startsAt.getTime() < end) lo = mid + 1;
      else hi = mid;
    }
    if (lo === 0 || latestEnd[lo - 1] <= start) continue;
    const match = wanted.slice(0, lo).find((p) => p.endsAt.getTime() > start)!;
    return { proposed: match, existing: e };
  }
  return null;
}
