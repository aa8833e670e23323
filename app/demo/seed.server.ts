import { and, eq, isNotNull, isNull, like, lt } from "drizzle-orm";
import { DateTime } from "luxon";
import { db } from "~/db/client.server";
import { enrolments, groupFacilitators, groups, memberships, organizations, programs, sessions, users } from "~/db/schema";
import type { CurrentUser } from "~/modules/auth/policy";
import { hashPassword } from "~/modules/auth/tokens.server";
import { createSeries } from "~/modules/groups/mutations.server";
import { seedAttendance } from "./attendance.server";
import { seedScheduling } from "./scheduling.server";
import { seedVoice } from "./voice.server";
import { seedCompetencyDemo } from "./competency.server";
import { seedRegistration } from "./registration.server";
import { seedMetricsDemo } from "./metrics.server";
import { seedPlansDemo } from "./plans.server";
import { seedPartnerOrganisation } from "./partner.server";
import { seedRecordsDemo } from "./records.server";
import { seedCurriculumDemo } from "./curriculum.server";
import { seedCompletionDemo } from "./completion.server";
import { seedSmsDemo } from "./sms.server";
import { seedDemographicsDemo } from "./demographics.server";
import { DEMO_PASSWORD, type DemoContext } from "./context";

export const DEMO_ORG_SLUG = "riverside";

export const DEMO_STAFF = [
  { email: "admin@riverside.example", name: "Avery Admin", role: "admin", timezone: "America/New_York" },
  { email: "manager@riverside.example", name: "Morgan Manager", role: "manager", timezone: "America/New_York" },
  { email: "fran@riverside.example", name: "Fran Facilitator", role: "facilitator", timezone: "America/New_York" },
  { email: "felix@riverside.example", name: "Felix Facilitator", role: "facilitator", timezone: "America/Chicago" },
] as const;

export const DEMO_PARTICIPANTS = [
  { email: "pat@riverside.example", name: "Pat Participant", timezone: "America/Los_Angeles" },
  { email: "sam@riverside.example", name: "Sam Rivera", timezone: "America/New_York" },
  { email: "alex@riverside.example", name: "Alex Chen", timezone: "America/Chicago" },
  // Jordan reads 24-hour times ("18:00"); everyone else has the default US style ("6:00 PM").
  { email: "jordan@riverside.example", name: "Jordan Smith", timezone: "Europe/London", locale: "en-GB" },
  { email: "casey@riverside.example", name: "Casey Brown", timezone: "America/Denver" },
  { email: "riley@riverside.example", name: "Riley Johnson", timezone: "America/Phoenix" },
  { email: "taylor@riverside.example", name: "Taylor Davis", timezone: "America/New_York" },
  { email: "jamie@riverside.example", name: "Jamie Wilson", timezone: "Asia/Kolkata" },
  { email: "drew@riverside.example", name: "Drew Martinez", timezone: "America/New_York" },
  { email: "quinn@riverside.example", name: "Quinn Lee", timezone: "Australia/Sydney" },
  { email: "robin@riverside.example", name: "Robin Garcia", timezone: "America/Los_Angeles" },
  { email: "morgan.p@riverside.example", name: "Morgan Patel", timezone: "America/New_York" },
  { email: "kai@riverside.example", name: "Kai Thompson", timezone: "Pacific/Honolulu" },
  { email: "lee@riverside.example", name: "Lee Anderson", timezone: "America/Chicago" },
] as const;

/**
 * Each capability adds its demo data here (one function per capability, in its own file under
 * app/demo/), run in order after the base agency exists.
 */
const DEMO_EXTENSIONS: ((ctx: DemoContext) => Promise<void>)[] = [seedCompetencyDemo, seedAttendance, seedVoice, seedRegistration, seedScheduling, seedMetricsDemo, seedPlansDemo, seedRecordsDemo, seedCurriculumDemo, seedCompletionDemo, seedSmsDemo, seedDemographicsDemo, seedPartnerOrganisation];

/**
 * Seeds the demo agency once (idempotent: does nothing when it exists). Dates are relative to
 * `now` so the demo always has past and upcoming sessions.
 */
