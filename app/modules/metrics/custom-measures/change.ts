import { MIN_CELL, personChanges, type MeasureFact } from "../definitions";

/**
 * The organisation's own outcome measures (PA-CSE 1.02 "other outcomes as appropriate", domain
 * `other`): range checks and direction-aware change from baseline. Pure: no database, no clock.
 */

export type CustomMeasureDefinition = {
  id: string;
  name: string;
  instrument: string;
  standardInstrument: boolean;
  scoreMin: number;
  scoreMax: number;
  higherIsBetter: boolean;
  retired: boolean;
};

/** Whether a change from `baseline` to `latest` is an improvement on a measure where higher (or lower) is better. */
export function isImprovement(baseline: number, latest: number, higherIsBetter: boolean): boolean {
  return higherIsBetter ? latest > baseline : latest < baseline;
}

/** "Higher is better" / "Lower is better". */
export function directionLabel(higherIsBetter: boolean): string {
  return higherIsBetter ? "Higher is better" : "Lower is better";
}

/** The message for a score outside the measure's range (or not a whole number), or null when it fits. */
export function scoreRangeProblem(score: number, measure: Pick<CustomMeasureDefinition, "name" | "scoreMin" | "scoreMax">): string | null {
  if (Number.isInteger(score) && score >= measure.scoreMin && score <= measure.scoreMax) return null;
  return `Enter a whole number from ${measure.scoreMin} to ${measure.scoreMax} for ${measure.name}.`;
}

export type CustomMeasureChange = {
  measureId: string;
  name: string;
  instrument: string;
  standardInstrument: boolean;
  scoreMin: number;
  scoreMax: number;
  higherIsBetter: boolean;
  retired: boolean;
  people: number;
  suppressed: boolean;
  baselineMean: number | null;
  latestMean: number | null;
  meanChange: number | null;
  /** People whose latest score moved the better way (by the measure's direction). */
  improved: number | null;
};

/** What names a measure in a table of changes: its definition's fields, as every table shows them. */
export function measureColumns(d: CustomMeasureDefinition) {
  return {
    measureId: d.id,
    name: d.name,
    instrument: d.instrument,
    standardInstrument: d.standardInstrument,
    scoreMin: d.scoreMin,
    scoreMax: d.scoreMax,
    higherIsBetter: d.higherIsBetter,
    retired: d.retired,
  };
}

/**
 * Change from baseline per organisation-defined measure, with the five domains' rules (baseline =
 * earliest intake; latest = most recent interval or exit score in the period after it) and the
 * same small-number suppression: fewer than MIN_CELL people shows only that there were some.
 * Retired measures are listed only when someone has figures in the period.
 */
export function customMeasureChange(measures: MeasureFact[], definitions: CustomMeasureDefinition[], period: { from: string; to: string }): CustomMeasureChange[] {
  const changes = personChanges(
    measures.filter((m) => m.domain === "other" && m.measureId),
    period,
  );
  return definitions
    .map((d) => {
      const rows = changes.filter((c) => c.measureId === d.id);
      const people = rows.length;
      const suppressed = people < MIN_CELL;
      const baselineSum = rows.reduce((a, r) => a + r.baseline, 0);
      const latestSum = rows.reduce((a, r) => a + r.latest, 0);
      return {
        ...measureColumns(d),
        people,
        suppressed,
        baselineMean: suppressed ? null : baselineSum / people,
        latestMean: suppressed ? null : latestSum / people,
        meanChange: suppressed ? null : (latestSum - baselineSum) / people,
        improved: suppressed ? null : rows.filter((r) => isImprovement(r.baseline, r.latest, d.higherIsBetter)).length,
      };
    })
    .filter((c) => !c.retired || c.people > 0);
}
