/**
 * Cohort formation (pure). Contract: /work/shared/SCHEDULING.md, "cohorts".
 *
 * Problem. Choose at most `sections` distinct slots T, a facilitator for each (when facilitators
 * were given: one of the slot's facilitators; one person may lead several chosen slots only when
 * none of those slots' occurrences overlap in time), and place participants so that each is in at
 * most one cohort, only at a slot they are available for, and every cohort has between
 * `minParticipants` and `capacity` people. Maximise the number placed; among maximum placements,
 * form as many cohorts as possible (so fewer than `sections` only when no more can be formed).
 *
 * Value of a slot set. For a fixed T, placing participants is a transportation problem
 * (source → slot [minParticipants, capacity] → participant → sink [0, 1]). By max-flow/min-cut
 * (Hall's theorem for b-matchings) its unconstrained value is
 *     f(T) = min over X ⊆ T of ( capacity·|T \ X| + |N(X)| ),   N(X) = people available at some slot of X,
 * and the lower bounds are satisfiable iff |N(X)| ≥ minParticipants·|X| for every X ⊆ T; when they
 * are, the optimum with lower bounds equals f(T) (augmenting paths from a feasible flow never lower
 * a source edge). We compute |N(X)| for all X ⊆ T incrementally with bitsets (or member lists when
 * sparser), so evaluating one set costs O(2^|T| · min(|A|, n/32)) — never a per-set max-flow.
 * An infeasible T (lower bounds or facilitator rule) makes every superset infeasible.
 * The participants themselves are then placed by a max-flow on "availability types" (≤ 2^|T|
 * nodes), first with slot capacities = minParticipants, then raised to capacity.
 *
 * Search. Candidate slots are those with ≥ minParticipants available (and ≥ 1 facilitator when
 * facilitators were given), ordered by u = min(capacity, |available|) descending, ties in the given
 * (ranking) order. f is monotone submodular (a transversal-matroid rank function over groups of
 * `capacity` seats), which gives the bounds used for pruning:
 *   f(T ∪ S) ≤ f(T) + Σ_{s∈S} u_s   and   f(T ∪ S) ≤ f(T) + Σ_{s∈S} (f(T ∪ {s}) − f(T)).
 * 1. Greedy: repeatedly add the slot with the largest gain (ties → earlier slot), then add slots
 *    with zero gain while the lower bounds stay satisfiable (more cohorts, same number placed).
 * 2. Branch and bound over all sets of ≤ `sections` slots in candidate order, starting from the greedy
 *    value, using both bounds above plus the global bounds min(sections·capacity, |∪ available|) and
 *    ⌊|∪ available| / minParticipants⌋ cohorts; only strictly better sets (more placed, or as many
 *    placed in more cohorts) replace the incumbent, so ties keep the earlier-found, higher-ranked set.
 *
 * Exactness and bound. For sections ≤ 3 the branch and bound has no budget: the result is the exact
 * maximum. For sections 4–10 it runs under a fixed, deterministic work budget
 * (≈ DEFAULT_WORK_BUDGET word operations); if it finishes, the result is again exact (`exact: true`);
 * otherwise the best set found is returned, which is never worse than the greedy one. The greedy
 * step alone guarantees ≥ (1 − (1 − 1/k)^k) ≥ 1 − 1/e ≈ 63.2% of the optimum (k = sections;
 * Nemhauser–Wolsey–Fisher 1978 for monotone submodular maximisation under a cardinality constraint)
 * when minParticipants = 1 and every set of ≤ sections candidate slots can be led — always true
 * without facilitators, and also when no two candidate slots overlap in time or every candidate slot
 * has ≥ sections available facilitators. (With minParticipants = 1 a slot with positive gain never
 * breaks the lower bounds, so the greedy is the textbook one.) With minParticipants > 1 or a binding
 * facilitator rule, sections > 3 is a heuristic with no proven ratio beyond "never worse than the
 * greedy, and exact whenever the budgeted search completes". Every answer is feasible.
 */

export const DEFAULT_WORK_BUDGET = 60_000_000;

export interface CohortSlot {
  /** Participant indices available for every occurrence, ascending, distinct. */
  available: ArrayLike<number>;
  /** Facilitator indices available for every occurrence, ascending (ignored without facilitators). */
  facilitators: ArrayLike<number>;
  /** Occurrence instants, starts ascending. */
  occurrenceStarts: ArrayLike<number>;
  occurrenceEnds: ArrayLike<number>;
}

