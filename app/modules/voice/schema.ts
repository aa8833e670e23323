import { z } from "zod";
import { formToken } from "~/modules/forms/schema";
import { CONCERN_STATUSES } from "./concerns";
import { parsePeriod } from "./feedback";

const text = (label: string, max: number) =>
  z.string({ error: `Enter ${label}.` }).trim().min(1, `Enter ${label}.`).max(max, `Use at most ${max} characters.`);
const optional = (max: number) => z.string().trim().max(max, `Use at most ${max} characters.`).default("");
const checkbox = z
  .union([z.literal("on"), z.literal("true"), z.literal("1"), z.literal("")])
  .optional()
  .transform((v) => v === "on" || v === "true" || v === "1");
const lines = (v: string) =>
  v
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter(Boolean);

export const feedbackFormSchema = z.object({
  comment: optional(2000),
  anonymous: checkbox,
});

export const voiceSettingsSchema = z.object({
  questions: z
    .string({ error: "Enter at least one question." })
    .transform(lines)
    .pipe(
      z
        .array(z.string().max(200, "Keep each question under 200 characters."))
        .min(1, "Enter at least one question, one per line.")
        .max(8, "Ask at most 8 rating questions."),
    )
    .refine((qs) => new Set(qs.map((q) => q.toLowerCase())).size === qs.length, "Each question must be different."),
  concernResponseDays: z.coerce
    .number({ error: "Enter a number of days." })
    .int("Enter whole days.")
    .min(1, "Allow at least 1 day.")
    .max(60, "Allow at most 60 days."),
  feedbackWindowDays: z.coerce
    .number({ error: "Enter a number of days." })
    .int("Enter whole days.")
    .min(1, "Keep feedback open at least 1 day.")
    .max(90, "Keep feedback open at most 90 days."),
});

export const PROPOSAL_TOPICS = ["rules", "topics", "format", "times", "place", "decision"] as const;
export const PROPOSAL_TOPIC_LABELS: Record<(typeof PROPOSAL_TOPICS)[number], string> = {
  rules: "Group or program rules",
  topics: "Topics",
  format: "Format",
  times: "Times",
  place: "Place",
  decision: "A pending decision",
};

const target = z
  .string({ error: "Choose the group or program." })
  .regex(/^(group|program):[0-9a-f-]{36}$/i, "Choose the group or program.")
  .transform((v) => {
    const [scope, id] = v.split(":");
    return { scope: scope as "group" | "program", id: id.toLowerCase() };
  });

export const proposalSchema = z
  .object({
    target,
    topic: z.enum(PROPOSAL_TOPICS, { error: "Choose what the proposal is about." }),
    title: text("a short title", 140),
    description: text("a description", 4000),
    voting: z.enum(["agree", "options"], { error: "Choose how people vote." }),
    options: optional(2000),
    anonymousVotes: checkbox,
    closesAt: z
      .string({ error: "Enter when voting closes." })
      .trim()
      .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, "Enter when voting closes, as a date and time."),
  })
  .transform((v, ctx) => {
    const options = lines(v.options);
    if (v.voting === "options") {
      if (options.length < 2 || options.length > 8) {
        ctx.addIssue({ code: "custom", path: ["options"], message: "Enter between 2 and 8 options, one per line." });
        return z.NEVER;
      }
      if (new Set(options.map((o) => o.toLowerCase())).size !== options.length) {
        ctx.addIssue({ code: "custom", path: ["options"], message: "Each option must be different." });
        return z.NEVER;
      }
      if (options.some((o) => o.length > 200)) {
        ctx.addIssue({ code: "custom", path: ["options"], message: "Keep each option under 200 characters." });
        return z.NEVER;
      }
    }
    return { ...v, options: v.voting === "options" ? options : [] };
  });

