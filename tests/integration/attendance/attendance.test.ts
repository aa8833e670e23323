import { and, asc, eq, like } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { auditEvents, emailOutbox, rateLimitEvents, sessions } from "~/db/schema";
import { absenceAlerts, attendanceRecords } from "~/db/tables/attendance";
import { addWalkIn } from "~/modules/attendance/walk-ins/mutations.server";
import { giveApology, selfCheckIn, withdrawApology } from "~/modules/attendance/check-in/mutations.server";
import { currentCheckInCode } from "~/modules/attendance/check-in/queries.server";
import { flagMissingAttendance, raiseAbsenceAlerts } from "~/modules/attendance/jobs.server";
import { markAttendance, markEveryoneUnmarked, recordPaperSheet, saveAttendanceDetails } from "~/modules/attendance/roster/mutations.server";
import { openAbsenceAlerts, sessionsMissingAttendance } from "~/modules/attendance/alerts/queries.server";
import { getRoster } from "~/modules/attendance/roster/queries.server";
import * as rosterRoute from "~/routes/sessions.$sessionId.roster";
import { UserInputError } from "~/web/http.server";
import { addParticipant, createGroup, createSessionAt, minutes, setAttendanceSettings } from "../../factories/attendance";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Scenario } from "../../factories/scenario";

let s: Scenario;
const T0 = new Date("2030-01-08T23:00:00Z"); // a session start; every call below gets its own `now`

const recordsOf = (sessionId: string) => db.select().from(attendanceRecords).where(eq(attendanceRecords.sessionId, sessionId));
const auditOf = (sessionId: string, userId: string) =>
  db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.subjectType, "attendance"), eq(auditEvents.subjectId, `${sessionId}:${userId}`)))
    .orderBy(asc(auditEvents.id));

beforeAll(async () => {
  s = await createOrgScenario();
});