export async function seedDemo(now: Date = new Date()): Promise<{ created: boolean }> {
  const [existing] = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.slug, DEMO_ORG_SLUG));
  if (existing) return { created: false };
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const zone = "America/New_York";

  const [org] = await db
    .insert(organizations)
    .values({
      slug: DEMO_ORG_SLUG,
      name: "Riverside Community Services",
      timezone: zone,
      crisisText:
        "If you are in immediate danger, call 911.\nCall or text 988 (Suicide & Crisis Lifeline), available 24/7.\nText HOME to 741741 (Crisis Text Line).\nDuring office hours call our duty worker at (555) 010-2000.",
      contactEmail: "hello@riverside.example",
      contactPhone: "(555) 010-1000",
      address: "120 River Street, Springfield",
    })
    .onConflictDoNothing()
    .returning({ id: organizations.id });
  if (!org) return { created: false };

  const ids: Record<string, string> = {};
  for (const person of [...DEMO_STAFF, ...DEMO_PARTICIPANTS.map((p) => ({ ...p, role: "participant" as const }))]) {
    const [user] = await db
      .insert(users)
      .values({ email: person.email, name: person.name, timezone: person.timezone, locale: "locale" in person ? person.locale : "en-US", passwordHash })
      .returning({ id: users.id });
    ids[person.email] = user.id;
    await db.insert(memberships).values({ userId: user.id, organizationId: org.id, role: person.role });
  }
  const manager: CurrentUser = {
    id: ids["manager@riverside.example"],
    name: "Morgan Manager",
    email: "manager@riverside.example",
    timezone: zone,
    locale: "en-US",
    role: "manager",
    organizationId: org.id,
    organizationSlug: DEMO_ORG_SLUG,
    organizationName: "Riverside Community Services",
    sessionIdHash: "",
  };

  const [program] = await db
    .insert(programs)
    .values({
      organizationId: org.id,
      name: "Recovery & Life Skills",
      purpose: "Education and peer support that help adults in recovery build stable, connected lives.",
      serviceType: "Coaching, support and education",
    })
    .returning({ id: programs.id });

  const groupRows = await db
    .insert(groups)
    .values([
      {
        organizationId: org.id,
        programId: program.id,
        kind: "class" as const,
        name: "Budgeting Basics",
        description: "Six practical sessions on budgets, bills and building savings.",
        timezone: zone,
        capacity: 12,
        location: "Room 2, 120 River Street",
        language: "en",
      },
      {
        organizationId: org.id,
        programId: program.id,
        kind: "workshop" as const,
        name: "Resume & Interview Workshop",
        description: "A hands-on workshop: leave with a finished resume and practice answers.",
        timezone: "America/Chicago",
        capacity: 8,
        location: "",
        onlineUrl: "https://meet.example.org/riverside-resume",
        language: "en",
      },
      {
        organizationId: org.id,
        programId: program.id,
        kind: "peer_recovery_group" as const,
        name: "Tuesday Peer Recovery Circle",
        description: "A confidential peer-led circle for people in recovery. Come as you are.",
        timezone: zone,
        capacity: 10,
        location: "Community Room, 120 River Street",
        language: "en",
      },
    ])
    .returning({ id: groups.id, name: groups.name });
  const [budgeting, workshop, circle] = groupRows;
  await db.insert(groupFacilitators).values([
    { groupId: budgeting.id, userId: ids["fran@riverside.example"], organizationId: org.id },
    { groupId: workshop.id, userId: ids["felix@riverside.example"], organizationId: org.id },
    { groupId: circle.id, userId: ids["fran@riverside.example"], organizationId: org.id },
    { groupId: circle.id, userId: ids["felix@riverside.example"], organizationId: org.id },
  ]);

  const today = DateTime.fromJSDate(now, { zone });
  const monday = (weeksFromNow: number) => today.startOf("week").plus({ weeks: weeksFromNow }).toISODate()!;
  await createSeries(manager, budgeting.id, {
    weekdays: ["mon", "wed"],
    startTime: "18:00",
    durationMinutes: 90,
    startDate: monday(-4),
    endDate: monday(8),
    count: null,
    skipDates: [],
  });
  await createSeries(manager, workshop.id, {
    weekdays: ["sat"],
    startTime: "10:00",
    durationMinutes: 120,
    startDate: monday(1),
    endDate: null,
    count: 4,
    skipDates: [],
  });
  await createSeries(manager, circle.id, {
    weekdays: ["tue"],
    startTime: "19:00",
    durationMinutes: 75,
    startDate: monday(-6),
    endDate: monday(10),
    count: null,
    skipDates: [],
  });
  // Sessions that already ended were held.
  await db
    .update(sessions)
    .set({ status: "held" })
    .where(and(eq(sessions.organizationId, org.id), lt(sessions.endsAt, now)));

  const participantIds = DEMO_PARTICIPANTS.map((p) => ids[p.email]);
  const enrol = (groupId: string, userIds: string[]) =>
    db.insert(enrolments).values(userIds.map((userId) => ({ groupId, userId, organizationId: org.id })));
  await enrol(budgeting.id, participantIds.slice(0, 8));
  await enrol(workshop.id, participantIds.slice(4, 10));
  await enrol(circle.id, [participantIds[0], ...participantIds.slice(6, 13)]);

  const ctx: DemoContext = {
    now,
    organizationId: org.id,
    userIds: ids,
    groupIds: Object.fromEntries(groupRows.map((g) => [g.name, g.id])),
    programId: program.id,
    manager,
  };
  for (const extend of DEMO_EXTENSIONS) await extend(ctx);
  // Demo people with a password can be written to (their addresses are made up, but confirmed for
  // the demo); the walk-in visitor without an account stays unconfirmed.
  await db
    .update(users)
    .set({ emailConfirmedAt: now })
    .where(and(isNull(users.emailConfirmedAt), isNotNull(users.passwordHash), like(users.email, "%.example")));
  return { created: true };
}
