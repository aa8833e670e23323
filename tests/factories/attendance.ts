import { and, eq } from "drizzle-orm";
import { DateTime } from "luxon";
import { db } from "~/db/client.server";
import { enrolments, groupFacilitators, groups, sessions } from "~/db/schema";
import { attendanceSettings } from "~/db/tables/attendance";
import { createPerson, type Person, type Scenario } from "./scenario";

/** A session of the scenario's group (or another group) at an exact instant. */
export async function createSessionAt(
  groupId: string,
  organizationId: string,
  startsAt: Date,
  options: { minutes?: number; status?: "scheduled" | "held" | "cancelled" } = {},
) {
  const [row] = await db
    .insert(sessions)
    .values({
      organizationId,
      groupId,
      startsAt,
      endsAt: new Date(startsAt.getTime() + (options.minutes ?? 60) * 60_000),
      status: options.status ?? "scheduled",
    })
    .returning();
  return row;
}

/** One more participant, enrolled in `groupId` unless `enrol: false`. */
export async function addParticipant(s: Scenario, groupId: string = s.group.id, options: { enrol?: boolean; name?: string } = {}): Promise<Person> {
  const person = await createPerson(s.org, "participant", { name: options.name });
  if (options.enrol !== false) await db.insert(enrolments).values({ groupId, userId: person.id, organizationId: s.org.id });
  return person;
}

/** A second group of the same organisation, led by `facilitatorId`. */
export async function createGroup(s: Scenario, options: { kind?: "class" | "drop_in" | "peer_recovery_group" | "workshop"; facilitatorId?: string; name?: string } = {}) {
  const [group] = await db
    .insert(groups)
    .values({
      organizationId: s.org.id,
      programId: s.program.id,
      kind: options.kind ?? "class",
      name: options.name ?? "Second group",
      timezone: "America/New_York",
      capacity: 60,
      location: "Room 2",
    })
    .returning();
  if (options.facilitatorId) await db.insert(groupFacilitators).values({ groupId: group.id, userId: options.facilitatorId, organizationId: s.org.id });
  return group;
}

export async function setAttendanceSettings(
  s: Scenario,
  groupId: string,
  settings: { allowWalkIns: boolean; absenceAlertAfter?: number; lateAfterMinutes?: number },
) {
  await db
    .insert(attendanceSettings)
    .values({ groupId, organizationId: s.org.id, absenceAlertAfter: 2, lateAfterMinutes: 10, ...settings })
    .onConflictDoUpdate({ target: attendanceSettings.groupId, set: settings });
}

export async function withdraw(groupId: string, userId: string) {
  await db.update(enrolments).set({ status: "withdrawn" }).where(and(eq(enrolments.groupId, groupId), eq(enrolments.userId, userId)));
}

export const minutes = (base: Date, m: number) => new Date(base.getTime() + m * 60_000);

/**
 * `m` minutes from `now` (negative: before), kept on `now`'s local day in `zone`: just after
 * midnight "5 minutes ago" is midnight itself, just before midnight "in 5 minutes" is the last
 * millisecond of the day — so a session "happening now" or "about to start" is also one of
 * "today's sessions" whatever the wall clock says when the test runs.
 */
export const nearNowToday = (now: Date, zone: string, m: number) => {
  const day = DateTime.fromJSDate(now, { zone }).startOf("day");
  const at = minutes(now, m).getTime();
  return new Date(Math.min(Math.max(at, day.toMillis()), day.plus({ days: 1 }).toMillis() - 1));
};