describe("marking", () => {
  it("the same submission twice leaves one row and one audit event (idempotent)", async () => {
    const session = await createSessionAt(s.group.id, s.org.id, T0);
    const now = minutes(T0, 5);
    const first = await markAttendance(s.facilitator, session.id, { userId: s.participant.id, status: "present" }, now);
    const second = await markAttendance(s.facilitator, session.id, { userId: s.participant.id, status: "present" }, minutes(now, 1));
    expect(first.changed).toBe(true);
    expect(second.changed).toBe(false);
    const rows = await recordsOf(session.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: "present", source: "roster", arrivedAt: now });
    expect(await auditOf(session.id, s.participant.id)).toHaveLength(1);
    // Recording attendance on a started session marks it held.
    const [after] = await db.select({ status: sessions.status }).from(sessions).where(eq(sessions.id, session.id));
    expect(after.status).toBe("held");
  });

  it("the same form posted twice through the route (no JavaScript) leaves one row", async () => {
    const session = await createSessionAt(s.group.id, s.org.id, minutes(new Date(), -5));
    const post = () =>
      callRoute(rosterRoute, {
        path: `/sessions/${session.id}/roster`,
        params: { sessionId: session.id },
        cookie: s.facilitator.cookie,
        form: { intent: "mark", userId: s.otherParticipant.id, status: "late" },
      });
    const a = await post();
    const b = await post();
    expect(a.status).toBe(302);
    expect(a.location).toBe(`/sessions/${session.id}/roster?saved=mark#row-${s.otherParticipant.id}`);
    expect(b.status).toBe(302);
    const rows = await recordsOf(session.id);
    expect(rows.map((r) => [r.userId, r.status])).toEqual([[s.otherParticipant.id, "late"]]);
    // With JavaScript (a fetcher) the answer is data, not a redirect.
    const fetcher = await callRoute(rosterRoute, {
      path: `/sessions/${session.id}/roster`,
      params: { sessionId: session.id },
      cookie: s.facilitator.cookie,
      form: { intent: "mark", userId: s.otherParticipant.id, status: "present", via: "fetcher" },
    });
    expect(fetcher).toMatchObject({ status: 200, data: { ok: true } });
  });

  it("bad input is refused beside the field and changes nothing", async () => {
    const session = await createSessionAt(s.group.id, s.org.id, minutes(new Date(), -5));
    const out = await callRoute(rosterRoute, {
      path: `/sessions/${session.id}/roster`,
      params: { sessionId: session.id },
      cookie: s.facilitator.cookie,
      form: { intent: "mark", userId: s.participant.id, status: "sleeping" },
    });
    expect(out.status).toBe(400);
    expect((out.data as { errors: Record<string, string[]> }).errors.status[0]).toMatch(/Choose present/);
    const stranger = await callRoute(rosterRoute, {
      path: `/sessions/${session.id}/roster`,
      params: { sessionId: session.id },
      cookie: s.facilitator.cookie,
      form: { intent: "mark", userId: s.manager.id, status: "present" },
    });
    expect(stranger.status).toBe(400);
    expect((stranger.data as { errors: Record<string, string[]> }).errors.userId[0]).toMatch(/not on the roster/);
    expect(await recordsOf(session.id)).toHaveLength(0);
  });

  it("refuses marks before the 15-minute opening and on a cancelled session", async () => {
    const session = await createSessionAt(s.group.id, s.org.id, T0);
    await expect(markAttendance(s.facilitator, session.id, { userId: s.participant.id, status: "present" }, minutes(T0, -16))).rejects.toThrow(
      /15 minutes before/,
    );
    const cancelled = await createSessionAt(s.group.id, s.org.id, T0, { status: "cancelled" });
    await expect(markAttendance(s.facilitator, cancelled.id, { userId: s.participant.id, status: "present" }, T0)).rejects.toThrow(/cancelled/);
  });

  it("two facilitators marking one session at once end consistent: one row per person, audit chain unbroken", async () => {
    const session = await createSessionAt(s.group.id, s.org.id, T0);
    const people = [s.participant, s.otherParticipant, await addParticipant(s), await addParticipant(s)];
    const statuses = ["present", "late", "absent", "excused", "left_early"] as const;
    const writes: Promise<unknown>[] = [];
    for (let i = 0; i < 12; i++) {
      for (const [j, person] of people.entries()) {
        writes.push(markAttendance(s.facilitator, session.id, { userId: person.id, status: statuses[(i + j) % 5] }, minutes(T0, 10)));
        writes.push(markAttendance(s.manager, session.id, { userId: person.id, status: statuses[(i + j + 2) % 5] }, minutes(T0, 10)));
      }
    }
    writes.push(markEveryoneUnmarked(s.facilitator, session.id, "present", minutes(T0, 10)));
    await Promise.all(writes);
    const rows = await recordsOf(session.id);
    expect(rows).toHaveLength(people.length);
    for (const person of people) {
      const row = rows.find((r) => r.userId === person.id)!;
      const trail = await auditOf(session.id, person.id);
      expect(trail.length).toBeGreaterThan(0);
      expect(trail[0].before).toBeNull();
      for (let k = 1; k < trail.length; k++) {
        expect((trail[k].before as { status: string }).status).toBe((trail[k - 1].after as { status: string }).status);
      }
      expect((trail.at(-1)!.after as { status: string }).status).toBe(row.status);
    }
  });

  it("mark all present fills only the unmarked and keeps apologies", async () => {
    const session = await createSessionAt(s.group.id, s.org.id, T0);
    await giveApology(s.participant, session.id, "At the dentist", minutes(T0, -120));
    const { changed } = await markEveryoneUnmarked(s.facilitator, session.id, "present", minutes(T0, 1));
    expect(changed).toBeGreaterThanOrEqual(1);
    const rows = await recordsOf(session.id);
    expect(rows.find((r) => r.userId === s.participant.id)).toMatchObject({ status: "excused", apologyReason: "At the dentist" });
    expect(rows.find((r) => r.userId === s.otherParticipant.id)?.status).toBe("present");
  });
});

