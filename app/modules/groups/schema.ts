import { z } from "zod";
import { isValidZone, parseCivilDate, parseClock, WEEKDAYS } from "~/modules/time/zoned";

const text = (label: string, max = 200) =>
  z.string({ error: `Enter ${label}.` }).trim().min(1, `Enter ${label}.`).max(max, `Use at most ${max} characters.`);
const optionalText = (max = 2000) => z.string().trim().max(max, `Use at most ${max} characters.`).default("");
const civilDate = (label: string) =>
  z
    .string({ error: `Enter ${label}.` })
    .trim()
    .refine((v) => parseCivilDate(v) !== null, `Enter ${label} as a real date (YYYY-MM-DD).`);

export const GROUP_KINDS = ["class", "workshop", "peer_recovery_group", "drop_in"] as const;
export const GROUP_KIND_LABELS: Record<(typeof GROUP_KINDS)[number], string> = {
  class: "Class",
  workshop: "Workshop",
  peer_recovery_group: "Peer recovery group",
  drop_in: "Drop-in",
};

export const programSchema = z.object({
  name: text("a program name", 120),
  purpose: optionalText(),
  serviceType: optionalText(120),
});

export const groupSchema = z
  .object({
    name: text("a group name", 120),
    kind: z.enum(GROUP_KINDS, { error: "Choose what kind of group this is." }),
    description: optionalText(4000),
    timezone: z.string().trim().refine(isValidZone, "Choose a time zone from the list (for example America/New_York)."),
    capacity: z.coerce
      .number({ error: "Enter the number of seats." })
      .int("Enter a whole number of seats.")
      .min(1, "A group needs at least 1 seat.")
      .max(500, "Use at most 500 seats."),
    location: optionalText(300),
    onlineUrl: z
      .string()
      .trim()
      .max(500)
      .default("")
      .refine((v) => v === "" || /^https:\/\/\S+$/.test(v), "Enter a link starting with https://, or leave it empty."),
    language: z.string().trim().min(2, "Enter a language code such as en or es.").max(20).default("en"),
    facilitatorIds: z.array(z.string().uuid()).default([]),
    /** Needed only when the competency gate refuses a facilitator (missing records or caseload). */
    overrideReason: z.string().trim().max(1000, "Use at most 1000 characters.").default(""),
  })
  .refine((v) => v.location !== "" || v.onlineUrl !== "", {
    path: ["location"],
    message: "Enter a location, an online link, or both.",
  });

export const seriesSchema = z
  .object({
    weekdays: z.array(z.enum(WEEKDAYS)).min(1, "Choose at least one weekday."),
    startTime: z
      .string({ error: "Enter a start time." })
      .refine((v) => {
        const m = parseClock(v);
        return m !== null && m < 1440;
      }, "Enter a start time as HH:MM, for example 18:30."),
    durationMinutes: z.coerce
      .number({ error: "Enter a length in minutes." })
      .int("Enter whole minutes.")
      .min(5, "A session lasts at least 5 minutes.")
      .max(720, "A session lasts at most 12 hours (720 minutes)."),
    startDate: civilDate("the first date"),
    endDate: z.string().trim().default(""),
    count: z.string().trim().default(""),
    skipDates: z.string().trim().default(""),
  })
  .transform((v, ctx) => {
    const endDate = v.endDate === "" ? null : v.endDate;
    if (endDate !== null && parseCivilDate(endDate) === null) {
      ctx.addIssue({ code: "custom", path: ["endDate"], message: "Enter the last date as a real date (YYYY-MM-DD)." });
      return z.NEVER;
    }
    const count = v.count === "" ? null : Number(v.count);
    if (count !== null && (!Number.isInteger(count) || count < 1 || count > 400)) {
      ctx.addIssue({ code: "custom", path: ["count"], message: "Enter a number of sessions between 1 and 400." });
      return z.NEVER;
    }
    if (endDate === null && count === null) {
      ctx.addIssue({ code: "custom", path: ["endDate"], message: "Enter a last date or a number of sessions." });
      return z.NEVER;
    }
    if (endDate !== null && endDate < v.startDate) {
      ctx.addIssue({ code: "custom", path: ["endDate"], message: "The last date must be on or after the first date." });
      return z.NEVER;
    }
    if (endDate !== null && Date.parse(endDate) - Date.parse(v.startDate) > 2 * 366 * 86_400_000) {
      ctx.addIssue({ code: "custom", path: ["endDate"], message: "A series can last at most two years." });
      return z.NEVER;
    }
    const skipDates = v.skipDates
      .split(/[\s,;]+/)
      .map((s) => s.trim())
      .filter(Boolean);
    const bad = skipDates.find((d) => parseCivilDate(d) === null);
    if (bad) {
      ctx.addIssue({ code: "custom", path: ["skipDates"], message: `"${bad}" is not a date (use YYYY-MM-DD).` });
      return z.NEVER;
    }
    return { ...v, endDate, count, skipDates: [...new Set(skipDates)].sort() };
  });

export const sessionChangeSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("cancel"),
    reason: z.string().trim().min(1, "Say why the session is cancelled; participants see this.").max(500),
  }),
  z.object({
    intent: z.literal("move"),
    date: civilDate("the new date"),
    startTime: z.string().refine((v) => {
      const m = parseClock(v);
      return m !== null && m < 1440;
    }, "Enter the new start time as HH:MM."),
    durationMinutes: z.coerce.number().int().min(5, "At least 5 minutes.").max(720, "At most 720 minutes."),
    locationOverride: z.string().trim().max(300).default(""),
    note: z.string().trim().max(1000).default(""),
  }),
]);
