import { z } from "zod";
import { timezone } from "~/modules/auth/schema";
import { isCountryCode } from "~/modules/notifications/sms/phone";

const optional = (max: number, label: string) => z.string().trim().max(max, `Use at most ${max} characters for the ${label}.`).default("");

/** The organisation's own details, as its administrator edits them. */
export const organizationSchema = z.object({
  name: z.string({ error: "Enter the organisation's name." }).trim().min(2, "Enter the organisation's name.").max(160, "Use at most 160 characters."),
  timezone,
  crisisText: z
    .string({ error: "Enter what people in crisis should do." })
    .trim()
    .min(10, "Enter what people in crisis should do (at least 10 characters): it is on every page's crisis link.")
    .max(2000, "Use at most 2000 characters."),
  contactEmail: z
    .string()
    .trim()
    .toLowerCase()
    .max(254, "That email address is too long.")
    .default("")
    .refine((v) => v === "" || z.email().safeParse(v).success, "Enter an email address like hello@agency.org, or leave it empty."),
  contactPhone: optional(60, "phone number"),
  address: optional(300, "address"),
  defaultCountry: z
    .string()
    .trim()
    .toUpperCase()
    .default("US")
    .refine(isCountryCode, "Enter the country as its two-letter code, like US, CA or GB."),
  /** The name texts start with ("" = the organisation's name): letters, digits, spaces and plain punctuation. */
  smsSenderName: z
    .string()
    .trim()
    .max(30, "Use at most 30 characters for the sender name of text messages.")
    .default("")
    .refine((v) => /^[\p{L}\p{N} .,'&()-]*$/u.test(v), "Use only letters, digits, spaces and . , ' & ( ) - in the sender name of text messages."),
});

export type OrganizationInput = z.infer<typeof organizationSchema>;

/** A new organisation, as the platform operator creates it (npm run create-organization). */
export const newOrganizationSchema = z.object({
  name: organizationSchema.shape.name,
  slug: z
    .string({ error: "Give the organisation a short web name (--slug)." })
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/, "The slug uses 1–40 lowercase letters, digits and dashes, for example riverside or north-county."),
  timezone,
  adminEmail: z
    .string({ error: "Give the email of the organisation's first administrator (--admin-email)." })
    .trim()
    .toLowerCase()
    .refine((v) => z.email().safeParse(v).success, "Give the administrator's email address, like director@agency.org."),
  crisisText: z.string().trim().max(2000, "Use at most 2000 characters.").default(""),
});

export type NewOrganizationInput = z.infer<typeof newOrganizationSchema>;

/** Until the administrator writes their own, every crisis link still says what to do. */
export const DEFAULT_CRISIS_TEXT =
  "If you or someone else is in immediate danger, call 911 (or your local emergency number).\nCall or text 988 (Suicide & Crisis Lifeline), available 24/7.";