describe("corrections", () => {
  it("a change after the session is audited as a correction with who, when, before, after and reason; the roster shows it", async () => {
    const session = await createSessionAt(s.group.id, s.org.id, T0);
    await markAttendance(s.facilitator, session.id, { userId: s.participant.id, status: "absent" }, minutes(T0, 5));
    const later = minutes(T0, 60 * 26);
    await saveAttendanceDetails(
      s.manager,
      session.id,
      { userId: s.participant.id, status: "present", arrivedAt: "18:20", leftAt: "", note: "came in quietly", reason: "Was in the side room" },
      later,
    );
    const trail = await auditOf(session.id, s.participant.id);
    expect(trail).toHaveLength(2);
    const correction = trail[1];
    expect(correction).toMatchObject({ action: "attendance.correct", actorUserId: s.manager.id, reason: "Was in the side room" });
    expect(correction.before).toMatchObject({ status: "absent", arrivedAt: null });
    // 18:20 New York on 8 Jan 2030 = 23:20 UTC; the session started 23:00, 20 minutes > 10: late.
    expect(correction.after).toMatchObject({ status: "late", arrivedAt: "2030-01-08T23:20:00.000Z", note: "came in quietly" });
    const roster = await getRoster(s.facilitator, session.id, later);
    expect(roster.history[s.participant.id].map((h) => h.action)).toEqual(["attendance.correct", "attendance.mark"]);
    expect(roster.history[s.participant.id][0]).toMatchObject({ actorName: s.manager.name, reason: "Was in the side room" });
  });

  it("a paper sheet entered afterwards records each mark in one go, audited", async () => {
    const session = await createSessionAt(s.group.id, s.org.id, T0);
    const result = await recordPaperSheet(
      s.facilitator,
      session.id,
      {
        reason: "",
        marks: [
          { userId: s.participant.id, status: "present", arrivedAt: "18:02" },
          { userId: s.otherParticipant.id, status: "absent", arrivedAt: "" },
        ],
      },
      minutes(T0, 60 * 30),
    );
    expect(result.changed).toBe(2);
    const rows = await recordsOf(session.id);
    expect(rows.every((r) => r.source === "paper")).toBe(true);
    const trail = await auditOf(session.id, s.participant.id);
    expect(trail[0]).toMatchObject({ action: "attendance.correct", reason: "entered from the paper sheet" });
  });
});

