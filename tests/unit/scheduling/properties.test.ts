import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formCohorts, type CohortPlan, type CohortSlot } from "~/modules/scheduling/cohorts";
import { suggestTimes } from "~/modules/scheduling/engine";
import { parseSuggestRequest, type SuggestRequest, type SuggestResponse } from "~/modules/scheduling/schema";
import { civilOfDayNumber, compareIds, dayNumber } from "~/modules/scheduling/slots";
import { WEEKDAYS, formatClock, getZone, wallTimeToEpoch } from "~/modules/time/zoned";
import { bruteForceOptimum, referenceSlots, subsetOptimum, type TinySlot } from "./reference";

const ZONES = [
  "America/New_York",
  "Europe/London",
  "Australia/Sydney",
  "Asia/Kolkata",
  "America/Phoenix",
  "UTC",
  "Australia/Lord_Howe", // 30-minute DST shift
  "Asia/Kathmandu", // +05:45
  "Pacific/Chatham", // +12:45 / +13:45
];
// Start dates a few days before US, EU and southern-hemisphere changes in 2027.
const START_DATES = [
  "2027-03-11",
  "2027-03-13",
  "2027-03-26",
  "2027-04-01",
  "2027-09-24",
  "2027-10-01",
  "2027-10-29",
  "2027-11-05",
];

const dateOf = (day: number) => {
  const c = civilOfDayNumber(day);
  return `${c.year}-${String(c.month).padStart(2, "0")}-${String(c.day).padStart(2, "0")}`;
};

const quarter = fc.integer({ min: 0, max: 95 }).map((q) => q * 15);

interface GroupShape {
  timezone: string;
  first: number;
  dayStart: number;
  span: number;
}

/** Minutes to add to a group wall time to get the same instant's wall time in `zone` (at the range start). */
function offsetDifference(group: GroupShape, zone: string): number {
  const instant = wallTimeToEpoch(group.timezone, ...civilParts(group.first), group.dayStart);
  return getZone(zone).offset(instant) - getZone(group.timezone).offset(instant);
}
function civilParts(day: number): [number, number, number] {
  const c = civilOfDayNumber(day);
  return [c.year, c.month, c.day];
}

/**
 * A weekly window: either anywhere, or (more often) roughly around the group's hours converted to the
 * person's zone, so that slots are often fully or partly covered.
 */
const windowArb = (group: GroupShape, zone: string) =>
  fc
    .oneof(
      {
        weight: 1,
        arbitrary: fc.record({
          day: fc.integer({ min: 0, max: 6 }),
          start: quarter,
          end: fc.integer({ min: 0, max: 96 }).map((q) => q * 15),
        }),
      },
      {
        weight: 3,
        arbitrary: fc
          .record({
            day: fc.integer({ min: 0, max: 6 }),
            before: fc.integer({ min: -2, max: 8 }).map((q) => q * 15),
            after: fc.integer({ min: -2, max: 12 }).map((q) => q * 15),
          })
          .map(({ day, before, after }) => {
            const local = group.dayStart + offsetDifference(group, zone) - before;
            const shift = Math.floor(local / 1440);
            const start = ((local % 1440) + 1440) % 1440;
            const start15 = (Math.round(start / 15) * 15) % 1440;
            const end = (start15 + Math.max(15, before + group.span + after)) % 1440;
            return { day: (((day + shift) % 7) + 7) % 7, start: start15, end: end === 0 && start15 !== 0 ? 1440 : end };
          }),
      },
    )
    .filter((w) => w.start !== w.end)
    .map((w) => ({ day: WEEKDAYS[w.day], start: formatClock(w.start), end: formatClock(w.end) }));

