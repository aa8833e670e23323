import { z } from "zod";
import { timezone } from "~/modules/auth/schema";

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
});

export type OrganizationInput = z.infer<typeof organizationSchema>;