describe("self check-in", () => {
  it("shows a code only inside the window; an enrolled participant is present, later late; the code expires", async () => {
    const session = await createSessionAt(s.group.id, s.org.id, T0);
    const before = await currentCheckInCode(s.facilitator, session.id, minutes(T0, -16));
    expect(before.code).toBeNull();
    const shown = await currentCheckInCode(s.facilitator, session.id, minutes(T0, -10));
    expect(shown.code?.code).toMatch(/^[A-Z2-9]{6}$/);
    // Another screen a minute later shows the same code; after 5 minutes a fresh one.
    expect((await currentCheckInCode(s.manager, session.id, minutes(T0, -9))).code?.code).toBe(shown.code!.code);
    const rotated = await currentCheckInCode(s.facilitator, session.id, minutes(T0, -5));
    expect(rotated.code?.code).not.toBe(shown.code!.code);

    const onTime = await selfCheckIn(s.participant, shown.code!.code.toLowerCase(), minutes(T0, -2));
    expect(onTime).toMatchObject({ status: "present", changed: true });
    const again = await selfCheckIn(s.participant, rotated.code!.code, minutes(T0, 3));
    expect(again).toMatchObject({ status: "present", changed: false });
    const fresh = await currentCheckInCode(s.facilitator, session.id, minutes(T0, 12));
    const late = await selfCheckIn(s.otherParticipant, fresh.code!.code, minutes(T0, 12));
    expect(late.status).toBe("late");

    // The first code was shown from T0-10 and worked until the end of the next slot (T0): it no longer works.
    const extra = await addParticipant(s);
    await expect(selfCheckIn(extra, shown.code!.code, minutes(T0, 1))).rejects.toThrow("That code has expired. Use the code on the screen now.");
    // After the window closes nothing works, even a code that has not expired.
    const last = await currentCheckInCode(s.facilitator, session.id, minutes(T0, 29));
    expect(last.code!.expiresAt).toEqual(minutes(T0, 30));
    await expect(selfCheckIn(extra, last.code!.code, minutes(T0, 31))).rejects.toThrow("Check-in for this session is closed.");
    const rows = await recordsOf(session.id);
    expect(rows.map((r) => r.userId).sort()).toEqual([s.participant.id, s.otherParticipant.id].sort());
  });

  it("a code works for its own session only: another group's participant, a later session and another organisation are refused", async () => {
    const other = await createGroup(s, { facilitatorId: s.otherFacilitator.id });
    const outsider = await addParticipant(s, other.id);
    const session = await createSessionAt(s.group.id, s.org.id, minutes(T0, 60 * 24 * 7));
    const start = session.startsAt;
    const { code } = await currentCheckInCode(s.facilitator, session.id, minutes(start, -1));
    await expect(selfCheckIn(outsider, code!.code, start)).rejects.toThrow(/not enrolled/);
    expect(await recordsOf(session.id)).toHaveLength(0);

    // The other group's concurrent session: this code does not check anyone in there.
    const otherSession = await createSessionAt(other.id, s.org.id, start);
    expect(await recordsOf(otherSession.id)).toHaveLength(0);

    // Last week's code cannot be used for next week's session of the same group.
    const nextWeek = await createSessionAt(s.group.id, s.org.id, minutes(start, 60 * 24 * 7));
    await expect(selfCheckIn(s.participant, code!.code, minutes(nextWeek.startsAt, 1))).rejects.toThrow("That code is not right, or it has expired.");
    expect(await recordsOf(nextWeek.id)).toHaveLength(0);

    const foreign = await createOrgScenario();
    await expect(selfCheckIn(foreign.participant, code!.code, start)).rejects.toThrow(/not right/);
    await expect(selfCheckIn(s.participant, "ZZZZZZ", start)).rejects.toBeInstanceOf(UserInputError);
    await expect(selfCheckIn(s.participant, "12", start)).rejects.toThrow(/6-character/);
  });

  it("ten wrong codes in an hour stop code checks for that participant only (a right code too), counted before they are checked", async () => {
    const session = await createSessionAt(s.group.id, s.org.id, minutes(T0, 60 * 24 * 35));
    const start = session.startsAt;
    const guesser = await addParticipant(s);
    const { code } = await currentCheckInCode(s.facilitator, session.id, start);
    const wrong = Array.from({ length: 40 }, (_, i) => `ZZZ${"23456789ABCDEFGH"[i % 16]}${"23456789"[i % 8]}Z`);
    const results = await Promise.allSettled(wrong.map((w) => selfCheckIn(guesser, w, minutes(start, 1))));
    expect(results.every((r) => r.status === "rejected")).toBe(true);
    // Counted before they are checked: of 40 parallel guesses, at most 10 were ever compared with a code.
    const checked = results.filter((r) => r.status === "rejected" && /not right/.test(String((r.reason as Error).message)));
    expect(checked.length).toBeLessThanOrEqual(10);
    const counted = await db.select().from(rateLimitEvents).where(eq(rateLimitEvents.key, `check-in-code:${guesser.id}`));
    expect(counted).toHaveLength(10);
    await expect(selfCheckIn(guesser, code!.code, minutes(start, 2))).rejects.toThrow(/Too many requests: 10 wrong check-in codes .* Ask your facilitator to mark you present\./);
    expect((await recordsOf(session.id)).map((r) => r.userId)).not.toContain(guesser.id);
    // Someone else in the room is not affected.
    await expect(selfCheckIn(s.participant, code!.code, minutes(start, 2))).resolves.toMatchObject({ status: "present" });
  });

  it("staff cannot check in with a code", async () => {
    const session = await createSessionAt(s.group.id, s.org.id, minutes(T0, 60 * 24 * 21));
    const { code } = await currentCheckInCode(s.facilitator, session.id, session.startsAt);
    await expect(selfCheckIn(s.facilitator, code!.code, session.startsAt)).rejects.toMatchObject({ status: 403 });
    expect(await recordsOf(session.id)).toHaveLength(0);
  });
});