const personArb = (prefix: string, group: GroupShape) =>
  fc.constantFrom(...ZONES).chain((timezone) =>
    fc.record({
      id: fc.string({ minLength: 1, maxLength: 3 }).map((s) => `${prefix}${s}`),
      timezone: fc.constant(timezone),
      weekly: fc.array(windowArb(group, timezone), { maxLength: 5 }),
      unavailable: fc.array(
        fc
          .oneof(
            {
              weight: 1,
              arbitrary: fc.record({
                day: fc.integer({ min: -1, max: 16 }),
                start: quarter,
                length: fc.integer({ min: 1, max: 96 }).map((q) => q * 15),
              }),
            },
            {
              // Around the group's hours on one date, so it hits a single occurrence.
              weight: 2,
              arbitrary: fc
                .record({
                  day: fc.integer({ min: 0, max: 16 }),
                  shift: fc.integer({ min: -4, max: 4 }).map((q) => q * 15),
                  length: fc.integer({ min: 1, max: 24 }).map((q) => q * 15),
                })
                .map(({ day, shift, length }) => ({
                  day,
                  start: group.dayStart + offsetDifference(group, timezone) + shift,
                  length,
                })),
            },
          )
          .map(({ day, start, length }) => {
            const s = (group.first + day) * 1440 + start;
            const e = s + length;
            const fmt = (m: number) => `${dateOf(Math.floor(m / 1440))}T${formatClock(((m % 1440) + 1440) % 1440)}`;
            return { start: fmt(s), end: fmt(e) };
          }),
        { maxLength: 3 },
      ),
    }),
  );

const requestArb: fc.Arbitrary<SuggestRequest> = fc
  .record({
    timezone: fc.constantFrom(...ZONES),
    startDate: fc.constantFrom(...START_DATES),
    days: fc.integer({ min: 1, max: 17 }),
    dayStart: fc.integer({ min: 0, max: 88 }).map((q) => q * 15),
    span: fc.integer({ min: 1, max: 12 }).map((q) => q * 15),
    durationQ: fc.integer({ min: 1, max: 8 }),
    stepMinutes: fc.constantFrom(15, 30, 45, 60),
    weekdays: fc.option(fc.subarray([...WEEKDAYS], { minLength: 1 }), { nil: undefined }),
    sections: fc.integer({ min: 1, max: 2 }),
    capacity: fc.integer({ min: 1, max: 3 }),
    minParticipants: fc.integer({ min: 1, max: 2 }),
    seed: fc.integer(),
  })
  .chain((g) => {
    const first = dayNumber(g.startDate);
    const shape: GroupShape = {
      timezone: g.timezone,
      first,
      dayStart: g.dayStart,
      span: Math.max(g.span, g.durationQ * 15),
    };
    return fc
      .record({
        participants: fc.uniqueArray(personArb("p", shape), { maxLength: 4, selector: (p) => p.id }),
        facilitators: fc.option(
          fc.uniqueArray(personArb("f", shape), { minLength: 1, maxLength: 2, selector: (p) => p.id }),
          {
            nil: undefined,
          },
        ),
      })
      .map(({ participants, facilitators }) => {
        const dayEnd = Math.min(1440, g.dayStart + Math.max(g.span, g.durationQ * 15));
        const durationMinutes = Math.min(g.durationQ * 15, dayEnd - g.dayStart);
        const req: SuggestRequest = {
          timezone: g.timezone,
          startDate: g.startDate,
          endDate: dateOf(first + g.days - 1),
          durationMinutes,
          stepMinutes: g.stepMinutes,
          dayStart: formatClock(g.dayStart),
          dayEnd: formatClock(dayEnd),
          sections: g.sections,
          capacity: g.capacity,
          minParticipants: Math.min(g.minParticipants, g.capacity),
          participants,
          ...(g.weekdays ? { weekdays: g.weekdays as SuggestRequest["weekdays"] } : {}),
          ...(facilitators ? { facilitators } : {}),
        };
        return req;
      });
  });

