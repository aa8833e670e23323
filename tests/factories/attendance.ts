import { and, asc, eq } from "drizzle-orm";
import { DateTime } from "luxon";
import { db } from "~/db/client.server";
import { enrolments, groupFacilitators, groups, sessions } from "~/db/schema";
import { attendanceRecords, attendanceSettings } from "~/db/tables/attendance";
import { seriesAssignments } from "~/db/tables/scheduling";
import { createSeries } from "~/modules/groups/mutations.server";
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

/**
 * The scenario's Circle meeting as two cohorts (scenario made with FIXED_SERIES_START): its
 * Tuesday series (2 March – 27 April 2027, 19:00 New York) for the participant, and a Thursday
 * series (4 March – 29 April, 19:00–20:00) for the other participant and `moreOnThursdays`. Every
 * session is recorded as held, and the participant attended 6 of the first 8 Tuesdays (absent on
 * the 7th and 8th); the caller puts back to "scheduled" what has not happened at its `now`.
 */
export async function circleInTwoCohorts(s: Scenario, moreOnThursdays: { id: string }[] = []) {
  const { seriesId: thursdaySeries } = await createSeries(s.manager, s.group.id, {
    weekdays: ["thu"],
    startTime: "19:00",
    durationMinutes: 60,
    startDate: "2027-03-04",
    endDate: "2027-04-29",
    count: null,
    skipDates: [],
  });
  await db.insert(seriesAssignments).values([
    { seriesId: s.seriesId, userId: s.participant.id, organizationId: s.org.id, role: "participant" as const },
    ...[s.otherParticipant, ...moreOnThursdays].map((p) => ({ seriesId: thursdaySeries, userId: p.id, organizationId: s.org.id, role: "participant" as const })),
  ]);
  const all = await db.select({ id: sessions.id, startsAt: sessions.startsAt, seriesId: sessions.seriesId }).from(sessions).where(eq(sessions.groupId, s.group.id)).orderBy(asc(sessions.startsAt));
  const tuesdays = all.filter((x) => x.seriesId === s.seriesId);
  const thursdays = all.filter((x) => x.seriesId === thursdaySeries);
  await db.update(sessions).set({ status: "held" }).where(eq(sessions.groupId, s.group.id));
  await db.insert(attendanceRecords).values(
    tuesdays.slice(0, 8).map((t, i) => ({
      organizationId: s.org.id,
      sessionId: t.id,
      groupId: s.group.id,
      userId: s.participant.id,
      status: i < 6 ? ("present" as const) : ("absent" as const),
      source: "roster" as const,
    })),
  );
  return { thursdaySeries, all, tuesdays, thursdays };
}
