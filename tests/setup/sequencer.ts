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

export default class LongestFirst extends BaseSequencer {
  async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
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
