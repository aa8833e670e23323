import { z } from "zod";
import { GROUP_KINDS } from "~/modules/groups/schema";
import { MAX_OFFER_HOURS } from "./waitlist";

/** PA-CSE 3 need areas screened at intake. */
export const NEED_AREAS = [
  "mental_health",
  "substance_use",
  "legal",
  "crisis",
  "primary_care_dentistry",
  "education_vocational",
  "housing",
  "other",
] as const;
export type NeedArea = (typeof NEED_AREAS)[number];

export const NEED_AREA_LABELS: Record<NeedArea, string> = {
  mental_health: "Mental health",
  substance_use: "Substance use",
  legal: "Legal help (including expungement)",
  crisis: "Crisis: I need help right now",
  primary_care_dentistry: "Primary care and dentistry",
  education_vocational: "Education and work",
  housing: "Housing",
  other: "Something else",
};

export const CONTACT_METHODS = ["email", "phone", "text"] as const;
export const CONTACT_LABELS: Record<(typeof CONTACT_METHODS)[number], string> =
  {
    email: "Email",
    phone: "Phone call",
    text: "Text message",
  };

const yes = z
  .string()
  .optional()
  .transform((v) => v === "yes" || v === "on" || v === "true");

export const intakeSchema = z
  .object({
    participantId: z.string().trim().default(""),
    needAreas: z
      .array(z.enum(NEED_AREAS, { error: "Choose need areas from the list." }))
      .default([]),
    otherNeed: z
      .string()
      .trim()
      .max(500, "Use at most 500 characters.")
      .default(""),
    urgent: z.enum(["yes", "no"], {
      error: "Say whether any of these needs is urgent.",
    }),
    urgentNote: z
      .string()
      .trim()
      .max(1000, "Use at most 1000 characters.")
      .default(""),
    preferredContact: z.enum(CONTACT_METHODS, {
      error: "Choose how we should contact you.",
    }),
    phone: z
      .string()
      .trim()
      .max(40, "Use at most 40 characters.")
      .default("")
      .refine(
        (v) => v === "" || /^[+()0-9 .-]{7,40}$/.test(v),
        "Enter a phone number using digits, spaces, + ( ) - only."
      ),
    language: z
      .string()
      .trim()
      .min(2, "Enter the language you prefer, for example English or es.")
      .max(40, "Use at most 40 characters."),
    accessibilityNeeds: z
      .string()
      .trim()
      .max(1000, "Use at most 1000 characters.")
      .default(""),
    /** The participation acknowledgement (required: the group cannot run without it). */
    consentParticipation: yes,
    /** Facilitators may see my email and phone (the `facilitator_contact` consent). */
    consentRosterSharing: yes,
    /** Other members may see my first name (the `classmates` consent). */
    consentClassmates: yes,
    /**
     * Staff registering someone: "pending" (the participant answers at their next sign-in) or
     * "verbal" (staff read each statement to the participant and record the spoken answers,
     * with their own name). Ignored when participants register themselves.
     */
    consentMode: z.enum(["pending", "verbal"], { error: "Choose how the participant's consent is recorded." }).optional(),
  })
  .superRefine(
    (v, ctx) => {
      // Runs even when other fields failed (`when` below), so every problem is shown at once.
      if (
        Array.isArray(v.needAreas) &&
        v.needAreas.includes("other") &&
        !v.otherNeed
      ) {
        ctx.addIssue({
          code: "custom",
          path: ["otherNeed"],
          message: "Tell us briefly what else you need.",
        });
      }
      if (
        (v.preferredContact === "phone" || v.preferredContact === "text") &&
        !v.phone
      ) {
        ctx.addIssue({
          code: "custom",
          path: ["phone"],
          message: "Enter a phone number so we can call or text you.",
        });
      }
      if (!v.consentParticipation && v.consentMode !== "pending") {
        ctx.addIssue({
          code: "custom",
          path: ["consentParticipation"],
          message: "You need to agree to take part in the group to register.",
        });
      }
    },
    { when: () => true }
  )
  .transform((v) => ({
    ...v,
    needAreas: [...new Set(v.needAreas)],
    urgent: v.urgent === "yes" || v.needAreas.includes("crisis"),
    crisis: v.needAreas.includes("crisis"),
  }));
