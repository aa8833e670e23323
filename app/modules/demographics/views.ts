import { attendedMinutes, periodRange, type MarkStatus, type MeasureFact } from "~/modules/metrics/definitions";
import type { CustomMeasureDefinition } from "~/modules/metrics/custom-measures/change";
import type { Profile } from "./dimensions";
import type { FunderFacts } from "./funder-report";
import { calendarPeriod, containedPeriods, type FunderPeriod } from "./periods";
import type { RaceCategory } from "./schema";
import { DateTime } from "luxon";

/**
 * Everything a funder report of one calendar year reads, for every program, read once (see
 * loadFunderReport): a report and the reports it is compared with (comparedScopes) are then cut
 * from it in memory. Pure.
 */
export type YearFacts = {
  marks: { userId: string; programId: string; status: MarkStatus; arrivedAt: Date | null; leftAt: Date | null; startsAt: Date; endsAt: Date }[];
  sessions: { programId: string; startsAt: Date; minutes: number }[];
  ended: { userId: string; programId: string; completed: boolean; endedOn: string }[];
  /** Each person's first enrolment or attendance in the organisation (null: none). */
  firstAt: ReadonlyMap<string, Date | null>;
  profiles: ReadonlyMap<string, Profile>;
  /** Outcome scores of the year's people, measured before the year's end, with their program. */
  scores: (MeasureFact & { programId: string })[];
  customMeasures: CustomMeasureDefinition[];
  races: readonly RaceCategory[];
};

/** A report's view: a whole period and one program or all (null). */
export type ReportScope = { period: FunderPeriod; programId: string | null };

/** The facts of one report, cut from its year's facts. */
export function factsFor(year: YearFacts, scope: ReportScope, zone: string): FunderFacts {
  const { period, programId } = scope;
  const range = periodRange(period, zone);
  const inProgram = (id: string) => programId === null || id === programId;
  const inPeriod = (at: Date) => at.getTime() >= range.start.getTime() && at.getTime() < range.end.getTime();
  const served = new Map<string, { attendances: number; minutes: number }>();
  for (const m of year.marks) {
    if (!inProgram(m.programId) || !inPeriod(m.startsAt)) continue;
    const p = served.get(m.userId) ?? { attendances: 0, minutes: 0 };
    p.attendances += 1;
    p.minutes += attendedMinutes({ status: m.status, arrivedAt: m.arrivedAt, leftAt: m.leftAt }, { startsAt: m.startsAt, endsAt: m.endsAt });
    served.set(m.userId, p);
  }
  const ended = new Map<string, boolean>();
  for (const e of year.ended) {
    if (!inProgram(e.programId) || e.endedOn < period.from || e.endedOn >= period.to) continue;
    ended.set(e.userId, (ended.get(e.userId) ?? false) || e.completed);
  }
  const delivered = year.sessions.filter((x) => inProgram(x.programId) && inPeriod(x.startsAt));
  return {
    period,
    served: [...served].map(([userId, p]) => ({ userId, isNew: (year.firstAt.get(userId)?.getTime() ?? 0) >= range.start.getTime(), ...p })),
    ended: [...ended].map(([userId, completed]) => ({ userId, completed })),
    profiles: year.profiles,
    outcomeScores: year.scores.filter((m) => inProgram(m.programId) && m.measuredOn < period.to && served.has(m.participantId)),
    customMeasures: year.customMeasures,
    sessionsDelivered: delivered.length,
    hoursDelivered: delivered.reduce((sum, x) => sum + x.minutes, 0) / 60,
    races: year.races,
  };
}

/** The calendar year a report's period lies in (its first day's year). */
export function yearOf(period: FunderPeriod): FunderPeriod {
  return calendarPeriod("fixed", "year", DateTime.fromISO(period.from, { zone: "UTC" }).startOf("year"));
}

/**
 * The reports this one is compared with (see buildFunderReport's `compared`), so that every two
 * reachable reports one inside the other are compared exactly once:
 *
 * - a single program's report with all programs' report of the same period (the program's
 *   report hides the difference: both cover a period that has ended, so neither changes later);
 * - a year's report with each of its quarters, for the same program, and — for all programs —
 *   for each program (the year hides the difference: it is reported only after its quarters, so
 *   what a quarter's report showed never changes).
 */
export function comparedScopes(scope: ReportScope, programIds: readonly string[]): ReportScope[] {
  const out: ReportScope[] = [];
  if (scope.programId !== null) out.push({ period: scope.period, programId: null });
  const programs = scope.programId === null ? [null, ...programIds] : [scope.programId];
  for (const period of containedPeriods(scope.period)) for (const programId of programs) out.push({ period, programId });
  return out;
}
