import { describe, expect, it } from "vitest";
import {
  attendanceFigures,
  attendedMinutes,
  bucketsOf,
  bucketStart,
  daysToSeat,
  feedbackFigures,
  formatFigure,
  goalFigures,
  localDay,
  median,
  meetsTarget,
  outcomeChange,
  periodRange,
  personChanges,
  referralFigures,
  resolvePeriod,
  retentionFigures,
  sessionCounts,
  isStillToCome,
  goalInGroups,
  goalStay,
  startersFromFacts,
  type MarkFact,
  type MeasureFact,
  type SessionFact,
} from "~/modules/metrics/definitions";

const NY = "America/New_York";
const at = (iso: string) => new Date(iso);
const session = (id: string, startsAt: string, status: SessionFact["status"], minutes = 60, groupId = "g1"): SessionFact => ({
  id,
  groupId,
  startsAt: at(startsAt),
  endsAt: new Date(at(startsAt).getTime() + minutes * 60_000),
  status,
});
const mark = (sessionId: string, userId: string, status: MarkFact["status"], extra: Partial<MarkFact> = {}): MarkFact => ({
  sessionId,
  userId,
  status,
  walkIn: false,
  arrivedAt: null,
  leftAt: null,
  ...extra,
});

describe("periods in the organisation's zone", () => {
  it("a quarter runs from local midnight to local midnight, not UTC midnight", () => {
    const period = resolvePeriod("2027-Q1", {}, "2027-05-01")!;
    expect(period).toMatchObject({ from: "2027-01-01", to: "2027-04-01", label: "2027 Q1" });
    const range = periodRange(period, NY);
    expect(range.start.toISOString()).toBe("2027-01-01T05:00:00.000Z"); // EST
    expect(range.end.toISOString()).toBe("2027-04-01T04:00:00.000Z"); // EDT after 14 March
  });

  it("a session at 23:30 local on 31 March belongs to Q1 although it is 1 April in UTC", () => {
    const range = periodRange(resolvePeriod("2027-Q1", {}, "2027-05-01")!, NY);
    const late = session("s1", "2027-04-01T03:30:00Z", "held"); // 23:30 EDT on 31 March
    const early = session("s2", "2027-04-01T04:30:00Z", "held"); // 00:30 EDT on 1 April
    expect(localDay(late.startsAt, NY)).toBe("2027-03-31");
    expect(sessionCounts([late, early], range, new Date("2030-01-01T00:00:00Z")).total).toBe(1);
  });

  it("the same instants fall on other days in Auckland", () => {
    const range = periodRange({ from: "2027-04-01", to: "2027-04-02" }, "Pacific/Auckland");
    expect(range.start.toISOString()).toBe("2027-03-31T11:00:00.000Z"); // NZDT +13
    expect(range.end.toISOString()).toBe("2027-04-01T11:00:00.000Z");
  });

  it("months, years, last 12 months and custom ranges; junk is rejected", () => {
    expect(resolvePeriod("2026-07", {}, "2027-01-01")).toMatchObject({ from: "2026-07-01", to: "2026-08-01" });
    expect(resolvePeriod("2026", {}, "2027-01-01")).toMatchObject({ from: "2026-01-01", to: "2027-01-01" });
    expect(resolvePeriod(null, {}, "2027-03-15")).toMatchObject({ from: "2026-03-16", to: "2027-03-16" });
    expect(resolvePeriod("custom", { from: "2027-02-10", to: "2027-02-20" }, "2027-03-15")).toMatchObject({ from: "2027-02-10", to: "2027-02-21" });
    expect(resolvePeriod("custom", { from: "2027-02-20", to: "2027-02-10" }, "2027-03-15")).toBeNull();
    expect(resolvePeriod("custom", { from: "2027-02-30", to: "2027-03-10" }, "2027-03-15")).toBeNull();
    expect(resolvePeriod("2027-Q5", {}, "2027-03-15")).toBeNull();
  });

  it("the last 12 months end today: nothing after today, exactly a year of days, at month ends, 29 February and the turn of the year", () => {
    const last12 = (today: string) => {
      const p = resolvePeriod("last-12-months", {}, today)!;
      return [p.from, p.to, p.label];
    };
    expect(last12("2026-12-05")).toEqual(["2025-12-06", "2026-12-06", "Last 12 months (6 Dec 2025 – 5 Dec 2026)"]);
    expect(last12("2026-12-31")).toEqual(["2026-01-01", "2027-01-01", "Last 12 months (1 Jan 2026 – 31 Dec 2026)"]);
    expect(last12("2027-01-01")).toEqual(["2026-01-02", "2027-01-02", "Last 12 months (2 Jan 2026 – 1 Jan 2027)"]);
    expect(last12("2026-11-30")).toEqual(["2025-12-01", "2026-12-01", "Last 12 months (1 Dec 2025 – 30 Nov 2026)"]);
    expect(last12("2027-01-31")).toEqual(["2026-02-01", "2027-02-01", "Last 12 months (1 Feb 2026 – 31 Jan 2027)"]);
    expect(last12("2027-04-30")).toEqual(["2026-05-01", "2027-05-01", "Last 12 months (1 May 2026 – 30 Apr 2027)"]);
    // Leap years: 29 February today, the day before it, and a year after it.
    expect(last12("2028-02-29")).toEqual(["2027-03-01", "2028-03-01", "Last 12 months (1 Mar 2027 – 29 Feb 2028)"]);
    expect(last12("2028-02-28")).toEqual(["2027-03-01", "2028-02-29", "Last 12 months (1 Mar 2027 – 28 Feb 2028)"]);
    expect(last12("2029-02-28")).toEqual(["2028-03-01", "2029-03-01", "Last 12 months (1 Mar 2028 – 28 Feb 2029)"]);
    // Every day of three years: today is the last day, the window is 365 or 366 days, never after today.
    const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
    for (let d = day("2026-01-01"); d < day("2029-01-01"); d++) {
      const today = new Date(d * 86_400_000).toISOString().slice(0, 10);
      const p = resolvePeriod(null, {}, today)!;
      expect(day(p.to), today).toBe(d + 1);
      expect([365, 366], today).toContain(day(p.to) - day(p.from));
      expect(p.from.slice(0, 4), today).toBe(String(Number(today.slice(0, 4)) - 1 + (today.endsWith("-12-31") ? 1 : 0)));
    }
  });

  it("buckets by ISO week, month and quarter, with empty buckets kept", () => {
    expect(bucketStart("2027-03-14", "week")).toBe("2027-03-08"); // Sunday → Monday before
    expect(bucketStart("2027-03-15", "week")).toBe("2027-03-15");
    expect(bucketStart("2027-08-19", "quarter")).toBe("2027-07-01");
    expect(bucketsOf({ from: "2027-01-01", to: "2027-04-01" }, "month").map((b) => b.label)).toEqual(["Jan 2027", "Feb 2027", "Mar 2027"]);
    expect(bucketsOf({ from: "2027-01-01", to: "2027-01-15" }, "week").map((b) => b.start)).toEqual(["2026-12-28", "2027-01-04", "2027-01-11"]);
  });
});