type ParsedIntake = z.infer<typeof intakeSchema>;
/** The parsed intake; the consent fields added later are optional for callers that build it by hand. */
export type IntakeInput = Omit<ParsedIntake, "consentClassmates" | "consentMode"> & Partial<Pick<ParsedIntake, "consentClassmates" | "consentMode">>;

export const catalogueFilterSchema = z.object({
  kind: z.enum(["", ...GROUP_KINDS]).catch(""),
  /** A program of the organisation, by id. */
  program: z.union([z.literal(""), z.string().uuid()]).catch(""),
  day: z.enum(["", "mon", "tue", "wed", "thu", "fri", "sat", "sun"]).catch(""),
  time: z.enum(["", "morning", "afternoon", "evening"]).catch(""),
  mode: z.enum(["", "in_person", "online"]).catch(""),
  /** "open": only groups with a seat free now. */
  seats: z.enum(["", "open"]).catch(""),
  language: z.string().trim().max(20).catch(""),
});
export type CatalogueFilter = z.infer<typeof catalogueFilterSchema>;
export const CATALOGUE_FILTER_KEYS = Object.keys(catalogueFilterSchema.shape) as (keyof CatalogueFilter)[];

export const myGroupsActionSchema = z.object({
  intent: z.enum(["withdraw", "undo-withdraw", "accept", "decline"], {
    error: "Choose what to do.",
  }),
  enrolmentId: z.string().uuid("Choose a group."),
  /** "yes" once the participant has read what withdrawing does (the confirmation's button). */
  confirm: z.string().optional(),
});

export const waitlistActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("settings"),
    mode: z.enum(["automatic", "offer"], {
      error: "Choose how freed seats are filled.",
    }),
    offerHours: z.coerce
      .number({ error: "Enter the number of hours an offer stays open." })
      .int("Enter whole hours.")
      .min(1, "An offer stays open at least 1 hour.")
      .max(
        MAX_OFFER_HOURS,
        `An offer stays open at most ${MAX_OFFER_HOURS} hours.`
      ),
    shareNamesWithGroup: yes,
  }),
  z.object({
    intent: z.literal("capacity"),
    capacity: z.coerce
      .number({ error: "Enter the number of seats." })
      .int("Enter a whole number of seats.")
      .min(1, "A group needs at least 1 seat.")
      .max(500, "Use at most 500 seats."),
    /** The number of seats the page showed (hidden): a change made meanwhile by someone else is not overwritten. */
    shownCapacity: z.coerce.number().int().min(0).max(100_000).optional().catch(undefined),
  }),
  z.object({
    intent: z.literal("remove"),
    enrolmentId: z.string().uuid("Choose a participant."),
    reason: z
      .string()
      .trim()
      .min(1, "Say why this person is removed (kept in the audit log).")
      .max(500),
  }),
  z.object({
    intent: z.literal("seat"),
    enrolmentId: z.string().uuid("Choose a participant."),
    seatReason: z
      .string()
      .trim()
      .min(10, "Say in at least 10 characters why this person is seated out of turn (kept in the audit log).")
      .max(500, "Use at most 500 characters."),
  }),
]);

/** A registration's status as people read it (the intake queue, its CSV, a person's registrations). */
export const REGISTRATION_STATUS_LABELS: Record<string, string> = {
  enrolled: "Enrolled",
  waitlisted: "On the waitlist",
  offered: "Seat offered",
  declined: "Offer declined or lapsed",
  withdrawn: "Withdrawn",
  removed: "Removed by staff",
  interested: "Interested",
  completed: "Completed",
  discharged: "Discharged",
  transferred: "Transferred",
};
