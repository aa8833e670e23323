import { z } from "zod";
import { WEEKDAYS, isValidZone, parseCivilDate, parseClock } from "~/modules/time/zoned";

/**
 * The request and response of the scheduling engine (contract: /work/shared/SCHEDULING.md).
 *
 * `parseSuggestRequest` validates an untrusted value and returns either the typed request or one
 * line per problem, each naming the field path: `participants[3].timezone: unknown time zone "X"`.
 * Optional fields keep their absence (the engine applies the defaults), so the parsed value has
 * the same shape as what the web app may build in code.
 */

export const LIMITS = {
  maxRangeDays: 366,
  maxParticipants: 20_000,
  maxFacilitators: 500,
  minStepMinutes: 5,
  minDurationMinutes: 5,
  maxDurationMinutes: 720,
  minSections: 1,
  maxSections: 10,
  minYear: 1000,
} as const;

const DAY_MS = 86_400_000;

function typed(kind: string) {
  return {
    error: (issue: { input?: unknown }) => (issue.input === undefined ? "required" : `expected ${kind}`),
  };
}

const wholeNumber = (min: number, max?: number, what = "") => {
  let schema = z.number(typed("a number")).int("must be a whole number");
  schema = schema.min(min, `must be at least ${min}${what}`);
  if (max !== undefined) schema = schema.max(max, `must be at most ${max}${what}`);
  return schema;
};

const timeZone = z.string(typed("a time zone name")).superRefine((value, ctx) => {
  if (!isValidZone(value)) ctx.addIssue({ code: "custom", message: `unknown time zone ${JSON.stringify(value)}` });
});

function civilDate(value: string): { year: number; month: number; day: number } | null {
  const parts = parseCivilDate(value);
  return parts && parts.year >= LIMITS.minYear ? parts : null;
}

const dateString = z.string(typed('a date "YYYY-MM-DD"')).superRefine((value, ctx) => {
  if (!civilDate(value)) {
    ctx.addIssue({
      code: "custom",
      message: `expected a date "YYYY-MM-DD" (year ${LIMITS.minYear} or later), got ${JSON.stringify(value)}`,
    });
  }
});

/** "HH:MM" from 00:00 to 24:00 when `allow24`, else to 23:59. */
const clockString = (allow24: boolean) =>
  z.string(typed('a time "HH:MM"')).superRefine((value, ctx) => {
    const minutes = parseClock(value);
    if (minutes === null || (!allow24 && minutes >= 1440)) {
      ctx.addIssue({
        code: "custom",
        message: `expected a time "HH:MM" from 00:00 to ${allow24 ? "24:00" : "23:59"}, got ${JSON.stringify(value)}`,
      });
    }
  });

const weekday = z.enum(WEEKDAYS, {
  error: (issue) =>
    issue.input === undefined
      ? "required"
      : `expected one of ${WEEKDAYS.join(", ")}, got ${JSON.stringify(issue.input)}`,
});

/** Local wall time "YYYY-MM-DDTHH:MM" → minutes since 1970-01-01T00:00 (calendar arithmetic), or null. */
export function parseLocalDateTime(value: string): number | null {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/.exec(value);
  if (!m) return null;
  const date = civilDate(m[1]);
  const clock = parseClock(m[2]);
  if (!date || clock === null) return null;
  return (Date.UTC(date.year, date.month - 1, date.day) / DAY_MS) * 1440 + clock;
}

const localDateTime = z.string(typed('a local date-time "YYYY-MM-DDTHH:MM"')).superRefine((value, ctx) => {
  if (parseLocalDateTime(value) === null) {
    ctx.addIssue({
      code: "custom",
      message: `expected a local date-time "YYYY-MM-DDTHH:MM", got ${JSON.stringify(value)}`,
    });
  }
});

const weeklyWindowSchema = z
  .strictObject({ day: weekday, start: clockString(false), end: clockString(true) }, typed("an object"))
  .superRefine((window, ctx) => {
    if (parseClock(window.start) === parseClock(window.end)) {
      ctx.addIssue({ code: "custom", path: ["end"], message: "must differ from start" });
    }
  });

const unavailableSchema = z
  .strictObject({ start: localDateTime, end: localDateTime }, typed("an object"))
  .superRefine((interval, ctx) => {
    const start = parseLocalDateTime(interval.start)!;
    const end = parseLocalDateTime(interval.end)!;
    if (!(start < end)) ctx.addIssue({ code: "custom", path: ["end"], message: "must be after start" });
  });

const idString = z.string(typed("a string")).min(1, "must not be empty");

const personSchema = z.strictObject(
  {
    id: idString,
    timezone: timeZone,
    weekly: z.array(weeklyWindowSchema, typed("a list")),
    unavailable: z.array(unavailableSchema, typed("a list")).optional(),
  },
  typed("an object"),
);

function uniqueIds(list: ReadonlyArray<{ id: string }>, ctx: z.RefinementCtx) {
  const seen = new Set<string>();
  list.forEach((person, index) => {
    if (seen.has(person.id)) {
      ctx.addIssue({ code: "custom", path: [index, "id"], message: `duplicate id ${JSON.stringify(person.id)}` });
    }
    seen.add(person.id);
  });
}

