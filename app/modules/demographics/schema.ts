import { z } from "zod";
import { isCivilDate } from "~/modules/metrics/definitions";
import { PERIOD_RULES } from "./periods";

/**
 * Demographics: the questions, their answers and labels, and the forms' zod schemas. Every
 * question is optional and offers "Prefer not to say" (stored as PREFER_NOT); null = not answered.
 * Pure: no database, no clock (the caller passes today's date).
 */
export const PREFER_NOT = "prefer_not_to_say";
export const PREFER_NOT_LABEL = "Prefer not to say";
export const NOT_RECORDED = "not_recorded";
export const NOT_RECORDED_LABEL = "Not recorded";

export const AGE_BANDS = ["under_18", "18_24", "25_34", "35_44", "45_54", "55_64", "65_plus"] as const;
export type AgeBand = (typeof AGE_BANDS)[number];
export const AGE_BAND_LABELS: Record<AgeBand, string> = {
  under_18: "Under 18",
  "18_24": "18–24",
  "25_34": "25–34",
  "35_44": "35–44",
  "45_54": "45–54",
  "55_64": "55–64",
  "65_plus": "65 and over",
};

export const GENDERS = ["woman", "man", "transgender_woman", "transgender_man", "non_binary", "another"] as const;
export const GENDER_LABELS: Record<(typeof GENDERS)[number], string> = {
  woman: "Woman",
  man: "Man",
  transgender_woman: "Transgender woman",
  transgender_man: "Transgender man",
  non_binary: "Non-binary",
  another: "Another gender identity",
};

/** Primary languages offered (the most spoken in the US, and ASL); anything else is "another". */
export const LANGUAGES = [
  "english",
  "spanish",
  "chinese",
  "tagalog",
  "vietnamese",
  "arabic",
  "french",
  "korean",
  "russian",
  "haitian_creole",
  "portuguese",
  "hindi",
  "asl",
  "another",
] as const;
export const LANGUAGE_LABELS: Record<(typeof LANGUAGES)[number], string> = {
  english: "English",
  spanish: "Spanish",
  chinese: "Chinese",
  tagalog: "Tagalog",
  vietnamese: "Vietnamese",
  arabic: "Arabic",
  french: "French",
  korean: "Korean",
  russian: "Russian",
  haitian_creole: "Haitian Creole",
  portuguese: "Portuguese",
  hindi: "Hindi",
  asl: "American Sign Language",
  another: "Another language",
};

export const VETERAN_STATUSES = ["veteran", "not_veteran"] as const;
export const VETERAN_LABELS: Record<(typeof VETERAN_STATUSES)[number], string> = {
  veteran: "Veteran (served in the US armed forces)",
  not_veteran: "Not a veteran",
};

/** Staff-only: how services are paid for. */
export const PAYERS = ["medicaid", "medicare", "private", "other_public", "uninsured", "other"] as const;
export const PAYER_LABELS: Record<(typeof PAYERS)[number], string> = {
  medicaid: "Medicaid",
  medicare: "Medicare",
  private: "Private insurance",
  other_public: "Other public coverage (CHIP, TRICARE, VA)",
  uninsured: "No insurance (self-pay)",
  other: "Other",
};

/**
 * The default race and ethnicity categories: the minimum categories of the US federal standard
 * (OMB Statistical Policy Directive No. 15, revised 2024), asked as one combined question where
 * people choose every category that applies. An organisation can rename, add and retire them.
 */
export const DEFAULT_RACE_ETHNICITY: readonly { key: string; label: string }[] = [
  { key: "american_indian_alaska_native", label: "American Indian or Alaska Native" },
  { key: "asian", label: "Asian" },
  { key: "black_african_american", label: "Black or African American" },
  { key: "hispanic_latino", label: "Hispanic or Latino" },
  { key: "middle_eastern_north_african", label: "Middle Eastern or North African" },
  { key: "native_hawaiian_pacific_islander", label: "Native Hawaiian or Pacific Islander" },
  { key: "white", label: "White" },
];

export type RaceCategory = { key: string; label: string; retired: boolean };

/** 5 digits or ZIP+4. */
export const ZIP_PATTERN = /^\d{5}(-\d{4})?$/;

