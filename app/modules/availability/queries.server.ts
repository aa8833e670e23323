import { and, asc, eq, inArray } from "drizzle-orm";
import { db, type Executor } from "~/db/client.server";
import { groups } from "~/db/schema";
import { availabilityExceptions, availabilityWindows, roundInvitees, schedulingRounds } from "~/db/tables/scheduling";
import type { CurrentUser } from "~/modules/auth/policy";
import { WEEKDAYS } from "~/modules/time/zoned";
import type { ExceptionRow, WindowRow } from "~/modules/scheduling/request";

const dayOrder = (day: string) => WEEKDAYS.indexOf(day as (typeof WEEKDAYS)[number]);

/** The signed-in person's own availability (never anyone else's: scoped by user and organisation). */
/** Whether the person has entered any usual weekly times (a new participant is prompted until then). */
export async function hasWeeklyAvailability(user: CurrentUser): Promise<boolean> {
  const [row] = await db
    .select({ day: availabilityWindows.day })
    .from(availabilityWindows)
    .where(and(eq(availabilityWindows.userId, user.id), eq(availabilityWindows.organizationId, user.organizationId)))
    .limit(1);
  return Boolean(row);
}

export async function getMyAvailability(user: CurrentUser) {
  const [windows, exceptions, rounds] = await Promise.all([
    db
      .select({ day: availabilityWindows.day, start: availabilityWindows.startTime, end: availabilityWindows.endTime, timezone: availabilityWindows.timezone })
      .from(availabilityWindows)
      .where(and(eq(availabilityWindows.userId, user.id), eq(availabilityWindows.organizationId, user.organizationId))),
    db
      .select({
        id: availabilityExceptions.id,
        startLocal: availabilityExceptions.startLocal,
        endLocal: availabilityExceptions.endLocal,
        timezone: availabilityExceptions.timezone,
        note: availabilityExceptions.note,
      })
      .from(availabilityExceptions)
      .where(and(eq(availabilityExceptions.userId, user.id), eq(availabilityExceptions.organizationId, user.organizationId)))
      .orderBy(asc(availabilityExceptions.startLocal)),
    db
      .select({
        id: schedulingRounds.id,
        groupId: groups.id,
        groupName: groups.name,
        startDate: schedulingRounds.startDate,
        endDate: schedulingRounds.endDate,
        respondedAt: roundInvitees.respondedAt,
      })
      .from(roundInvitees)
      .innerJoin(schedulingRounds, eq(schedulingRounds.id, roundInvitees.roundId))
      .innerJoin(groups, eq(groups.id, schedulingRounds.groupId))
      .where(
        and(
          eq(roundInvitees.userId, user.id),
          eq(roundInvitees.organizationId, user.organizationId),
          eq(schedulingRounds.status, "open"),
        ),
      )
      .orderBy(asc(schedulingRounds.startDate)),
  ]);
  windows.sort((a, b) => dayOrder(a.day) - dayOrder(b.day) || a.start.localeCompare(b.start));
  return {
    windows: windows.map((w) => ({ day: w.day as (typeof WEEKDAYS)[number], start: w.start, end: w.end })),
    /** The zone the windows were entered in (null when there are none). */
    windowsZone: windows[0]?.timezone ?? null,
    exceptions,
    rounds,
  };
}

/** Windows and exceptions of several people of one organisation, by user id (for a round's analysis). */
export async function availabilityRowsFor(tx: Executor, organizationId: string, userIds: string[]) {
  const byUser = new Map<string, { windows: WindowRow[]; exceptions: ExceptionRow[] }>();
  for (const id of userIds) byUser.set(id, { windows: [], exceptions: [] });
  if (userIds.length === 0) return byUser;
  const [windows, exceptions] = await Promise.all([
    tx
      .select({
        userId: availabilityWindows.userId,
        day: availabilityWindows.day,
        startTime: availabilityWindows.startTime,
        endTime: availabilityWindows.endTime,
        timezone: availabilityWindows.timezone,
      })
      .from(availabilityWindows)
      .where(and(eq(availabilityWindows.organizationId, organizationId), inArray(availabilityWindows.userId, userIds))),
    tx
      .select({
        userId: availabilityExceptions.userId,
        startLocal: availabilityExceptions.startLocal,
        endLocal: availabilityExceptions.endLocal,
        timezone: availabilityExceptions.timezone,
      })
      .from(availabilityExceptions)
      .where(and(eq(availabilityExceptions.organizationId, organizationId), inArray(availabilityExceptions.userId, userIds))),
  ]);
  for (const { userId, ...w } of windows) byUser.get(userId)!.windows.push(w);
  for (const { userId, ...e } of exceptions) byUser.get(userId)!.exceptions.push(e);
  return byUser;
}

/**
 * The person's invitation to a round of their organisation: null when they were not invited (or
 * the round is another organisation's), else whether the round still collects answers.
 */
export async function roundInvitationFor(user: CurrentUser, roundId: string): Promise<{ open: boolean; status: string; groupName: string } | null> {
  const [row] = await db
    .select({ status: schedulingRounds.status, groupName: groups.name })
    .from(roundInvitees)
    .innerJoin(schedulingRounds, eq(schedulingRounds.id, roundInvitees.roundId))
    .innerJoin(groups, eq(groups.id, schedulingRounds.groupId))
    .where(
      and(
        eq(roundInvitees.roundId, roundId),
        eq(roundInvitees.userId, user.id),
        eq(roundInvitees.organizationId, user.organizationId),
        eq(schedulingRounds.organizationId, user.organizationId),
      ),
    );
  return row ? { open: row.status === "open", status: row.status, groupName: row.groupName } : null;
}