const fields = {
  timezone: timeZone,
  startDate: dateString,
  endDate: dateString,
  durationMinutes: wholeNumber(LIMITS.minDurationMinutes, LIMITS.maxDurationMinutes),
  stepMinutes: wholeNumber(LIMITS.minStepMinutes),
  dayStart: clockString(false),
  dayEnd: clockString(true),
  weekdays: z.array(weekday, typed("a list")).min(1, "must list at least one weekday").optional(),
  sections: wholeNumber(LIMITS.minSections, LIMITS.maxSections),
  capacity: wholeNumber(1),
  minParticipants: wholeNumber(1).optional(),
  participants: z
    .array(personSchema, typed("a list"))
    .max(LIMITS.maxParticipants, `at most ${LIMITS.maxParticipants.toLocaleString("en-US")} participants`)
    .superRefine(uniqueIds),
  facilitators: z
    .array(personSchema, typed("a list"))
    .max(LIMITS.maxFacilitators, `at most ${LIMITS.maxFacilitators} facilitators`)
    .superRefine(uniqueIds)
    .optional(),
  limit: wholeNumber(1).optional(),
};

export const suggestRequestSchema = z.strictObject(fields, typed("a JSON object"));

export type SuggestRequest = z.output<typeof suggestRequestSchema>;
export type PersonAvailability = z.output<typeof personSchema>;
export type WeeklyWindow = z.output<typeof weeklyWindowSchema>;
export type UnavailableInterval = z.output<typeof unavailableSchema>;
export type { Weekday } from "~/modules/time/zoned";

export interface SuggestedSlot {
  day: (typeof WEEKDAYS)[number];
  start: string;
  occurrences: number;
  available: string[];
  partial: Record<string, number>;
  facilitators: string[];
}

export interface SuggestedCohort {
  day: (typeof WEEKDAYS)[number];
  start: string;
  facilitator: string | null;
  participants: string[];
}

export interface SuggestResponse {
  timezone: string;
  slots: SuggestedSlot[];
  cohorts: SuggestedCohort[];
  unassigned: string[];
}

export type ParseResult = { ok: true; value: SuggestRequest } | { ok: false; problems: string[] };

/** `["participants", 3, "timezone"]` → `participants[3].timezone`; `[]` → `request`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out === "" ? "request" : out;
}

function issueLines(issues: ReadonlyArray<z.core.$ZodIssue>, prefix: PropertyKey[] = []): string[] {
  const lines: string[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) lines.push(`${formatPath([...path, key])}: unknown field`);
    } else {
      lines.push(`${formatPath(path)}: ${issue.message.replace(/\s*\n\s*/g, " ")}`);
    }
  }
  return lines;
}

/** Value of a top-level field when it passes its own schema, else undefined. */
function validField<K extends keyof typeof fields>(input: Record<string, unknown>, key: K) {
  const result = fields[key].safeParse(input[key]);
  return result.success ? (result.data as z.output<(typeof fields)[K]>) : undefined;
}

function crossFieldProblems(input: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const startDate = validField(input, "startDate");
  const endDate = validField(input, "endDate");
  if (startDate !== undefined && endDate !== undefined) {
    const a = civilDate(startDate)!;
    const b = civilDate(endDate)!;
    const days = (Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / DAY_MS + 1;
    if (days < 1) problems.push("endDate: must not be before startDate");
    else if (days > LIMITS.maxRangeDays) {
      problems.push(`endDate: the date range is ${days} days; at most ${LIMITS.maxRangeDays} days are allowed`);
    }
  }
  const dayStart = validField(input, "dayStart");
  const dayEnd = validField(input, "dayEnd");
  if (dayStart !== undefined && dayEnd !== undefined && !(parseClock(dayStart)! < parseClock(dayEnd)!)) {
    problems.push("dayEnd: must be after dayStart");
  }
  const capacity = validField(input, "capacity");
  const minParticipants = validField(input, "minParticipants");
  if (capacity !== undefined && minParticipants !== undefined && minParticipants > capacity) {
    problems.push(`minParticipants: must not exceed capacity (${capacity})`);
  }
  return problems;
}

export function parseSuggestRequest(input: unknown): ParseResult {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    return { ok: false, problems: ["request: expected a JSON object"] };
  }
  const record = input as Record<string, unknown>;
  // Refuse oversized lists before parsing their elements.
  const oversized: string[] = [];
  if (Array.isArray(record.participants) && record.participants.length > LIMITS.maxParticipants) {
    oversized.push(
      `participants: ${record.participants.length} participants; at most ${LIMITS.maxParticipants.toLocaleString(
        "en-US",
      )} are allowed`,
    );
  }
  if (Array.isArray(record.facilitators) && record.facilitators.length > LIMITS.maxFacilitators) {
    oversized.push(
      `facilitators: ${record.facilitators.length} facilitators; at most ${LIMITS.maxFacilitators} are allowed`,
    );
  }
  if (oversized.length > 0) return { ok: false, problems: oversized };

  const result = suggestRequestSchema.safeParse(input);
  const problems = result.success ? [] : issueLines(result.error.issues);
  problems.push(...crossFieldProblems(record));
  if (problems.length > 0 || !result.success) return { ok: false, problems };
  return { ok: true, value: result.data };
}