function checkCohortsValid(
  response: SuggestResponse,
  req: SuggestRequest,
  overlaps: (a: string, b: string) => boolean,
) {
  const seen = new Set<string>();
  const keys = new Set<string>();
  const withF = (req.facilitators ?? []).length > 0;
  expect(response.cohorts.length).toBeLessThanOrEqual(req.sections);
  for (const c of response.cohorts) {
    const key = `${c.day} ${c.start}`;
    expect(keys.has(key)).toBe(false);
    keys.add(key);
    const slot = response.slots.find((s) => s.day === c.day && s.start === c.start)!;
    expect(c.participants.length).toBeGreaterThanOrEqual(req.minParticipants ?? 1);
    expect(c.participants.length).toBeLessThanOrEqual(req.capacity);
    for (const p of c.participants) {
      expect(slot.available).toContain(p);
      expect(seen.has(p)).toBe(false);
      seen.add(p);
    }
    if (withF) expect(slot.facilitators).toContain(c.facilitator);
    else expect(c.facilitator).toBeNull();
  }
  if (withF) {
    for (const a of response.cohorts)
      for (const b of response.cohorts)
        if (a !== b && a.facilitator === b.facilitator)
          expect(overlaps(`${a.day} ${a.start}`, `${b.day} ${b.start}`)).toBe(false);
  }
  const ids = req.participants.map((p) => p.id).sort(compareIds);
  expect(response.unassigned).toEqual(ids.filter((id) => !seen.has(id)));
}

describe("suggestTimes against a minute-by-minute brute force", () => {
  it("matches available / partial / facilitators, ranking and the cohort optimum on random small inputs", () => {
    const seen = { runs: 0, available: 0, partial: 0, placed: 0, facilitators: 0 };
    fc.assert(
      fc.property(requestArb, (req) => {
        const parsed = parseSuggestRequest(req);
        if (!parsed.ok) throw new Error(`generated an invalid request: ${parsed.problems.join("; ")}`);
        const response = suggestTimes(parsed.value);
        const reference = referenceSlots(req);
        const byKey = new Map(reference.map((s) => [s.key, s]));
        expect(response.slots.map((s) => `${s.day} ${s.start}`).sort()).toEqual([...byKey.keys()].sort());
        for (const slot of response.slots) {
          const ref = byKey.get(`${slot.day} ${slot.start}`)!;
          expect(slot.occurrences).toBe(ref.occurrences.length);
          expect(slot.available).toEqual([...ref.available].sort(compareIds));
          expect({ ...slot.partial }).toEqual(ref.partial);
          expect(slot.facilitators).toEqual([...ref.facilitators].sort(compareIds));
        }
        // Ranking.
        const sum = (p: Record<string, number>) => Object.values(p).reduce((a, b) => a + b, 0);
        for (let i = 1; i < response.slots.length; i++) {
          const a = response.slots[i - 1];
          const b = response.slots[i];
          const cmp =
            b.available.length - a.available.length ||
            sum(b.partial) - sum(a.partial) ||
            WEEKDAYS.indexOf(a.day) - WEEKDAYS.indexOf(b.day) ||
            a.start.localeCompare(b.start);
          expect(cmp).toBeLessThan(0);
        }
        // Cohorts: valid and optimal.
        const overlaps = (a: string, b: string) =>
          byKey
            .get(a)!
            .occurrences.some(([s1, e1]) => byKey.get(b)!.occurrences.some(([s2, e2]) => s1 < e2 && s2 < e1));
        checkCohortsValid(response, req, overlaps);
        const ids = req.participants.map((p) => p.id);
        const fids = (req.facilitators ?? []).map((f) => f.id);
        const tiny: TinySlot[] = reference.map((s) => ({
          available: s.available.map((id) => ids.indexOf(id)),
          facilitators: s.facilitators.map((id) => fids.indexOf(id)),
          occurrences: s.occurrences,
        }));
        const optimum = subsetOptimum(
          ids.length,
          tiny,
          req.sections,
          req.capacity,
          req.minParticipants ?? 1,
          fids.length > 0,
        );
        expect(response.cohorts.reduce((n, c) => n + c.participants.length, 0)).toBe(optimum.placed);
        expect(response.cohorts.length).toBe(optimum.cohorts);
        seen.runs++;
        if (response.slots.some((s) => s.available.length > 0)) seen.available++;
        if (response.slots.some((s) => Object.keys(s.partial).length > 0)) seen.partial++;
        if (response.slots.some((s) => s.facilitators.length > 0)) seen.facilitators++;
        if (optimum.placed > 0) seen.placed++;
      }),
      { numRuns: 500, seed: 20270314 },
    );
    // The generator must exercise the interesting cases, not only empty answers.
    expect(seen.available).toBeGreaterThan(seen.runs * 0.2);
    expect(seen.partial).toBeGreaterThan(seen.runs * 0.05);
    expect(seen.facilitators).toBeGreaterThan(seen.runs * 0.05);
    expect(seen.placed).toBeGreaterThan(seen.runs * 0.1);
    console.log(`scheduling property coverage: ${JSON.stringify(seen)}`);
  }, 60_000);
});