describe("apologies and walk-ins", () => {
  it("an apology in advance is excused with its reason, visible on the roster; it can be withdrawn before the start only", async () => {
    const session = await createSessionAt(s.group.id, s.org.id, minutes(T0, 60 * 24 * 28));
    const start = session.startsAt;
    await giveApology(s.otherParticipant, session.id, "Hospital appointment", minutes(start, -600));
    const roster = await getRoster(s.facilitator, session.id, minutes(start, -600));
    expect(roster.rows.find((r) => r.userId === s.otherParticipant.id)).toMatchObject({
      status: "excused",
      apologyReason: "Hospital appointment",
      source: "apology",
    });
    await withdrawApology(s.otherParticipant, session.id, minutes(start, -300));
    expect(await recordsOf(session.id)).toHaveLength(0);
    await expect(giveApology(s.otherParticipant, session.id, "", start)).rejects.toThrow(/before the session starts/);
    const trail = await auditOf(session.id, s.otherParticipant.id);
    expect(trail.map((t) => t.action)).toEqual(["attendance.apology", "attendance.apology_withdrawn"]);
  });

  it("walk-ins need the group setting; then an existing participant or a new person is recorded as a walk-in", async () => {
    const session = await createSessionAt(s.group.id, s.org.id, minutes(T0, 60 * 24 * 35));
    const now = minutes(session.startsAt, 3);
    const visitor = await addParticipant(s, s.group.id, { enrol: false, name: "Vera Visitor" });
    await expect(addWalkIn(s.facilitator, session.id, { userId: visitor.id }, now)).rejects.toThrow(/not allowed/);
    await setAttendanceSettings(s, s.group.id, { allowWalkIns: true });
    await addWalkIn(s.facilitator, session.id, { userId: visitor.id }, now);
    const created = await addWalkIn(s.facilitator, session.id, { name: "Nadia New", email: "" }, now);
    await expect(addWalkIn(s.facilitator, session.id, { userId: s.manager.id }, now)).rejects.toThrow(/participant of your organisation/);
    await expect(addWalkIn(s.facilitator, session.id, { name: "Taken", email: s.manager.email }, now)).rejects.toThrow(/already in use/);
    const rows = await recordsOf(session.id);
    expect(rows.map((r) => ({ userId: r.userId, walkIn: r.walkIn, status: r.status })).sort((a, b) => a.userId.localeCompare(b.userId))).toEqual(
      [
        { userId: visitor.id, walkIn: true, status: "present" },
        { userId: created.userId, walkIn: true, status: "present" },
      ].sort((a, b) => a.userId.localeCompare(b.userId)),
    );
    const roster = await getRoster(s.facilitator, session.id, now);
    expect(roster.rows.map((r) => r.name)).toEqual(expect.arrayContaining(["Vera Visitor", "Nadia New"]));
    await setAttendanceSettings(s, s.group.id, { allowWalkIns: false });
  });
});

