/**
 * Service records, the pure part: the fixed progress scale, when a session's group note is
 * overdue, and which attendance marks count as "attended". No database, no clock: `now` is passed in.
 */

/** The fixed progress scale of a progress note (stored as 1–5). */
export const PROGRESS_SCALE = [
  { value: 1, label: "Went backwards" },
  { value: 2, label: "No change" },
  { value: 3, label: "Some progress" },
  { value: 4, label: "Good progress" },
  { value: 5, label: "Objective met" },
] as const;

export function progressLabel(value: number | null | undefined): string {
  return PROGRESS_SCALE.find((s) => s.value === value)?.label ?? "Not rated";
}

/** A group note still unsigned this long after its session ended is flagged (once). */
export const NOTE_DUE_HOURS = 72;
/**
 * The flag job reads sessions that reached the 72 h line within this many days (an indexed band of
 * sessions.ends_at), never the whole history: a worker stopped for longer misses those flags, and
 * the manager report still lists every overdue note.
 */
export const FLAG_LOOKBACK_DAYS = 3;

/** The marks that mean a person took part (a progress note can be written for them). */
export const ATTENDED_STATUSES = ["present", "late", "left_early"] as const;

export function attended(status: string | null | undefined): boolean {
  return (ATTENDED_STATUSES as readonly string[]).includes(status ?? "");
}

/** When a session's group note becomes overdue. */
export function noteDueAt(sessionEndsAt: Date): Date {
  return new Date(sessionEndsAt.getTime() + NOTE_DUE_HOURS * 3_600_000);
}

export function noteOverdue(sessionEndsAt: Date, signedAt: Date | null, now: Date): boolean {
  return !signedAt && now.getTime() >= noteDueAt(sessionEndsAt).getTime();
}

/** Notes may be written once the session has started (not for a session still to come). */
export function notesOpen(session: { startsAt: Date; status: string }, now: Date): boolean {
  return session.status !== "cancelled" && now.getTime() >= session.startsAt.getTime();
}

/** Whole days a follow-up action is past its due date (0 when not due yet), for a civil date "YYYY-MM-DD" and today's civil date. */
export function daysOverdue(dueDate: string, today: string): number {
  const days = Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${dueDate}T00:00:00Z`)) / 86_400_000);
  return days > 0 ? days : 0;
}