const tinyProblemArb = fc
  .record({
    n: fc.integer({ min: 0, max: 6 }),
    slotCount: fc.integer({ min: 1, max: 5 }),
    facilitatorCount: fc.integer({ min: 0, max: 3 }),
    sections: fc.integer({ min: 1, max: 4 }),
    capacity: fc.integer({ min: 1, max: 3 }),
    minParticipants: fc.integer({ min: 1, max: 3 }),
  })
  .chain((g) =>
    fc
      .array(
        fc.record({
          available: fc.subarray(Array.from({ length: g.n }, (_, i) => i)),
          facilitators: fc.subarray(Array.from({ length: g.facilitatorCount }, (_, i) => i)),
          start: fc.integer({ min: 0, max: 6 }),
          length: fc.integer({ min: 1, max: 3 }),
          second: fc.option(fc.integer({ min: 10, max: 14 }), { nil: undefined }),
        }),
        { minLength: g.slotCount, maxLength: g.slotCount },
      )
      .map((raw) => ({
        ...g,
        minParticipants: Math.min(g.minParticipants, g.capacity),
        slots: raw.map(
          (r): TinySlot => ({
            available: r.available,
            facilitators: r.facilitators,
            occurrences:
              r.second === undefined
                ? [[r.start, r.start + r.length]]
                : [
                    [r.start, r.start + r.length],
                    [r.second, r.second + 1],
                  ],
          }),
        ),
      })),
  );

function checkPlan(
  plan: CohortPlan,
  problem: { n: number; slots: TinySlot[]; sections: number; capacity: number; minParticipants: number },
  withF: boolean,
) {
  const seen = new Set<number>();
  const used = new Set<number>();
  expect(plan.cohorts.length).toBeLessThanOrEqual(problem.sections);
  for (const c of plan.cohorts) {
    expect(used.has(c.slot)).toBe(false);
    used.add(c.slot);
    const slot = problem.slots[c.slot];
    expect(c.participants.length).toBeGreaterThanOrEqual(problem.minParticipants);
    expect(c.participants.length).toBeLessThanOrEqual(problem.capacity);
    for (const p of c.participants) {
      expect(slot.available).toContain(p);
      expect(seen.has(p)).toBe(false);
      seen.add(p);
    }
    if (withF) expect(slot.facilitators).toContain(c.facilitator);
    else expect(c.facilitator).toBeNull();
  }
  for (const a of plan.cohorts)
    for (const b of plan.cohorts)
      if (withF && a !== b && a.facilitator === b.facilitator) {
        const sa = problem.slots[a.slot].occurrences;
        const sb = problem.slots[b.slot].occurrences;
        expect(sa.some(([s1, e1]) => sb.some(([s2, e2]) => s1 < e2 && s2 < e1))).toBe(false);
      }
  expect(plan.placed).toBe(seen.size);
}