describe("session counts", () => {
  it("counts scheduled (all), held, cancelled and unrecorded sessions in the period", () => {
    const range = periodRange({ from: "2027-03-01", to: "2027-04-01" }, NY);
    const all = [
      session("a", "2027-03-02T23:00:00Z", "held"),
      session("b", "2027-03-09T23:00:00Z", "cancelled"),
      session("c", "2027-03-16T23:00:00Z", "held"),
      session("d", "2027-03-23T23:00:00Z", "scheduled"),
      session("e", "2027-04-06T23:00:00Z", "held"), // next month
    ];
    expect(sessionCounts(all, range, new Date("2027-05-01T00:00:00Z"))).toEqual({ total: 4, held: 2, cancelled: 1, toCome: 0, unrecorded: 1 });
  });

  it("a session recorded as neither held nor cancelled that is not over yet is still to come, not unrecorded", () => {
    const range = periodRange({ from: "2027-03-01", to: "2027-04-01" }, NY);
    const all = [
      session("a", "2027-03-02T23:00:00Z", "held"),
      session("d", "2027-03-09T23:00:00Z", "scheduled"), // over by the 16th: not yet recorded
      session("f", "2027-03-16T23:00:00Z", "scheduled"), // under way at `now`: still to come
      session("g", "2027-03-23T23:00:00Z", "scheduled"), // later: still to come
    ];
    const now = new Date("2027-03-16T23:30:00Z");
    expect(sessionCounts(all, range, now)).toEqual({ total: 4, held: 1, cancelled: 0, toCome: 2, unrecorded: 1 });
    expect(isStillToCome(all[2], now)).toBe(true);
    expect(isStillToCome(all[1], now)).toBe(false);
  });
});

