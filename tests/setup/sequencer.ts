import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * The order test files start in. Vitest starts the files that took longest last time first, so
 * the workers finish together; on a machine without that record (a fresh CI clone) it starts the
 * largest files first, and the longest integration files are small (the bad-input parts are three
 * lines each, the battery they share is in bad-input-battery.ts), as is the longest e2e file (the
 * Spanish page walk, whose pages are listed in tests/e2e/spanish-pages/), so they would start last
 * and run on alone at the end. These start first whatever the record says, in this order; every other
 * file keeps vitest's order.
 */
const LONGEST = [
  /\/robustness\/bad-input-\d+\.test\.ts$/,
  /\/robustness\/bad-query\.test\.ts$/,
  /\/e2e\/spanish-pages\.test\.ts$/,
];

/**
 * TEST_FILE_ORDER_SEED=<number>: the files start in an order shuffled with that seed instead (the
 * same seed gives the same order), to catch a file that passes only after or before another one —
 * the files of a worker share one process. Vitest's own --sequence.shuffle.files does nothing
 * here: a configured sequencer takes precedence over it.
 */
function seededShuffle<T>(items: T[], seedText: string): T[] {
  const seed = Number(seedText);
  if (!Number.isSafeInteger(seed)) throw new Error(`TEST_FILE_ORDER_SEED must be a whole number (got "${seedText}").`);
  // mulberry32
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

export default class LongestFirst extends BaseSequencer {
  async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const seed = process.env.TEST_FILE_ORDER_SEED;
    if (seed !== undefined && seed !== "") {
      // Shuffled within each project; projects keep vitest's order.
      const projects = [...new Set(files.map((spec) => spec.project.name))];
      return projects.flatMap((name) => seededShuffle(files.filter((spec) => spec.project.name === name), seed));
    }
    const sorted = await super.sort(files);
    const rank = (spec: TestSpecification) => {
      const i = LONGEST.findIndex((pattern) => pattern.test(spec.moduleId));
      return i < 0 ? LONGEST.length : i;
    };
    // Projects run one after another in vitest's order; the reordering is within each project.
    const projectStart = new Map<string, number>();
    sorted.forEach((spec, i) => projectStart.set(spec.project.name, projectStart.get(spec.project.name) ?? i));
    const key = (spec: TestSpecification, i: number) => [projectStart.get(spec.project.name)!, rank(spec), i];
    return sorted
      .map((spec, i) => ({ spec, k: key(spec, i) }))
      .sort((a, b) => a.k[0] - b.k[0] || a.k[1] - b.k[1] || a.k[2] - b.k[2])
      .map(({ spec }) => spec);
  }
}
