/**
 * Reads every attendance sub-capability shares: the audit subject of a mark, a session as staff
 * may run it, and the contact-consent filter for rosters. The sub-capabilities' own reads live in
 * roster/, check-in/, alerts/ and history/ queries files.
 */
import { and, eq, sql } from "drizzle-orm";
import type { Executor } from "~/db/client.server";
import { qualified } from "~/db/qualified";
import { groupFacilitators, groups, sessions } from "~/db/schema";
import { attendanceSettings } from "~/db/tables/attendance";
import type { CurrentUser } from "~/modules/auth/policy";
import { forbidden, notFound } from "~/modules/errors";
import { hasConsent, usersWithConsent } from "~/modules/consent/queries.server";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { canRunRoster } from "./policy";
import { effectiveSettings } from "./rules";

/** The audit subject of one person's attendance at one session (stable across re-creation). */
export const attendanceSubject = (sessionId: string, userId: string) => `${sessionId}:${userId}`;

/**
 * One session with its group, facilitators and attendance settings, for staff who may run its
 * roster: another organisation's session is 404; a facilitator who does not lead the group gets 403.
 */
export async function findSessionForStaff(exec: Executor, user: CurrentUser, sessionId: string) {
  const [row] = await exec
    .select({
      id: sessions.id,
      organizationId: sessions.organizationId,
      groupId: sessions.groupId,
      groupName: groups.name,
      groupKind: groups.kind,
      timezone: groups.timezone,
      location: sql<string>`coalesce(nullif(${sessions.locationOverride}, ''), ${groups.location})`,
      startsAt: sessions.startsAt,
      endsAt: sessions.endsAt,
      status: sessions.status,
      cancelReason: sessions.cancelReason,
      facilitatorIds: sql<string[]>`coalesce((select array_agg(${groupFacilitators.userId}::text) from ${groupFacilitators} where ${groupFacilitators.groupId} = ${groups.id}), '{}')`,
      allowWalkIns: attendanceSettings.allowWalkIns,
      absenceAlertAfter: attendanceSettings.absenceAlertAfter,
      lateAfterMinutes: attendanceSettings.lateAfterMinutes,
    })
    .from(sessions)
    .innerJoin(groups, eq(groups.id, sessions.groupId))
    .leftJoin(attendanceSettings, eq(attendanceSettings.groupId, groups.id))
    .where(and(eq(sessions.id, sessionId), eq(sessions.organizationId, user.organizationId)));
  if (!row) notFound("Session not found");
  if (!canRunRoster(user, row)) forbidden("Only this group's facilitators and the organisation's managers see its roster.");
  const { allowWalkIns, absenceAlertAfter, lateAfterMinutes, ...session } = row;
  const settings = effectiveSettings(
    row.groupKind,
    allowWalkIns === null ? null : { allowWalkIns, absenceAlertAfter: absenceAlertAfter!, lateAfterMinutes: lateAfterMinutes! },
  );
  return { ...session, settings };
}
export type StaffSession = Awaited<ReturnType<typeof findSessionForStaff>>;

/**
 * Blanks the email of everyone on a roster who has not (currently) allowed this group's
 * facilitators to see their contact details; names stay (taking part is acknowledged at intake).
 */
export async function withContactConsent<T extends { userId: string; email: string }>(exec: Executor, groupId: string, rows: T[], now: Date): Promise<(T & { contactShared: boolean })[]> {
  const allowed = await usersWithConsent(exec, { groupId, kind: "facilitator_contact", userIds: rows.map((r) => r.userId), now });
  return rows.map((r) => shownContact(r, allowed.has(r.userId)));
}

/**
 * withContactConsent's answer as a column of a query that reads the people (`userColumn`), so the
 * roster needs no read of its own for it: true when the person currently allows this group's
 * facilitators to see their contact details (the same hasConsent rule). Apply with shownContact.
 */
export function contactSharedColumn(userColumn: AnyPgColumn, groupId: string, now: Date) {
  return sql<boolean>`${hasConsent("facilitator_contact", qualified(userColumn), groupId, now)}`;
}

/** A roster row as shown: the email blanked unless the person shares their contact details. */
export function shownContact<T extends { email: string }>(row: T, shared: boolean): T & { contactShared: boolean } {
  return { ...row, email: shared ? row.email : "", contactShared: shared };
}