describe("attendance", () => {
  const range = periodRange({ from: "2027-03-01", to: "2027-04-01" }, NY);
  const sessions = [
    session("held1", "2027-03-02T23:00:00Z", "held", 90),
    session("held2", "2027-03-09T23:00:00Z", "held", 60),
    session("cancelled", "2027-03-16T23:00:00Z", "cancelled"),
  ];
  const marks = [
    mark("held1", "ana", "present"),
    mark("held1", "ben", "late", { arrivedAt: at("2027-03-02T23:30:00Z") }),
    mark("held1", "cy", "excused"),
    mark("held1", "di", "absent"),
    mark("held2", "ana", "left_early", { leftAt: at("2027-03-09T23:45:00Z") }),
    mark("held2", "eve", "present", { walkIn: true }),
    mark("held2", "di", "absent"),
    // a mark at a cancelled session is not counted anywhere
    mark("cancelled", "fay", "present"),
  ];

  it("rate leaves out excused absences and cancelled sessions; walk-ins count as attended", () => {
    const f = attendanceFigures(sessions, marks, range);
    expect(f).toMatchObject({ attended: 4, absent: 2, excused: 1, walkIns: 1, uniqueParticipants: 3 });
    expect(f.rate).toBeCloseTo(4 / 6);
  });

  it("participant-hours: full length, less late arrival and early departure", () => {
    expect(attendedMinutes(marks[0], sessions[0])).toBe(90);
    expect(attendedMinutes(marks[1], sessions[0])).toBe(60);
    expect(attendedMinutes(marks[4], sessions[1])).toBe(45);
    expect(attendedMinutes(marks[2], sessions[0])).toBe(0);
    // present with an early check-in still counts only the session itself
    expect(attendedMinutes(mark("x", "y", "present", { arrivedAt: at("2027-03-02T22:45:00Z") }), sessions[0])).toBe(90);
    const f = attendanceFigures(sessions, marks, range);
    expect(f.participantMinutes).toBe(90 + 60 + 45 + 60);
    expect(f.participantHours).toBeCloseTo(4.25);
  });

  it("no marks gives no rate rather than 0%", () => {
    expect(attendanceFigures(sessions, [], range).rate).toBeNull();
  });
});

