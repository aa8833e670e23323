/**
 * Attendance rules: pure functions of their arguments (no database, no clock, no machine zone).
 * Every time-dependent rule takes `now`.
 */

export const ATTENDANCE_STATUSES = ["present", "late", "left_early", "excused", "absent"] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];

export const STATUS_LABELS: Record<AttendanceStatus, string> = {
  present: "Present",
  late: "Late",
  left_early: "Left early",
  excused: "Excused",
  absent: "Absent",
};

/** Statuses that mean the person was in the room. */
export const ATTENDED: readonly AttendanceStatus[] = ["present", "late", "left_early"];

export const CHECK_IN_OPENS_MINUTES_BEFORE = 15;
export const CHECK_IN_CLOSES_MINUTES_AFTER = 30;
/** A facilitator may open the roster for marking this long before the start. */
export const MARKING_OPENS_MINUTES_BEFORE = CHECK_IN_OPENS_MINUTES_BEFORE;
/** A held session with no attendance is flagged this long after it ended. */
export const MISSING_ATTENDANCE_AFTER_HOURS = 24;
/** …and only for this long (older gaps are history, not a to-do). */
export const MISSING_ATTENDANCE_LOOKBACK_DAYS = 30;

export const CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"; // no 0/O, 1/I
export const CODE_LENGTH = 6;
/**
 * The check-in window is cut into slots of this length from its opening; each slot has its own
 * code (derived, see check-in/codes.ts), accepted in its slot and the next one.
 */
export const CODE_ROTATE_MINUTES = 5;

const MIN = 60_000;

export type GroupAttendanceSettings = { allowWalkIns: boolean; absenceAlertAfter: number; lateAfterMinutes: number };

export const DEFAULT_ABSENCE_ALERT_AFTER = 2;
export const DEFAULT_LATE_AFTER_MINUTES = 10;

/** The group's settings, or the defaults: walk-ins are allowed by default for drop-in groups only. */
export function effectiveSettings(
  groupKind: string,
  stored: GroupAttendanceSettings | null | undefined,
): GroupAttendanceSettings {
  if (stored) return stored;
  return {
    allowWalkIns: groupKind === "drop_in",
    absenceAlertAfter: DEFAULT_ABSENCE_ALERT_AFTER,
    lateAfterMinutes: DEFAULT_LATE_AFTER_MINUTES,
  };
}

export function checkInWindow(startsAt: Date): { opensAt: Date; closesAt: Date } {
  return {
    opensAt: new Date(startsAt.getTime() - CHECK_IN_OPENS_MINUTES_BEFORE * MIN),
    closesAt: new Date(startsAt.getTime() + CHECK_IN_CLOSES_MINUTES_AFTER * MIN),
  };
}

/** Self check-in is open from 15 minutes before the start to 30 minutes after it (inclusive). */
export function isCheckInOpen(now: Date, session: { startsAt: Date; status: string }): boolean {
  if (session.status === "cancelled") return false;
  const { opensAt, closesAt } = checkInWindow(session.startsAt);
  return now.getTime() >= opensAt.getTime() && now.getTime() <= closesAt.getTime();
}

/** How often the projected check-in screen reloads its data while codes rotate. */
export const CHECK_IN_SCREEN_REFRESH_MS = 20_000;
/** The longest delay a browser timer takes (2^31 − 1 ms, about 24.8 days). */
const LONGEST_TIMER_MS = 2_147_483_647;

/**
 * When the check-in screen should next reload by itself, in ms from `now`, or null for never.
 * Every reload is a signed-in request that counts as the facilitator's activity, so a screen that
 * reloaded for ever kept a staff session alive past the idle logout: it reloads every 20 seconds
 * only while the window is open, once (a second after) when it opens, and never once it has
 * closed or for a cancelled session. Opening the page again shows the current state.
 */
export function checkInScreenRefreshDelay(now: Date, window: { opensAt: Date; closesAt: Date }, status: string): number | null {
  if (status === "cancelled" || now.getTime() > window.closesAt.getTime()) return null;
  if (now.getTime() >= window.opensAt.getTime()) return CHECK_IN_SCREEN_REFRESH_MS;
  return Math.min(window.opensAt.getTime() - now.getTime() + 1_000, LONGEST_TIMER_MS);
}

/** Arriving more than `lateAfterMinutes` after the start is late; anything before is present. */
export function arrivalStatus(arrivedAt: Date, startsAt: Date, lateAfterMinutes: number): "present" | "late" {
  return arrivedAt.getTime() > startsAt.getTime() + lateAfterMinutes * MIN ? "late" : "present";
}

/**
 * What a self check-in does to an existing mark: someone already recorded as in the room keeps
 * their mark (checking in twice changes nothing); an apology or an early "absent" is replaced.
 */
export function checkInReplaces(existing: AttendanceStatus | null): boolean {
  return existing === null || !ATTENDED.includes(existing);
}

/** A code from bytes (one byte each; 32 letters and digits, so every character is equally likely): unambiguous upper case. */
export function codeFromBytes(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < CODE_LENGTH; i++) out += CODE_ALPHABET[bytes[i] % CODE_ALPHABET.length];
  return out;
}

/** What people type: lower case, spaces and dashes are forgiven. */
export function normaliseCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, "").slice(0, 32);
}

export function isWellFormedCode(code: string): boolean {
  return code.length === CODE_LENGTH && [...code].every((c) => CODE_ALPHABET.includes(c));
}

/** Marks may be recorded from 15 minutes before the start, on any session not cancelled. */
export function canRecordAttendance(now: Date, session: { startsAt: Date; status: string }): boolean {
  if (session.status === "cancelled") return false;
  return now.getTime() >= session.startsAt.getTime() - MARKING_OPENS_MINUTES_BEFORE * MIN;
}