export interface CohortProblem {
  participantCount: number;
  /** Slots in preference order (best first). */
  slots: ReadonlyArray<CohortSlot>;
  sections: number;
  capacity: number;
  minParticipants: number;
  withFacilitators: boolean;
  /** Work budget for the branch and bound; default Infinity for sections ≤ 3, else DEFAULT_WORK_BUDGET. */
  workBudget?: number;
}

export interface FormedCohort {
  /** Index into problem.slots. */
  slot: number;
  facilitator: number | null;
  /** Participant indices, ascending. */
  participants: number[];
}

export interface CohortPlan {
  cohorts: FormedCohort[];
  placed: number;
  /** True when the result is proven to be the maximum. */
  exact: boolean;
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

function bitCount(mask: number): number {
  let n = 0;
  while (mask) {
    mask &= mask - 1;
    n++;
  }
  return n;
}

function intervalsOverlap(a: CohortSlot, b: CohortSlot): boolean {
  let i = 0;
  let j = 0;
  while (i < a.occurrenceStarts.length && j < b.occurrenceStarts.length) {
    if (a.occurrenceEnds[i] <= b.occurrenceStarts[j]) i++;
    else if (b.occurrenceEnds[j] <= a.occurrenceStarts[i]) j++;
    else return true;
  }
  return false;
}

class StopSearch extends Error {}

class CohortSearch {
  readonly k: number;
  readonly cap: number;
  readonly minP: number;
  readonly withF: boolean;
  readonly budget: number;
  /** Candidate position → index into problem.slots. */
  readonly cand: number[];
  readonly C: number;
  readonly words: number;
  readonly size: Int32Array;
  readonly u: Float64Array;
  readonly uPrefix: Float64Array;
  readonly members: Int32Array[];
  readonly bits: Uint32Array[];
  readonly facs: Int32Array[];
  readonly globalBound: number;
  /** Most cohorts any solution can have: min(sections, candidates, ⌊|∪ available| / minParticipants⌋). */
  readonly maxSize: number;

  private pairInter: Int32Array | null = null;
  private conflicts: Int8Array | null = null;
  work = 0;
  facilitatorSteps = 0;
  aborted = false;

  // Current path (set T in insertion order) and its per-subset data.
  readonly path: Int32Array;
  readonly assign: Int32Array;
  readonly unionSize: Float64Array;
  readonly orBuf: Array<Uint32Array | null>;
  private readonly pool: Array<Uint32Array | null>;
  private readonly scratch: Float64Array[];

  best = 0;
  bestSet: number[] = [];

  constructor(readonly problem: CohortProblem) {
    const { sections, capacity, minParticipants, withFacilitators } = problem;
    this.k = sections;
    this.cap = capacity;
    this.minP = minParticipants;
    this.withF = withFacilitators;
    this.budget = problem.workBudget ?? (sections <= 3 ? Infinity : DEFAULT_WORK_BUDGET);
    const n = problem.participantCount;
    this.words = Math.max(1, (n + 31) >>> 5);

    const cand: number[] = [];
    problem.slots.forEach((slot, index) => {
      if (slot.available.length >= minParticipants && (!withFacilitators || slot.facilitators.length > 0))
        cand.push(index);
    });
    const uOf = (i: number) => Math.min(capacity, problem.slots[i].available.length);
    cand.sort((a, b) => uOf(b) - uOf(a) || a - b);
    this.cand = cand;
    const C = (this.C = cand.length);
    this.size = new Int32Array(C);
    this.u = new Float64Array(C);
    this.uPrefix = new Float64Array(C + 1);
    this.members = [];
    this.bits = [];
    this.facs = [];
    const all = new Uint32Array(this.words);
    for (let c = 0; c < C; c++) {
      const slot = problem.slots[cand[c]];
      const mem = Int32Array.from(slot.available);
      const b = new Uint32Array(this.words);
      for (let i = 0; i < mem.length; i++) b[mem[i] >>> 5] |= 1 << (mem[i] & 31);
      for (let w = 0; w < this.words; w++) all[w] |= b[w];
      this.members.push(mem);
      this.bits.push(b);
      this.size[c] = mem.length;
      this.u[c] = uOf(cand[c]);
      this.uPrefix[c + 1] = this.uPrefix[c] + this.u[c];
      // With |T| ≤ k slots, the first k facilitators of a slot always suffice: if a solution uses
      // another one, the other ≤ k−1 slots leave one of the first k free to lead this slot alone.
      this.facs.push(Int32Array.from(Array.from(slot.facilitators).slice(0, sections)));
    }
    let union = 0;
    for (let w = 0; w < this.words; w++) union += popcount(all[w]);
    this.globalBound = Math.min(sections * capacity, union);
    this.maxSize = Math.min(sections, C, Math.floor(union / minParticipants));

    this.path = new Int32Array(sections);
    this.assign = new Int32Array(sections);
    this.unionSize = new Float64Array(1 << sections);
    this.orBuf = new Array(1 << sections).fill(null);
    this.pool = new Array(1 << sections).fill(null);
    this.scratch = Array.from({ length: sections + 1 }, () => new Float64Array(1 << sections));
  }