describe("retention: attended at least N of the first M held sessions", () => {
  const held = (i: number, groupId = "g1") => session(`${groupId}-s${i}`, `2027-03-${String(2 + i * 7).padStart(2, "0")}T23:00:00Z`, "held", 60, groupId);
  const rule = { attended: 2, of: 3 };

  it("classifies starters as retained, not retained and in progress", () => {
    expect(retentionFigures([{ flags: [true, true, false] }, { flags: [true, false, false] }, { flags: [true] }, { flags: [true, true] }], rule)).toEqual({
      starters: 4,
      retained: 2,
      notRetained: 1,
      inProgress: 1,
      rate: 2 / 3,
    });
  });

  it("starts at a person's first marked session (an absence counts), skips cancelled sessions, and only counts starters in the period", () => {
    const sessions = [held(0), session("g1-cancel", "2027-03-05T23:00:00Z", "cancelled"), held(1), held(2), held(3)];
    const marks = [
      mark("g1-s0", "ana", "present"),
      mark("g1-s1", "ana", "absent"),
      mark("g1-s2", "ana", "late"),
      mark("g1-s1", "ben", "absent"), // starts at s1 with an absence
      mark("g1-s2", "ben", "excused"),
      mark("g1-s3", "ben", "present"),
      mark("g1-cancel", "cy", "present"), // only a cancelled session: never started
    ];
    const range = periodRange({ from: "2027-03-01", to: "2027-04-01" }, NY);
    const starters = startersFromFacts(sessions, marks, range, rule);
    const byUser = Object.fromEntries(starters.map((s) => [s.userId, s.flags]));
    expect(byUser).toEqual({ ana: [true, false, true], ben: [false, false, true] });
    expect(retentionFigures(starters, rule)).toMatchObject({ retained: 1, notRetained: 1, rate: 0.5 });
    // In April nobody started.
    expect(startersFromFacts(sessions, marks, periodRange({ from: "2027-04-01", to: "2027-05-01" }, NY), rule)).toEqual([]);
  });

  it("counts only a starter's own sessions in a group of cohorts (another cohort's session is theirs only with a mark)", () => {
    // s0, s2 are cohort A's (ana); s1, s3 cohort B's. Ana also visited s3.
    const sessions = [held(0), held(1), held(2), held(3)];
    const marks = [mark("g1-s0", "ana", "present"), mark("g1-s2", "ana", "present"), mark("g1-s3", "ana", "late")];
    const cohortA = new Set(["g1-s0", "g1-s2"]);
    const own = (s: { id: string }, userId: string) => (userId === "ana" ? cohortA.has(s.id) : !cohortA.has(s.id));
    const range = periodRange({ from: "2027-03-01", to: "2027-04-01" }, NY);
    expect(startersFromFacts(sessions, marks, range, rule, own).map((s) => s.flags)).toEqual([[true, true, true]]);
    // Every session counted as hers: s1 reads as missed.
    expect(startersFromFacts(sessions, marks, range, rule).map((s) => s.flags)).toEqual([[true, false, true]]);
  });
});

describe("waitlist, referrals, feedback, goals", () => {
  const range = periodRange({ from: "2027-03-01", to: "2027-04-01" }, NY);
  it("median days to a seat for people seated in the period", () => {
    const f = daysToSeat(
      [
        { queuedAt: at("2027-02-20T12:00:00Z"), promotedAt: at("2027-03-02T12:00:00Z") }, // 10 days
        { queuedAt: at("2027-03-01T12:00:00Z"), promotedAt: at("2027-03-05T12:00:00Z") }, // 4 days
        { queuedAt: at("2027-03-01T12:00:00Z"), promotedAt: null }, // still waiting
        { queuedAt: at("2027-01-01T12:00:00Z"), promotedAt: at("2027-02-01T12:00:00Z") }, // before the period
      ],
      range,
    );
    expect(f).toEqual({ seated: 2, medianDays: 7 });
    expect(median([5, 1, 3])).toBe(3);
    expect(median([])).toBeNull();
  });

  it("referrals made in the period and followed up (any outcome but pending)", () => {
    expect(
      referralFigures(
        [
          { referredOn: "2027-03-01", outcome: "connected" },
          { referredOn: "2027-03-31", outcome: "pending" },
          { referredOn: "2027-03-15", outcome: "no_response" },
          { referredOn: "2027-04-01", outcome: "connected" },
        ],
        { from: "2027-03-01", to: "2027-04-01" },
      ),
    ).toEqual({ made: 3, followedUp: 2, rate: 2 / 3 });
  });

  it("feedback response rate per attended mark", () => {
    expect(feedbackFigures(3, 12)).toEqual({ responses: 3, invited: 12, rate: 0.25 });
    expect(feedbackFigures(0, 0).rate).toBeNull();
  });

  it("goal achievement among goals due in the period", () => {
    expect(
      goalFigures(
        [
          { status: "achieved", targetDate: "2027-03-10" },
          { status: "active", targetDate: "2027-03-20" },
          { status: "achieved", targetDate: "2027-05-01" },
          { status: "achieved", targetDate: null },
        ],
        { from: "2027-03-01", to: "2027-04-01" },
      ),
    ).toEqual({ due: 2, achieved: 1, rate: 0.5 });
  });

  it("a goal's groups: the groups its plan names, else the groups its participant was enrolled in during the period", () => {
    const range = periodRange({ from: "2027-01-01", to: "2027-04-01" }, NY);
    const scoped = new Set(["circle"]);
    const enrolled = (groupId: string, from: string, to: string | null) => ({ groupId, startedAt: at(from), endedAt: to ? at(to) : null });
    const goal = (plannedGroupIds: string[], enrolments: ReturnType<typeof enrolled>[]) => ({ status: "active", targetDate: "2027-02-01", plannedGroupIds, enrolments });
    // Named in the plan: the named groups only, wherever the person is enrolled.
    expect(goalInGroups(goal(["circle"], []), scoped, range)).toBe(true);
    expect(goalInGroups(goal(["budgeting"], [enrolled("circle", "2026-12-01T15:00:00Z", null)]), scoped, range)).toBe(false);
    // No group named: enrolled in the group at some time in the period.
    expect(goalInGroups(goal([], [enrolled("circle", "2026-12-01T15:00:00Z", null)]), scoped, range)).toBe(true);
    expect(goalInGroups(goal([], [enrolled("circle", "2026-10-01T15:00:00Z", "2026-12-20T15:00:00Z")]), scoped, range)).toBe(false); // left before
    expect(goalInGroups(goal([], [enrolled("circle", "2027-04-01T05:00:00Z", null)]), scoped, range)).toBe(false); // joined after (midnight 1 April NY)
    expect(goalInGroups(goal([], [enrolled("circle", "2027-03-31T20:00:00Z", null)]), scoped, range)).toBe(true); // joined on the last evening
    expect(goalInGroups(goal([], [enrolled("budgeting", "2026-12-01T15:00:00Z", null)]), scoped, range)).toBe(false);
  });
});

