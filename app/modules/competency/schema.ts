import { z } from "zod";
import { parseCivilDate } from "~/modules/time/zoned";

export const ITEM_KINDS = ["competency", "training", "certification"] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];
export const ITEM_KIND_LABELS: Record<ItemKind, string> = {
  competency: "Competency",
  training: "Training",
  certification: "Certification",
};

export const EVIDENCE_KINDS = ["note", "observation", "upload"] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];
export const EVIDENCE_LABELS: Record<EvidenceKind, string> = {
  note: "Written note",
  observation: "Session observation",
  upload: "Uploaded certificate",
};

export const REQUIREMENT_ROLES = ["facilitator", "manager", "admin"] as const;

/** The 1–4 observation scale; 3 or more counts as demonstration. */
export const RATING_SCALE = [
  { value: 1, label: "1 – Not yet", descriptor: "Did not show this; needs support and another observation." },
  { value: 2, label: "2 – Emerging", descriptor: "Showed it in part or with prompting; keep developing." },
  { value: 3, label: "3 – Competent", descriptor: "Showed it reliably through the session." },
  { value: 4, label: "4 – Strong", descriptor: "Showed it with skill; could model it for others." },
] as const;
export const DEMONSTRATION_RATING = 3;

/** Uploaded certificates: at most 5 MB, PDF, PNG or JPEG (checked by content, not by name). */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

const text = (label: string, max = 200) =>
  z.string({ error: `Enter ${label}.` }).trim().min(1, `Enter ${label}.`).max(max, `Use at most ${max} characters.`);
const optionalText = (max = 2000) => z.string().trim().max(max, `Use at most ${max} characters.`).default("");
const list = <T extends readonly [string, ...string[]]>(values: T, message: string) =>
  z
    .union([z.array(z.string()), z.string()])
    .default([])
    .transform((v) => (Array.isArray(v) ? v : v === "" ? [] : [v]))
    .pipe(z.array(z.enum(values, { error: message })));
const optionalWhole = (label: string, min: number, max: number) =>
  z
    .string()
    .trim()
    .default("")
    .transform((v, ctx) => {
      if (v === "") return null;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: "custom", message: `Enter ${label} as a whole number from ${min} to ${max}, or leave it empty.` });
        return z.NEVER;
      }
      return n;
    });
const optionalId = z
  .string()
  .trim()
  .default("")
  .refine((v) => v === "" || z.string().uuid().safeParse(v).success, "Choose a person from the list.")
  .transform((v) => (v === "" ? null : v.toLowerCase()));

export const itemSchema = z.object({
  code: z
    .string({ error: "Enter a short code." })
    .trim()
    .min(1, "Enter a short code, for example 2.04-engage.")
    .max(40, "Use at most 40 characters.")
    .regex(/^[A-Za-z0-9._-]+$/, "Use letters, digits, dots, dashes or underscores only."),
  standard: optionalText(80),
  name: text("a name", 160),
  description: optionalText(2000),
  kind: z.enum(ITEM_KINDS, { error: "Choose competency, training or certification." }),
  requiredForGroupKinds: list(["class", "workshop", "peer_recovery_group", "drop_in"], "Choose group kinds from the list."),
  requiredForRoles: list(REQUIREMENT_ROLES, "Choose roles from the list."),
  validityMonths: optionalWhole("the validity in months", 1, 120),
  acceptedEvidence: list(EVIDENCE_KINDS, "Choose evidence from the list.").refine((v) => v.length > 0, "Choose at least one kind of evidence."),
  observable: z
    .string()
    .optional()
    .transform((v) => v === "on" || v === "true"),
});
export type ItemInput = z.infer<typeof itemSchema>;

export const settingsSchema = z.object({
  maxGroupsPerFacilitator: optionalWhole("the group limit", 1, 100),
  maxParticipantsPerFacilitator: optionalWhole("the participant limit", 1, 5000),
  defaultSupervisorId: optionalId,
  /** PA-CSE 2.08 level of need: how many an urgent intake counts as (absent from older forms: 1). */
  urgentParticipantWeight: z
    .string()
    .trim()
    .default("1")
    .transform((v, ctx) => {
      const n = Number(v === "" ? "1" : v);
      if (!Number.isInteger(n) || n < 1 || n > 5) {
        ctx.addIssue({ code: "custom", message: "Enter how much an urgent intake counts as a whole number from 1 to 5." });
        return z.NEVER;
      }
      return n;
    }),
});

