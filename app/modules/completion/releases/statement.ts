import { DateTime } from "luxon";
import { realEmail } from "~/modules/attendance/walk-ins";
import { translatorFor } from "~/i18n/catalog";
import { DEFAULT_LOCALE, languageOf, type Locale } from "~/i18n/locales";

/**
 * Releases of information: the four things a letter may share, the statement a participant signs
 * and when a release lapses. Pure: no database, no clock (now and zones are arguments).
 */
export const SHARE_ITEMS = ["attendance_dates", "attendance_totals", "completion_status", "progress_summary"] as const;
export type ShareItem = (typeof SHARE_ITEMS)[number];

export const SHARE_LABELS: Record<ShareItem, string> = {
  attendance_dates: "Attendance dates (the day of each session I attended)",
  attendance_totals: "Attendance totals (sessions attended, sessions held, hours)",
  completion_status: "Completion status (still taking part, completed, discharged and the reason, or transferred, and the date)",
  progress_summary: "Progress summary (how far I am toward the program's completion requirements)",
};
/** The headings the letter uses for each item. */
export const SHARE_HEADINGS: Record<ShareItem, string> = {
  attendance_dates: "Attendance dates",
  attendance_totals: "Attendance totals",
  completion_status: "Completion status",
  progress_summary: "Progress summary",
};

/** Why a letter is refused when there is no current release (shown on the letters page too). */
/**
 * The release notices (a paper release recorded, a letter sent under it) go by email only: no
 * text message carries them. A person with no email, a walk-in's placeholder address, or an address
 * its owner never confirmed (nothing is emailed there: processOutbox) is not told by the app — the
 * manager confirms they were told in person instead.
 */
export const NOT_NOTIFIED_MESSAGE = "This person has no confirmed email address: they will not be notified automatically.";

export function notifiableByEmail(email: string | null | undefined, confirmedAt: Date | null | undefined): boolean {
  return realEmail(email) !== null && confirmedAt != null;
}

export const NO_RELEASE_MESSAGE =
  "A letter can only be sent under a current release of information signed by the participant. Ask them to sign one on \u201cMy releases\u201d in the app, or record their signed paper release below.";

/** The longest a release may last from the day it is signed. */
export const MAX_RELEASE_MONTHS = 12;

export type ReleaseTerms = {
  participantName: string;
  organizationName: string;
  /** The one program whose participation the release covers (42 CFR 2.31: no general authorisation). */
  programName: string;
  /** Whether that program is a substance use disorder program (42 CFR part 2): the text says so. */
  part2: boolean;
  recipientName: string;
  recipientOrganization: string;
  recipientContact: string;
  purpose: string;
  shares: readonly ShareItem[];
  /** YYYY-MM-DD, the last day it is valid. */
  expiresOn: string;
};

/** The expiry day written out ("June 5, 2027", "5 de junio de 2027"); English always in the US form. */
const longDate = (iso: string, locale: Locale) =>
  DateTime.fromISO(iso, { zone: "UTC" })
    .setLocale(languageOf(locale) === "en" ? "en-US" : locale)
    .toLocaleString(DateTime.DATE_FULL);

/**
 * An item as the signed text names it: its short name, and for completion status what it
 * includes — the letter states a discharge's reason, so the release must say it may.
 */
const STATEMENT_ITEM: Record<ShareItem, string> = {
  attendance_dates: "participant.releases.statement.item.attendanceDates",
  attendance_totals: "participant.releases.statement.item.attendanceTotals",
  completion_status: "participant.releases.statement.item.completionStatus",
  progress_summary: "participant.releases.statement.item.progressSummary",
};

/** Items in their fixed order, without repeats. */
export const orderedShares = (shares: readonly string[]): ShareItem[] => SHARE_ITEMS.filter((item) => shares.includes(item));

/**
 * The exact words of a release (42 CFR 2.31 asks for each of these: who, the discloser, to whom,
 * what and how much, why, the right to revoke, the expiry, and the signature and date, which the
 * form adds), in the language the signer reads (`locale`; English by default). What is stored is
 * what was shown; its SHA-256 proves it later.
 */
export function releaseStatement(r: ReleaseTerms, locale: Locale = DEFAULT_LOCALE): string {
  const t = translatorFor(locale);
  const say = (key: string, values: Record<string, string>) => t(`participant.releases.statement.${key}`, values);
  const to = [r.recipientName, r.recipientOrganization].filter(Boolean).join(", ");
  const organization = r.organizationName;
  return [
    say("who", { participant: r.participantName, organization, program: r.programName, to, contact: r.recipientContact }),
    ...(r.part2 ? [say("part2", { program: r.programName })] : []),
    say("only", { items: orderedShares(r.shares).map((item) => t(STATEMENT_ITEM[item])).join("; ") }),
    say("purpose", { purpose: r.purpose }),
    say("expires", { date: longDate(r.expiresOn, locale), organization }),
    say("notRequired", {}),
  ].join("\n\n");
}

/**
 * The expiry chosen on a form, checked against the clock in the organisation's zone: not before
 * the day of signing, at most MAX_RELEASE_MONTHS later. Returns the instant it lapses (the end of
 * that day there) or why it is refused.
 */
export function releaseExpiry(expiresOn: string, input: { zone: string; now: Date; signedOn?: string }): { ok: true; expiresAt: Date } | { ok: false; message: string } {
  const day = DateTime.fromISO(expiresOn, { zone: input.zone });
  if (!day.isValid) return { ok: false, message: "That date does not exist." };
  const today = DateTime.fromJSDate(input.now, { zone: input.zone }).startOf("day");
  const from = input.signedOn ? DateTime.fromISO(input.signedOn, { zone: input.zone }).startOf("day") : today;
  if (day.startOf("day") < today) return { ok: false, message: "The expiry date must be today or later." };
  if (day.startOf("day") > from.plus({ months: MAX_RELEASE_MONTHS })) {
    return { ok: false, message: `A release can last at most ${MAX_RELEASE_MONTHS} months from the day it is signed (until ${from.plus({ months: MAX_RELEASE_MONTHS }).toISODate()}).` };
  }
  return { ok: true, expiresAt: day.startOf("day").plus({ days: 1 }).toJSDate() };
}

/** The day a paper release was signed: a real date, not in the future, not over a year ago. */
export function paperSignedOn(signedOn: string, input: { zone: string; now: Date }): { ok: true } | { ok: false; message: string } {
  const day = DateTime.fromISO(signedOn, { zone: input.zone });
  if (!day.isValid) return { ok: false, message: "That date does not exist." };
  const today = DateTime.fromJSDate(input.now, { zone: input.zone }).startOf("day");
  if (day.startOf("day") > today) return { ok: false, message: "The signing date cannot be in the future." };
  if (day.startOf("day") < today.minus({ months: MAX_RELEASE_MONTHS })) return { ok: false, message: "A paper release signed over a year ago has expired; ask for a new one." };
  return { ok: true };
}

export type ReleaseState = "current" | "expired" | "revoked";
export function releaseState(r: { revokedAt: Date | null; expiresAt: Date }, now: Date): ReleaseState {
  if (r.revokedAt) return "revoked";
  return r.expiresAt <= now ? "expired" : "current";
}

/** A typed signature matches the account name: case, spacing and accents aside ("jose nunez" signs for "José Núñez"). */
export function signatureMatches(typed: string, name: string): boolean {
  const plain = (s: string) => s.normalize("NFD").replace(/\p{M}/gu, "").replace(/\s+/g, " ").trim().toLocaleLowerCase("en");
  return plain(typed) !== "" && plain(typed) === plain(name);
}