/** A Medicaid ID as stored: letters and digits only, upper case (spaces and dashes typed are dropped). */
export function normaliseMedicaidId(input: string): string {
  return input.replace(/[\s-]/g, "").toUpperCase();
}

/** A Medicaid ID as lists show it: only its last four characters. */
export function maskMedicaidId(id: string | null): string {
  if (!id) return "";
  return `••••${id.slice(-4)}`;
}

/** The answers a participant gives (and sees) about themself. */
export type Demographics = {
  birthDate: string | null;
  ageBand: string | null;
  gender: string | null;
  raceEthnicity: string[] | null;
  primaryLanguage: string | null;
  zipCode: string | null;
  veteranStatus: string | null;
};
/** Staff-only answers. */
export type Coverage = { payer: string | null; medicaidId: string | null };

export const DEMOGRAPHIC_FIELDS = ["birthDate", "ageBand", "gender", "raceEthnicity", "primaryLanguage", "zipCode", "veteranStatus"] as const;
export const COVERAGE_FIELDS = ["payer", "medicaidId"] as const;

export const FIELD_LABELS: Record<string, string> = {
  birthDate: "Date of birth",
  ageBand: "Age group",
  gender: "Gender identity",
  raceEthnicity: "Race and ethnicity",
  primaryLanguage: "Primary language",
  zipCode: "ZIP code",
  zipPreferNot: "ZIP code",
  veteranStatus: "Veteran status",
  payer: "Payer or insurance",
  medicaidId: "Medicaid ID",
  participantId: "Participant",
};

const choice = (values: readonly string[], message: string) =>
  z
    .string()
    .trim()
    .default("")
    .refine((v) => v === "" || v === PREFER_NOT || values.includes(v), message)
    .transform((v) => (v === "" ? null : v));

/**
 * The demographics form (the participant's own page, the staff page and the intake section).
 * `today` is the civil date in the organisation's zone (a birth date cannot be after it);
 * `raceKeys` are the organisation's categories a new answer may use.
 */
export function demographicsSchema(today: string, raceKeys: readonly string[]) {
  return z
    .object({
      birthDate: z
        .string()
        .trim()
        .default("")
        .refine((v) => v === "" || isCivilDate(v), "Enter a real date, for example 1980-04-25.")
        .refine((v) => v === "" || !isCivilDate(v) || (v <= today && v >= "1900-01-01"), "A date of birth cannot be in the future or before 1900."),
      ageBand: choice(AGE_BANDS, "Choose an age group from the list."),
      gender: choice(GENDERS, "Choose a gender identity from the list."),
      raceEthnicity: z
        .union([z.string(), z.array(z.string())])
        .default([])
        .transform((v) => (Array.isArray(v) ? v : [v]).filter((x) => x !== ""))
        .refine((v) => v.every((k) => k === PREFER_NOT || raceKeys.includes(k)), "Choose categories from the list.")
        .refine((v) => !(v.includes(PREFER_NOT) && v.length > 1), "Choose categories, or “Prefer not to say”, not both.")
        .refine((v) => v.length <= 20, "Choose categories from the list.")
        .transform((v) => (v.length ? [...new Set(v)] : null)),
      primaryLanguage: choice(LANGUAGES, "Choose a language from the list."),
      zipCode: z
        .string()
        .trim()
        .max(20, "Enter 5 digits, or ZIP+4 like 02134-1234.")
        .default("")
        .refine((v) => v === "" || ZIP_PATTERN.test(v), "Enter 5 digits, or ZIP+4 like 02134-1234."),
      zipPreferNot: z
        .union([z.string(), z.array(z.string())])
        .default("")
        .transform((v) => (Array.isArray(v) ? v : [v]))
        .refine((v) => v.every((x) => x === "" || x === "yes"), "Tick the box or leave it empty.")
        .transform((v) => (v.includes("yes") ? "yes" : "")),
      veteranStatus: choice(VETERAN_STATUSES, "Choose an answer from the list."),
    })
    .superRefine((v, ctx) => {
      if (v.birthDate !== "" && v.ageBand !== null) ctx.addIssue({ code: "custom", path: ["ageBand"], message: "Give a date of birth or an age group, not both." });
      if (v.zipCode !== "" && v.zipPreferNot === "yes") ctx.addIssue({ code: "custom", path: ["zipCode"], message: "Enter a ZIP code or tick “Prefer not to say”, not both." });
    })
    .transform(
      (v): Demographics => ({
        birthDate: v.birthDate === "" ? null : v.birthDate,
        ageBand: v.ageBand,
        gender: v.gender,
        raceEthnicity: v.raceEthnicity,
        primaryLanguage: v.primaryLanguage,
        zipCode: v.zipPreferNot === "yes" ? PREFER_NOT : v.zipCode === "" ? null : v.zipCode,
        veteranStatus: v.veteranStatus,
      }),
    );
}