  /** Sum of u over positions [c, c + r). */
  private sumU(c: number, r: number): number {
    return this.uPrefix[Math.min(this.C, c + r)] - this.uPrefix[c];
  }

  /** |A_c ∩ buf| using whichever of member tests or word popcounts is cheaper. */
  private intersect(c: number, buf: Uint32Array): number {
    const sz = this.size[c];
    let count = 0;
    if (sz <= this.words * 2) {
      const mem = this.members[c];
      for (let i = 0; i < sz; i++) {
        const p = mem[i];
        if (buf[p >>> 5] & (1 << (p & 31))) count++;
      }
      this.work += sz;
    } else {
      const b = this.bits[c];
      for (let w = 0, n = this.words; w < n; w++) {
        const x = b[w] & buf[w];
        if (x !== 0) count += popcount(x);
      }
      this.work += this.words;
    }
    return count;
  }

  private pairIntersection(a: number, b: number): number {
    if (!this.pairInter) this.pairInter = new Int32Array(this.C * this.C).fill(-1);
    const key = a < b ? a * this.C + b : b * this.C + a;
    let v = this.pairInter[key];
    if (v < 0) {
      v = this.size[a] <= this.size[b] ? this.intersect(a, this.bits[b]) : this.intersect(b, this.bits[a]);
      this.pairInter[key] = v;
    }
    return v;
  }

  conflict(a: number, b: number): boolean {
    if (!this.conflicts) this.conflicts = new Int8Array(this.C * this.C);
    const key = a < b ? a * this.C + b : b * this.C + a;
    let v = this.conflicts[key];
    if (v === 0) {
      v = intervalsOverlap(this.problem.slots[this.cand[a]], this.problem.slots[this.cand[b]]) ? 2 : 1;
      this.conflicts[key] = v;
    }
    return v === 2;
  }

  /**
   * A facilitator for each of `positions` (list-colouring with the overlap rule), first found in
   * (slot order, facilitator order), or null. `stepLimit` bounds the backtracking.
   */
  assignFacilitators(positions: ArrayLike<number>, stepLimit = Infinity): Int32Array | null {
    const q = positions.length;
    const chosen = new Int32Array(q);
    let steps = 0;
    const place = (i: number): boolean => {
      if (i === q) return true;
      const list = this.facs[positions[i]];
      for (let li = 0; li < Math.min(list.length, q); li++) {
        if (++steps > stepLimit) throw new StopSearch();
        const f = list[li];
        let ok = true;
        for (let j = 0; j < i && ok; j++) {
          if (chosen[j] === f && this.conflict(positions[j], positions[i])) ok = false;
        }
        if (!ok) continue;
        chosen[i] = f;
        if (place(i + 1)) return true;
      }
      return false;
    };
    try {
      const found = place(0);
      this.facilitatorSteps += steps;
      return found ? chosen : null;
    } catch (e) {
      if (!(e instanceof StopSearch)) throw e;
      this.aborted = true; // treated as infeasible: the result may not be exact
      return null;
    }
  }

  /** Can T ∪ {c} be led? Keeps T's assignment when possible; `commit` stores the result in the path. */
  private facilitatorsFor(m: number, c: number, commit: boolean): boolean {
    const list = this.facs[c];
    for (let li = 0; li < list.length; li++) {
      const f = list[li];
      let ok = true;
      for (let j = 0; j < m && ok; j++) {
        if (this.assign[j] === f && this.conflict(this.path[j], c)) ok = false;
      }
      if (ok) {
        if (commit) this.assign[m] = f;
        return true;
      }
    }
    const positions = Array.from(this.path.subarray(0, m));
    positions.push(c);
    const full = this.assignFacilitators(positions, this.budget === Infinity ? Infinity : 100_000);
    if (full && commit) this.assign.set(full);
    return full !== null;
  }

