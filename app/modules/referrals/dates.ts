import { DateTime } from "luxon";

/** The civil date of `now` in `zone` (YYYY-MM-DD): "today" for follow-ups is the viewer's today. */
export function civilToday(now: Date, zone: string): string {
  return DateTime.fromMillis(now.getTime(), { zone }).toISODate()!;
}

/** A follow-up is due on or after its date while the outcome is still pending. */
export function followUpDue(referral: { followUpOn: string | null; outcome: string }, today: string): boolean {
  return referral.outcome === "pending" && referral.followUpOn !== null && referral.followUpOn <= today;
}
