import { describe, expect, it } from "vitest";
import { customMeasureChange, isImprovement, scoreRangeProblem, type CustomMeasureDefinition } from "~/modules/metrics/custom-measures/change";
import { outcomeChange, type MeasureFact } from "~/modules/metrics/definitions";
import { customMeasureSchema, measureSchema } from "~/modules/metrics/schema";

const period = { from: "2027-01-01", to: "2027-04-01" };
const phq9: CustomMeasureDefinition = { id: "11111111-1111-4111-8111-111111111111", name: "Depression symptoms", instrument: "PHQ-9 total score", standardInstrument: true, scoreMin: 0, scoreMax: 27, higherIsBetter: false, retired: false };
const housing: CustomMeasureDefinition = { id: "22222222-2222-4222-8222-222222222222", name: "Housing stability", instrument: "Staff rating", standardInstrument: false, scoreMin: 0, scoreMax: 10, higherIsBetter: true, retired: false };

/** Person i: an intake score and an exit score on a measure. */
function pair(i: number, measure: CustomMeasureDefinition, baseline: number, latest: number): MeasureFact[] {
  const participantId = `p${i}`;
  return [
    { participantId, domain: "other", measureId: measure.id, phase: "intake", score: baseline, measuredOn: "2026-12-01" },
    { participantId, domain: "other", measureId: measure.id, phase: "exit", score: latest, measuredOn: "2027-02-01" },
  ];
}

describe("isImprovement", () => {
  it("counts a rise as improvement when higher is better, and a fall when lower is better", () => {
    expect(isImprovement(3, 5, true)).toBe(true);
    expect(isImprovement(5, 3, true)).toBe(false);
    expect(isImprovement(15, 9, false)).toBe(true);
    expect(isImprovement(9, 15, false)).toBe(false);
  });
  it("does not count an unchanged score either way", () => {
    expect(isImprovement(4, 4, true)).toBe(false);
    expect(isImprovement(4, 4, false)).toBe(false);
  });
});

describe("scoreRangeProblem", () => {
  it("accepts the ends of the range and whole numbers inside it", () => {
    expect(scoreRangeProblem(0, phq9)).toBeNull();
    expect(scoreRangeProblem(27, phq9)).toBeNull();
    expect(scoreRangeProblem(13, phq9)).toBeNull();
  });
  it("names the measure and its range for scores outside it or not whole", () => {
    expect(scoreRangeProblem(28, phq9)).toBe("Enter a whole number from 0 to 27 for Depression symptoms.");
    expect(scoreRangeProblem(-1, phq9)).toBe("Enter a whole number from 0 to 27 for Depression symptoms.");
    expect(scoreRangeProblem(2.5, phq9)).toBe("Enter a whole number from 0 to 27 for Depression symptoms.");
  });
});

describe("customMeasureChange", () => {
  it("counts improvement by each measure's direction and keeps measures apart", () => {
    // Five people on PHQ-9 (lower is better): four fall, one rises. Five on housing (higher is better): three rise.
    const facts = [
      ...[0, 1, 2, 3].flatMap((i) => pair(i, phq9, 18, 10)),
      ...pair(4, phq9, 10, 14),
      ...[0, 1, 2].flatMap((i) => pair(i, housing, 3, 6)),
      ...[3, 4].flatMap((i) => pair(i, housing, 6, 2)),
    ];
    const [depression, stability] = customMeasureChange(facts, [phq9, housing], period);
    expect(depression).toMatchObject({ measureId: phq9.id, people: 5, suppressed: false, improved: 4, baselineMean: 16.4, latestMean: 10.8 });
    expect(depression.meanChange).toBeCloseTo(-5.6);
    expect(stability).toMatchObject({ measureId: housing.id, people: 5, suppressed: false, improved: 3 });
  });

  it("withholds the figures of a measure with fewer than 5 people, keeping only that there were some", () => {
    const facts = [0, 1, 2, 3].flatMap((i) => pair(i, phq9, 18, 10));
    const [depression] = customMeasureChange(facts, [phq9], period);
    expect(depression).toMatchObject({ people: 4, suppressed: true, baselineMean: null, latestMean: null, meanChange: null, improved: null });
  });

  it("lists a retired measure only while it has people in the period", () => {
    const retired = { ...housing, retired: true };
    expect(customMeasureChange([], [phq9, retired], period).map((c) => c.measureId)).toEqual([phq9.id]);
    const facts = [0, 1, 2, 3, 4].flatMap((i) => pair(i, retired, 3, 6));
    expect(customMeasureChange(facts, [phq9, retired], period).map((c) => c.measureId)).toEqual([phq9.id, retired.id]);
  });

  it("leaves the five domains' figures untouched by scores on the organisation's own measures", () => {
    const facts = [0, 1, 2, 3, 4].flatMap((i) => pair(i, phq9, 18, 10));
    expect(outcomeChange(facts, period).every((d) => d.people === 0)).toBe(true);
  });
});

