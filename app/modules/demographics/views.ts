import { attendedMinutes, periodRange, type MarkStatus, type MeasureFact } from "~/modules/metrics/definitions";
import type { CustomMeasureDefinition } from "~/modules/metrics/custom-measures/change";
import type { Profile } from "./dimensions";
import { buildFunderReport, figureShown, protectKeyOf, rawFigures, shownFigures, shownValues, type FunderFacts, type FunderReport, type Layout } from "./funder-report";
import { MIN_CELL } from "~/modules/metrics/definitions";
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

/** A scope's key: its period and "all" or the program's id. */
export const scopeKey = (s: ReportScope) => `${s.period.from}|${s.period.to}|${s.programId ?? "all"}`;

/**
 * Every report of a year — the year and its four quarters, for all programs and for each
 * program — suppressed jointly, so that no sum of reports reveals a figure one of them hides
 * (findings F1, F1b). Two families of reports add up:
 *
 * - all programs = the sum of the programs, for each period;
 * - a year = the sum of its quarters, for all programs and for each program.
 *
 * For every figure (each row's people, new, continuing, sessions attended, hours, completed,
 * ended, not completed, outcome people and mean change × people), when a family's whole shows it
 * for at least one person and exactly one part hides it, whole − the parts shown would be that
 * part's figure (a whole of 0 people says every part is 0 already). Then:
 * across programs another program's same figure is hidden — the smallest that holds, with the
 * hidden one, at least MIN_CELL people, else the largest shown — and the whole's only when no
 * other program shows it (so all programs' report keeps its figures); across quarters the
 * year's figure is hidden (a quarter's report is produced, and frozen, before its year's). Each
 * figure hidden this way is protected like a small cell (buildFunderReport `protect`: its
 * complement in its own report is hidden too), and the reports are rebuilt until no family has
 * exactly one part hidden. It ends: every round hides at least one more figure.
 *
 * `fixed` are reports already produced and stored (queries.server.ts: a report never changes once
 * produced); they are used as they are and never chosen to hide more, and a year hides what
 * changed in a stored quarter since it was stored (see below). Pure.
 */
export function yearReports(
  year: YearFacts,
  yearPeriod: FunderPeriod,
  programIds: readonly string[],
  zone: string,
  layout: Layout,
  fixed: ReadonlyMap<string, FunderReport>,
): Map<string, FunderReport> {
  const periods = [yearPeriod, ...containedPeriods(yearPeriod)];
  const programsOf = [null, ...programIds];
  const scopes = periods.flatMap((period) => programsOf.map((programId): ReportScope => ({ period, programId })));
  const facts = new Map(scopes.map((s) => [scopeKey(s), factsFor(year, s, zone)]));
  const raw = new Map([...facts].map(([k, f]) => [k, rawFigures(f, layout)]));
  const protect = new Map<string, Set<string>>(scopes.map((s) => [scopeKey(s), new Set<string>()]));
  type Family = { whole: ReportScope; parts: ReportScope[]; prefer: "part" | "whole" };
  const families: Family[] = [
    ...(programIds.length ? periods.map((period): Family => ({ whole: { period, programId: null }, parts: programIds.map((programId) => ({ period, programId })), prefer: "part" })) : []),
    ...programsOf.map((programId): Family => ({ whole: { period: yearPeriod, programId }, parts: containedPeriods(yearPeriod).map((period) => ({ period, programId })), prefer: "whole" })),
  ];
  // A quarter stored before records of it changed (late attendance, answers, scores): the year,
  // built from today's records, would show the change as year − the quarters shown. The year
  // hides each figure in which a stored quarter's shown figure and today's differ (people by 1 to
  // 4; sessions, hours and outcome change by any amount).
  for (const family of families) {
    const wholeKey = scopeKey(family.whole);
    if (family.prefer !== "whole" || fixed.has(wholeKey)) continue;
    for (const part of family.parts.map(scopeKey)) {
      const stored = fixed.get(part);
      if (!stored) continue;
      for (const [key, value] of shownValues(stored)) {
        const diff = Math.abs((raw.get(part)!.get(key) ?? 0) - value);
        const countsPeople = !/\|(attendances|hours|outcomeChange:.*)$/.test(key);
        if (diff > 1e-9 && (!countsPeople || diff < MIN_CELL)) protect.get(wholeKey)!.add(protectKeyOf(key));
      }
    }
  }
  for (;;) {
    const built = new Map<string, FunderReport>();
    const reportOf = (s: ReportScope): FunderReport => {
      const key = scopeKey(s);
      let r = built.get(key) ?? fixed.get(key);
      if (!r) {
        const compared = comparedScopes(s, programIds).map((c) => shownFigures(reportOf(c)));
        r = buildFunderReport(facts.get(key)!, { layout, compared, protect: protect.get(key) });
      }
      built.set(key, r);
      return r;
    };
    const shown = new Map(scopes.map((s) => [scopeKey(s), figureShown(reportOf(s))]));
    let added = 0;
    for (const family of families) {
      const wholeKey = scopeKey(family.whole);
      const partKeys = family.parts.map(scopeKey);
      for (const [key, wholeShown] of shown.get(wholeKey)!) {
        if (!wholeShown) continue;
        const target = protectKeyOf(key);
        // A whole of 0 people says every part is 0: whole − the parts shown reveals nothing more.
        if ((raw.get(wholeKey)!.get(target) ?? 0) === 0) continue;
        // A stored part without this row (its year listed other ZIP areas then) hides it too.
        const hidden = partKeys.filter((p) => shown.get(p)!.get(key) === false || (fixed.has(p) && !shown.get(p)!.has(key)));
        if (hidden.length !== 1) continue;
        const hiddenPeople = raw.get(hidden[0])!.get(target) ?? 0;
        const open = partKeys.filter((p) => p !== hidden[0] && !fixed.has(p) && shown.get(p)!.get(key) === true);
        const enough = open
          .map((p) => ({ p, n: raw.get(p)!.get(target) ?? 0 }))
          .filter((x) => x.n > 0 && x.n + hiddenPeople >= MIN_CELL)
          .sort((a, b) => a.n - b.n)[0]?.p;
        const largest = open.sort((a, b) => (raw.get(b)!.get(target) ?? 0) - (raw.get(a)!.get(target) ?? 0))[0];
        const choice = family.prefer === "whole" && !fixed.has(wholeKey) ? wholeKey : (enough ?? largest ?? (!fixed.has(wholeKey) ? wholeKey : undefined));
        if (choice === undefined || protect.get(choice)!.has(target)) continue;
        protect.get(choice)!.add(target);
        added++;
      }
    }
    if (added === 0) return built;
  }
}
