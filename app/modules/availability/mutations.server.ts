import { and, eq, inArray } from "drizzle-orm";
import { db, type Executor } from "~/db/client.server";
import { availabilityExceptions, availabilityWindows, roundInvitees, schedulingRounds } from "~/db/tables/scheduling";
import { audit } from "~/modules/audit/mutations.server";
import type { CurrentUser } from "~/modules/auth/policy";
import { notFound } from "~/modules/errors";
import type { ExceptionInput } from "./schema";
import type { Window } from "./windows";

/** Marks the person as having answered every open round they were invited to (or just `roundId`). */
async function markResponded(tx: Executor, user: CurrentUser, now: Date, roundId?: string) {
  const open = tx
    .select({ id: schedulingRounds.id })
    .from(schedulingRounds)
    .where(and(eq(schedulingRounds.organizationId, user.organizationId), eq(schedulingRounds.status, "open")));
  return tx
    .update(roundInvitees)
    .set({ respondedAt: now })
    .where(
      and(
        eq(roundInvitees.userId, user.id),
        eq(roundInvitees.organizationId, user.organizationId),
        roundId ? eq(roundInvitees.roundId, roundId) : undefined,
        inArray(roundInvitees.roundId, open),
      ),
    )
    .returning({ roundId: roundInvitees.roundId });
}

/** Replaces the person's weekly windows (canonical form, in their current zone) in one transaction. */
export async function saveWeeklyAvailability(user: CurrentUser, windows: Window[], now: Date) {
  await db.transaction(async (tx) => {
    const before = await tx
      .delete(availabilityWindows)
      .where(and(eq(availabilityWindows.userId, user.id), eq(availabilityWindows.organizationId, user.organizationId)))
      .returning({ day: availabilityWindows.day, start: availabilityWindows.startTime, end: availabilityWindows.endTime, timezone: availabilityWindows.timezone });
    if (windows.length) {
      await tx.insert(availabilityWindows).values(
        windows.map((w) => ({ organizationId: user.organizationId, userId: user.id, day: w.day, startTime: w.start, endTime: w.end, timezone: user.timezone })),
      );
    }
    const answered = await markResponded(tx, user, now);
    await audit(tx, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: "availability.update",
      subjectType: "user",
      subjectId: user.id,
      before: { windows: before },
      after: { windows, timezone: user.timezone, roundsAnswered: answered.map((r) => r.roundId) },
    });
  });
}

export async function addException(user: CurrentUser, input: ExceptionInput, now: Date) {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(availabilityExceptions)
      .values({ organizationId: user.organizationId, userId: user.id, ...input, timezone: user.timezone })
      .returning({ id: availabilityExceptions.id });
    await markResponded(tx, user, now);
    await audit(tx, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: "availability.exception.add",
      subjectType: "availability_exception",
      subjectId: row.id,
      after: { ...input, timezone: user.timezone },
    });
  });
}

/** Removes one of the person's own exceptions; anyone else's id is a 404. */
export async function removeException(user: CurrentUser, exceptionId: string) {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .delete(availabilityExceptions)
      .where(
        and(
          eq(availabilityExceptions.id, exceptionId),
          eq(availabilityExceptions.userId, user.id),
          eq(availabilityExceptions.organizationId, user.organizationId),
        ),
      )
      .returning();
    if (!row) notFound("Absence not found");
    await audit(tx, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: "availability.exception.remove",
      subjectType: "availability_exception",
      subjectId: exceptionId,
      before: { startLocal: row.startLocal, endLocal: row.endLocal, timezone: row.timezone, note: row.note },
    });
  });
}

/** "Confirm my availability": the person answers an open round they were invited to, without changes. */
export async function confirmRound(user: CurrentUser, roundId: string, now: Date) {
  await db.transaction(async (tx) => {
    const rows = await markResponded(tx, user, now, roundId);
    if (rows.length === 0) notFound("Scheduling round not found");
    await audit(tx, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: "availability.confirm",
      subjectType: "scheduling_round",
      subjectId: roundId,
    });
  });
}
