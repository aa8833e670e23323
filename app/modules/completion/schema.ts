import { z } from "zod";

const whole = (label: string, min: number) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,3}$/, `${label} must be a whole number.`)
    .transform(Number)
    .refine((n) => n >= min && n <= 500, `${label} must be between ${min} and 500.`);

/** The criteria form: N sessions attended (required), at most K unexcused absences (blank = no limit). */
export const criteriaSchema = z.object({
  intent: z.literal("criteria"),
  minSessionsAttended: whole("Sessions to attend", 1),
  maxUnexcusedAbsences: z
    .string()
    .trim()
    .regex(/^\d{0,3}$/, "Unexcused absences allowed must be a whole number, or empty for no limit.")
    .transform((v) => (v === "" ? null : Number(v)))
    .refine((n) => n === null || n <= 500, "Unexcused absences allowed must be between 0 and 500."),
});
export const clearCriteriaSchema = z.object({ intent: z.literal("clear-criteria") });
/** Whether a program is a 42 CFR Part 2 program (its letters then carry the 2.32 notice). */
export const part2Schema = z.object({ intent: z.literal("part2"), part2Program: z.enum(["yes", "no"], { error: "Choose yes or no." }) });

export const DISCHARGE_REASONS = ["completed", "withdrew", "no_longer_attending", "referred_elsewhere", "other"] as const;
export const DISCHARGE_REASON_LABELS: Record<(typeof DISCHARGE_REASONS)[number], string> = {
  completed: "Completed",
  withdrew: "Withdrew",
  no_longer_attending: "No longer attending",
  referred_elsewhere: "Referred elsewhere",
  other: "Other",
};
export const OUTCOME_LABELS: Record<"completed" | "discharged" | "transferred", string> = {
  completed: "Completed",
  discharged: "Discharged",
  transferred: "Transferred",
};

const isoDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Enter the date as YYYY-MM-DD.");

/** Recording how an enrolment ended. */
export const outcomeSchema = z
  .object({
    intent: z.literal("outcome"),
    enrolmentId: z.string().uuid("Choose a participant."),
    outcome: z.enum(["completed", "discharged", "transferred"], { message: "Choose completed, discharged or transferred." }),
    reason: z.union([z.literal(""), z.enum(DISCHARGE_REASONS, { message: "Choose a reason from the list." })]).default(""),
    reasonText: z.string().trim().max(500, "Keep the reason under 500 characters.").default(""),
    transferredToGroupId: z.union([z.literal(""), z.string().uuid("Choose the group they move to.")]).default(""),
    endedOn: isoDate,
    participantComment: z.string().trim().max(2000, "Keep the participant's comment under 2000 characters.").default(""),
  })
  .superRefine((v, ctx) => {
    if (v.outcome === "discharged" && !v.reason) ctx.addIssue({ code: "custom", path: ["reason"], message: "Choose the reason for the discharge." });
    if (v.outcome === "discharged" && v.reason === "other" && !v.reasonText) {
      ctx.addIssue({ code: "custom", path: ["reasonText"], message: "Say what the other reason is." });
    }
    if (v.outcome === "transferred" && !v.transferredToGroupId) {
      ctx.addIssue({ code: "custom", path: ["transferredToGroupId"], message: "Choose the group they move to." });
    }
  });
export type OutcomeInput = z.infer<typeof outcomeSchema>;

export const undoOutcomeSchema = z.object({ intent: z.literal("undo-outcome"), outcomeId: z.string().uuid("Choose an outcome to undo.") });

export const completionActionSchema = z.discriminatedUnion("intent", [criteriaSchema, clearCriteriaSchema, outcomeSchema, undoOutcomeSchema], {
  message: "Choose what to do.",
});
