import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Executor } from "~/db/client.server";
import { enrolments, groups } from "~/db/schema";
import { enrolmentDetails } from "~/db/tables/registration";

/**
 * What "a seat is taken" means in SQL, once, for every reader of a group's seats: the catalogue
 * (signed-in and public), the registration page, registering, the waiting-list job's look for
 * groups with free seats, a scheduling round's page and its publication, and taking back a
 * recorded outcome. The pure twin is `seatsTaken` in waitlist.ts (promotion, capacity changes,
 * undoing a withdrawal), which reads the same rows through loadQueue.
 *
 * - Taken: enrolled, or offered with an offer that has not lapsed at `now` (an offer holds its seat
 *   until accepted, declined or lapsed; at its expiry instant exactly it has lapsed).
 * - Waiting: on the waiting list.
 * - Not counted: withdrawn, removed, declined, interested (a round invitee), completed,
 *   discharged, transferred. Walk-ins are attendance marks, not enrolments, and hold no seat.
 * - A deactivated member's place still counts until it is given up (deactivation withdraws it in
 *   its own transaction; the worker job registration-deactivated-places gives up any left): leaving
 *   it out would let promotion seat someone else while the row still says enrolled, so the group
 *   would be over-full the moment before the place is withdrawn and freed through the queue.
 *
 * Both fragments read `enrolments` left-joined to `enrolment_details` on the enrolment id.
 */
export function holdsSeat(now: Date): SQL {
  return sql`(${enrolments.status} = 'enrolled' or (${enrolments.status} = 'offered' and (${enrolmentDetails.offerExpiresAt} is null or ${enrolmentDetails.offerExpiresAt} > ${now.toISOString()}::timestamptz)))`;
}

export const waitsForSeat: SQL = sql`(${enrolments.status} = 'waitlisted')`;

/** The aggregate columns of a group's seats, for a select over enrolments ⟕ enrolment_details grouped by group. */
export function seatTally(now: Date) {
  return {
    taken: sql<number>`count(*) filter (where ${holdsSeat(now)})`.mapWith(Number),
    waiting: sql<number>`count(*) filter (where ${waitsForSeat})`.mapWith(Number),
    urgentWaiting: sql<number>`count(*) filter (where ${waitsForSeat} and coalesce(${enrolmentDetails.urgent}, false))`.mapWith(Number),
  };
}

export type GroupSeats = { capacity: number; taken: number; waiting: number; urgentWaiting: number };

/**
 * The seats of the organisation's groups among `groupIds` at `now`: capacity, taken, waiting (and
 * how many of those waiting are urgent). A group of another organisation, or unknown, is absent
 * from the map. Inside a transaction that holds a group's lock the figures are exact for it.
 */
export async function groupSeats(exec: Executor, organizationId: string, groupIds: readonly string[], now: Date): Promise<Map<string, GroupSeats>> {
  if (groupIds.length === 0) return new Map();
  const rows = await exec
    .select({ groupId: groups.id, capacity: groups.capacity, ...seatTally(now) })
    .from(groups)
    .leftJoin(enrolments, and(eq(enrolments.groupId, groups.id), inArray(enrolments.status, ["enrolled", "offered", "waitlisted"])))
    .leftJoin(enrolmentDetails, eq(enrolmentDetails.enrolmentId, enrolments.id))
    .where(and(eq(groups.organizationId, organizationId), inArray(groups.id, [...groupIds])))
    .groupBy(groups.id);
  return new Map(rows.map(({ groupId, ...seats }) => [groupId, seats]));
}
