import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { auditEvents } from "~/db/schema";
import { attendanceRecords } from "~/db/tables/attendance";
import * as markRoute from "~/routes/sessions.$sessionId.mark";
import { addParticipant, createSessionAt, minutes } from "../../factories/attendance";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Person, type Scenario } from "../../factories/scenario";

/**
 * The roster's save-queue endpoint: the same access rules as the roster, JSON answers a script
 * can act on (401 rather than a redirect when signed out), and a tap's age dating the mark back.
 */
let s: Scenario;
let foreign: Scenario;
let sessionId: string;
let startsAt: Date;
let riley: Person;

const post = (cookie: string | undefined, form: Record<string, string>, id = sessionId) =>
  callRoute(markRoute, { path: `/sessions/${id}/mark`, params: { sessionId: id }, cookie, form });
const recordOf = async (userId: string) =>
  (await db.select().from(attendanceRecords).where(and(eq(attendanceRecords.sessionId, sessionId), eq(attendanceRecords.userId, userId))))[0];

beforeAll(async () => {
  [s, foreign] = await Promise.all([createOrgScenario(), createOrgScenario()]);
  riley = await addParticipant(s, s.group.id, { name: "Riley" });
  startsAt = minutes(new Date(), -40); // started 40 minutes ago, 60 minutes long
  sessionId = (await createSessionAt(s.group.id, s.org.id, startsAt)).id;
});

describe("POST /sessions/:id/mark", () => {
  it("refuses other roles and organisations, and answers 401 (not a redirect) when signed out; nothing is written", async () => {
    const form = { intent: "mark", userId: s.participant.id, status: "present" };
    expect((await post(undefined, form)).status).toBe(401);
    expect((await post(s.participant.cookie, form)).status).toBe(403);
    expect((await post(s.otherFacilitator.cookie, form)).status).toBe(403);
    expect((await post(foreign.manager.cookie, form)).status).toBe(404);
    expect((await post(s.manager.cookie, form, "not-a-uuid")).status).toBe(404);
    expect(await db.select().from(attendanceRecords).where(eq(attendanceRecords.sessionId, sessionId))).toHaveLength(0);
  });

  it("answers 400 with a message for bad input, someone not on the roster, or a tap too old; nothing is written", async () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ intent: "mark", userId: s.participant.id, status: "sleeping" }, /Choose present, late/],
      [{ intent: "mark", userId: s.participant.id, status: "present", ageMs: "-5" }, /time of the mark is not valid/],
      [{ intent: "mark", userId: s.participant.id, status: "present", ageMs: String(25 * 3_600_000) }, /more than 24 hours ago/],
      [{ intent: "mark", userId: foreign.participant.id, status: "present" }, /./],
      [{ intent: "held" }, /Unknown action/],
    ];
    for (const [form, message] of cases) {
      const out = await post(s.facilitator.cookie, form);
      expect(out.status).toBe(400);
      expect((out.data as { ok: boolean; error: string }).error).toMatch(message);
    }
    expect(await db.select().from(attendanceRecords).where(eq(attendanceRecords.sessionId, sessionId))).toHaveLength(0);
  });

  it("saves a tap, dated back by its age: a present tapped 35 minutes ago arrived then", async () => {
    const before = Date.now();
    const out = await post(s.facilitator.cookie, { intent: "mark", userId: s.participant.id, status: "present", ageMs: String(35 * 60_000) });
    expect(out.status).toBe(200);
    expect(out.data).toMatchObject({ ok: true, status: "present" });
    const record = await recordOf(s.participant.id);
    expect(record.status).toBe("present");
    const arrived = record.arrivedAt!.getTime();
    expect(arrived).toBeGreaterThanOrEqual(before - 35 * 60_000 - 1_000);
    expect(arrived).toBeLessThanOrEqual(Date.now() - 35 * 60_000 + 1_000);
    const audit = await db.select().from(auditEvents).where(eq(auditEvents.subjectId, `${sessionId}:${s.participant.id}`));
    expect(audit.map((a) => [a.action, a.actorUserId])).toEqual([["attendance.mark", s.facilitator.id]]);
  });

  it("without an age the tap is now; a later tap for the same person wins", async () => {
    expect((await post(s.manager.cookie, { intent: "mark", userId: riley.id, status: "absent" })).status).toBe(200);
    expect((await post(s.manager.cookie, { intent: "mark", userId: riley.id, status: "late" })).status).toBe(200);
    const record = await recordOf(riley.id);
    expect(record.status).toBe("late");
    expect(Math.abs(record.arrivedAt!.getTime() - Date.now())).toBeLessThan(10_000);
  });

  it("a mark tapped during the session but arriving after it ended is a mark, not a correction", async () => {
    const ended = await createSessionAt(s.group.id, s.org.id, minutes(new Date(), -90)); // ended 30 minutes ago
    const out = await post(s.facilitator.cookie, { intent: "mark", userId: s.otherParticipant.id, status: "present", ageMs: String(40 * 60_000) }, ended.id);
    expect(out.status).toBe(200);
    const subject = `${ended.id}:${s.otherParticipant.id}`;
    const audit = await db.select().from(auditEvents).where(eq(auditEvents.subjectId, subject));
    expect(audit.map((a) => a.action)).toEqual(["attendance.mark"]);
    const later = await post(s.facilitator.cookie, { intent: "mark", userId: s.otherParticipant.id, status: "absent" }, ended.id);
    expect(later.status).toBe(200);
    const after = await db.select().from(auditEvents).where(eq(auditEvents.subjectId, subject));
    expect(after.map((a) => a.action).sort()).toEqual(["attendance.correct", "attendance.mark"]);
  });
});