export const proposalActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("vote"), choice: z.string({ error: "Choose an answer." }).trim().min(1, "Choose an answer.") }),
  z.object({ intent: z.literal("comment"), body: text("a comment", 2000) }),
  z.object({ intent: z.literal("hide"), reason: text("the reason (the proposer sees it)", 500) }),
  z.object({ intent: z.literal("restore") }),
  z.object({
    intent: z.literal("hideComment"),
    commentId: z.string({ error: "Choose a comment." }).trim().toLowerCase().uuid("Choose a comment."),
    reason: text("the reason (members see it)", 500),
  }),
  z.object({ intent: z.literal("restoreComment"), commentId: z.string({ error: "Choose a comment." }).trim().toLowerCase().uuid("Choose a comment.") }),
  z.object({ intent: z.literal("edit"), title: text("a short title", 140), description: text("a description", 4000) }),
  z
    .object({
      intent: z.literal("decide"),
      outcome: z.enum(["adopted", "adopted_with_changes", "not_adopted"], { error: "Choose the outcome." }),
      decisionText: text("what was decided", 2000),
      rationale: text("the reasons for the decision", 2000),
      rulesBody: optional(8000),
      changeSummary: optional(500),
    })
    .superRefine((v, ctx) => {
      if (v.rulesBody && v.outcome === "not_adopted")
        ctx.addIssue({ code: "custom", path: ["rulesBody"], message: "Only adopted proposals publish new rules." });
      if (v.rulesBody && !v.changeSummary)
        ctx.addIssue({ code: "custom", path: ["changeSummary"], message: "Say what changed in the rules." });
    }),
]);

export const OUTCOME_LABELS = {
  adopted: "Adopted",
  adopted_with_changes: "Adopted with changes",
  not_adopted: "Not adopted",
} as const;

export const rulesSchema = z.object({
  body: text("the full rules", 8000),
  changeSummary: text("what changed", 500),
});

export const CONCERN_SUBJECTS = ["session", "group", "facilitator", "program"] as const;
export const CONCERN_SUBJECT_LABELS: Record<(typeof CONCERN_SUBJECTS)[number], string> = {
  session: "A session",
  group: "A group",
  facilitator: "A facilitator",
  program: "The program or the organisation",
};

const maybeId = z
  .string()
  .trim()
  .default("")
  .refine((v) => v === "" || /^[0-9a-f-]{36}$/i.test(v), "Choose from the list.")
  .transform((v) => (v === "" ? null : v.toLowerCase()));

export const concernSchema = z
  .object({
    subject: z.enum(CONCERN_SUBJECTS, { error: "Choose what your concern is about." }),
    sessionId: maybeId,
    groupId: maybeId,
    facilitatorId: maybeId,
    programId: maybeId,
    summary: text("a short summary", 140),
    body: text("what happened and what you would like to happen", 4000),
    anonymous: checkbox,
    formToken,
  })
  .superRefine((v, ctx) => {
    const need = { session: "sessionId", group: "groupId", facilitator: "facilitatorId", program: "programId" } as const;
    const field = need[v.subject];
    if (!v[field]) ctx.addIssue({ code: "custom", path: [field], message: `Choose ${v.subject === "program" ? "the program" : `the ${v.subject}`}.` });
  });

export const concernStaffSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("respond"), body: text("a response", 4000) }),
  z.object({ intent: z.literal("status"), status: z.enum(CONCERN_STATUSES, { error: "Choose a status." }) }),
  z.object({ intent: z.literal("reply"), body: text("your message", 4000) }),
]);

export const followUpSchema = z.object({ body: text("your message", 4000) });

export const changeSchema = z
  .object({
    audience: z
      .string({ error: "Choose who this is for." })
      .regex(/^(org|group:[0-9a-f-]{36}|program:[0-9a-f-]{36})$/i, "Choose who this is for."),
    youSaid: text("what people told you", 1000),
    weDid: text("what you did", 2000),
    proposalId: maybeId,
    concernId: maybeId,
    feedbackGroupId: maybeId,
  })
  .superRefine((v, ctx) => {
    if (!v.proposalId && !v.concernId && !v.feedbackGroupId)
      ctx.addIssue({ code: "custom", path: ["proposalId"], message: "Link at least one proposal, concern or group's feedback that prompted this." });
  });

const optionalId = (what: string) =>
  z
    .string()
    .trim()
    .optional()
    .refine((v) => !v || /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v), `Choose ${what} from the list.`)
    .transform((v) => (v ? v.toLowerCase() : null));

/**
 * The feedback report's choices: a fixed period (2026-11, 2026-Q4 or 2026 — never free dates, so
 * two reports always differ by whole release batches), a group or a facilitator.
 */
export const reportQuerySchema = z.object({
  period: z
    .string()
    .trim()
    .optional()
    .refine((v) => !v || parsePeriod(v) !== null, "Choose a period from the list (a month, a quarter or a year).")
    .transform((v) => v || null),
  group: optionalId("a group"),
  facilitator: optionalId("a facilitator"),
});