/** A change after the session ended is a correction (audited as such, with an optional reason). */
export function isCorrection(now: Date, session: { endsAt: Date }): boolean {
  return now.getTime() > session.endsAt.getTime();
}

export function canMarkHeld(now: Date, session: { startsAt: Date; status: string }): boolean {
  return session.status === "scheduled" && now.getTime() >= session.startsAt.getTime();
}

/** Apologies are given in advance: before the session starts, for a session still scheduled. */
export function canApologise(now: Date, session: { startsAt: Date; status: string }, existing: AttendanceStatus | null): boolean {
  if (session.status !== "scheduled") return false;
  if (now.getTime() >= session.startsAt.getTime()) return false;
  return existing === null || existing === "excused";
}

/** Held (or never closed) sessions that ended a day ago or more and have no attendance at all. */
export function attendanceIsMissing(
  now: Date,
  session: { endsAt: Date; status: string },
  recordCount: number,
): boolean {
  if (session.status === "cancelled" || recordCount > 0) return false;
  const age = now.getTime() - session.endsAt.getTime();
  return age >= MISSING_ATTENDANCE_AFTER_HOURS * 60 * MIN && age <= MISSING_ATTENDANCE_LOOKBACK_DAYS * 24 * 60 * MIN;
}

export type AbsenceRun = { length: number; startSessionId: string; lastSessionId: string };

/**
 * The run of consecutive unexcused absences at the end of a person's record in one group.
 * `records` are in session order (oldest first). An absence extends the run; anything else —
 * present, late, left early, and an apology (excused) — ends it. Sessions without a mark for the
 * person are not in `records` and neither extend nor break a run.
 */
export function trailingAbsenceRun(records: { sessionId: string; status: AttendanceStatus }[]): AbsenceRun | null {
  let length = 0;
  let startSessionId = "";
  let lastSessionId = "";
  for (let i = records.length - 1; i >= 0; i--) {
    if (records[i].status !== "absent") break;
    if (length === 0) lastSessionId = records[i].sessionId;
    startSessionId = records[i].sessionId;
    length++;
  }
  return length === 0 ? null : { length, startSessionId, lastSessionId };
}

/** An alert is due when the trailing run reached the group's threshold (once per run: keyed by its first session). */
export function absenceAlertDue(
  records: { sessionId: string; status: AttendanceStatus }[],
  threshold: number,
): AbsenceRun | null {
  const run = trailingAbsenceRun(records);
  return run && run.length >= threshold ? run : null;
}

/** Counts for a roster header. */
export function summarise(statuses: (AttendanceStatus | null)[]) {
  const counts = { present: 0, late: 0, left_early: 0, excused: 0, absent: 0, unmarked: 0 };
  for (const s of statuses) counts[s ?? "unmarked"]++;
  return { ...counts, attended: counts.present + counts.late + counts.left_early };
}

const within = (t: number, from: number, to: number) => t >= from && t <= to;

/**
 * Arrival and leaving times a one-tap mark implies at `now`: arriving "now" if the tap happens
 * around the session (never invented for a mark entered later), leaving "now" for "left early";
 * absent and excused people have neither. Times already recorded are kept.
 */
export function timesForStatus(
  status: AttendanceStatus,
  now: Date,
  session: { startsAt: Date; endsAt: Date },
  existing: { arrivedAt: Date | null; leftAt: Date | null } | null,
): { arrivedAt: Date | null; leftAt: Date | null } {
  if (status === "absent" || status === "excused") return { arrivedAt: null, leftAt: null };
  const t = now.getTime();
  const live = within(t, session.startsAt.getTime() - CHECK_IN_OPENS_MINUTES_BEFORE * MIN, session.endsAt.getTime());
  const arrivedAt = existing?.arrivedAt ?? (live ? now : null);
  if (status !== "left_early") return { arrivedAt, leftAt: null };
  const leftAt = existing?.leftAt ?? (within(t, session.startsAt.getTime(), session.endsAt.getTime()) ? now : null);
  return { arrivedAt, leftAt };
}

/** "Present" with an arrival time past the threshold is recorded as late; other choices stand. */
export function statusWithArrival(
  status: AttendanceStatus,
  arrivedAt: Date | null,
  startsAt: Date,
  lateAfterMinutes: number,
): AttendanceStatus {
  if (status !== "present" || !arrivedAt) return status;
  return arrivalStatus(arrivedAt, startsAt, lateAfterMinutes);
}

/** A mark made on a device that was offline is accepted up to this long after the tap. */
export const OFFLINE_MARK_MAX_AGE_HOURS = 24;

/**
 * When a roster tap happened, for its arrival time and for telling a mark from a correction. The
 * browser sends how long ago the tap was (`ageMs`, measured on its own clock, so a wrong device
 * clock does not matter); the server's `now` anchors it. No age: the tap is now. An age over
 * OFFLINE_MARK_MAX_AGE_HOURS is refused, since the person should check it and enter it again.
 */
export function tapTime(ageMs: number | null | undefined, now: Date): { ok: true; at: Date } | { ok: false; message: string } {
  if (ageMs === null || ageMs === undefined || ageMs <= 0) return { ok: true, at: now };
  if (ageMs > OFFLINE_MARK_MAX_AGE_HOURS * 3_600_000) {
    return { ok: false, message: `This mark was made offline more than ${OFFLINE_MARK_MAX_AGE_HOURS} hours ago and was not saved. Check it and mark again.` };
  }
  return { ok: true, at: new Date(now.getTime() - ageMs) };
}
