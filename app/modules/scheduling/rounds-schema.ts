import { z } from "zod";
import { LIMITS } from "~/modules/scheduling/schema";
import { parseCivilDate, parseClock, WEEKDAYS } from "~/modules/time/zoned";
import { parseSlotKey, type PlanCohort } from "./round-plan";

/** Forms of scheduling rounds (pure): the round's parameters and the manager's adjusted plan. */

const civilDate = (label: string) =>
  z
    .string({ error: `Enter ${label}.` })
    .trim()
    .refine((v) => parseCivilDate(v) !== null, `Enter ${label} as a real date (YYYY-MM-DD).`);

const clock = (label: string, allow24: boolean) =>
  z
    .string({ error: `Enter ${label}.` })
    .trim()
    .refine((v) => {
      const m = parseClock(v);
      return m !== null && (allow24 || m < 1440);
    }, `Enter ${label} as HH:MM, for example 09:00${allow24 ? " (24:00 for midnight)" : ""}.`);

const whole = (label: string, min: number, max: number) =>
  z.coerce
    .number({ error: `Enter ${label}.` })
    .int(`Enter ${label} as a whole number.`)
    .min(min, `${label[0].toUpperCase()}${label.slice(1)} must be at least ${min}.`)
    .max(max, `${label[0].toUpperCase()}${label.slice(1)} must be at most ${max}.`);

export const roundSchema = z
  .object({
    startDate: civilDate("the first date"),
    endDate: civilDate("the last date"),
    durationMinutes: whole("the session length", LIMITS.minDurationMinutes, LIMITS.maxDurationMinutes),
    stepMinutes: whole("the step", LIMITS.minStepMinutes, 240),
    dayStart: clock("the earliest start", false),
    dayEnd: clock("the latest end", true),
    weekdays: z.array(z.enum(WEEKDAYS), { error: "Choose at least one weekday." }).default([]),
    sections: whole("the number of cohorts", LIMITS.minSections, LIMITS.maxSections),
    capacity: whole("the capacity per cohort", 1, 500),
    minParticipants: whole("the minimum size", 1, 500),
    skipDates: z.string().trim().default(""),
  })
  .transform((v, ctx) => {
    if (v.weekdays.length === 0) ctx.addIssue({ code: "custom", path: ["weekdays"], message: "Choose at least one weekday." });
    const days = (Date.parse(v.endDate) - Date.parse(v.startDate)) / 86_400_000 + 1;
    if (days < 1) ctx.addIssue({ code: "custom", path: ["endDate"], message: "The last date must be on or after the first date." });
    else if (days > LIMITS.maxRangeDays) ctx.addIssue({ code: "custom", path: ["endDate"], message: `A round can cover at most ${LIMITS.maxRangeDays} days.` });
    const from = parseClock(v.dayStart)!;
    const to = parseClock(v.dayEnd)!;
    if (to <= from) ctx.addIssue({ code: "custom", path: ["dayEnd"], message: "The latest end must be after the earliest start." });
    else if (from + v.durationMinutes > to) {
      ctx.addIssue({ code: "custom", path: ["durationMinutes"], message: "A session this long does not fit between the earliest start and the latest end." });
    }
    if (v.minParticipants > v.capacity) ctx.addIssue({ code: "custom", path: ["minParticipants"], message: "The minimum size cannot be larger than the capacity." });
    const skipDates = [...new Set(v.skipDates.split(/[\s,;]+/).filter(Boolean))].sort();
    const bad = skipDates.find((d) => parseCivilDate(d) === null);
    if (bad) ctx.addIssue({ code: "custom", path: ["skipDates"], message: `"${bad}" is not a date (use YYYY-MM-DD).` });
    else {
      const outside = skipDates.find((d) => d < v.startDate || d > v.endDate);
      if (outside && days >= 1) ctx.addIssue({ code: "custom", path: ["skipDates"], message: `${outside} is outside the round's dates.` });
    }
    return { ...v, skipDates };
  });

export type RoundInput = z.output<typeof roundSchema>;

export type PlanFormContext = {
  sections: number;
  slotKeys: ReadonlySet<string>;
  participantIds: ReadonlyArray<string>;
  facilitatorIds: ReadonlyArray<string>;
};

/**
 * The adjust form: for cohort n (1-based) `slot-n` ("thu@18:00" or "" for not used) and
 * `facilitator-n` (a facilitator id or ""); for each invitee `cohort-<userId>` ("" or n).
 * Cohorts without participants are dropped. Errors are keyed by field id.
 */
export function parsePlanForm(
  raw: Record<string, unknown>,
  ctx: PlanFormContext,
): { ok: true; cohorts: PlanCohort[] } | { ok: false; errors: Record<string, string[]> } {
  const errors: Record<string, string[]> = {};
  const cohorts: Array<PlanCohort | null> = [];
  for (let n = 1; n <= ctx.sections; n++) {
    const slotValue = String(raw[`slot-${n}`] ?? "").trim();
    const facilitator = String(raw[`facilitator-${n}`] ?? "").trim();
    if (slotValue === "") {
      cohorts.push(null);
      continue;
    }
    const slot = parseSlotKey(slotValue);
    if (!slot || !ctx.slotKeys.has(slotValue)) errors[`slot-${n}`] = [`Choose one of the listed times for cohort ${n}.`];
    if (facilitator !== "" && !ctx.facilitatorIds.includes(facilitator)) errors[`facilitator-${n}`] = [`Choose one of the group's facilitators for cohort ${n}.`];
    cohorts.push(slot ? { day: slot.day, start: slot.start, facilitatorId: facilitator || null, participantIds: [] } : null);
  }
  for (const id of ctx.participantIds) {
    const value = String(raw[`cohort-${id}`] ?? "").trim();
    if (value === "") continue;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > ctx.sections) {
      errors[`cohort-${id}`] = [`Choose a cohort between 1 and ${ctx.sections}, or none.`];
      continue;
    }
    const cohort = cohorts[n - 1];
    if (!cohort) {
      if (!errors[`slot-${n}`]) errors[`cohort-${id}`] = [`Cohort ${n} has no time yet: choose one, or move this person.`];
      continue;
    }
    cohort.participantIds.push(id);
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, cohorts: cohorts.filter((c): c is PlanCohort => c !== null && c.participantIds.length > 0) };
}