  /**
   * For T = path[0..m) with subset data in unionSize/orBuf, writes |N(X ∪ {c})| into out[X] for
   * all X ⊆ T and returns f(T ∪ {c}) (without lower bounds), or −1 when the lower bounds fail.
   */
  private evalChild(m: number, c: number, fT: number, out: Float64Array): number {
    const sz = this.size[c];
    const minP = this.minP;
    const cap = this.cap;
    out[0] = sz;
    if (sz < minP) return -1;
    let f = Math.min(fT + cap, cap * m + sz);
    const full = (1 << m) - 1;
    for (let X = 1; X <= full; X++) {
      const inter =
        (X & (X - 1)) === 0
          ? this.pairIntersection(this.path[31 - Math.clz32(X)], c)
          : this.intersect(c, this.orBuf[X]!);
      const s = this.unionSize[X] + sz - inter;
      out[X] = s;
      const size = bitCount(X);
      if (s < (size + 1) * minP) return -1;
      const v = cap * (m - size) + s;
      if (v < f) f = v;
    }
    return f;
  }

  /** Appends c to the path at depth m (T ∪ {c}); builds OR buffers when children will be evaluated. */
  private descend(m: number, c: number): void {
    this.path[m] = c;
    const bit = 1 << m;
    this.orBuf[bit] = this.bits[c];
    this.unionSize[bit] = this.size[c];
    const needBuffers = m + 1 < this.k;
    for (let X = 1; X < bit; X++) {
      const newMask = X | bit;
      if (needBuffers) {
        let buf = this.pool[newMask];
        if (!buf) buf = this.pool[newMask] = new Uint32Array(this.words);
        const a = this.orBuf[X]!;
        const b = this.bits[c];
        let count = 0;
        for (let w = 0; w < this.words; w++) {
          const x = a[w] | b[w];
          buf[w] = x;
          if (x !== 0) count += popcount(x);
        }
        this.work += this.words;
        this.orBuf[newMask] = buf;
        this.unionSize[newMask] = count;
      } else {
        const inter =
          (X & (X - 1)) === 0
            ? this.pairIntersection(this.path[31 - Math.clz32(X)], c)
            : this.intersect(c, this.orBuf[X]!);
        this.unionSize[newMask] = this.unionSize[X] + this.size[c] - inter;
      }
    }
  }

  /** Objective: most participants placed, then most cohorts. */
  private better(value: number, size: number): boolean {
    return value > this.best || (value === this.best && size > this.bestSet.length);
  }

  /** Can a subtree whose values are ≤ bound and sizes ≤ maxSize beat the incumbent? */
  private canImprove(bound: number, maxSize: number): boolean {
    return bound > this.best || (bound === this.best && Math.min(maxSize, this.maxSize) > this.bestSet.length);
  }

  private finished(): boolean {
    return this.best >= this.globalBound && this.bestSet.length >= this.maxSize;
  }

  private record(m: number, c: number, value: number): void {
    this.best = value;
    this.bestSet = [...Array.from(this.path.subarray(0, m)), c];
    if (this.finished()) throw new StopSearch();
  }

  greedy(): void {
    let fT = 0;
    let m = 0;
    const taken = new Uint8Array(this.C);
    const out = this.scratch[0];
    while (m < this.k) {
      let bestGain = 0;
      let bestC = -1;
      for (let c = 0; c < this.C; c++) {
        if (taken[c]) continue;
        if (this.u[c] <= bestGain) break;
        if (this.withF && !this.facilitatorsFor(m, c, false)) continue;
        const f = this.evalChild(m, c, fT, out);
        if (f >= 0 && f - fT > bestGain) {
          bestGain = f - fT;
          bestC = c;
        }
      }
      if (bestC < 0) break;
      if (this.withF) this.facilitatorsFor(m, bestC, true);
      this.descend(m, bestC);
      taken[bestC] = 1;
      fT += bestGain;
      m++;
    }
    // Then more cohorts at no loss: add the first slot that keeps every bound satisfiable.
    while (m < this.k) {
      let added = -1;
      for (let c = 0; c < this.C && added < 0; c++) {
        if (taken[c]) continue;
        if (this.withF && !this.facilitatorsFor(m, c, false)) continue;
        if (this.evalChild(m, c, fT, out) === fT) added = c;
      }
      if (added < 0) break;
      if (this.withF) this.facilitatorsFor(m, added, true);
      this.descend(m, added);
      taken[added] = 1;
      m++;
    }
    this.best = fT;
    this.bestSet = Array.from(this.path.subarray(0, m));
  }

