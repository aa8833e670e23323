/**
 * Figures recomputed by hand on small scenarios (auditor's review, 6 December 2026): the
 * "attendance missing" to-do, a participant's own attendance totals, the manager's headline
 * "Participants" and the feedback response rate. Each case failed before its fix.
 */
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { memberships, sessions } from "~/db/schema";
import { attendanceRecords } from "~/db/tables/attendance";
import { feedbackReceipts } from "~/db/tables/voice";
import { sessionsMissingAttendance } from "~/modules/attendance/alerts/queries.server";
import { giveApology } from "~/modules/attendance/check-in/mutations.server";
import { myAttendance } from "~/modules/attendance/history/queries.server";
import { markAttendance } from "~/modules/attendance/roster/mutations.server";
import { setMembershipActive } from "~/modules/auth/mutations.server";
import { cancelSession } from "~/modules/groups/mutations.server";
import { organizationCounts } from "~/modules/groups/queries.server";
import { resolvePeriod } from "~/modules/metrics/definitions";
import { loadDashboard } from "~/modules/metrics/queries.server";
import { addParticipant, createSessionAt, minutes } from "../../factories/attendance";
import { createOrgScenario, FIXED_SERIES_START, type Scenario } from "../../factories/scenario";

let s: Scenario;

beforeAll(async () => {
  s = await createOrgScenario({ seriesStart: FIXED_SERIES_START });
});

describe("sessions missing attendance", () => {
  it("a session whose only record is an apology sent in advance still has no attendance taken", async () => {
    const t = await createOrgScenario();
    const session = await createSessionAt(t.group.id, t.org.id, new Date("2031-06-03T23:00:00Z"));
    // The day before: one participant says they cannot come.
    await giveApology(t.participant, session.id, "Work shift", minutes(session.startsAt, -24 * 60));
    const due = minutes(session.endsAt, 25 * 60);
    const missing = (await sessionsMissingAttendance(db, due, { organizationId: t.org.id })).map((m) => m.id);
    expect(missing).toContain(session.id);
    // Once the facilitator records anyone, attendance was taken.
    await markAttendance(t.facilitator, session.id, { userId: t.otherParticipant.id, status: "present" }, minutes(session.startsAt, 5));
    expect((await sessionsMissingAttendance(db, due, { organizationId: t.org.id })).map((m) => m.id)).not.toContain(session.id);
  });
});

describe("My attendance totals", () => {
  it("an apology for a session that was later cancelled is not counted as an excused absence", async () => {
    const t = await createOrgScenario();
    const held = await createSessionAt(t.group.id, t.org.id, new Date("2031-03-04T00:00:00Z"));
    const cancelled = await createSessionAt(t.group.id, t.org.id, new Date("2031-03-11T00:00:00Z"));
    await markAttendance(t.facilitator, held.id, { userId: t.participant.id, status: "present" }, minutes(held.startsAt, 5));
    await giveApology(t.participant, cancelled.id, "Away", minutes(cancelled.startsAt, -60 * 24));
    await cancelSession(t.manager, cancelled.id, { reason: "Facilitator ill", baseUrl: "http://test.local" });
    const mine = await myAttendance(t.participant, new Date("2031-04-01T00:00:00Z"));
    expect(mine.counts).toMatchObject({ attended: 1, excused: 0, absent: 0 });
    expect(mine.marks).toBe(2); // both are listed
    // The history lists the session once, saying it was cancelled rather than "Excused".
    const row = mine.history.find((h) => h.sessionId === cancelled.id);
    expect(row?.sessionStatus).toBe("cancelled");
  });
});

describe("the manager's headline figures", () => {
  it("'Participants' counts people whose access is active, not deactivated ones", async () => {
    const t = await createOrgScenario();
    const before = await organizationCounts(t.manager, new Date());
    expect(before.participants).toBe(2);
    const [m] = await db
      .select({ id: memberships.id })
      .from(memberships)
      .where(and(eq(memberships.userId, t.otherParticipant.id), eq(memberships.organizationId, t.org.id)));
    await setMembershipActive(t.admin, { membershipId: m.id, active: false });
    expect((await organizationCounts(t.manager, new Date())).participants).toBe(1);
  });
});

describe("feedback response rate", () => {
  it("an answer from someone whose mark was later corrected to absent is not counted, so the rate never passes 100%", async () => {
    const circle = await db.select().from(sessions).where(eq(sessions.groupId, s.group.id));
    const first = circle.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())[0]; // 2 March 2027
    const third = await addParticipant(s);
    await db.update(sessions).set({ status: "held" }).where(eq(sessions.id, first.id));
    await db.insert(attendanceRecords).values(
      [s.participant, s.otherParticipant, third].map((p) => ({
        organizationId: s.org.id,
        sessionId: first.id,
        groupId: s.group.id,
        userId: p.id,
        status: "present" as const,
        source: "roster" as const,
      })),
    );
    await db.insert(feedbackReceipts).values([s.participant, s.otherParticipant, third].map((p) => ({ organizationId: s.org.id, sessionId: first.id, userId: p.id })));
    // A correction after the answers: two of the three were not in the room after all.
    await db
      .update(attendanceRecords)
      .set({ status: "absent" })
      .where(and(eq(attendanceRecords.sessionId, first.id), eq(attendanceRecords.status, "present"), eq(attendanceRecords.userId, s.otherParticipant.id)));
    await db.update(attendanceRecords).set({ status: "absent" }).where(and(eq(attendanceRecords.sessionId, first.id), eq(attendanceRecords.userId, third.id)));
    const period = resolvePeriod("2027-Q1", {}, "2027-06-01")!;
    const d = await loadDashboard(s.manager, { programId: null, groupId: null, facilitatorId: null, period, by: "month" }, new Date("2027-06-01T12:00:00Z"));
    // One person attended and answered: 1 of 1, not 3 of 1.
    expect(d.summary.feedback_response_rate).toBe(1);
    expect(d.summary.details.feedback_response_rate).toBe("1 answers from 1 attendances");
  });
});
