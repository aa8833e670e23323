import { z } from "zod";

export const calendarIntentSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("feed-create"),
    groupId: z
      .string()
      .trim()
      .default("")
      .refine((v) => v === "" || /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v), "Choose one of your groups."),
    /** A checkbox: "on" when ticked, absent otherwise; any other value reads as not ticked, so junk never fails the form. Personal links only. */
    discreet: z.unknown().optional().transform((v) => ((Array.isArray(v) ? v.includes("on") : v === "on") ? ("on" as const) : ("off" as const))),
  }),
  z.object({ intent: z.literal("feed-revoke"), feedId: z.string().uuid("Choose a calendar link.") }),
  z.object({
    /** Calendar entries (a session's .ics, emailed invitations): the checkbox as above, "on" = discreet. */
    intent: z.literal("calendar-entries"),
    discreet: z.unknown().optional().transform((v) => ((Array.isArray(v) ? v.includes("on") : v === "on") ? ("on" as const) : ("off" as const))),
  }),
  z.object({
    intent: z.literal("reminders"),
    remindersEnabled: z.enum(["on", "off"]).default("off"),
    reminderHours: z.coerce
      .number({ error: "Choose when to be reminded." })
      .int()
      .refine((n) => [2, 12, 24, 48].includes(n), "Choose 2, 12, 24 or 48 hours before."),
  }),
]);