describe("measureSchema with the organisation's own measures", () => {
  const base = { measureProgramId: "33333333-3333-4333-8333-333333333333", phase: "intake", measuredOn: "2027-01-05" };
  const schema = measureSchema({ min: 1, max: 5 }, [phq9]);
  it("checks a score on an own measure against that measure's range, not the domains' scale", () => {
    const ok = schema.safeParse({ ...base, domain: "other", customMeasureId: phq9.id, score: "20" });
    expect(ok.success && ok.data).toMatchObject({ domain: "other", customMeasureId: phq9.id, score: 20 });
    const bad = schema.safeParse({ ...base, domain: "other", customMeasureId: phq9.id, score: "28" });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([["score", "Enter a whole number from 0 to 27 for Depression symptoms."]]);
  });
  it("asks which measure when the domain is other and none (or a foreign one) is chosen", () => {
    for (const customMeasureId of ["", "44444444-4444-4444-8444-444444444444"]) {
      const bad = schema.safeParse({ ...base, domain: "other", customMeasureId, score: "3" });
      expect(bad.error?.issues.map((i) => i.path.join("."))).toEqual(["customMeasureId"]);
    }
  });
  it("keeps the five domains on the organisation's scale, with no measure id", () => {
    const bad = schema.safeParse({ ...base, domain: "quality_of_life", score: "20" });
    expect(bad.error?.issues.map((i) => i.message)).toEqual(["Enter a whole number from 1 to 5."]);
    const ok = schema.safeParse({ ...base, domain: "quality_of_life", customMeasureId: "", score: "3" });
    expect(ok.success && ok.data.customMeasureId).toBeNull();
  });
  it("refuses an own measure chosen with one of the five domains instead of guessing which was meant", () => {
    const slip = schema.safeParse({ ...base, domain: "quality_of_life", customMeasureId: phq9.id, score: "3" });
    expect(slip.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["customMeasureId", "For one of the organisation's own measures choose the domain “Other”; otherwise leave the measure as “Not used”."],
    ]);
  });
});

describe("customMeasureSchema", () => {
  const valid = { name: "Depression symptoms", instrument: "PHQ-9 total score", standardInstrument: "on", scoreMin: "0", scoreMax: "27", direction: "lower" };
  it("reads a definition with its direction and standard-instrument mark", () => {
    expect(customMeasureSchema.parse(valid)).toEqual({ name: "Depression symptoms", instrument: "PHQ-9 total score", standardInstrument: true, scoreMin: 0, scoreMax: 27, direction: "lower" });
    expect(customMeasureSchema.parse({ ...valid, standardInstrument: undefined }).standardInstrument).toBe(false);
  });
  it("refuses an empty range, a missing direction and missing names, each beside its field", () => {
    const bad = customMeasureSchema.safeParse({ ...valid, name: " ", instrument: "", scoreMax: "0", direction: "sideways" });
    expect(new Set(bad.error?.issues.map((i) => i.path.join(".")))).toEqual(new Set(["name", "instrument", "direction"]));
    const range = customMeasureSchema.safeParse({ ...valid, scoreMax: "0" });
    expect(range.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([["scoreMax", "The highest score must be above the lowest."]]);
  });
});