describe("follow-up jobs", () => {
  it("alerts the facilitator exactly once per run of unexcused absences; an apology breaks a run", async () => {
    const t = await createOrgScenario();
    const week = 7 * 24 * 60;
    const base = new Date("2031-02-04T23:00:00Z");
    const list: Awaited<ReturnType<typeof createSessionAt>>[] = [];
    for (let i = 0; i < 6; i++) list.push(await createSessionAt(t.group.id, t.org.id, minutes(base, i * week)));
    const mark = (i: number, status: "present" | "absent" | "excused", who = t.participant) =>
      markAttendance(t.facilitator, list[i].id, { userId: who.id, status }, minutes(list[i].startsAt, 20));
    await mark(0, "present");
    await mark(1, "absent");
    // The other participant: absent, excused, absent → never two in a row.
    await mark(0, "absent", t.otherParticipant);
    await mark(1, "excused", t.otherParticipant);
    await mark(2, "absent", t.otherParticipant);
    const after1 = minutes(list[1].endsAt, 10);
    expect((await raiseAbsenceAlerts(after1)).raised).toBe(0);
    await mark(2, "absent");
    const now = minutes(list[2].endsAt, 10);
    const runs = await Promise.all([raiseAbsenceAlerts(now), raiseAbsenceAlerts(now), raiseAbsenceAlerts(now)]);
    expect(runs.reduce((n, r) => n + r.raised, 0)).toBe(1);
    await mark(3, "absent");
    expect((await raiseAbsenceAlerts(minutes(list[3].endsAt, 10))).raised).toBe(0); // same run, no repeat
    let alerts = await db.select().from(absenceAlerts).where(eq(absenceAlerts.groupId, t.group.id));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ userId: t.participant.id, runStartSessionId: list[1].id, absences: 2 });
    const mails = await db.select().from(emailOutbox).where(like(emailOutbox.dedupeKey, `attendance:absence-alert:${alerts[0].id}:%`));
    expect(mails.map((m) => m.toAddress)).toEqual([t.facilitator.email]);
    expect(mails[0].subject).toContain("2 missed sessions");
    expect(await openAbsenceAlerts(t.facilitator)).toHaveLength(1);
    expect(await openAbsenceAlerts(t.otherFacilitator)).toHaveLength(0);
    expect(await openAbsenceAlerts(t.manager)).toHaveLength(1);

    // Back, then away twice again: a new run, a new alert.
    await mark(4, "present");
    await mark(5, "absent");
    await markAttendance(t.facilitator, list[5].id, { userId: t.participant.id, status: "absent" }, minutes(list[5].startsAt, 25));
    expect((await raiseAbsenceAlerts(minutes(list[5].endsAt, 10))).raised).toBe(0);
    const extra = await createSessionAt(t.group.id, t.org.id, minutes(base, 6 * week));
    await markAttendance(t.facilitator, extra.id, { userId: t.participant.id, status: "absent" }, minutes(extra.startsAt, 20));
    expect((await raiseAbsenceAlerts(minutes(extra.endsAt, 10))).raised).toBe(1);
    alerts = await db.select().from(absenceAlerts).where(eq(absenceAlerts.groupId, t.group.id));
    expect(alerts.map((a) => a.runStartSessionId).sort()).toEqual([list[1].id, list[5].id].sort());
  });

  it("flags a session with no attendance 24 hours after it ended, to facilitator and managers, once", async () => {
    const t = await createOrgScenario();
    const session = await createSessionAt(t.group.id, t.org.id, new Date("2031-06-03T23:00:00Z"), { status: "held" });
    const early = minutes(session.endsAt, 23 * 60);
    expect((await sessionsMissingAttendance(db, early, { organizationId: t.org.id })).map((m) => m.id)).not.toContain(session.id);
    const due = minutes(session.endsAt, 25 * 60);
    expect((await sessionsMissingAttendance(db, due, { user: t.facilitator, organizationId: t.org.id })).map((m) => m.id)).toContain(session.id);
    expect((await sessionsMissingAttendance(db, due, { user: t.otherFacilitator, organizationId: t.org.id })).map((m) => m.id)).not.toContain(session.id);
    await Promise.all([flagMissingAttendance(due), flagMissingAttendance(due)]);
    await flagMissingAttendance(minutes(due, 60));
    const mails = await db.select().from(emailOutbox).where(like(emailOutbox.dedupeKey, `attendance:missing:${session.id}:%`));
    expect(mails.map((m) => m.toAddress).sort()).toEqual([t.facilitator.email, t.manager.email].sort());
    await markAttendance(t.facilitator, session.id, { userId: t.participant.id, status: "present" }, due);
    expect((await sessionsMissingAttendance(db, due, { organizationId: t.org.id })).map((m) => m.id)).not.toContain(session.id);
  });
});