  /** Branch and bound below T = path[0..m) with value fT; children from candidate position `start`. */
  search(m: number, start: number, fT: number): void {
    const r = this.k - m;
    const C = this.C;
    const out = this.scratch[m];
    if (r === 1) {
      // Leaves: evaluate T ∪ {c} only.
      for (let c = start; c < C; c++) {
        if (!this.canImprove(fT + this.u[c], m + 1)) break;
        if (this.work > this.budget) {
          this.aborted = true;
          throw new StopSearch();
        }
        if (this.withF && !this.facilitatorsFor(m, c, false)) continue;
        const f = this.evalChild(m, c, fT, out);
        if (f >= 0 && this.better(f, m + 1)) this.record(m, c, f);
      }
      return;
    }
    const count = C - start;
    const gain = new Float64Array(count);
    const valid = new Uint8Array(count);
    let end = start;
    for (let c = start; c < C; c++) {
      if (!this.canImprove(fT + this.sumU(c, r), m + r)) break;
      end = c + 1;
      if (this.work > this.budget) {
        this.aborted = true;
        throw new StopSearch();
      }
      if (this.withF && !this.facilitatorsFor(m, c, false)) continue;
      const f = this.evalChild(m, c, fT, out);
      if (f < 0) continue;
      valid[c - start] = 1;
      gain[c - start] = f - fT;
      if (this.better(f, m + 1)) this.record(m, c, f);
    }

    // Bound for extending T ∪ {c} by up to r − 1 later slots d: the r − 1 largest gains f(T∪{d}) − f(T)
    // (0 for infeasible d, u_d where not evaluated).
    const extra = r - 1;
    const suffixTop = new Float64Array(count);
    const top: number[] = [];
    let topSum = 0;
    for (let c = C - 1; c >= start; c--) {
      if (c < end) suffixTop[c - start] = topSum;
      const g = c < end ? (valid[c - start] ? gain[c - start] : 0) : this.u[c];
      if (top.length < extra || g > top[top.length - 1]) {
        let i = top.length;
        top.push(g);
        while (i > 0 && top[i - 1] < g) {
          top[i] = top[i - 1];
          i--;
        }
        top[i] = g;
        topSum += g;
        if (top.length > extra) topSum -= top.pop()!;
      }
    }
    for (let c = start; c < end; c++) {
      if (!valid[c - start]) continue;
      if (!this.canImprove(fT + gain[c - start] + suffixTop[c - start], m + r)) continue;
      const saved = this.withF ? Int32Array.from(this.assign) : null;
      if (this.withF) this.facilitatorsFor(m, c, true);
      this.descend(m, c);
      this.search(m + 1, c + 1, fT + gain[c - start]);
      if (saved) this.assign.set(saved);
    }
  }

