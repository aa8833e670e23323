import { DateTime } from "luxon";

/**
 * The day an enrolment ended, checked against the clock: pure (now and the zone are arguments).
 * Returns the instant the day ends in the group's zone (sessions starting from then on do not
 * count), or the reason the date is refused.
 */
export function endOfEnrolment(
  endedOn: string,
  input: { zone: string; now: Date; startedAt: Date },
): { ok: true; endedAt: Date } | { ok: false; message: string } {
  const day = DateTime.fromISO(endedOn, { zone: input.zone });
  if (!day.isValid) return { ok: false, message: "That date does not exist." };
  const today = DateTime.fromJSDate(input.now, { zone: input.zone }).startOf("day");
  if (day.startOf("day") > today) return { ok: false, message: "The end date cannot be in the future." };
  const started = DateTime.fromJSDate(input.startedAt, { zone: input.zone }).startOf("day");
  if (day.startOf("day") < started) {
    return { ok: false, message: `The end date cannot be before the enrolment began (${started.toISODate()}).` };
  }
  return { ok: true, endedAt: day.startOf("day").plus({ days: 1 }).toJSDate() };
}

/** The civil date of an instant in a zone (YYYY-MM-DD). */
export function civilDate(at: Date, zone: string): string {
  return DateTime.fromJSDate(at, { zone }).toISODate() ?? "";
}

/**
 * Whether a session was held on a day before an enrolment's current stay started. A stay starts on
 * the day the person registered (currentStayStart: the row's creation, or the registration again
 * after a withdrawal), as a civil date in the group's zone (the start its letters, summary and
 * certificate state); such a session is not one of the person's sessions unless they have a mark
 * there on a first stay (attendanceInputs.sessionsOf), and the roster's "mark the rest absent"
 * leaves them out.
 */
export function sessionBeforeEnrolment(sessionStartsAt: Date, enrolmentStartedAt: Date, zone: string): boolean {
  return civilDate(sessionStartsAt, zone) < civilDate(enrolmentStartedAt, zone);
}
