import { isPlaceholderEmail } from "./walk-ins";
import { formToken } from "~/modules/forms/schema";
import { z } from "zod";
import { readClockReadings } from "./clock-entry";
import { ATTENDANCE_STATUSES } from "./rules";

const personId = z.string({ error: "Choose a person." }).uuid("Choose a person from the roster.");
const status = z.enum(ATTENDANCE_STATUSES, { error: "Choose present, late, left early, excused or absent." });
const reason = z.string().trim().max(500, "Use at most 500 characters.").default("");
/** A time of day as people type it (18:05, 6:05 PM, 6:05pm), kept as its "HH:MM" readings (readClockReadings). */
const clock = (label: string) =>
  z
    .string()
    .trim()
    .default("")
    .transform((v, ctx) => {
      if (v === "") return "";
      const read = readClockReadings(v);
      if (read !== null) return read;
      ctx.addIssue({ code: "custom", message: `Enter the ${label} as a time of day, for example 6:05 PM or 18:05, or leave it empty.` });
      return z.NEVER;
    });

/** Every action of the roster page; `intent` picks one. */
export const rosterActionSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({
      intent: z.literal("mark"),
      userId: personId,
      status,
      /** How long ago the tap happened (a mark kept while the device was offline), in ms. */
      ageMs: z.coerce.number().int("The time of the mark is not valid.").min(0, "The time of the mark is not valid.").optional(),
    }),
    z.object({
      intent: z.literal("details"),
      userId: personId,
      status,
      arrivedAt: clock("arrival time"),
      leftAt: clock("time they left"),
      note: z.string().trim().max(1000, "Use at most 1000 characters.").default(""),
      reason,
    }),
    z.object({ intent: z.literal("markAllPresent") }),
    z.object({ intent: z.literal("markRestAbsent") }),
    z.object({ intent: z.literal("walkIn"), userId: personId }),
    z.object({
      intent: z.literal("walkInNew"),
      formToken,
      name: z.string({ error: "Enter the person's name." }).trim().min(1, "Enter the person's name.").max(120, "Use at most 120 characters."),
      email: z
        .string()
        .trim()
        .toLowerCase()
        .max(254)
        .default("")
        .refine((v) => v === "" || z.email().safeParse(v).success, "Enter an email address like name@example.org, or leave it empty.")
        .refine((v) => !isPlaceholderEmail(v), "Enter the person's own email address, or leave it empty."),
      differentPerson: z
        .string()
        .optional()
        .transform((v) => v === "on" || v === "true"),
    }),
    z.object({ intent: z.literal("held") }),
    z.object({
      intent: z.literal("cancel"),
      reason: z.string({ error: "Enter a reason." }).trim().min(1, "Enter a reason for cancelling.").max(500, "Use at most 500 characters."),
    }),
  ],
  { error: "Choose an action." },
);
export type RosterAction = z.infer<typeof rosterActionSchema>;

/** The paper sheet typed in afterwards: one status (or nothing) and an optional arrival time per person. */
export const paperSheetSchema = z
  .object({ reason: reason })
  .catchall(z.string())
  .transform((raw, ctx) => {
    const marks: { userId: string; status: (typeof ATTENDANCE_STATUSES)[number]; arrivedAt: string }[] = [];
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
    for (const [key, value] of Object.entries(raw)) {
      const m = /^status\.(.+)$/.exec(key);
      if (!m || typeof value !== "string" || value === "") continue;
      if (!uuid.test(m[1])) continue;
      if (!(ATTENDANCE_STATUSES as readonly string[]).includes(value)) {
        ctx.addIssue({ code: "custom", path: [key], message: "Choose one of the statuses." });
        continue;
      }
      const typed = String(raw[`arrivedAt.${m[1]}`] ?? "").trim();
      const arrivedAt = typed === "" ? "" : readClockReadings(typed);
      if (arrivedAt === null) {
        ctx.addIssue({ code: "custom", path: [`arrivedAt.${m[1]}`], message: "Enter the arrival time as a time of day, for example 6:05 PM or 18:05, or leave it empty." });
        continue;
      }
      marks.push({ userId: m[1].toLowerCase(), status: value as (typeof ATTENDANCE_STATUSES)[number], arrivedAt });
    }
    if (marks.length === 0 && ctx.issues.length === 0) {
      ctx.addIssue({ code: "custom", path: ["_form"], message: "Choose a status for at least one person." });
    }
    return { reason: raw.reason as string, marks };
  });

export const checkInSchema = z.object({
  code: z.string({ error: "Enter the code shown in the room." }).trim().min(1, "Enter the code shown in the room.").max(40, "That code is too long."),
});

export const apologySchema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("apologise"), sessionId: z.string().uuid("Choose a session."), reason }),
    z.object({ intent: z.literal("withdraw"), sessionId: z.string().uuid("Choose a session.") }),
  ],
  { error: "Choose an action." },
);

export const settingsSchema = z.object({
  allowWalkIns: z
    .string()
    .optional()
    .transform((v) => v === "on" || v === "true"),
  absenceAlertAfter: z.coerce
    .number({ error: "Enter a number of absences." })
    .int("Enter a whole number.")
    .min(1, "Use at least 1.")
    .max(10, "Use at most 10."),
  lateAfterMinutes: z.coerce
    .number({ error: "Enter minutes." })
    .int("Enter whole minutes.")
    .min(0, "Use 0 or more minutes.")
    .max(120, "Use at most 120 minutes."),
});

export const alertActionSchema = z.object({
  intent: z.literal("dismiss", { error: "Choose an action." }),
  alertId: z.string().uuid("Choose an alert."),
});
