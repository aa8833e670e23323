import {
  AGE_BAND_LABELS,
  AGE_BANDS,
  GENDER_LABELS,
  GENDERS,
  LANGUAGE_LABELS,
  LANGUAGES,
  NOT_RECORDED,
  NOT_RECORDED_LABEL,
  PAYER_LABELS,
  PAYERS,
  PREFER_NOT,
  PREFER_NOT_LABEL,
  VETERAN_LABELS,
  VETERAN_STATUSES,
  type AgeBand,
  type Coverage,
  type Demographics,
  type RaceCategory,
} from "./schema";

/**
 * The dimensions a funder report breaks figures down by, and which cell of each a person falls
 * in. Every person is in exactly one cell of every dimension ("Not recorded" when they did not
 * answer), so each dimension's cells add up to the total. Race and ethnicity is a multi-select:
 * one category chosen puts the person in that category, two or more in "Two or more categories"
 * (the "alone" and "multiple" tabulation of the federal standard). Pure.
 */
export const DIMENSION_KEYS = ["age", "gender", "race", "language", "zip", "veteran", "payer"] as const;
export type DimensionKey = (typeof DIMENSION_KEYS)[number];
export const DIMENSION_LABELS: Record<DimensionKey, string> = {
  age: "Age group (on 1 January of the report's year)",
  gender: "Gender identity",
  race: "Race and ethnicity",
  language: "Primary language",
  zip: "ZIP code (first 3 digits)",
  veteran: "Veteran status",
  payer: "Payer or insurance",
};
export const MULTIPLE_RACES = "two_or_more";
export const MULTIPLE_RACES_LABEL = "Two or more categories";
/** ZIP areas (3 digits) with fewer than 5 people in the report's year, together. */
export const OTHER_ZIP = "other_zip";
export const OTHER_ZIP_LABEL = "Other ZIP codes";

export type Profile = { demographics: Demographics | null; coverage: Coverage | null };
export type Cell = { key: string; label: string };

/** Whole years of age on `day` for someone born on `birthDate` (both civil dates). */
export function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = birthDate.split("-").map(Number);
  const [y, m, d] = day.split("-").map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

export function ageBandOf(age: number): AgeBand {
  if (age < 18) return "under_18";
  if (age < 25) return "18_24";
  if (age < 35) return "25_34";
  if (age < 45) return "35_44";
  if (age < 55) return "45_54";
  if (age < 65) return "55_64";
  return "65_plus";
}

/**
 * The cell key of a person in a dimension; `ageDay` is the day age is taken (the first day of the
 * report's year, so a person is in the same age group in a month, its quarter and its year).
 * ZIP codes are cut to their first 3 digits (the ZIP area): a 5-digit ZIP can single out a street.
 */
export function cellOf(dimension: DimensionKey, profile: Profile, ageDay: string): string {
  const d = profile.demographics;
  switch (dimension) {
    case "age":
      if (d?.birthDate) return ageBandOf(ageOn(d.birthDate, ageDay));
      return d?.ageBand ?? NOT_RECORDED;
    case "gender":
      return d?.gender ?? NOT_RECORDED;
    case "race": {
      const chosen = d?.raceEthnicity ?? [];
      if (chosen.length === 0) return NOT_RECORDED;
      return chosen.length > 1 ? MULTIPLE_RACES : chosen[0];
    }
    case "language":
      return d?.primaryLanguage ?? NOT_RECORDED;
    case "zip":
      return d?.zipCode ? (d.zipCode === PREFER_NOT ? PREFER_NOT : d.zipCode.slice(0, 3)) : NOT_RECORDED;
    case "veteran":
      return d?.veteranStatus ?? NOT_RECORDED;
    case "payer":
      return profile.coverage?.payer ?? NOT_RECORDED;
  }
}

const listed = (labels: Record<string, string>, keys: readonly string[]): Cell[] => keys.map((key) => ({ key, label: labels[key] }));

/**
 * The cells of a dimension in report order: every answer offered (also when no one chose it, so
 * a funder sees the zeros), then "Prefer not to say" and "Not recorded". Retired race categories
 * are listed only when someone is in them (`seen`). ZIP areas are listed when `seen` holds them —
 * the funder report passes those with at least 5 people in the report's year, the same for every
 * month, quarter and program of that year — and every other area is counted under "Other ZIP codes".
 */
export function cellsOf(dimension: DimensionKey, races: readonly RaceCategory[], seen: ReadonlySet<string>): Cell[] {
  const tail: Cell[] = [
    { key: PREFER_NOT, label: PREFER_NOT_LABEL },
    { key: NOT_RECORDED, label: NOT_RECORDED_LABEL },
  ];
  switch (dimension) {
    case "age":
      return [...listed(AGE_BAND_LABELS, AGE_BANDS), ...tail];
    case "gender":
      return [...listed(GENDER_LABELS, GENDERS), ...tail];
    case "race": {
      const shown = races.filter((r) => !r.retired || seen.has(r.key)).map((r) => ({ key: r.key, label: r.retired ? `${r.label} (retired)` : r.label }));
      const unknown = [...seen].filter((k) => k !== MULTIPLE_RACES && k !== PREFER_NOT && k !== NOT_RECORDED && !races.some((r) => r.key === k)).sort();
      return [...shown, ...unknown.map((key) => ({ key, label: key })), { key: MULTIPLE_RACES, label: MULTIPLE_RACES_LABEL }, ...tail];
    }
    case "language":
      return [...listed(LANGUAGE_LABELS, LANGUAGES), ...tail];
    case "zip":
      return [...[...seen].filter((k) => /^\d{3}$/.test(k)).sort().map((key) => ({ key, label: `${key}xx` })), { key: OTHER_ZIP, label: OTHER_ZIP_LABEL }, ...tail];
    case "veteran":
      return [...listed(VETERAN_LABELS, VETERAN_STATUSES), ...tail];
    case "payer":
      return [...listed(PAYER_LABELS, PAYERS), ...tail];
  }
}