describe("goalStay: the stay of an enrolment a goal belongs to", () => {
  const first = { startedAt: at("2027-02-25T15:00:00Z"), endedAt: at("2027-03-18T15:00:00Z") };
  const row = { createdAt: first.startedAt, restartedAt: at("2027-04-01T15:00:00Z"), earlierStays: [first], endedAt: null };
  it("a goal written in the first stay belongs to it (up to the withdrawal); one written after it to the second", () => {
    expect(goalStay(at("2027-03-01T15:00:00Z"), row)).toEqual(first);
    expect(goalStay(at("2027-03-18T15:00:00Z"), row)).toEqual(first); // written at the withdrawal
    expect(goalStay(at("2027-04-05T15:00:00Z"), row)).toEqual({ startedAt: row.restartedAt, endedAt: null });
    // Written between the stays (an intake goal set just before the person rejoins): the next stay's.
    expect(goalStay(at("2027-03-25T15:00:00Z"), row)).toEqual({ startedAt: row.restartedAt, endedAt: null });
    // A first stay's goal is then not in the second stay's months.
    const april = periodRange({ from: "2027-04-01", to: "2027-05-01" }, NY);
    const fact = (goalCreatedAt: string) => ({ status: "achieved", targetDate: "2027-04-15", plannedGroupIds: [], enrolments: [{ groupId: "circle", ...goalStay(at(goalCreatedAt), row) }] });
    expect(goalInGroups(fact("2027-03-01T15:00:00Z"), new Set(["circle"]), april)).toBe(false);
    expect(goalInGroups(fact("2027-04-05T15:00:00Z"), new Set(["circle"]), april)).toBe(true);
  });

  it("three stays: each earlier stay keeps its own bounds, so the time between the first two is in neither; a goal written in a gap is the next stay's", () => {
    const second = { startedAt: at("2027-03-10T15:00:00Z"), endedAt: at("2027-03-25T15:00:00Z") };
    const third = { createdAt: at("2027-02-01T15:00:00Z"), restartedAt: at("2027-04-10T15:00:00Z"), endedAt: null };
    const stays = [{ startedAt: third.createdAt, endedAt: at("2027-02-20T15:00:00Z") }, second];
    // Given in either order: chosen by when each began.
    for (const earlierStays of [stays, [...stays].reverse()]) {
      const r = { ...third, earlierStays };
      expect(goalStay(at("2027-02-05T15:00:00Z"), r)).toEqual(stays[0]);
      expect(goalStay(at("2027-03-01T15:00:00Z"), r)).toEqual(second); // between the first two: the next one
      expect(goalStay(at("2027-03-12T15:00:00Z"), r)).toEqual(second);
      expect(goalStay(at("2027-01-20T15:00:00Z"), r)).toEqual(stays[0]); // before any: the first
      expect(goalStay(at("2027-04-12T15:00:00Z"), r)).toEqual({ startedAt: third.restartedAt, endedAt: null });
    }
    // The first stay's goal, due in the gap between the first two stays, is in no stay then.
    const gap = periodRange({ from: "2027-02-22", to: "2027-03-08" }, NY);
    const fact = { status: "active", targetDate: "2027-03-01", plannedGroupIds: [], enrolments: [{ groupId: "circle", ...goalStay(at("2027-02-05T15:00:00Z"), { ...third, earlierStays: stays }) }] };
    expect(goalInGroups(fact, new Set(["circle"]), gap)).toBe(false);
  });

  it("one stay (or a re-registration after a declined offer, no earlier stay): the row's current stay", () => {
    expect(goalStay(at("2027-03-01T15:00:00Z"), { ...row, restartedAt: null, earlierStays: [] })).toEqual({ startedAt: row.createdAt, endedAt: null });
    expect(goalStay(at("2027-03-01T15:00:00Z"), { ...row, earlierStays: [] })).toEqual({ startedAt: row.restartedAt, endedAt: null });
  });
});

