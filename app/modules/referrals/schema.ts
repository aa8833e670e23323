import { z } from "zod";
import { NEED_AREAS } from "~/modules/registration/schema";
import { parseCivilDate } from "~/modules/time/zoned";

const optional = (max: number) => z.string().trim().max(max, `Use at most ${max} characters.`).default("");

/** A directory entry (PA-CSE 6.02: name, location, phone, contact person, services, languages, fees, eligibility). */
export const resourceSchema = z.object({
  name: z.string({ error: "Enter the name of the service." }).trim().min(1, "Enter the name of the service.").max(200, "Use at most 200 characters."),
  location: optional(300),
  phone: optional(60).refine((v) => v === "" || /^[+()0-9 .x-]{7,60}$/i.test(v), "Enter a phone number using digits, spaces, + ( ) - only."),
  contactPerson: optional(200),
  services: optional(2000),
  languages: optional(300),
  fees: optional(500),
  eligibility: optional(1000),
  needAreas: z.array(z.enum(NEED_AREAS, { error: "Choose need areas from the list." })).default([]),
  website: optional(500).refine((v) => v === "" || /^https?:\/\/\S+$/.test(v), "Enter a link starting with https://, or leave it empty."),
});
export type ResourceInput = z.infer<typeof resourceSchema>;

export const REFERRAL_OUTCOMES = ["pending", "connected", "not_connected", "declined", "no_response"] as const;
export const REFERRAL_OUTCOME_LABELS: Record<(typeof REFERRAL_OUTCOMES)[number], string> = {
  pending: "Pending",
  connected: "Connected: received the service",
  not_connected: "Not connected",
  declined: "Participant declined",
  no_response: "No response from the service",
};

const civilDate = (label: string) =>
  z
    .string({ error: `Enter ${label}.` })
    .trim()
    .refine((v) => parseCivilDate(v) !== null, `Enter ${label} as a real date (YYYY-MM-DD).`);

export const referralSchema = z
  .object({
    participantId: z.string({ error: "Choose the participant." }).uuid("Choose the participant."),
    resourceId: z.string({ error: "Choose the service you refer to." }).uuid("Choose the service you refer to."),
    groupId: z
      .string()
      .trim()
      .default("")
      .refine((v) => v === "" || z.string().uuid().safeParse(v).success, "Choose a group from the list."),
    needArea: z.enum(NEED_AREAS, { error: "Choose the need area." }),
    reason: z.string({ error: "Say why you refer this person." }).trim().min(1, "Say why you refer this person.").max(2000, "Use at most 2000 characters."),
    referredOn: civilDate("the referral date"),
    followUpOn: z.string().trim().default(""),
  })
  .transform((v, ctx) => {
    const followUpOn = v.followUpOn === "" ? null : v.followUpOn;
    if (followUpOn !== null && parseCivilDate(followUpOn) === null) {
      ctx.addIssue({ code: "custom", path: ["followUpOn"], message: "Enter the follow-up date as a real date (YYYY-MM-DD)." });
      return z.NEVER;
    }
    if (followUpOn !== null && followUpOn < v.referredOn) {
      ctx.addIssue({ code: "custom", path: ["followUpOn"], message: "The follow-up date must be on or after the referral date." });
      return z.NEVER;
    }
    return { ...v, groupId: v.groupId === "" ? null : v.groupId, followUpOn };
  });
export type ReferralInput = z.infer<typeof referralSchema>;

export const referralOutcomeSchema = z.object({
  intent: z.literal("outcome"),
  referralId: z.string().uuid("Choose a referral."),
  outcome: z.enum(REFERRAL_OUTCOMES, { error: "Choose an outcome." }),
  outcomeNote: optional(1000),
});

/** The referral lists (/referrals?view=…): follow-ups due (the default), open, all. */
export const REFERRAL_VIEWS = { due: "Follow-ups due", open: "Open referrals", all: "All referrals" } as const;
export type ReferralView = keyof typeof REFERRAL_VIEWS;
export const readReferralView = (url: URL): ReferralView => {
  const v = url.searchParams.get("view");
  return v === "open" || v === "all" ? v : "due";
};
