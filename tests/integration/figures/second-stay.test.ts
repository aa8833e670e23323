/**
 * A person who withdraws and registers again later starts a second stay on the same enrolment row.
 * Before, that stay kept the first start date: the completion page, the letter ("taking part since
 * …", "attended N of M"), the certificate, the discharge summary and the plan counted from the
 * first registration and took in the first stay's attendance (5 of 9 below instead of 2 of 4).
 * Each now counts the second stay from its own start (currentStayStart): its sessions from that
 * day and its marks only.
 *
 * Circle meets Tuesdays 2 March – 27 April 2027 at 19:00 New York (FIXED_SERIES_START). Rosa
 * registers on 25 February, attends 2, 9 and 16 March, withdraws on 18 March and registers again
 * on 1 April; of the four sessions since (6, 13, 20, 27 April) she attends the first two.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { and, asc, desc, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { appUrl } from "~/config.server";
import { db } from "~/db/client.server";
import { auditEvents, enrolments, sessions } from "~/db/schema";
import { attendanceRecords } from "~/db/tables/attendance";
import { completionCertificates, completionCriteria } from "~/db/tables/completion";
import { goalObjectives, participantGoals } from "~/db/tables/metrics";
import { planServices } from "~/db/tables/plans";
import { informationReleases } from "~/db/tables/releases";
import { recordOutcome } from "~/modules/completion/mutations.server";
import { dischargeSummary, groupCompletionPage } from "~/modules/completion/queries.server";
import type { LetterFacts } from "~/modules/completion/releases/letter";
import { issueLetter } from "~/modules/completion/releases/mutations.server";
import { outcomeSchema } from "~/modules/completion/schema";
import { disclosureLetters } from "~/db/tables/releases";
import { findParticipant } from "~/modules/metrics/queries.server";
import { loadServicePlan } from "~/modules/plans/queries.server";
import { registerForGroup, withdrawEnrolment } from "~/modules/registration/mutations.server";
import { intake } from "../../factories/registration";
import { createOrgScenario, createPerson, FIXED_SERIES_START, type Person, type Scenario } from "../../factories/scenario";

let s: Scenario;
let rosa: Person;
let enrolmentId: string;
const now = new Date("2027-04-29T16:00:00Z");
const base = { baseUrl: appUrl() };

beforeAll(async () => {
  s = await createOrgScenario({ seriesStart: FIXED_SERIES_START });
  rosa = await createPerson(s.org, "participant", { name: "Rosa Returning" });
  await db.insert(completionCriteria).values({ organizationId: s.org.id, groupId: s.group.id, minSessionsAttended: 2, maxUnexcusedAbsences: null });
  const first = await registerForGroup(rosa, s.group.id, intake(), { ...base, now: new Date("2027-02-25T15:00:00Z") });
  expect(first.status).toBe("enrolled");
  enrolmentId = first.enrolmentId;
  const all = await db.select().from(sessions).where(eq(sessions.groupId, s.group.id)).orderBy(asc(sessions.startsAt));
  expect(all).toHaveLength(9);
  await db.update(sessions).set({ status: "held" }).where(eq(sessions.groupId, s.group.id));
  const mark = (i: number, status: "present" | "absent") => ({ organizationId: s.org.id, sessionId: all[i].id, groupId: s.group.id, userId: rosa.id, status, source: "roster" as const });
  // First stay: 2, 9 and 16 March.
  await db.insert(attendanceRecords).values([mark(0, "present"), mark(1, "present"), mark(2, "present")]);
  await withdrawEnrolment(rosa, enrolmentId, { ...base, now: new Date("2027-03-18T15:00:00Z") });
  const again = await registerForGroup(rosa, s.group.id, intake(), { ...base, now: new Date("2027-04-01T15:00:00Z") });
  expect(again).toMatchObject({ enrolmentId, status: "enrolled" });
  // Second stay: present 6 and 13 April, absent 20 and 27 April.
  await db.insert(attendanceRecords).values([mark(5, "present"), mark(6, "present"), mark(7, "absent"), mark(8, "absent")]);
});

describe("a second stay after a withdrawal", () => {
  it("starts on the day the person registered again (the first start stays on the row)", async () => {
    const [row] = await db.select().from(enrolments).where(eq(enrolments.id, enrolmentId));
    expect(row.createdAt.toISOString()).toBe("2027-02-25T15:00:00.000Z");
    expect(row.restartedAt?.toISOString()).toBe("2027-04-01T15:00:00.000Z");
  });

  it("migration 0068: a stay begun before the column existed gets its start from the audit trail's re-registration", async () => {
    const update = readFileSync(path.resolve("drizzle/0068_enrolment_stays.sql"), "utf8").split("--> statement-breakpoint").find((st) => st.includes('UPDATE "enrolments"'))!;
    const [row] = await db.select().from(enrolments).where(eq(enrolments.id, enrolmentId));
    await db.update(enrolments).set({ restartedAt: null }).where(eq(enrolments.id, enrolmentId));
    await db.execute(sql.raw(update.replace(/;\s*$/, ` AND e.id = '${enrolmentId}';`)));
    const [registeredAgain] = await db
      .select({ at: auditEvents.at })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "enrolment.register"), eq(auditEvents.subjectId, enrolmentId), sql`${auditEvents.before} ->> 'status' = 'withdrawn'`))
      .orderBy(desc(auditEvents.at));
    const [filled] = await db.select().from(enrolments).where(eq(enrolments.id, enrolmentId));
    expect(filled.restartedAt?.toISOString()).toBe(registeredAgain.at.toISOString());
    // The first registration (no status before it) is no restart: the other people's rows stay null.
    const others = await db.select({ restartedAt: enrolments.restartedAt }).from(enrolments).where(and(eq(enrolments.groupId, s.group.id), sql`${enrolments.id} <> ${enrolmentId}`));
    expect(others.map((o) => o.restartedAt)).toEqual([null, null]);
    // The rest of the file reads the stay as registerForGroup wrote it (its own `now`).
    await db.update(enrolments).set({ restartedAt: row.restartedAt }).where(eq(enrolments.id, enrolmentId));
  });

  it("counts 2 of the 4 sessions since then on the completion page", async () => {
    const page = await groupCompletionPage(s.manager, s.group.id, now);
    const mine = page.people.find((p) => p.userId === rosa.id)!;
    expect(mine.since.toISOString()).toBe("2027-04-01T15:00:00.000Z");
    expect(mine.progress).toMatchObject({ attended: 2, totalSessions: 4, unexcusedAbsences: 2, upcomingSessions: 0 });
  });

  it("says 'since 1 April' and 2 of 4 in a letter", async () => {
    const [release] = await db
      .insert(informationReleases)
      .values({
        organizationId: s.org.id,
        userId: rosa.id,
        programId: s.program.id,
        part2: true,
        recipientName: "Officer Dana Reyes",
        recipientContact: "dana.reyes@probation.example",
        purpose: "Proof of attendance",
        shares: ["attendance_dates", "attendance_totals", "completion_status"],
        expiresOn: "2027-07-31",
        expiresAt: new Date("2027-08-01T04:00:00Z"),
        method: "in_app",
        statement: "I allow it.",
        statementHash: "x".repeat(64),
        signedName: rosa.name,
        signedOn: "2027-04-28",
        recordedBy: rosa.id,
      })
      .returning();
    const letterId = await issueLetter(s.manager, enrolmentId, release.id, now);
    const [letter] = await db.select().from(disclosureLetters).where(eq(disclosureLetters.id, letterId));
    const lines = Object.fromEntries((letter.content as LetterFacts).sections.map((x) => [x.item, x.lines.join(" ")]));
    expect(lines.attendance_totals).toContain("Attended 2 of the 4 sessions held (2.0 hours).");
    expect(lines.completion_status).toBe("Taking part since April 1, 2027; has not finished the program yet.");
    // Only the second stay's dates (6 and 13 April), none of March.
    expect(lines.attendance_dates).toBe("Tue, Apr 6, 2027; Tue, Apr 13, 2027");
  });

  it("counts 2 of 4 on the plan's planned service", async () => {
    const [goal] = await db.insert(participantGoals).values({ organizationId: s.org.id, participantId: rosa.id, programId: s.program.id, title: "Stay connected" }).returning();
    const [objective] = await db.insert(goalObjectives).values({ organizationId: s.org.id, goalId: goal.id, description: "Come to Circle" }).returning();
    await db.insert(planServices).values({ organizationId: s.org.id, objectiveId: objective.id, groupId: s.group.id, timesPerPeriod: 1, period: "week", minutesPerContact: 60 });
    const plan = await loadServicePlan(s.manager, await findParticipant(s.manager, rosa.id), now);
    const o = plan.goals.flatMap((g) => g.objectives).find((x) => x.id === objective.id)!;
    expect(o.services).toEqual([expect.objectContaining({ held: 4, attended: 2 })]);
  });

  it("states the second start and its hours on the certificate and the discharge summary", async () => {
    const { intent: _intent, ...input } = outcomeSchema.parse({ intent: "outcome", enrolmentId, outcome: "completed", endedOn: "2027-04-29" });
    await recordOutcome(s.manager, s.group.id, input, { now, baseUrl: appUrl() });
    const [certificate] = await db.select().from(completionCertificates).where(and(eq(completionCertificates.userId, rosa.id), eq(completionCertificates.organizationId, s.org.id)));
    expect(certificate).toMatchObject({ startedOn: "2027-04-01", completedOn: "2027-04-29", hoursAttended: "2.0" });
    const summary = await dischargeSummary(s.manager, enrolmentId, now);
    expect(summary.startedAt.toISOString()).toBe("2027-04-01T15:00:00.000Z");
    expect(summary.progress).toMatchObject({ attended: 2, totalSessions: 4 });
    expect(summary.hours).toBe("2.0");
  });
});
