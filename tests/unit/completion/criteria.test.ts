import { describe, expect, it } from "vitest";
import { describeProgress, describeShortfall, evaluateCompletion, type CriteriaMark, type CriteriaSession } from "~/modules/completion/criteria";

const day = (n: number) => new Date(Date.UTC(2026, 2, n, 17, 0));
const session = (n: number, status: CriteriaSession["status"] = "held"): CriteriaSession => ({ id: `s${n}`, startsAt: day(n), status });
const mark = (n: number, status: CriteriaMark["status"], walkIn = false): CriteriaMark => ({ sessionId: `s${n}`, status, walkIn });
const eight = Array.from({ length: 8 }, (_, i) => session(i + 1, i < 6 ? "held" : "scheduled"));
const criteria = { minSessionsAttended: 8, maxUnexcusedAbsences: 2 };

describe("evaluateCompletion", () => {
  it("counts present, late and left-early as attended and says how many more are needed", () => {
    const p = evaluateCompletion({
      criteria,
      sessions: eight,
      marks: [mark(1, "present"), mark(2, "late"), mark(3, "left_early"), mark(4, "present"), mark(5, "present"), mark(6, "present")],
      now: day(6.5),
    });
    expect(p).toMatchObject({ attended: 6, required: 8, remaining: 2, totalSessions: 8, upcomingSessions: 2, met: false, stillPossible: true });
    expect(describeProgress(p)).toBe("6 of 8 sessions attended; 2 more to complete");
  });

  it("is met when enough sessions are attended and absences are within the limit", () => {
    const marks = eight.map((s, i) => mark(i + 1, "present"));
    const p = evaluateCompletion({ criteria, sessions: eight, marks, now: day(20) });
    expect(p.met).toBe(true);
    expect(describeProgress(p)).toBe("8 of 8 sessions attended; you have met the completion requirements");
  });

  it("does not count cancelled sessions, even when a mark exists for one", () => {
    const sessions = [session(1), session(2, "cancelled"), session(3)];
    const p = evaluateCompletion({
      criteria: { minSessionsAttended: 2, maxUnexcusedAbsences: 0 },
      sessions,
      marks: [mark(1, "present"), mark(2, "present"), mark(3, "absent")],
      now: day(10),
    });
    expect(p).toMatchObject({ attended: 1, unexcusedAbsences: 1, totalSessions: 2, met: false, absencesWithinLimit: false });
  });

  it("treats excused absences as neither attended nor unexcused", () => {
    const p = evaluateCompletion({
      criteria: { minSessionsAttended: 1, maxUnexcusedAbsences: 0 },
      sessions: [session(1), session(2)],
      marks: [mark(1, "excused"), mark(2, "present")],
      now: day(10),
    });
    expect(p).toMatchObject({ attended: 1, excused: 1, unexcusedAbsences: 0, met: true });
  });

  it("fails the absence limit at one more than allowed, not at the limit", () => {
    const sessions = [session(1), session(2), session(3), session(4)];
    const at = evaluateCompletion({ criteria: { minSessionsAttended: 1, maxUnexcusedAbsences: 2 }, sessions, marks: [mark(1, "absent"), mark(2, "absent"), mark(3, "present")], now: day(10) });
    expect(at.absencesWithinLimit).toBe(true);
    const over = evaluateCompletion({
      criteria: { minSessionsAttended: 1, maxUnexcusedAbsences: 2 },
      sessions,
      marks: [mark(1, "absent"), mark(2, "absent"), mark(3, "present"), mark(4, "absent")],
      now: day(10),
    });
    expect(over).toMatchObject({ absencesWithinLimit: false, met: false, stillPossible: false });
    expect(describeProgress(over)).toContain("3 unexcused absences is more than the 2 allowed");
    expect(describeShortfall(over)).toBe("1 of 1 session attended; 3 unexcused absences (at most 2 allowed)");
  });

  it("has no absence limit when the maximum is null", () => {
    const p = evaluateCompletion({ criteria: { minSessionsAttended: 1, maxUnexcusedAbsences: null }, sessions: [session(1), session(2), session(3)], marks: [mark(1, "absent"), mark(2, "absent"), mark(3, "present")], now: day(10) });
    expect(p.met).toBe(true);
  });

  it("counts a walk-in's attendance like anyone else's", () => {
    const p = evaluateCompletion({ criteria: { minSessionsAttended: 2, maxUnexcusedAbsences: null }, sessions: [session(1), session(2)], marks: [mark(1, "present", true), mark(2, "late", true)], now: day(10) });
    expect(p).toMatchObject({ attended: 2, met: true });
  });

  it("ignores sessions that started at or after the discharge", () => {
    const sessions = [session(1), session(2), session(3), session(4)];
    const p = evaluateCompletion({
      criteria: { minSessionsAttended: 3, maxUnexcusedAbsences: 0 },
      sessions,
      marks: [mark(1, "present"), mark(2, "present"), mark(3, "present"), mark(4, "absent")],
      now: day(20),
      endedAt: day(3),
    });
    expect(p).toMatchObject({ attended: 2, unexcusedAbsences: 0, totalSessions: 2, upcomingSessions: 0, met: false, stillPossible: false });
  });

  it("does not count marks on sessions that have not started yet (now is an argument)", () => {
    const sessions = [session(1), session(2)];
    const marks = [mark(1, "present"), mark(2, "excused")];
    const before = evaluateCompletion({ criteria: { minSessionsAttended: 1, maxUnexcusedAbsences: null }, sessions, marks, now: new Date(day(1).getTime() - 1) });
    expect(before).toMatchObject({ attended: 0, excused: 0, upcomingSessions: 2 });
    const atStart = evaluateCompletion({ criteria: { minSessionsAttended: 1, maxUnexcusedAbsences: null }, sessions, marks, now: day(1) });
    expect(atStart).toMatchObject({ attended: 1, upcomingSessions: 1 });
  });

  it("says so when too few sessions are left to complete", () => {
    const p = evaluateCompletion({ criteria: { minSessionsAttended: 4, maxUnexcusedAbsences: null }, sessions: [session(1), session(2), session(3)], marks: [mark(1, "present")], now: day(1) });
    expect(p).toMatchObject({ remaining: 3, upcomingSessions: 2, stillPossible: false });
    expect(describeProgress(p)).toBe("1 of 4 sessions attended; 3 more needed but only 2 sessions are left — please talk to your facilitator");
  });

  it("counts a session marked twice only once", () => {
    const p = evaluateCompletion({ criteria: { minSessionsAttended: 2, maxUnexcusedAbsences: null }, sessions: [session(1)], marks: [mark(1, "present"), mark(1, "present")], now: day(5) });
    expect(p.attended).toBe(1);
  });
});
