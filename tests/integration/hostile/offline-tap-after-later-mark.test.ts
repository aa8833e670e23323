import { and, asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { auditEvents } from "~/db/schema";
import { attendanceRecords } from "~/db/tables/attendance";
import { attendanceSubject } from "~/modules/attendance/queries.server";
import { markAttendance } from "~/modules/attendance/roster/mutations.server";
import { translateMessage } from "~/i18n/catalog";
import * as markRoute from "~/routes/sessions.$sessionId.mark";
import { addParticipant, createSessionAt } from "../../factories/attendance";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Person, type Scenario } from "../../factories/scenario";

// Two staff mark one roster. One phone lost its signal: its taps wait in the page's queue and are
// sent when the connection is back, dated to when they were tapped (ageMs). Before: a tap made
// offline at 19:05 and sent at 19:45 overwrote the mark the other facilitator made at 19:30 ("left
// early" became "present"), and the audit trail said the offline facilitator changed the later
// mark — a correction of something they never saw. Now a tap older than the row's last change is
// not applied; the queue shows it as not saved, with the reason.

let s: Scenario;
let person: Person;
const minutes = (at: Date, n: number) => new Date(at.getTime() + n * 60_000);

beforeAll(async () => {
  s = await createOrgScenario();
  person = await addParticipant(s, s.group.id, { name: "Sam Tapped" });
});

const recordOf = async (sessionId: string) =>
  (await db.select().from(attendanceRecords).where(and(eq(attendanceRecords.sessionId, sessionId), eq(attendanceRecords.userId, person.id))))[0];

const trailOf = (sessionId: string) =>
  db
    .select({ actor: auditEvents.actorUserId, before: auditEvents.before, after: auditEvents.after })
    .from(auditEvents)
    .where(eq(auditEvents.subjectId, attendanceSubject(sessionId, person.id)))
    .orderBy(asc(auditEvents.id));

describe("a delayed offline tap and a later mark by someone else", () => {
  it("the later mark stands; the delayed tap is refused with a reason and written nowhere", async () => {
    const now = new Date();
    const session = await createSessionAt(s.group.id, s.org.id, minutes(now, -60), { minutes: 90 });
    // 30 minutes ago the manager, online, marks Sam as having left early.
    await markAttendance(s.manager, session.id, { userId: person.id, status: "left_early" }, minutes(now, -30));
    // The facilitator's tap from 55 minutes ago arrives now.
    await expect(markAttendance(s.facilitator, session.id, { userId: person.id, status: "present", ageMs: 55 * 60_000 }, now)).rejects.toThrow(
      /changed after your tap/,
    );
    expect((await recordOf(session.id)).status).toBe("left_early");
    const trail = await trailOf(session.id);
    expect(trail).toHaveLength(1);
    expect(trail[0].actor).toBe(s.manager.id);
  });

  it("through the queue's endpoint: a 400 the queue shows as not saved, in Spanish too", async () => {
    const now = new Date();
    const session = await createSessionAt(s.group.id, s.org.id, minutes(now, -60), { minutes: 90 });
    await markAttendance(s.manager, session.id, { userId: person.id, status: "absent" }, minutes(now, -1));
    const out = await callRoute(markRoute, {
      path: `/sessions/${session.id}/mark`,
      params: { sessionId: session.id },
      cookie: s.facilitator.cookie,
      form: { intent: "mark", userId: person.id, status: "present", ageMs: String(20 * 60_000) },
    });
    expect(out.status).toBe(400);
    const error = (out.data as { error: string }).error;
    expect(error).toMatch(/changed after your tap/);
    expect(translateMessage(error, "es-ES")).not.toBe(error);
    expect((await recordOf(session.id)).status).toBe("absent");
  });

  it("a delayed tap newer than the row's last change is still saved, dated to the tap", async () => {
    const now = new Date();
    const session = await createSessionAt(s.group.id, s.org.id, minutes(now, -60), { minutes: 90 });
    await markAttendance(s.manager, session.id, { userId: person.id, status: "absent" }, minutes(now, -50));
    const saved = await markAttendance(s.facilitator, session.id, { userId: person.id, status: "late", ageMs: 40 * 60_000 }, now);
    expect(saved).toMatchObject({ changed: true, status: "late" });
    const row = await recordOf(session.id);
    expect(row.status).toBe("late");
    expect(row.updatedAt.getTime()).toBe(minutes(now, -40).getTime());
  });
});
