/**
 * Quiet hours: no text between 21:00 and 08:00 in the recipient's own zone, unless it is urgent —
 * i.e. waiting until 08:00 would bring it too late (a reminder for a session that starts before
 * then, an offer that lapses before then). Pure: the instant and the zone are arguments.
 */
import { DateTime } from "luxon";

export const QUIET_FROM_HOUR = 21;
export const QUIET_UNTIL_HOUR = 8;

/** The first instant at or after `now` outside quiet hours in `zone` (a zone luxon cannot read counts as UTC). */
export function endOfQuietHours(now: Date, zone: string): Date {
  let local = DateTime.fromJSDate(now, { zone });
  if (!local.isValid) local = DateTime.fromJSDate(now, { zone: "UTC" });
  if (local.hour >= QUIET_UNTIL_HOUR && local.hour < QUIET_FROM_HOUR) return now;
  const day = local.hour >= QUIET_FROM_HOUR ? local.plus({ days: 1 }) : local;
  return day.set({ hour: QUIET_UNTIL_HOUR, minute: 0, second: 0, millisecond: 0 }).toJSDate();
}

/**
 * When a text may go: at once outside quiet hours; otherwise at the end of them — unless that is
 * not before `mustArriveBy` (then it is urgent and goes at once).
 */
export function sendTextAt(now: Date, zone: string, mustArriveBy?: Date | null): Date {
  const later = endOfQuietHours(now, zone);
  if (later.getTime() === now.getTime()) return now;
  if (mustArriveBy && later.getTime() >= mustArriveBy.getTime()) return now;
  return later;
}
