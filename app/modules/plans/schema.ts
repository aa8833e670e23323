import { z } from "zod";
import { isCivilDate } from "~/modules/metrics/definitions";
import { PEER_SUPPORT_COMPONENTS, SERVICE_PERIODS } from "./components";

/** A proposal about something not on the person's list (a group they left, someone else's goal, junk). */
export const PROPOSAL_ABOUT_REFUSED = "Choose what your proposal is about from the list.";

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const idOf = (message: string) =>
  z
    .string({ message })
    .trim()
    .regex(uuidPattern, message)
    .transform((v) => v.toLowerCase());
const required = (max: number, message: string) => z.string({ message }).trim().min(1, message).max(max, `Keep it under ${max} characters.`);
const optional = (max: number) => z.string().trim().max(max, `Keep it under ${max} characters.`).optional().default("");
const date = (message: string) => z.string({ message }).trim().refine(isCivilDate, message);
const optionalDate = z
  .string()
  .trim()
  .optional()
  .default("")
  .refine((v) => v === "" || isCivilDate(v), "Enter a date like 2027-06-30.");
const wholeNumber = (min: number, max: number, message: string) =>
  z
    .string({ message })
    .trim()
    .regex(/^\d{1,4}$/, message)
    .transform(Number)
    .refine((n) => n >= min && n <= max, message);

/** Strengths, barriers, needs and the next review date. */
export const planBasicsSchema = z.object({
  strengths: optional(4000),
  barriers: optional(4000),
  needs: optional(4000),
  nextReviewOn: optionalDate,
});

/** A goal written by staff on the plan page (their wording; the person's own words come from them). */
/** Empty or a program's id (a facilitator who leads one program with the person may leave it empty). */
const optionalProgram = z
  .string()
  .trim()
  .optional()
  .default("")
  .refine((v) => v === "" || uuidPattern.test(v), "Choose a program from the list.")
  .transform((v) => (v ? v.toLowerCase() : null));

export const planGoalSchema = z.object({ title: required(300, "Enter the goal."), programId: optionalProgram });

export const objectiveSchema = z.object({
  goalId: idOf("Choose a goal."),
  description: required(500, "Describe the objective."),
  measure: required(300, "Say how it is measured, for example “attends 6 of 8 sessions”."),
});

export const objectiveEditSchema = z.object({
  objectiveId: idOf("Choose an objective."),
  description: required(500, "Describe the objective."),
  measure: required(300, "Say how it is measured, for example “attends 6 of 8 sessions”."),
});

export const serviceSchema = z.object({
  objectiveId: idOf("Choose an objective."),
  groupId: idOf("Choose a group from the list."),
  timesPerPeriod: wholeNumber(1, 31, "Enter how many times, from 1 to 31."),
  period: z.enum(SERVICE_PERIODS, { message: "Choose a week or a month." }),
  minutesPerContact: wholeNumber(5, 600, "Enter the minutes of each contact, from 5 to 600."),
});

export const interventionSchema = z.object({
  objectiveId: idOf("Choose an objective."),
  description: required(2000, "Describe how you will support this objective."),
  component: z.enum(PEER_SUPPORT_COMPONENTS, { message: "Choose a component of peer support." }),
  responsibleId: idOf("Choose who is responsible."),
});

export const removeServiceSchema = z.object({ serviceId: idOf("Choose a planned service.") });
export const removeInterventionSchema = z.object({ interventionId: idOf("Choose an intervention.") });

export const reviewSchema = z.object({
  reviewedOn: date("Enter the date of the review, like 2027-06-30."),
  attendees: required(500, "Say who took part."),
  whatChanged: required(4000, "Say what changed (or “no changes”)."),
  participantComment: optional(4000),
  nextReviewOn: optionalDate,
});

/**
 * A goal the person proposes, and what it is about: "" their plan as a whole (the managers read it),
 * `group:<id>` one of the groups they attend now, `goal:<id>` one of their goals — it then belongs
 * to that group's or goal's program, and the staff of that program read and answer it.
 */
export const proposalSchema = z.object({
  words: required(1000, "Write the goal in your own words."),
  about: z
    .string()
    .trim()
    .optional()
    .default("")
    .refine((v) => v === "" || /^(group|goal):[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v), PROPOSAL_ABOUT_REFUSED)
    .transform((v) => v.toLowerCase()),
});

export const acceptProposalSchema = z.object({
  proposalId: idOf("Choose a proposal."),
  title: required(300, "Enter the goal in staff wording."),
  programId: optionalProgram,
});

export const replySchema = z.object({
  proposalId: idOf("Choose a proposal."),
  body: required(2000, "Write your reply."),
});

export type PlanBasicsInput = z.infer<typeof planBasicsSchema>;
export type ServiceInput = z.infer<typeof serviceSchema>;
export type InterventionInput = z.infer<typeof interventionSchema>;
export type ReviewInput = z.infer<typeof reviewSchema>;
