import { and, asc, eq } from "drizzle-orm";
import { db } from "~/db/client.server";
import { enrolments, groupFacilitators, groups, sessions } from "~/db/schema";
import { attendanceRecords } from "~/db/tables/attendance";
import { outcomeMeasures } from "~/db/tables/metrics";
import { enrolmentDetails } from "~/db/tables/registration";
import { referrals, resources } from "~/db/tables/referrals";
import { feedbackReceipts } from "~/db/tables/voice";
import { createOrgScenario, FIXED_SERIES_START, createPerson, type Person } from "./scenario";

type Mark = "present" | "late" | "left_early" | "excused" | "absent";

/**
 * Hand-countable metrics data on top of createOrgScenario (org zone America/New_York; the group
 * "Circle" meets Tuesdays 19:00–20:00 from 2 March to 27 April 2027). Expected figures for
 * 2027 Q1 are worked out in tests/integration/metrics/dashboard.test.ts.
 */
export async function createMetricsScenario() {
  // Figures are for fixed past periods asked for explicitly, so the Tuesdays are pinned.
  const s = await createOrgScenario({ seriesStart: FIXED_SERIES_START });
  const org = s.org;
  const circle = await db.select().from(sessions).where(eq(sessions.groupId, s.group.id)).orderBy(asc(sessions.startsAt));
  const [mar2, mar9, mar16, mar23, mar30, apr6] = circle;
  const walkIn = await createPerson(org, "participant", { name: "Wanda Walk-in" });
  const third = await createPerson(org, "participant", { name: "Theo Third" });
  const waiting = await createPerson(org, "participant", { name: "Wendy Waiting" });

  const setStatus = (id: string, status: "held" | "cancelled") => db.update(sessions).set({ status }).where(eq(sessions.id, id));
  await Promise.all([setStatus(mar2.id, "held"), setStatus(mar9.id, "held"), setStatus(mar16.id, "cancelled"), setStatus(mar23.id, "held"), setStatus(mar30.id, "held"), setStatus(apr6.id, "held")]);

  const mark = (session: { id: string; groupId: string }, person: Person, status: Mark, extra: { arrivedAt?: Date; leftAt?: Date; walkIn?: boolean } = {}) =>
    db.insert(attendanceRecords).values({
      organizationId: org.id,
      sessionId: session.id,
      groupId: session.groupId,
      userId: person.id,
      status,
      source: "roster",
      arrivedAt: extra.arrivedAt ?? null,
      leftAt: extra.leftAt ?? null,
      walkIn: extra.walkIn ?? false,
    });
  const p1 = s.participant;
  const p2 = s.otherParticipant;
  await mark(mar2, p1, "present");
  await mark(mar2, p2, "late", { arrivedAt: new Date(mar2.startsAt.getTime() + 20 * 60_000) });
  await mark(mar9, p1, "present");
  await mark(mar9, p2, "excused");
  await mark(mar16, p1, "present"); // at a cancelled session: counts nowhere
  await mark(mar23, p1, "absent");
  await mark(mar23, p2, "present");
  await mark(mar23, walkIn, "present", { walkIn: true });
  await mark(mar30, p1, "left_early", { leftAt: new Date(mar30.startsAt.getTime() + 30 * 60_000) });
  await mark(mar30, p2, "absent");
  await mark(apr6, p1, "present"); // Q2

  // A second group led by the other facilitator, meeting late at night: 23:30 on 31 March (EDT)
  // is 1 April in UTC but Q1 in the organisation's zone; 00:30 on 1 April is Q2.
  const [late] = await db
    .insert(groups)
    .values({ organizationId: org.id, programId: s.program.id, kind: "drop_in", name: "Night Owls", timezone: "America/New_York", capacity: 10 })
    .returning();
  await db.insert(groupFacilitators).values({ groupId: late.id, userId: s.otherFacilitator.id, organizationId: org.id });
  const [lastOfQ1, firstOfQ2] = await db
    .insert(sessions)
    .values([
      { organizationId: org.id, groupId: late.id, startsAt: new Date("2027-04-01T03:30:00Z"), endsAt: new Date("2027-04-01T04:30:00Z"), status: "held" as const },
      { organizationId: org.id, groupId: late.id, startsAt: new Date("2027-04-01T04:30:00Z"), endsAt: new Date("2027-04-01T05:30:00Z"), status: "held" as const },
    ])
    .returning();
  await mark(lastOfQ1, third, "present");
  await mark(firstOfQ2, third, "present");

  // Waitlist: one person waiting now; two seated in Q1 after 9 and 3 days.
  await db.insert(enrolments).values({ organizationId: org.id, groupId: s.group.id, userId: waiting.id, status: "waitlisted" });
  const enrolled = await db.select().from(enrolments).where(and(eq(enrolments.groupId, s.group.id), eq(enrolments.status, "enrolled")));
  const byUser = new Map(enrolled.map((e) => [e.userId, e.id]));
  await db.insert(enrolmentDetails).values([
    { enrolmentId: byUser.get(p1.id)!, organizationId: org.id, groupId: s.group.id, queuedAt: new Date("2027-02-20T12:00:00Z"), promotedAt: new Date("2027-03-01T12:00:00Z") },
    { enrolmentId: byUser.get(p2.id)!, organizationId: org.id, groupId: s.group.id, queuedAt: new Date("2027-02-25T12:00:00Z"), promotedAt: new Date("2027-02-28T12:00:00Z") },
  ]);

  // Referrals: three in Q1 (two followed up), one in Q2.
  const [resource] = await db.insert(resources).values({ organizationId: org.id, name: "Food bank" }).returning();
  const referral = (participantId: string, referredOn: string, outcome: "pending" | "connected" | "declined") =>
    ({ organizationId: org.id, participantId, resourceId: resource.id, groupId: s.group.id, needArea: "other", reason: "Needs food", referredOn, outcome });
  await db.insert(referrals).values([referral(p1.id, "2027-01-10", "connected"), referral(p2.id, "2027-03-31", "pending"), referral(p2.id, "2027-02-01", "declined"), referral(p1.id, "2027-04-01", "connected")]);

  // Feedback: three answers for Q1 sessions.
  await db.insert(feedbackReceipts).values([
    { organizationId: org.id, sessionId: mar2.id, userId: p1.id },
    { organizationId: org.id, sessionId: mar2.id, userId: p2.id },
    { organizationId: org.id, sessionId: mar23.id, userId: p2.id },
  ]);

  return { ...s, nightOwls: late, walkIn, third, waiting, sessions: { mar2, mar9, mar16, mar23, mar30, apr6, lastOfQ1, firstOfQ2 } };
}

/** Outcome measures: `count` people with an intake score of 2 and an exit score in the period. */
export async function addOutcomePeople(
  s: { org: { id: string; slug: string; name: string }; program: { id: string } },
  domain: "quality_of_life" | "functional_status",
  exitScores: number[],
) {
  for (const score of exitScores) {
    const person = await createPerson(s.org, "participant");
    await db.insert(outcomeMeasures).values([
      { organizationId: s.org.id, participantId: person.id, programId: s.program.id, domain, phase: "intake" as const, score: 2, measuredOn: "2025-12-01" },
      { organizationId: s.org.id, participantId: person.id, programId: s.program.id, domain, phase: "exit" as const, score, measuredOn: "2026-02-15" },
    ]);
  }
}

export type MetricsScenario = Awaited<ReturnType<typeof createMetricsScenario>>;
