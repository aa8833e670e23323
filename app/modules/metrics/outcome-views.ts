import { addMonths, MIN_CELL, OUTCOME_DOMAINS, summariseDomains, type DomainChange, type MeasureFact } from "./definitions";
import { isImprovement, measureColumns, type CustomMeasureChange, type CustomMeasureDefinition } from "./custom-measures/change";

/**
 * Outcome-measure figures that cannot be subtracted (finding HN1). Pure: the scores, the
 * organisation's measures and programs and `today` (in the organisation's zone) are arguments.
 *
 * The figures (people, mean at baseline, mean latest, mean change, improved) are offered only for
 * a whole calendar quarter or year that has ended, for all programs or one program — never for
 * free dates, a period still running, a group or a facilitator (a group or a facilitator is a set
 * of programs, and two free periods a day apart differ by whoever was measured that day). Every
 * such view of every year is built here at once and suppressed jointly, per domain or measure:
 *
 * - a view of 1 to 4 people shows only that there were fewer than 5 (as before);
 * - any two views whose people differ by 1 to 4 — people in one and not the other, or whose
 *   baseline or latest score differs between them — do not both show: the later-ending period
 *   hides (a year rather than its quarters; its figures may already have been printed), else the
 *   single program rather than all programs, else the smaller;
 * - all programs and the programs of a period, and a year and its quarters, add up: whenever the
 *   whole is shown and exactly one part is hidden, or the whole and the parts shown differ by 1
 *   to 4 people, another program is hidden (the smallest holding someone; all programs' figures
 *   when none is left) or, for quarters, the year.
 *
 * A view of 1 to 4 people sends no count (null, `suppressed`), only that there were fewer than 5;
 * a view hidden for the second or third reason shows no count at all ("not shown"), so that
 * its people cannot be subtracted either. It ends: every round hides one more figure.
 */

export type ScoredFact = MeasureFact & { programId: string };

export type OutcomePeriod = { key: string; label: string; kind: "quarter" | "year"; from: string; to: string };

/** Why a view has no outcome figures: free dates or a rolling period, a period not ended yet, a group or facilitator filter. */
export type OutcomeWithheld = "period" | "running" | "scope";

/** A domain's or measure's figures as a view shows them: `complementary` hides everything, the count too (people null); 1 to 4 people (`suppressed`) send no count or mean either. */
export type ShownDomainChange = Omit<DomainChange, "people"> & { people: number | null; complementary: boolean };
export type ShownCustomChange = Omit<CustomMeasureChange, "people"> & { people: number | null; complementary: boolean };
export type OutcomeTable = { outcomes: ShownDomainChange[]; customOutcomes: ShownCustomChange[] };

/** The whole calendar quarter or year a period (from … to, `to` the day after) is, or null. */
export function wholeOutcomePeriod(period: { from: string; to: string }): OutcomePeriod | null {
  const m = /^(\d{4})-(\d{2})-01$/.exec(period.from);
  if (!m) return null;
  const month = Number(m[2]);
  if (month === 1 && period.to === `${Number(m[1]) + 1}-01-01`) return { key: m[1], label: m[1], kind: "year", from: period.from, to: period.to };
  if ((month - 1) % 3 === 0 && period.to === addMonths(period.from, 3)) return { key: `${m[1]}-Q${(month - 1) / 3 + 1}`, label: `${m[1]} Q${(month - 1) / 3 + 1}`, kind: "quarter", from: period.from, to: period.to };
  return null;
}

/** Why a metrics view shows no outcome figures, or null when it shows them. */
export function outcomeViewProblem(view: { period: { from: string; to: string }; groupId: string | null; facilitatorId: string | null }, today: string): OutcomeWithheld | null {
  if (view.groupId || view.facilitatorId) return "scope";
  const whole = wholeOutcomePeriod(view.period);
  if (!whole) return "period";
  return whole.to > today ? "running" : null;
}

