import { randomBytes } from "node:crypto";
import { DateTime } from "luxon";
import { db } from "~/db/client.server";
import { enrolments, groupFacilitators, groups, memberships, organizations, programs, users } from "~/db/schema";
import type { CurrentUser, Role } from "~/modules/auth/policy";
import { ensureFeedbackQuestions } from "~/modules/voice/mutations.server";
import { createAuthSession } from "~/modules/auth/session.server";
import { hashPassword } from "~/modules/auth/tokens.server";
import { createSeries } from "~/modules/groups/mutations.server";

export const PASSWORD = "correct-horse-battery";

export type Person = CurrentUser & { cookie: string };

let passwordHash: string | null = null;

export async function createPerson(
  org: { id: string; slug: string; name: string },
  role: Role,
  overrides: { name?: string; email?: string; timezone?: string; locale?: "en-US" | "en-GB" | "es-ES" | "es-US" } = {},
): Promise<Person> {
  passwordHash ??= await hashPassword(PASSWORD);
  const suffix = randomBytes(4).toString("hex");
  const [user] = await db
    .insert(users)
    .values({
      name: overrides.name ?? `${role} ${suffix}`,
      email: overrides.email ?? `${role}-${suffix}@test.example`,
      timezone: overrides.timezone ?? "America/New_York",
      locale: overrides.locale ?? "en-US",
      passwordHash,
      emailConfirmedAt: new Date(),
    })
    .returning();
  await db.insert(memberships).values({ userId: user.id, organizationId: org.id, role });
  const setCookie = await createAuthSession(user.id, org.id);
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    timezone: user.timezone,
    locale: user.locale,
    role,
    organizationId: org.id,
    organizationSlug: org.slug,
    organizationName: org.name,
    sessionIdHash: "",
    cookie: setCookie.split(";")[0],
  };
}

/**
 * The first Tuesday at least 21 days after `now`, as a date in `zone` ("yyyy-MM-dd"): the default
 * start of the scenario's series, so its sessions are in the future whatever the real date is.
 */
export function firstTuesdayAfter3Weeks(now: Date, zone: string): string {
  const earliest = DateTime.fromJSDate(now, { zone }).startOf("day").plus({ days: 21 });
  return earliest.plus({ days: (2 - earliest.weekday + 7) % 7 }).toISODate()!;
}

/**
 * Tuesday 2 March 2027: the series start for tests that hand-count figures or dates in fixed
 * periods and pass their own `now` or period (the series then runs to 27 April 2027).
 */
export const FIXED_SERIES_START = "2027-03-02";

/**
 * An organisation with one program and one group (a weekly series of nine Tuesdays at 19:00 in
 * the group's zone), its facilitator, another facilitator who does not lead it, a manager, an
 * admin and two enrolled participants.
 *
 * The series starts on the first Tuesday at least 21 days after the real today (in the group's
 * zone), so "upcoming" and "next session" hold at any wall-clock time; `firstSessionDate` and
 * `lastSessionDate` say which Tuesdays were chosen. Tests that check figures or wording for fixed
 * dates (and pass their own `now`/period) pin it with `seriesStart: FIXED_SERIES_START`.
 */
export async function createOrgScenario(options: { timezone?: string; groupZone?: string; seriesStart?: string } = {}) {
  const slug = `org-${randomBytes(4).toString("hex")}`;
  const [org] = await db
    .insert(organizations)
    .values({ slug, name: `Org ${slug}`, timezone: options.timezone ?? "America/New_York", crisisText: "Call 988." })
    .returning();
  // As createOrganization does: every organisation has its feedback questions from the start.
  await ensureFeedbackQuestions(db, org.id);
  const [admin, manager, facilitator, otherFacilitator, participant, otherParticipant] = await Promise.all([
    createPerson(org, "admin"),
    createPerson(org, "manager"),
    createPerson(org, "facilitator"),
    createPerson(org, "facilitator"),
    // The London participant reads 24-hour times ("18:00"); everyone else the default US style ("6:00 PM").
    createPerson(org, "participant", { timezone: "Europe/London", locale: "en-GB" }),
    createPerson(org, "participant", { timezone: "Asia/Kolkata" }),
  ]);
  const [program] = await db.insert(programs).values({ organizationId: org.id, name: "Program" }).returning();
  const [group] = await db
    .insert(groups)
    .values({
      organizationId: org.id,
      programId: program.id,
      kind: "peer_recovery_group",
      name: "Circle",
      timezone: options.groupZone ?? "America/New_York",
      capacity: 10,
      location: "Room 1",
    })
    .returning();
  await db.insert(groupFacilitators).values({ groupId: group.id, userId: facilitator.id, organizationId: org.id });
  await db.insert(enrolments).values([
    { groupId: group.id, userId: participant.id, organizationId: org.id },
    { groupId: group.id, userId: otherParticipant.id, organizationId: org.id },
  ]);
  const firstSessionDate = options.seriesStart ?? firstTuesdayAfter3Weeks(new Date(), group.timezone);
  const lastSessionDate = DateTime.fromISO(firstSessionDate).plus({ weeks: 8 }).toISODate()!;
  const { seriesId } = await createSeries(manager, group.id, {
    weekdays: ["tue"],
    startTime: "19:00",
    durationMinutes: 60,
    startDate: firstSessionDate,
    endDate: lastSessionDate,
    count: null,
    skipDates: [],
  });
  return { org, program, group, seriesId, firstSessionDate, lastSessionDate, admin, manager, facilitator, otherFacilitator, participant, otherParticipant };
}

export type Scenario = Awaited<ReturnType<typeof createOrgScenario>>;