/** A caseload limit for a role ("role:facilitator") or a qualification ("item:<framework item id>"). */
export const caseloadLimitSchema = z.object({
  appliesTo: z
    .string({ error: "Choose a role or a qualification." })
    .trim()
    .refine(
      (v) => /^role:(facilitator|manager|admin)$/.test(v) || (v.startsWith("item:") && z.string().uuid().safeParse(v.slice(5)).success),
      "Choose a role or a qualification from the list.",
    )
    .transform((v) => (v.startsWith("role:") ? { role: v.slice(5), itemId: null } : { role: null, itemId: v.slice(5).toLowerCase() })),
  maxGroups: optionalWhole("the group limit", 1, 100),
  maxParticipants: optionalWhole("the participant limit", 1, 5000),
});
export type CaseloadLimitInput = z.infer<typeof caseloadLimitSchema>;

export const removeCaseloadLimitSchema = z.object({ limitId: z.string({ error: "Choose a limit." }).uuid("Choose a limit.") });
export type SettingsInput = z.infer<typeof settingsSchema>;

export const supervisorSchema = z.object({
  facilitatorId: z.string().uuid("Choose a facilitator."),
  supervisorId: optionalId,
});

const civilDate = (label: string) =>
  z
    .string()
    .trim()
    .default("")
    .refine((v) => v === "" || parseCivilDate(v) !== null, `Enter ${label} as a real date (YYYY-MM-DD).`)
    .transform((v) => (v === "" ? null : v));

export const recordActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("assess"),
    status: z.enum(["not_started", "in_progress", "demonstrated"], { error: "Choose a status." }),
    achievedOn: civilDate("the date achieved"),
    assessNote: optionalText(2000),
  }),
  z.object({ intent: z.literal("verify") }),
  z.object({
    intent: z.literal("return"),
    reason: text("why it is sent back", 1000),
  }),
  z.object({ intent: z.literal("note"), note: text("a note", 4000) }),
]);
export type RecordAction = z.infer<typeof recordActionSchema>;

/**
 * Opening a record for a person and an item. The matrix's "Start record" buttons share one form,
 * each sending `cell` = "<userId> <itemId>" (a button carries one value; a form and two hidden
 * fields per cell were most of a big matrix's page); a post may also name the two apart.
 */
export const openRecordSchema = z.preprocess(
  (raw) => {
    const cell = raw && typeof raw === "object" ? (raw as Record<string, unknown>).cell : undefined;
    if (typeof cell !== "string") return raw;
    const [userId, itemId] = cell.split(" ");
    return { ...(raw as object), userId, itemId };
  },
  z.object({
    userId: z.string({ error: "Choose a person." }).uuid("Choose a person."),
    itemId: z.string({ error: "Choose an item." }).uuid("Choose an item."),
  }),
);

export const observationBaseSchema = z.object({
  facilitatorId: z.string({ error: "Choose the facilitator you observed." }).uuid("Choose the facilitator you observed."),
  sessionId: z.string({ error: "Choose the session you observed." }).uuid("Choose the session you observed."),
  notes: optionalText(4000),
});

export type RatingInput = { itemId: string; rating: number; note: string };

/**
 * Ratings come as `rating-<itemId>` (1–4, or empty for "not observed") and `note-<itemId>`.
 * Returns the ratings or field errors keyed by those names.
 */
