import { describe, expect, it } from "vitest";
import {
  absenceAlertDue,
  arrivalStatus,
  attendanceIsMissing,
  canApologise,
  canRecordAttendance,
  checkInReplaces,
  codeFromBytes,
  effectiveSettings,
  isCheckInOpen,
  isWellFormedCode,
  normaliseCode,
  statusWithArrival,
  OFFLINE_MARK_MAX_AGE_HOURS,
  summarise,
  tapTime,
  timesForStatus,
  trailingAbsenceRun,
  type AttendanceStatus,
} from "~/modules/attendance/rules";

// An injected clock: every rule takes `now`; nothing reads the machine's time or zone.
const start = new Date("2027-03-09T00:00:00Z"); // 19:00 EST on 8 March in New York, 13:00 in Auckland
const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000);
const session = { startsAt: start, endsAt: at(75), status: "scheduled" };

describe("late threshold", () => {
  it("is present up to and including the threshold, late after it", () => {
    expect(arrivalStatus(at(-20), start, 10)).toBe("present");
    expect(arrivalStatus(at(10), start, 10)).toBe("present");
    expect(arrivalStatus(new Date(at(10).getTime() + 1000), start, 10)).toBe("late");
    expect(arrivalStatus(at(45), start, 10)).toBe("late");
  });

  it("a threshold of 0 makes any arrival after the start late", () => {
    expect(arrivalStatus(start, start, 0)).toBe("present");
    expect(arrivalStatus(at(1), start, 0)).toBe("late");
  });

  it("a 'present' with an arrival time past the threshold is recorded late; other choices stand", () => {
    expect(statusWithArrival("present", at(25), start, 10)).toBe("late");
    expect(statusWithArrival("present", at(5), start, 10)).toBe("present");
    expect(statusWithArrival("present", null, start, 10)).toBe("present");
    expect(statusWithArrival("left_early", at(25), start, 10)).toBe("left_early");
  });
});

describe("check-in window", () => {
  it("opens 15 minutes before the start and closes 30 minutes after it", () => {
    expect(isCheckInOpen(at(-16), session)).toBe(false);
    expect(isCheckInOpen(at(-15), session)).toBe(true);
    expect(isCheckInOpen(at(0), session)).toBe(true);
    expect(isCheckInOpen(at(30), session)).toBe(true);
    expect(isCheckInOpen(new Date(at(30).getTime() + 1), session)).toBe(false);
    expect(isCheckInOpen(at(60), session)).toBe(false);
  });

  it("is never open for a cancelled session", () => {
    expect(isCheckInOpen(at(0), { ...session, status: "cancelled" })).toBe(false);
  });

  it("codes are six unambiguous characters; typing is forgiving about case, spaces and dashes", () => {
    const code = codeFromBytes(new Uint8Array([0, 1, 2, 3, 255, 31, 7, 7]));
    expect(code).toHaveLength(6);
    expect(isWellFormedCode(code)).toBe(true);
    expect(code).not.toMatch(/[01IO]/);
    expect(normaliseCode(" ab3-k9z ")).toBe("AB3K9Z");
    expect(isWellFormedCode("AB3K9")).toBe(false);
    expect(isWellFormedCode("AB3K0Z")).toBe(false);
  });

  it("a check-in does not overwrite someone already marked in the room, but replaces an apology or an early absence", () => {
    expect(checkInReplaces(null)).toBe(true);
    expect(checkInReplaces("excused")).toBe(true);
    expect(checkInReplaces("absent")).toBe(true);
    expect(checkInReplaces("present")).toBe(false);
    expect(checkInReplaces("late")).toBe(false);
    expect(checkInReplaces("left_early")).toBe(false);
  });
});

