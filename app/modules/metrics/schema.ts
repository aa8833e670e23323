import { z } from "zod";
import {
  GRANULARITIES,
  isCivilDate,
  isMetricKey,
  OUTCOME_DOMAINS,
  OUTCOME_PHASES,
  OUTPUT_METRICS,
  resolvePeriod,
  type Granularity,
  type OutputMetric,
  type Period,
} from "./definitions";
import { scoreRangeProblem, type CustomMeasureDefinition } from "./custom-measures/change";

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type FilterValues = { program: string; group: string; facilitator: string; period: string; from: string; to: string; by: string };

export type ParsedFilters = {
  programId: string | null;
  groupId: string | null;
  facilitatorId: string | null;
  period: Period;
  by: Granularity;
  values: FilterValues;
  errors: Record<string, string[]>;
};

/** The query string of a filtered view (bookmarkable), without empty values. */
export function filterQuery(values: Partial<FilterValues>, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...values, ...extra })) if (v) params.set(k, v);
  const text = params.toString();
  return text ? `?${text}` : "";
}

/**
 * Filters from the URL (a GET form). An id that is not a UUID is a 404 like any foreign id
 * (`onBadId`); a bad period or grouping gives an error beside its field and the default view.
 */
export function parseFilters(url: URL, today: string, onBadId: () => never, defaultPeriod = "last-12-months"): ParsedFilters {
  const get = (k: string) => (url.searchParams.get(k) ?? "").trim();
  const values: FilterValues = {
    program: get("program"),
    group: get("group"),
    facilitator: get("facilitator"),
    period: get("period") || defaultPeriod,
    from: get("from"),
    to: get("to"),
    by: get("by") || "month",
  };
  for (const k of ["program", "group", "facilitator"] as const) if (values[k] && !uuidPattern.test(values[k])) onBadId();
  const errors: Record<string, string[]> = {};
  let by: Granularity = "month";
  if (GRANULARITIES.includes(values.by as Granularity)) by = values.by as Granularity;
  else errors.by = ["Choose week, month or quarter."];
  let period = resolvePeriod(values.period, { from: values.from, to: values.to }, today);
  if (!period) {
    if (values.period === "custom") {
      if (!isCivilDate(values.from)) errors.from = ["Enter the first day as a date."];
      if (!isCivilDate(values.to)) errors.to = ["Enter the last day as a date."];
      if (!errors.from && !errors.to) errors.to = ["The last day must be on or after the first day."];
    } else errors.period = ["Choose a period from the list."];
    period = resolvePeriod("last-12-months", {}, today)!;
  } else if (period.to > "2100-01-01" || period.from < "1990-01-01") {
    errors.from = ["Choose dates between 1990 and 2100."];
    period = resolvePeriod("last-12-months", {}, today)!;
  }
  // A weekly view of many years would be thousands of points: fall back to months.
  if (by === "week" && period.to > addYears(period.from, 2)) {
    errors.by = ["Weekly figures are available for up to two years; showing months."];
    by = "month";
  }
  return {
    programId: values.program ? values.program.toLowerCase() : null,
    groupId: values.group ? values.group.toLowerCase() : null,
    facilitatorId: values.facilitator ? values.facilitator.toLowerCase() : null,
    period,
    by,
    values,
    errors,
  };
}

function addYears(day: string, years: number): string {
  return `${Number(day.slice(0, 4)) + years}${day.slice(4)}`;
}

export function parseMetric(value: string | null): OutputMetric | null {
  return OUTPUT_METRICS.includes(value as OutputMetric) ? (value as OutputMetric) : null;
}

// ---------------------------------------------------------------------------------------------
// Forms
// ---------------------------------------------------------------------------------------------

const trimmed = (max: number, message: string) => z.string().trim().min(1, message).max(max, `Keep it under ${max} characters.`);
const optionalText = (max: number) => z.string().trim().max(max, `Keep it under ${max} characters.`).optional().default("");
const optionalDate = z
  .string()
  .trim()
  .optional()
  .default("")
  .refine((v) => v === "" || isCivilDate(v), "Enter a date like 2027-06-30.");