export function parseRatings(
  raw: Record<string, string | string[]>,
  observableItemIds: string[],
): { ok: true; ratings: RatingInput[] } | { ok: false; errors: Record<string, string[]> } {
  const ratings: RatingInput[] = [];
  const errors: Record<string, string[]> = {};
  for (const itemId of observableItemIds) {
    const value = raw[`rating-${itemId}`];
    const note = raw[`note-${itemId}`];
    const noteText = typeof note === "string" ? note.trim() : "";
    if (noteText.length > 2000) errors[`note-${itemId}`] = ["Use at most 2000 characters."];
    if (value === undefined || value === "") continue;
    const n = Number(value);
    if (typeof value !== "string" || !Number.isInteger(n) || n < 1 || n > 4) {
      errors[`rating-${itemId}`] = ["Choose a rating from 1 to 4, or not observed."];
      continue;
    }
    ratings.push({ itemId, rating: n, note: noteText });
  }
  if (!Object.keys(errors).length && ratings.length === 0 && observableItemIds.length > 0) {
    errors[`rating-${observableItemIds[0]}`] = ["Rate at least one competency you observed."];
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, ratings };
}

export const MATRIX_STATUS_FILTERS = ["all", "attention", "missing", "in_progress", "demonstrated", "verified", "expiring", "expired"] as const;
export type MatrixStatusFilter = (typeof MATRIX_STATUS_FILTERS)[number];

export const matrixFilterSchema = z.object({
  kind: z.enum(["", ...ITEM_KINDS]).catch(""),
  status: z.enum(MATRIX_STATUS_FILTERS).catch("all"),
  person: z
    .string()
    .catch("")
    .transform((v) => (z.string().uuid().safeParse(v).success ? v.toLowerCase() : "")),
  /** The page of people shown (MATRIX_PAGE_SIZE a page; the CSV has every page). Junk is page 1. */
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});
export type MatrixFilter = z.infer<typeof matrixFilterSchema>;

/** People a page of the matrix shows: a big organisation's matrix (every facilitator × every item) is long on a phone and slow to render whole. */
export const MATRIX_PAGE_SIZE = 25;

/**
 * The part of `rows` on page `page` (1-based, `size` a page; a page past the last is the last),
 * with where it stands: rows `first`–`last` (1-based) of `total`, and the neighbouring pages (null: none).
 */
export function pageOf<T>(rows: readonly T[], page: number, size: number) {
  const count = Math.max(1, Math.ceil(rows.length / size));
  const number = Math.min(Math.max(1, Math.floor(page)), count);
  const start = (number - 1) * size;
  const shown = rows.slice(start, start + size);
  return {
    rows: shown,
    number,
    count,
    total: rows.length,
    first: shown.length ? start + 1 : 0,
    last: start + shown.length,
    previous: number > 1 ? number - 1 : null,
    next: number < count ? number + 1 : null,
  };
}

export function readMatrixFilter(url: URL): MatrixFilter {
  return matrixFilterSchema.parse({
    kind: url.searchParams.get("kind") ?? "",
    status: url.searchParams.get("status") ?? "all",
    person: url.searchParams.get("person") ?? "",
    page: url.searchParams.get("page") ?? "1",
  });
}

/** PA-CSE 2.06: one supervision or mentoring session with a peer worker. */
export const supervisionEntrySchema = z.object({
  heldOn: z
    .string({ error: "Enter the date of the session." })
    .trim()
    .min(1, "Enter the date of the session.")
    .refine((v) => parseCivilDate(v) !== null, "Enter the date as a real date (YYYY-MM-DD)."),
  peerWorkerId: z.string({ error: "Choose the peer worker." }).uuid("Choose the peer worker."),
  supervisorId: z.string({ error: "Choose the supervisor." }).uuid("Choose the supervisor."),
  minutes: z
    .string({ error: "Enter how many minutes it lasted." })
    .trim()
    .min(1, "Enter how many minutes it lasted.")
    .transform((v, ctx) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1 || n > 600) {
        ctx.addIssue({ code: "custom", message: "Enter the minutes as a whole number from 1 to 600." });
        return z.NEVER;
      }
      return n;
    }),
  topics: text("the topics discussed", 2000),
  followUps: optionalText(2000),
  mentoring: z
    .string()
    .optional()
    .transform((v) => v === "on" || v === "true"),
});
export type SupervisionEntryInput = z.infer<typeof supervisionEntrySchema>;

export const supervisionFilterSchema = z.object({
  person: z
    .string()
    .catch("")
    .transform((v) => (z.string().uuid().safeParse(v).success ? v.toLowerCase() : "")),
});