/** The staff-only part: payer and Medicaid ID. */
export const coverageSchema = z
  .object({
    payer: choice(PAYERS, "Choose a payer from the list."),
    medicaidId: z
      .string()
      .default("")
      .transform(normaliseMedicaidId)
      .refine((v) => v === "" || /^[A-Z0-9]{4,20}$/.test(v), "A Medicaid ID has 4 to 20 letters and digits."),
  })
  .transform((v): Coverage => ({ payer: v.payer, medicaidId: v.medicaidId === "" ? null : v.medicaidId }));

// ---------------------------------------------------------------------------------------------
// The organisation's race and ethnicity categories (admin page)
// ---------------------------------------------------------------------------------------------

const label = z.string().trim().min(1, "Enter the category's name.").max(100, "Use at most 100 characters.");
export const categoryActionSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("add"), label }),
    z.object({ intent: z.literal("rename"), key: z.string().regex(/^[a-z0-9_]{2,60}$/, "Choose a category."), label }),
    z.object({ intent: z.literal("retire"), key: z.string().regex(/^[a-z0-9_]{2,60}$/, "Choose a category.") }),
    z.object({ intent: z.literal("restore"), key: z.string().regex(/^[a-z0-9_]{2,60}$/, "Choose a category.") }),
  ],
  { error: "Choose what to do." },
);
export type CategoryAction = z.infer<typeof categoryActionSchema>;

/** A key for a new category from its label ("Two-Spirit" → "two_spirit"), unique among `taken`. */
export function categoryKey(labelText: string, taken: readonly string[]): string {
  const base =
    labelText
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "_")
      .replace(/^_+|_+$/g, "")
      .slice(0, 50) || "category";
  const stem = base.length < 2 ? `${base}_category` : base === PREFER_NOT ? "prefer_not_to_say_category" : base;
  let key = stem;
  for (let n = 2; taken.includes(key); n++) key = `${stem}_${n}`;
  return key;
}

// ---------------------------------------------------------------------------------------------
// Funder reports: what to run (a GET form, so a report is a bookmarkable URL) and saved definitions
// ---------------------------------------------------------------------------------------------

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const funderQuerySchema = z.object({
  rule: z.enum(PERIOD_RULES, { error: "Choose a period from the list." }),
  from: z.string().trim().max(10, "Enter a date like 2026-07-01.").default(""),
  to: z.string().trim().max(10, "Enter a date like 2027-06-30.").default(""),
  program: z
    .union([z.string(), z.array(z.string())])
    .default([])
    .transform((v) => (Array.isArray(v) ? v : [v]).filter((x) => x !== ""))
    .refine((v) => v.length <= 200 && v.every((x) => uuidPattern.test(x)), "Choose programs from the list.")
    // Two reports of overlapping program sets could be subtracted: all programs (none chosen) or one.
    .refine((v) => new Set(v).size <= 1, "Choose all programs or one program: a report of several programs could be subtracted from another to single someone out."),
});
export type FunderQuery = z.infer<typeof funderQuerySchema>;

export const saveDefinitionSchema = funderQuerySchema.extend({
  intent: z.literal("save"),
  name: z.string().trim().min(1, "Name the report, for example “County grant — quarterly”.").max(100, "Use at most 100 characters."),
});
export const deleteDefinitionSchema = z.object({ intent: z.literal("delete"), definitionId: z.string().regex(uuidPattern, "Choose a saved report.") });