/** The last whole quarter that has ended by `today` (what the withheld message offers instead). */
export function lastEndedQuarter(today: string): OutcomePeriod {
  const [y, m] = today.split("-").map(Number);
  const first = `${y}-${String(Math.floor((m - 1) / 3) * 3 + 1).padStart(2, "0")}-01`;
  return wholeOutcomePeriod({ from: addMonths(first, -3), to: first })!;
}

/** Every quarter and year that has ended by `today`, from the first year with a score. */
export function reachablePeriods(facts: readonly { measuredOn: string }[], today: string): OutcomePeriod[] {
  if (facts.length === 0) return [];
  const firstYear = Number(facts.reduce((a, f) => (f.measuredOn < a ? f.measuredOn : a), facts[0].measuredOn).slice(0, 4));
  const out: OutcomePeriod[] = [];
  for (let y = firstYear; `${y}-01-01` < today; y++) {
    const year = wholeOutcomePeriod({ from: `${y}-01-01`, to: `${y + 1}-01-01` })!;
    if (year.to <= today) out.push(year);
    for (let q = 0; q < 4; q++) {
      const from = `${y}-${String(q * 3 + 1).padStart(2, "0")}-01`;
      const quarter = wholeOutcomePeriod({ from, to: addMonths(from, 3) })!;
      if (quarter.to <= today) out.push(quarter);
    }
  }
  return out;
}

/** A view's key: its period and "all" or the program's id. */
export const outcomeViewKey = (periodKey: string, programId: string | null) => `${periodKey}|${programId ?? "all"}`;

type View = { key: string; period: OutcomePeriod; programId: string | null };
/** Per person behind a figure: baseline, latest, improved (1 or 0), how many times counted. */
type Contribution = [number, number, number, number];
type Column = { key: string; improvedWhen: (baseline: number, latest: number) => boolean };

/**
 * How many people a reader could single out from the difference of two known sums of
 * contributions (counted up to MIN_CELL: only whether it is 1 to 4 matters).
 */
function differing(a: ReadonlyMap<string, Contribution>, b: ReadonlyMap<string, Contribution>): number {
  // At least the difference in size: five or more apart needs no look at anyone.
  if (Math.abs(a.size - b.size) >= MIN_CELL) return MIN_CELL;
  let n = 0;
  for (const [id, x] of a) {
    const y = b.get(id);
    if (!y || x[0] !== y[0] || x[1] !== y[1] || x[2] !== y[2] || x[3] !== y[3]) n++;
    if (n >= MIN_CELL) return n;
  }
  for (const id of b.keys()) {
    if (!a.has(id)) n++;
    if (n >= MIN_CELL) return n;
  }
  return n;
}

function sumOf(maps: ReadonlyMap<string, Contribution>[]): Map<string, Contribution> {
  const out = new Map<string, Contribution>();
  for (const m of maps) {
    for (const [id, c] of m) {
      const s = out.get(id) ?? [0, 0, 0, 0];
      out.set(id, [s[0] + c[0], s[1] + c[1], s[2] + c[2], s[3] + c[3]]);
    }
  }
  return out;
}

const small = (people: number) => people > 0 && people < MIN_CELL;

/**
 * The count a view sends for a domain or measure it shows: 1 to 4 people read "fewer than 5" and
 * send no count either (null), so the page's data, CSV and printout never hold the small number.
 */
const countShown = (people: number): number | null => (small(people) ? null : people);

/**
 * The outcome table of every reachable view (reachablePeriods × all programs and each program),
 * suppressed jointly (see the top of this file), by outcomeViewKey.
 */