const toCohortSlots = (slots: TinySlot[]): CohortSlot[] =>
  slots.map((s) => ({
    available: s.available,
    facilitators: s.facilitators,
    occurrenceStarts: s.occurrences.map((o) => o[0]),
    occurrenceEnds: s.occurrences.map((o) => o[1]),
  }));

describe("formCohorts against exhaustive search", () => {
  it("places the maximum over every assignment of every participant (tiny inputs)", () => {
    fc.assert(
      fc.property(tinyProblemArb, fc.boolean(), (problem, useFacilitators) => {
        const withF = useFacilitators && problem.facilitatorCount > 0;
        const plan = formCohorts({
          participantCount: problem.n,
          slots: toCohortSlots(problem.slots),
          sections: problem.sections,
          capacity: problem.capacity,
          minParticipants: problem.minParticipants,
          withFacilitators: withF,
        });
        checkPlan(plan, problem, withF);
        const optimum = bruteForceOptimum(
          problem.n,
          problem.slots,
          problem.sections,
          problem.capacity,
          problem.minParticipants,
          withF,
        );
        if (problem.sections <= 3) expect(plan.exact).toBe(true);
        if (plan.exact) {
          expect(plan.placed).toBe(optimum.placed);
          expect(plan.cohorts.length).toBe(optimum.cohorts); // then as many cohorts as possible
        } else expect(plan.placed).toBeLessThanOrEqual(optimum.placed);
      }),
      { numRuns: 1000, seed: 1978 },
    );
  }, 60_000);

  const mediumArb = fc
    .record({
      n: fc.integer({ min: 5, max: 40 }),
      slotCount: fc.integer({ min: 3, max: 9 }),
      facilitatorCount: fc.integer({ min: 0, max: 3 }),
      sections: fc.integer({ min: 1, max: 5 }),
      capacity: fc.integer({ min: 1, max: 10 }),
      minParticipants: fc.integer({ min: 1, max: 4 }),
      density: fc.double({ min: 0.05, max: 0.9, noNaN: true }),
      seed: fc.integer({ min: 1, max: 2 ** 30 }),
    })
    .map((g) => {
      let a = g.seed;
      const random = () => {
        a = (a * 1103515245 + 12345) % 2147483648;
        return a / 2147483648;
      };
      const slots: TinySlot[] = Array.from({ length: g.slotCount }, () => {
        const start = Math.floor(random() * 8);
        return {
          available: Array.from({ length: g.n }, (_, i) => i).filter(() => random() < g.density),
          facilitators: Array.from({ length: g.facilitatorCount }, (_, i) => i).filter(() => random() < 0.6),
          occurrences: [[start, start + 1 + Math.floor(random() * 3)]],
        };
      });
      return { ...g, minParticipants: Math.min(g.minParticipants, g.capacity), slots };
    });

  it("matches an independent per-slot-set max-flow on medium inputs (exact for sections ≤ 3, and when the budgeted search completes)", () => {
    fc.assert(
      fc.property(mediumArb, (problem) => {
        const withF = problem.facilitatorCount > 0;
        const plan = formCohorts({
          participantCount: problem.n,
          slots: toCohortSlots(problem.slots),
          sections: problem.sections,
          capacity: problem.capacity,
          minParticipants: problem.minParticipants,
          withFacilitators: withF,
        });
        checkPlan(plan, problem, withF);
        if (problem.sections <= 3) expect(plan.exact).toBe(true);
        const optimum = subsetOptimum(
          problem.n,
          problem.slots,
          problem.sections,
          problem.capacity,
          problem.minParticipants,
          withF,
        );
        if (plan.exact) {
          expect(plan.placed).toBe(optimum.placed);
          expect(plan.cohorts.length).toBe(optimum.cohorts); // then as many cohorts as possible
        } else expect(plan.placed).toBeLessThanOrEqual(optimum.placed);
      }),
      { numRuns: 300, seed: 42 },
    );
  }, 60_000);
});