const optionalId = z
  .string()
  .trim()
  .optional()
  .default("")
  .refine((v) => v === "" || uuidPattern.test(v), "Choose from the list.");

export const GOAL_STATUSES = ["active", "achieved", "revised", "discontinued"] as const;
export const GOAL_STATUS_LABELS: Record<(typeof GOAL_STATUSES)[number], string> = {
  active: "Active",
  achieved: "Achieved",
  revised: "Revised",
  discontinued: "Discontinued",
};
export const OBJECTIVE_STATUSES = ["not_started", "in_progress", "met", "not_met"] as const;
export const OBJECTIVE_STATUS_LABELS: Record<(typeof OBJECTIVE_STATUSES)[number], string> = {
  not_started: "Not started",
  in_progress: "In progress",
  met: "Met",
  not_met: "Not met",
};

export const goalSchema = z.object({
  title: trimmed(300, "Enter the goal."),
  programId: optionalId,
  targetDate: optionalDate,
  objectives: optionalText(4000),
  groupIds: z.array(z.string().regex(uuidPattern, "Choose groups from the list.")).optional().default([]),
  interventions: optionalText(2000),
});

/** Correcting a goal after it was made: its own fields, validated exactly as when it was created. */
export const goalEditSchema = goalSchema.pick({ title: true, programId: true, targetDate: true }).extend({
  goalId: z.string().regex(uuidPattern, "Choose a goal."),
});

export const goalStatusSchema = z.object({
  goalId: z.string().regex(uuidPattern, "Choose a goal."),
  status: z.enum(GOAL_STATUSES, { message: "Choose a status." }),
});

export const objectiveStatusSchema = z.object({
  objectiveId: z.string().regex(uuidPattern, "Choose an objective."),
  status: z.enum(OBJECTIVE_STATUSES, { message: "Choose a status." }),
});

export const noteSchema = z.object({
  goalId: z.string().regex(uuidPattern, "Choose a goal."),
  body: trimmed(4000, "Write the note."),
});

export const ownWordsSchema = z.object({
  goalId: z.string().regex(uuidPattern, "Choose a goal."),
  participantWords: optionalText(4000),
});

/**
 * A score in one of the five domains (on the organisation's scale) or, with domain `other`, in one
 * of the organisation's own measures that takes scores now (`customMeasures`: not retired), on
 * that measure's range.
 */
export function measureSchema(scale: { min: number; max: number }, customMeasures: Pick<CustomMeasureDefinition, "id" | "name" | "scoreMin" | "scoreMax">[] = []) {
  return z
    .object({
      measureProgramId: z.string().regex(uuidPattern, "Choose a program."),
      domain: z.enum([...OUTCOME_DOMAINS, "other"], { message: "Choose a domain." }),
      customMeasureId: z.string().trim().optional().default(""),
      phase: z.enum(OUTCOME_PHASES, { message: "Choose when it was measured." }),
      score: z.coerce.number({ message: "Enter a whole number." }).int("Enter a whole number."),
      measuredOn: z.string().trim().refine(isCivilDate, "Enter the date it was measured, like 2027-06-30."),
      measureNote: optionalText(1000),
    })
    .transform((v, ctx) => {
      if (v.domain !== "other") {
        // A measure chosen with one of the five domains is a slip: say so rather than guess which was meant.
        if (v.customMeasureId) ctx.addIssue({ code: "custom", path: ["customMeasureId"], message: "For one of the organisation's own measures choose the domain “Other”; otherwise leave the measure as “Not used”." });
        if (v.score < scale.min || v.score > scale.max) ctx.addIssue({ code: "custom", path: ["score"], message: `Enter a whole number from ${scale.min} to ${scale.max}.` });
        return { ...v, customMeasureId: null };
      }
      const measure = customMeasures.find((m) => m.id === v.customMeasureId);
      if (!measure) {
        ctx.addIssue({ code: "custom", path: ["customMeasureId"], message: customMeasures.length ? "Choose which of the organisation's own measures this score is on." : "The organisation has no measures of its own yet: choose one of the five domains." });
        return z.NEVER;
      }
      const problem = scoreRangeProblem(v.score, measure);
      if (problem) ctx.addIssue({ code: "custom", path: ["score"], message: problem });
      return { ...v, customMeasureId: measure.id };
    });
}

