import { DateTime } from "luxon";

/**
 * Pure date rules for competency records. Dates are civil dates (YYYY-MM-DD) in the
 * organisation's zone; "today" is always passed in, never read from a clock.
 */

export const COMPETENCY_STATUSES = ["not_started", "in_progress", "demonstrated", "verified", "expired"] as const;
export type CompetencyStatus = (typeof COMPETENCY_STATUSES)[number];

export const STATUS_LABELS: Record<CompetencyStatus | "missing", string> = {
  missing: "Not started",
  not_started: "Not started",
  in_progress: "In progress",
  demonstrated: "Demonstrated",
  verified: "Verified",
  expired: "Expired",
};

/** Days before expiry when the facilitator and their supervisor are reminded. */
export const REMINDER_DAYS = [60, 30, 7] as const;
export type ReminderDay = (typeof REMINDER_DAYS)[number];

/** A record counts as "expiring" (shown, highlighted) this many days before it lapses. */
export const EXPIRING_WINDOW_DAYS = 60;

/** The civil date at `now` in `zone`. */
export function todayInZone(now: Date, zone: string): string {
  return DateTime.fromJSDate(now, { zone }).toISODate()!;
}

/**
 * The first day a record is no longer valid: the achieved date plus the item's validity in
 * calendar months (31 Jan + 1 month → 28/29 Feb). No validity → never expires.
 */
export function computeExpiry(achievedOn: string | null, validityMonths: number | null): string | null {
  if (!achievedOn || validityMonths === null || validityMonths === undefined) return null;
  const start = DateTime.fromISO(achievedOn, { zone: "UTC" });
  if (!start.isValid) return null;
  return start.plus({ months: validityMonths }).toISODate();
}

/** Whole days from `from` to `to` (civil dates; negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  // Civil dates as UTC midnights: plain arithmetic, no zone, no DST (and fast enough for a big matrix).
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export type RecordDates = { status: CompetencyStatus; expiresOn: string | null };

/**
 * The status as of `today`: a demonstrated or verified record whose expiry date has come is
 * expired even before the periodic job has written that down.
 */
export function deriveStatus(record: RecordDates | null | undefined, today: string): CompetencyStatus {
  if (!record) return "not_started";
  if ((record.status === "verified" || record.status === "demonstrated") && record.expiresOn && record.expiresOn <= today) {
    return "expired";
  }
  return record.status;
}

/** Holds a current verified record: what the assignment gate asks for. */
export function isCurrentVerified(record: RecordDates | null | undefined, today: string): boolean {
  return deriveStatus(record, today) === "verified";
}

/** Days left before the record lapses (0 on the expiry date), or null when it never expires. */
export function daysLeft(record: RecordDates, today: string): number | null {
  return record.expiresOn ? daysBetween(today, record.expiresOn) : null;
}

/** Current and lapsing within the expiring window. */
export function isExpiringSoon(record: RecordDates, today: string): boolean {
  const status = deriveStatus(record, today);
  if (status !== "verified" && status !== "demonstrated") return false;
  const left = daysLeft(record, today);
  return left !== null && left > 0 && left <= EXPIRING_WINDOW_DAYS;
}

/**
 * Which reminder is due today: the tightest threshold (60, 30, 7 days) the record has reached
 * while still valid. A record first seen 20 days out gets the 30-day reminder only, never a
 * late 60-day one; dedupe keys make each (record, expiry, threshold) go out once.
 */
export function dueReminder(record: RecordDates, today: string): ReminderDay | null {
  const status = deriveStatus(record, today);
  if (status !== "verified" && status !== "demonstrated") return null;
  const left = daysLeft(record, today);
  if (left === null || left <= 0) return null;
  const reached = REMINDER_DAYS.filter((d) => left <= d);
  return reached.length ? reached[reached.length - 1] : null;
}

/** A short human description of where a record stands, for text beside colour. */
export function describeRecord(record: RecordDates | null | undefined, today: string): string {
  const status = deriveStatus(record, today);
  if (!record) return STATUS_LABELS.missing;
  const label = STATUS_LABELS[status];
  if (status === "expired" && record.expiresOn) return `${label} on ${record.expiresOn}`;
  if ((status === "verified" || status === "demonstrated") && record.expiresOn) {
    const left = daysBetween(today, record.expiresOn);
    if (left <= EXPIRING_WINDOW_DAYS) return `${label}, expires in ${left} day${left === 1 ? "" : "s"}`;
    return `${label}, expires ${record.expiresOn}`;
  }
  return label;
}
