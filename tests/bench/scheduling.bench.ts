/**
 * Scheduling engine benchmark (a plain script, not a vitest test):
 *
 *   npx tsx tests/bench/scheduling.bench.ts            # 2,000 and 10,000 participants
 *   npx tsx tests/bench/scheduling.bench.ts 20000      # other sizes
 *   npx tsx tests/bench/scheduling.bench.ts --write-request 10000 > /tmp/req.json   # input for the CLI
 *
 * Deterministic inputs (seeded PRNG): 9 weeks, 30-minute steps, 08:00–21:00, all weekdays, 90-minute
 * sessions, participants and facilitators spread over several zones, sections 3. Prints the time of
 * each stage (validation, engine, JSON) and the peak heap (sampled; run with --expose-gc for a
 * cleaner baseline). Budgets from the contract: 2,000 → < 1 s, 10,000 → < 2 s (full response).
 */
import { suggestTimes } from "~/modules/scheduling/engine";
import { parseSuggestRequest } from "~/modules/scheduling/schema";
import { WEEKDAYS, formatClock } from "~/modules/time/zoned";

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ZONES = [
  "America/New_York",
  "America/New_York",
  "America/Chicago",
  "America/Los_Angeles",
  "America/Phoenix",
  "Europe/London",
  "Asia/Kolkata",
];

function benchmarkRequest(
  participants: number,
  facilitators: number,
  seed: number,
  overrides: Record<string, unknown> = {},
) {
  const random = mulberry32(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const person = (id: string) => {
    const weekly: Array<{ day: string; start: string; end: string }> = [];
    const windows = 2 + Math.floor(random() * 5);
    for (let i = 0; i < windows; i++) {
      const start = 6 * 60 + Math.floor(random() * 30) * 30; // 06:00–20:30
      const length = 60 + Math.floor(random() * 9) * 30; // 1–5 h
      const end = (start + length) % 1440;
      weekly.push({
        day: pick(WEEKDAYS),
        start: formatClock(start),
        end: formatClock(end === start ? (end + 30) % 1440 : end),
      });
    }
    const unavailable: Array<{ start: string; end: string }> = [];
    if (random() < 0.3) {
      const day = 1 + Math.floor(random() * 28);
      const date = `2027-03-${String(day).padStart(2, "0")}`;
      const next = day + 1 + Math.floor(random() * 3);
      unavailable.push({ start: `${date}T00:00`, end: `2027-03-${String(next).padStart(2, "0")}T12:00` });
    }
    return { id, timezone: pick(ZONES), weekly, unavailable };
  };
  return {
    timezone: "America/New_York",
    startDate: "2027-03-01",
    endDate: "2027-05-02", // 9 weeks, across the US and EU DST changes
    durationMinutes: 90,
    stepMinutes: 30,
    dayStart: "08:00",
    dayEnd: "21:00",
    sections: 3,
    capacity: 12,
    minParticipants: 4,
    participants: Array.from({ length: participants }, (_, i) => person(`p${String(i).padStart(5, "0")}`)),
    facilitators: Array.from({ length: facilitators }, (_, i) => person(`f${String(i).padStart(3, "0")}`)),
    ...overrides,
  };
}

function run(label: string, request: unknown): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const baseHeap = process.memoryUsage().heapUsed;
  let peak = baseHeap;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 5);
  const t0 = performance.now();
  const parsed = parseSuggestRequest(request);
  if (!parsed.ok) throw new Error(parsed.problems.join("\n"));
  const t1 = performance.now();
  const response = suggestTimes(parsed.value);
  const t2 = performance.now();
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  const json = JSON.stringify(response);
  const t3 = performance.now();
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  clearInterval(sampler);
  const placed = response.cohorts.reduce((n, c) => n + c.participants.length, 0);
  const mb = (b: number) => `${(b / 1048576).toFixed(1)} MB`;
  console.log(
    `${label.padEnd(44)} validate ${(t1 - t0).toFixed(0).padStart(5)} ms  engine ${(t2 - t1)
      .toFixed(0)
      .padStart(5)} ms  ` +
      `json ${(t3 - t2).toFixed(0).padStart(4)} ms  total ${(t3 - t0).toFixed(0).padStart(5)} ms  ` +
      `peak heap ${mb(peak)} (+${mb(peak - baseHeap)})  slots ${response.slots.length}  placed ${placed}  output ${mb(
        json.length,
      )}`,
  );
}

if (process.argv[2] === "--write-request") {
  // npx tsx tests/bench/scheduling.bench.ts --write-request 10000 > request.json  (for timing the CLI)
  process.stdout.write(JSON.stringify(benchmarkRequest(Number(process.argv[3] ?? 2000), 20, 42)) + "\n");
  process.exit(0);
}
const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
const runs = sizes.length > 0 ? sizes : [2_000, 10_000];
// Warm up the JIT and the time-zone data once (a real server is warm too).
run("warm-up (200 participants)", benchmarkRequest(200, 5, 1));
for (const n of runs) {
  run(`${n.toLocaleString("en-US")} participants, 20 facilitators`, benchmarkRequest(n, 20, 42 + n));
  run(`${n.toLocaleString("en-US")} participants, no facilitators`, benchmarkRequest(n, 0, 7 + n));
  run(
    `${n.toLocaleString("en-US")} participants, capacity ${Math.round(n / 4)} (hard)`,
    benchmarkRequest(n, 10, 99 + n, { capacity: Math.round(n / 4), minParticipants: 10 }),
  );
}