const scoreBound = z.coerce.number({ message: "Enter a whole number." }).int("Enter a whole number.").min(-10000, "Use -10000 or more.").max(10000, "Use 10000 or less.");

/** An organisation's own outcome measure (domain `other`), as managers define or edit it. */
export const customMeasureSchema = z
  .object({
    name: trimmed(120, "Name the measure (what it shows about the person)."),
    instrument: trimmed(200, "Name the scale or instrument the score comes from."),
    standardInstrument: z
      .string()
      .optional()
      .transform((v) => v === "on" || v === "true"),
    scoreMin: scoreBound,
    scoreMax: scoreBound,
    direction: z.enum(["higher", "lower"], { message: "Choose whether a higher or a lower score is better." }),
  })
  .superRefine((v, ctx) => {
    if (v.scoreMax <= v.scoreMin) ctx.addIssue({ code: "custom", path: ["scoreMax"], message: "The highest score must be above the lowest." });
  });

export const customMeasureEditSchema = customMeasureSchema.and(z.object({ measureId: z.string().regex(uuidPattern, "Choose a measure.") }));
export const customMeasureIdSchema = z.object({ measureId: z.string().regex(uuidPattern, "Choose a measure.") });

export const settingsSchema = z
  .object({
    scaleMin: z.coerce.number({ message: "Enter a whole number." }).int("Enter a whole number.").min(0, "Use 0 or more.").max(100, "Use 100 or less."),
    scaleMax: z.coerce.number({ message: "Enter a whole number." }).int("Enter a whole number.").min(1, "Use 1 or more.").max(100, "Use 100 or less."),
    scaleDescription: trimmed(300, "Describe the scale (what the lowest and highest scores mean)."),
    retentionAttended: z.coerce.number({ message: "Enter a whole number." }).int("Enter a whole number.").min(1, "Use 1 or more.").max(50, "Use 50 or less."),
    retentionOf: z.coerce.number({ message: "Enter a whole number." }).int("Enter a whole number.").min(1, "Use 1 or more.").max(50, "Use 50 or less."),
  })
  .superRefine((v, ctx) => {
    if (v.scaleMax <= v.scaleMin) ctx.addIssue({ code: "custom", path: ["scaleMax"], message: "The highest score must be above the lowest." });
    if (v.retentionAttended > v.retentionOf)
      ctx.addIssue({ code: "custom", path: ["retentionAttended"], message: "Cannot be more than the number of first sessions counted." });
  });

export const logicModelSchema = z.object({
  needs: optionalText(4000),
  inputs: optionalText(4000),
  activities: optionalText(4000),
  impact: optionalText(4000),
});

export const logicLineSchema = z.object({
  kind: z.enum(["output", "outcome"], { message: "Choose output or outcome." }),
  description: trimmed(500, "Describe the line."),
  metricKey: z
    .string()
    .trim()
    .optional()
    .default("")
    .refine((v) => v === "" || isMetricKey(v), "Choose a metric from the list."),
  target: z
    .string()
    .trim()
    .optional()
    .default("")
    .refine((v) => v === "" || (Number.isFinite(Number(v)) && Number(v) >= -1000 && Number(v) <= 1_000_000), "Enter a number, or leave it empty."),
});

export const lineIdSchema = z.object({ lineId: z.string().regex(uuidPattern, "Choose a line.") });