describe("marking rules", () => {
  it("marks open 15 minutes before the start and never on a cancelled session", () => {
    expect(canRecordAttendance(at(-16), session)).toBe(false);
    expect(canRecordAttendance(at(-15), session)).toBe(true);
    expect(canRecordAttendance(at(60 * 24 * 7), session)).toBe(true);
    expect(canRecordAttendance(at(0), { ...session, status: "cancelled" })).toBe(false);
  });

  it("a tap during the session records the arrival (and leaving) time; a later tap invents none", () => {
    expect(timesForStatus("present", at(2), session, null)).toEqual({ arrivedAt: at(2), leftAt: null });
    expect(timesForStatus("left_early", at(50), session, { arrivedAt: at(1), leftAt: null })).toEqual({ arrivedAt: at(1), leftAt: at(50) });
    expect(timesForStatus("present", at(60 * 30), session, null)).toEqual({ arrivedAt: null, leftAt: null });
    expect(timesForStatus("absent", at(2), session, { arrivedAt: at(1), leftAt: null })).toEqual({ arrivedAt: null, leftAt: null });
  });

  it("apologies are accepted only before a scheduled session starts", () => {
    expect(canApologise(at(-60), session, null)).toBe(true);
    expect(canApologise(at(-60), session, "excused")).toBe(true);
    expect(canApologise(at(-60), session, "present")).toBe(false);
    expect(canApologise(at(0), session, null)).toBe(false);
    expect(canApologise(at(-60), { ...session, status: "cancelled" }, null)).toBe(false);
  });

  it("flags a session without attendance 24 hours after it ended, unless cancelled or older than 30 days", () => {
    const ended = session.endsAt.getTime();
    const hours = (h: number) => new Date(ended + h * 3_600_000);
    expect(attendanceIsMissing(hours(23), { ...session, status: "held" }, 0)).toBe(false);
    expect(attendanceIsMissing(hours(24), { ...session, status: "held" }, 0)).toBe(true);
    expect(attendanceIsMissing(hours(24), { ...session, status: "held" }, 3)).toBe(false);
    expect(attendanceIsMissing(hours(24), { ...session, status: "cancelled" }, 0)).toBe(false);
    expect(attendanceIsMissing(hours(24 * 31), { ...session, status: "held" }, 0)).toBe(false);
  });

  it("walk-ins are allowed by default for drop-in groups only; stored settings win", () => {
    expect(effectiveSettings("drop_in", null)).toEqual({ allowWalkIns: true, absenceAlertAfter: 2, lateAfterMinutes: 10 });
    expect(effectiveSettings("class", null).allowWalkIns).toBe(false);
    const stored = { allowWalkIns: true, absenceAlertAfter: 3, lateAfterMinutes: 5 };
    expect(effectiveSettings("class", stored)).toBe(stored);
  });
});

describe("consecutive absences", () => {
  const seq = (...statuses: AttendanceStatus[]) => statuses.map((status, i) => ({ sessionId: `s${i + 1}`, status }));

  it("counts the trailing run of unexcused absences and names its first and last session", () => {
    expect(trailingAbsenceRun(seq("present", "absent", "absent"))).toEqual({ length: 2, startSessionId: "s2", lastSessionId: "s3" });
    expect(trailingAbsenceRun(seq("absent", "absent", "absent"))).toEqual({ length: 3, startSessionId: "s1", lastSessionId: "s3" });
    expect(trailingAbsenceRun(seq("absent", "present"))).toBeNull();
    expect(trailingAbsenceRun([])).toBeNull();
  });

  it("an apology (excused) breaks the run", () => {
    expect(trailingAbsenceRun(seq("absent", "excused", "absent"))).toEqual({ length: 1, startSessionId: "s3", lastSessionId: "s3" });
    expect(absenceAlertDue(seq("absent", "excused", "absent"), 2)).toBeNull();
    expect(absenceAlertDue(seq("absent", "absent", "excused"), 2)).toBeNull();
  });

  it("late and left early break the run like present", () => {
    expect(absenceAlertDue(seq("absent", "late", "absent"), 2)).toBeNull();
    expect(absenceAlertDue(seq("absent", "left_early", "absent"), 2)).toBeNull();
  });

  it("is due at the threshold and keeps the same run key as the run grows (no repeat alert)", () => {
    const two = absenceAlertDue(seq("present", "absent", "absent"), 2);
    const three = absenceAlertDue(seq("present", "absent", "absent", "absent"), 2);
    expect(two?.startSessionId).toBe("s2");
    expect(three?.startSessionId).toBe("s2");
    expect(absenceAlertDue(seq("present", "absent"), 2)).toBeNull();
    expect(absenceAlertDue(seq("present", "absent", "absent"), 3)).toBeNull();
  });

  it("a new run after a return gets a new key", () => {
    const run = absenceAlertDue(seq("absent", "absent", "present", "absent", "absent"), 2);
    expect(run).toEqual({ length: 2, startSessionId: "s4", lastSessionId: "s5" });
  });

  it("summarises a roster", () => {
    expect(summarise(["present", "late", null, "absent", "excused", "left_early"])).toEqual({
      present: 1,
      late: 1,
      left_early: 1,
      excused: 1,
      absent: 1,
      unmarked: 1,
      attended: 3,
    });
  });
});

describe("the time of a roster tap kept offline", () => {
  const now = new Date("2027-03-02T19:30:00Z");
  it("is now without an age, dated back by the age, and refused past the limit", () => {
    expect(tapTime(undefined, now)).toEqual({ ok: true, at: now });
    expect(tapTime(0, now)).toEqual({ ok: true, at: now });
    expect(tapTime(90_000, now)).toEqual({ ok: true, at: new Date("2027-03-02T19:28:30Z") });
    expect(tapTime(OFFLINE_MARK_MAX_AGE_HOURS * 3_600_000, now)).toEqual({ ok: true, at: new Date("2027-03-01T19:30:00Z") });
    const refused = tapTime(OFFLINE_MARK_MAX_AGE_HOURS * 3_600_000 + 1, now);
    expect(refused.ok).toBe(false);
  });
});