  run(): { set: number[]; value: number; exact: boolean } {
    if (this.C === 0) return { set: [], value: 0, exact: true };
    try {
      this.greedy();
      if (!this.finished()) {
        this.unionSize[0] = 0;
        this.search(0, 0, 0);
      }
    } catch (e) {
      if (!(e instanceof StopSearch)) throw e;
    }
    return { set: [...this.bestSet].sort((a, b) => a - b), value: this.best, exact: !this.aborted };
  }
}

/** Max-flow (Dinic) on a small graph. */
class FlowNetwork {
  private head: number[];
  readonly to: number[] = [];
  readonly cap: number[] = [];
  private next: number[] = [];
  constructor(readonly n: number) {
    this.head = new Array(n).fill(-1);
  }
  addEdge(u: number, v: number, capacity: number): number {
    const id = this.to.length;
    this.to.push(v, u);
    this.cap.push(capacity, 0);
    this.next.push(this.head[u], this.head[v]);
    this.head[u] = id;
    this.head[v] = id + 1;
    return id;
  }
  maxFlow(s: number, t: number): number {
    let total = 0;
    const level = new Int32Array(this.n);
    const it = new Int32Array(this.n);
    const bfs = (): boolean => {
      level.fill(-1);
      level[s] = 0;
      const queue = [s];
      for (let qi = 0; qi < queue.length; qi++) {
        const x = queue[qi];
        for (let e = this.head[x]; e !== -1; e = this.next[e]) {
          if (this.cap[e] > 0 && level[this.to[e]] < 0) {
            level[this.to[e]] = level[x] + 1;
            queue.push(this.to[e]);
          }
        }
      }
      return level[t] >= 0;
    };
    const dfs = (x: number, pushed: number): number => {
      if (x === t) return pushed;
      for (; it[x] !== -1; it[x] = this.next[it[x]]) {
        const e = it[x];
        const y = this.to[e];
        if (this.cap[e] > 0 && level[y] === level[x] + 1) {
          const d = dfs(y, Math.min(pushed, this.cap[e]));
          if (d > 0) {
            this.cap[e] -= d;
            this.cap[e ^ 1] += d;
            return d;
          }
        }
      }
      return 0;
    };
    while (bfs()) {
      for (let i = 0; i < this.n; i++) it[i] = this.head[i];
      let f: number;
      while ((f = dfs(s, Infinity)) > 0) total += f;
    }
    return total;
  }
}

/**
 * Places participants into the chosen slots (candidate positions, ascending): max-flow over
 * availability types with lower bounds minParticipants. Returns participant lists per slot.
 */
function placeParticipants(search: CohortSearch, set: number[]): number[][] {
  const q = set.length;
  const typeOf = new Map<number, number>();
  const typeMembers: number[][] = [];
  const typeMasks: number[] = [];
  const maskOf = new Map<number, number>();
  set.forEach((c, bit) => {
    for (const p of search.members[c]) maskOf.set(p, (maskOf.get(p) ?? 0) | (1 << bit));
  });
  const people = [...maskOf.keys()].sort((a, b) => a - b);
  for (const p of people) {
    const mask = maskOf.get(p)!;
    let t = typeOf.get(mask);
    if (t === undefined) {
      t = typeMembers.length;
      typeOf.set(mask, t);
      typeMembers.push([]);
      typeMasks.push(mask);
    }
    typeMembers[t].push(p);
  }
  const T = typeMembers.length;
  const source = 0;
  const sink = 1 + q + T;
  const net = new FlowNetwork(sink + 1);
  const sourceEdges = set.map((_, i) => net.addEdge(source, 1 + i, search.minP));
  const slotTypeEdges: Array<Array<[number, number]>> = set.map(() => []);
  for (let t = 0; t < T; t++) {
    for (let i = 0; i < q; i++) {
      if (typeMasks[t] & (1 << i)) slotTypeEdges[i].push([t, net.addEdge(1 + i, 1 + q + t, typeMembers[t].length)]);
    }
    net.addEdge(1 + q + t, sink, typeMembers[t].length);
  }
  const lower = net.maxFlow(source, sink);
  if (lower !== q * search.minP) throw new Error("cohorts: lower bounds unexpectedly infeasible");
  for (const e of sourceEdges) net.cap[e] += search.cap - search.minP;
  net.maxFlow(source, sink);
  const taken = new Array<number>(T).fill(0);
  return set.map((_, i) => {
    const placed: number[] = [];
    for (const [t, e] of slotTypeEdges[i]) {
      const flow = net.cap[e ^ 1];
      placed.push(...typeMembers[t].slice(taken[t], taken[t] + flow));
      taken[t] += flow;
    }
    return placed.sort((a, b) => a - b);
  });
}

export function formCohorts(problem: CohortProblem): CohortPlan {
  const search = new CohortSearch(problem);
  const { set, value, exact } = search.run();
  if (set.length === 0) return { cohorts: [], placed: 0, exact };
  const leaders = problem.withFacilitators ? search.assignFacilitators(set) : null;
  if (problem.withFacilitators && !leaders) throw new Error("cohorts: facilitator assignment unexpectedly infeasible");
  const groups = placeParticipants(search, set);
  const placed = groups.reduce((sum, g) => sum + g.length, 0);
  if (placed !== value) throw new Error(`cohorts: placed ${placed} but the search promised ${value}`);
  const cohorts = set.map((c, i) => ({
    slot: search.cand[c],
    facilitator: leaders ? leaders[i] : null,
    participants: groups[i],
  }));
  cohorts.sort((a, b) => a.slot - b.slot);
  return { cohorts, placed, exact };
}
