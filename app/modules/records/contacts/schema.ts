import { z } from "zod";
import { PEER_SUPPORT_COMPONENTS } from "~/modules/plans/components";
import { parseCivilDate } from "~/modules/time/zoned";

export const CONTACT_MODES = ["in_person", "phone", "video"] as const;
export type ContactMode = (typeof CONTACT_MODES)[number];
export const CONTACT_MODE_LABELS: Record<ContactMode, string> = { in_person: "In person", phone: "Phone", video: "Video" };

/**
 * A one-to-one contact's fields. Date, minutes and how it took place are always needed; a draft
 * may leave the component, the plan link and the note empty (and the program, when the writer has one) — signing needs the component and the note.
 */
export const contactFields = z.object({
  contactDate: z
    .string({ error: "Enter the date of the contact" })
    .trim()
    .refine((v) => Boolean(parseCivilDate(v)), "Enter the date as YYYY-MM-DD"),
  minutes: z
    .string({ error: "Enter the minutes" })
    .trim()
    .regex(/^\d{1,4}$/, "Enter the minutes as a whole number")
    .transform(Number)
    .refine((n) => n >= 1 && n <= 1440, "Minutes: between 1 and 1440"),
  mode: z.enum(CONTACT_MODES, { error: "Choose in person, phone or video" }),
  /** The program the contact belongs to (checked against the writer's programs by the mutation); empty: the only one. */
  programId: z.string({ error: "Choose the program this contact belongs to" }).trim().max(100, "Choose the program this contact belongs to").optional(),
  component: z.union([z.literal(""), z.enum(PEER_SUPPORT_COMPONENTS)], { error: "Choose a component of peer support from the list" }).transform((v) => (v === "" ? null : v)),
  /** "objective:<uuid>" or "goal:<uuid>" or "" (no link). */
  planLink: z
    .string()
    .trim()
    .default("")
    .refine((v) => v === "" || /^(goal|objective):[0-9a-f-]{36}$/i.test(v), "Choose a goal or objective from the list"),
  note: z.string({ error: "The note must be text" }).trim().max(5000, "The note: at most 5000 characters").default(""),
});
export type ContactFields = z.infer<typeof contactFields>;

export const contactAction = z.discriminatedUnion("intent", [
  contactFields.extend({ intent: z.literal("save") }),
  contactFields.extend({ intent: z.literal("sign") }),
  z.object({ intent: z.literal("addendum"), body: z.string({ error: "Enter the addendum" }).trim().min(1, "Enter the addendum").max(5000, "The addendum: at most 5000 characters") }),
]);
