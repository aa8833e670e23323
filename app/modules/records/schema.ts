import { z } from "zod";
import { parseCivilDate } from "~/modules/time/zoned";

const text = (label: string, max: number) =>
  z
    .string({ error: `${label} must be text` })
    .trim()
    .max(max, `${label}: at most ${max} characters`);
const required = (label: string, max: number) => text(label, max).min(1, `Enter ${label.toLowerCase()}`);
const optionalId = z.union([z.literal(""), z.string().uuid("Choose from the list")]).transform((v) => (v === "" ? null : v));

/** The group note's fields (a draft may leave any of them empty; signing needs the first two). */
export const groupNoteFields = z.object({
  topic: text("Unit or topic covered", 500),
  activities: text("Activities", 5000),
  groupDynamics: text("Group dynamics", 5000),
  followUps: text("Follow-ups", 5000),
});
export type GroupNoteFields = z.infer<typeof groupNoteFields>;

export const addendumFields = z.object({ body: required("The addendum", 5000) });

export const incidentFields = z
  .object({
    whatHappened: required("What happened", 5000),
    whoWasNotified: text("Who was notified", 1000),
    actionDescription: text("Follow-up action", 1000).default(""),
    actionOwnerId: optionalId.default(""),
    actionDueDate: text("Due date", 10).default(""),
  })
  .superRefine((v, ctx) => {
    const any = v.actionDescription || v.actionOwnerId || v.actionDueDate;
    if (!any) return;
    if (!v.actionDescription) ctx.addIssue({ code: "custom", path: ["actionDescription"], message: "Say what the follow-up action is" });
    if (!v.actionOwnerId) ctx.addIssue({ code: "custom", path: ["actionOwnerId"], message: "Choose who owns the follow-up action" });
    if (!parseCivilDate(v.actionDueDate)) ctx.addIssue({ code: "custom", path: ["actionDueDate"], message: "Enter the due date as YYYY-MM-DD" });
  });
export type IncidentFields = z.infer<typeof incidentFields>;

export const groupNoteAction = z.discriminatedUnion("intent", [
  groupNoteFields.extend({ intent: z.literal("save") }),
  groupNoteFields.extend({ intent: z.literal("sign") }),
  addendumFields.extend({ intent: z.literal("addendum") }),
]);

/** The intent of a post to the group-note page ("incident" is parsed with incidentFields). */
export const groupNoteIntent = z.object({ intent: z.enum(["save", "sign", "addendum", "incident"], { error: "Unknown action" }) });

const minutes = z
  .string()
  .trim()
  .default("")
  .refine((v) => v === "" || /^\d{1,4}$/.test(v), "Enter the minutes as a whole number")
  .transform((v) => (v === "" ? null : Number(v)))
  .refine((v) => v === null || v <= 1440, "Minutes of service: at most 1440 (a day)");
const rating = z
  .string()
  .trim()
  .default("")
  .refine((v) => v === "" || /^[1-5]$/.test(v), "Choose a rating from the scale")
  .transform((v) => (v === "" ? null : Number(v)));

export const progressNoteFields = z.object({
  workedOn: text("What they worked on", 5000),
  progressRating: rating,
  nextStep: text("Next step", 2000),
  minutesOfService: minutes,
  /** "objective:<uuid>" or "goal:<uuid>" or "" (no link). */
  planLink: z
    .string()
    .trim()
    .default("")
    .refine((v) => v === "" || /^(goal|objective):[0-9a-f-]{36}$/i.test(v), "Choose a goal or objective from the list"),
});
export type ProgressNoteFields = z.infer<typeof progressNoteFields>;

export const progressNoteAction = z.discriminatedUnion("intent", [
  progressNoteFields.extend({ intent: z.literal("save") }),
  progressNoteFields.extend({ intent: z.literal("sign") }),
  addendumFields.extend({ intent: z.literal("addendum") }),
]);

export const incidentAction = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("addAction"),
    description: required("The follow-up action", 1000),
    ownerId: z.string().uuid("Choose who owns the action"),
    dueDate: z.string().trim().refine((v) => Boolean(parseCivilDate(v)), "Enter the due date as YYYY-MM-DD"),
  }),
  z.object({ intent: z.literal("actionDone"), actionId: z.string().uuid("Choose an action") }),
  z.object({ intent: z.literal("close"), closingNote: required("A closing note", 2000) }),
]);

export const recordsSettingsFields = z.object({
  participantsSeeProgressNotes: z.enum(["yes", "no"], { error: "Choose yes or no" }).transform((v) => v === "yes"),
});