describe("outcomes: change from baseline, suppressed below 5 people", () => {
  const m = (participantId: string, phase: MeasureFact["phase"], score: number, measuredOn: string, domain: MeasureFact["domain"] = "quality_of_life"): MeasureFact => ({
    participantId,
    domain,
    phase,
    score,
    measuredOn,
  });
  const period = { from: "2027-01-01", to: "2027-04-01" };

  it("uses the earliest intake and the latest later measure in the period", () => {
    const changes = personChanges(
      [
        m("ana", "intake", 2, "2026-10-01"),
        m("ana", "intake", 3, "2026-11-01"), // a second intake is not the baseline
        m("ana", "interval", 3, "2027-01-15"),
        m("ana", "exit", 5, "2027-03-20"),
        m("ana", "interval", 1, "2027-04-02"), // after the period
        m("ben", "interval", 4, "2027-02-01"), // no baseline
        m("cy", "intake", 3, "2027-01-05"), // no later measure
      ],
      period,
    );
    expect(changes).toEqual([
      { participantId: "ana", domain: "quality_of_life", baseline: 2, baselineOn: "2026-10-01", latest: 5, latestOn: "2027-03-20", change: 3 },
    ]);
  });

  it("shows means only when at least five people are behind them", () => {
    const four = ["a", "b", "c", "d"].flatMap((p, i) => [m(p, "intake", 2, "2026-12-01"), m(p, "exit", 3 + (i % 2), "2027-02-01")]);
    const small = outcomeChange(four, period).find((d) => d.domain === "quality_of_life")!;
    expect(small).toMatchObject({ people: 4, suppressed: true, meanChange: null, baselineMean: null });
    const five = [...four, m("e", "intake", 4, "2026-12-01"), m("e", "exit", 3, "2027-03-01")];
    const shown = outcomeChange(five, period).find((d) => d.domain === "quality_of_life")!;
    expect(shown).toMatchObject({ people: 5, suppressed: false, improved: 4 });
    expect(shown.meanChange).toBeCloseTo((1 + 2 + 1 + 2 - 1) / 5);
    expect(outcomeChange(five, period).find((d) => d.domain === "permanency")).toMatchObject({ people: 0, suppressed: true });
  });
});

describe("formatting and targets", () => {
  it("formats figures", () => {
    expect(formatFigure(0.6234, "percent")).toBe("62.3%");
    expect(formatFigure(1234, "count")).toBe("1,234");
    expect(formatFigure(12.34, "hours")).toBe("12.3 h");
    expect(formatFigure(0.5, "change")).toBe("+0.5");
    expect(formatFigure(null, "count")).toBe("—");
  });

  it("targets: percent targets are on 0–100; fewer days to a seat is better", () => {
    expect(meetsTarget("attendance_rate", 0.8, 75)).toBe(true);
    expect(meetsTarget("attendance_rate", 0.7, 75)).toBe(false);
    expect(meetsTarget("median_days_to_seat", 5, 7)).toBe(true);
    expect(meetsTarget("sessions_held", null, 7)).toBeNull();
  });
});