export function jointOutcomeViews(facts: readonly ScoredFact[], definitions: CustomMeasureDefinition[], programIds: readonly string[], today: string): Map<string, OutcomeTable> {
  const periods = reachablePeriods(facts, today);
  const views: View[] = periods.flatMap((period) => [null, ...programIds].map((programId) => ({ key: outcomeViewKey(period.key, programId), period, programId })));
  const columns: Column[] = [
    ...OUTCOME_DOMAINS.map((d) => ({ key: d, improvedWhen: (b: number, l: number) => l > b })),
    ...definitions.map((d) => ({ key: `measure:${d.id}`, improvedWhen: (b: number, l: number) => isImprovement(b, l, d.higherIsBetter) })),
  ];
  const columnOf = (f: { domain: string; measureId?: string | null }) => (f.domain === "other" ? `measure:${f.measureId}` : f.domain);
  const improvedWhen = new Map(columns.map((c) => [c.key, c.improvedWhen]));
  // Each scope's scores per person and column, read once: the baseline (definitions.personChanges:
  // the earliest intake) and the later scores in their order, from which each period picks its latest.
  type Track = { participantId: string; column: string; baseline: MeasureFact | null; later: MeasureFact[] };
  const tracksOf = (programId: string | null) => {
    const tracks = new Map<string, Track>();
    for (const f of facts) {
      if (programId !== null && f.programId !== programId) continue;
      const column = columnOf(f);
      if (!improvedWhen.has(column)) continue;
      const key = `${f.participantId}|${column}`;
      let t = tracks.get(key);
      if (!t) tracks.set(key, (t = { participantId: f.participantId, column, baseline: null, later: [] }));
      if (f.phase !== "intake") t.later.push(f);
      else if (!t.baseline || f.measuredOn < t.baseline.measuredOn) t.baseline = f;
    }
    return [...tracks.values()].filter((t) => t.baseline !== null && t.later.length > 0);
  };
  const tracks = new Map([null, ...programIds].map((id) => [id ?? "all", tracksOf(id)]));
  // Each view's contributions per column (definitions.personChanges, period by period).
  const contributions = new Map<string, Map<string, Map<string, Contribution>>>();
  for (const v of views) {
    const byColumn = new Map<string, Map<string, Contribution>>(columns.map((c) => [c.key, new Map()]));
    for (const t of tracks.get(v.programId ?? "all")!) {
      const base = t.baseline!;
      let latest: MeasureFact | null = null;
      for (const m of t.later) {
        if (m.measuredOn < v.period.from || m.measuredOn >= v.period.to || m.measuredOn < base.measuredOn) continue;
        if (!latest || m.measuredOn > latest.measuredOn || (m.measuredOn === latest.measuredOn && m.phase === "exit")) latest = m;
      }
      if (!latest) continue;
      byColumn.get(t.column)!.set(t.participantId, [base.score, latest.score, improvedWhen.get(t.column)!(base.score, latest.score) ? 1 : 0, 1]);
    }
    contributions.set(v.key, byColumn);
  }
  // hidden: view key → column → why.
  const hidden = new Map<string, Map<string, "small" | "complementary">>(views.map((v) => [v.key, new Map()]));
  const families: { whole: View; parts: View[]; hideWhole: boolean }[] = [
    ...(programIds.length
      ? periods.map((period) => ({
          whole: views.find((v) => v.period === period && v.programId === null)!,
          parts: views.filter((v) => v.period === period && v.programId !== null),
          hideWhole: false,
        }))
      : []),
    ...periods
      .filter((p) => p.kind === "year")
      .flatMap((year) =>
        [null, ...programIds].map((programId) => ({
          whole: views.find((v) => v.period === year && v.programId === programId)!,
          parts: views.filter((v) => v.period.kind === "quarter" && v.period.from >= year.from && v.period.to <= year.to && v.programId === programId),
          hideWhole: true,
        })),
      ),
  ];
  /** Of two views that must not both show, the one that hides (see the top of this file). */
  const hides = (a: View, b: View, column: string): View => {
    if (a.period.to !== b.period.to) return a.period.to > b.period.to ? a : b;
    if (a.period.kind !== b.period.kind) return a.period.kind === "year" ? a : b;
    if ((a.programId === null) !== (b.programId === null)) return a.programId === null ? b : a;
    const na = contributions.get(a.key)!.get(column)!.size;
    const nb = contributions.get(b.key)!.get(column)!.size;
    if (na !== nb) return na < nb ? a : b;
    return a.key > b.key ? a : b;
  };
  for (const column of columns) {
    const people = (v: View) => contributions.get(v.key)!.get(column.key)!;
    const isHidden = (v: View) => hidden.get(v.key)!.has(column.key);
    const hide = (v: View) => hidden.get(v.key)!.set(column.key, "complementary");
    for (const v of views) if (small(people(v).size)) hidden.get(v.key)!.set(column.key, "small");
    const candidates = views.filter((v) => people(v).size > 0);
    for (;;) {
      let added = 0;
      for (let i = 0; i < candidates.length; i++) {
        for (let j = i + 1; j < candidates.length; j++) {
          const a = candidates[i];
          const b = candidates[j];
          if (isHidden(a) || isHidden(b)) continue;
          const d = differing(people(a), people(b));
          if (d > 0 && d < MIN_CELL) {
            hide(hides(a, b, column.key));
            added++;
          }
        }
      }
      for (const f of families) {
        if (isHidden(f.whole) || people(f.whole).size === 0) continue;
        const hiddenParts = f.parts.filter((p) => isHidden(p) && people(p).size > 0);
        const shownParts = f.parts.filter((p) => !isHidden(p));
        const d = differing(people(f.whole), sumOf(shownParts.map(people)));
        if (hiddenParts.length !== 1 && !(d > 0 && d < MIN_CELL)) continue;
        const another = shownParts.filter((p) => people(p).size > 0).sort((x, y) => people(x).size - people(y).size)[0];
        hide(f.hideWhole || !another ? f.whole : another);
        added++;
      }
      if (added === 0) break;
    }
  }
  const out = new Map<string, OutcomeTable>();
  for (const v of views) {
    const why = hidden.get(v.key)!;
    const sums = (column: string) => {
      const people = [...contributions.get(v.key)!.get(column)!.values()];
      return { people: people.length, baselineSum: people.reduce((a, c) => a + c[0], 0), latestSum: people.reduce((a, c) => a + c[1], 0), improved: people.reduce((a, c) => a + c[2], 0) };
    };
    const withheld = { people: null, suppressed: true, complementary: true, baselineMean: null, latestMean: null, meanChange: null, improved: null } as const;
    const outcomes = summariseDomains(OUTCOME_DOMAINS.map((domain) => ({ domain, ...sums(domain) }))).map(
      (d): ShownDomainChange => (why.get(d.domain) === "complementary" ? { ...d, ...withheld } : { ...d, people: countShown(d.people), complementary: false }),
    );
    const customOutcomes = definitions
      // As customMeasureChange: a retired measure is listed only when someone has figures in the period.
      .filter((d) => !d.retired || sums(`measure:${d.id}`).people > 0)
      .map((d): ShownCustomChange => {
        const column = `measure:${d.id}`;
        const { people, baselineSum, latestSum, improved } = sums(column);
        const suppressed = people < MIN_CELL;
        const change: ShownCustomChange = {
          ...measureColumns(d),
          people: countShown(people),
          suppressed,
          baselineMean: suppressed ? null : baselineSum / people,
          latestMean: suppressed ? null : latestSum / people,
          meanChange: suppressed ? null : (latestSum - baselineSum) / people,
          improved: suppressed ? null : improved,
          complementary: false,
        };
        return why.get(column) === "complementary" ? { ...change, ...withheld } : change;
      });
    out.set(v.key, { outcomes, customOutcomes });
  }
  return out;
}

/** Why a view has no outcome figures, in English (the CSV's one row; pages name it from the catalog, metrics.outcomes.withheld). */
export const OUTCOMES_WITHHELD: Record<OutcomeWithheld, string> = {
  period:
    "Outcome figures are shown only for a whole calendar quarter or year that has ended, for all programs or one program, so that no two views can be subtracted to work out one person's scores. Choose a quarter or year, or see the funder report.",
  running:
    "Outcome figures for a quarter or year are shown once it has ended: until then they change as each person is measured, and two days' figures could be subtracted to work out one person's scores.",
  scope:
    "Outcome figures are shown for all programs or one program, never for a group or a facilitator: a group's or facilitator's programs could be subtracted from another view to work out one person's scores.",
};
