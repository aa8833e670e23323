import { outcomeChange, type MeasureFact } from "~/modules/metrics/definitions";
import { customMeasureChange, type CustomMeasureDefinition } from "~/modules/metrics/custom-measures/change";
import { cellOf, cellsOf, DIMENSION_KEYS, DIMENSION_LABELS, OTHER_ZIP, type Cell, type DimensionKey, type Profile } from "./dimensions";
import type { RaceCategory } from "./schema";
import { suppressCells } from "./suppression";
import { MIN_CELL } from "~/modules/metrics/definitions";

/**
 * A funder report from the facts the queries read: who was served, who was new, attendance,
 * how enrolments ended, outcome scores — broken down by every demographic dimension, with small
 * cells and their complements suppressed (suppression.ts). Outcome change is computed by the
 * metrics module's own definitions (outcomeChange, customMeasureChange), per cell. Pure.
 *
 * No two reports can be subtracted: a report is built with the raw counts of the reports it is
 * compared with (`compared`, views.ts comparedScopes: a single program's report with all
 * programs' for the same period; a year's with each of its quarters). Any figure of this report
 * that differs from the same figure of one of those by 1 to 4 is hidden (and protected like a
 * small cell, so it cannot be worked out from the total either). Every report uses the same rows
 * as its year for all programs (`layout`: the ZIP areas listed, the retired race categories) and
 * takes age on the year's first day, so the same person is in the same row of every report of
 * that year; and the same outcome columns (those of the year for all programs).
 */
export type ServedPerson = { userId: string; isNew: boolean; attendances: number; minutes: number };
export type EndedPerson = { userId: string; completed: boolean };

export type FunderFacts = {
  period: { from: string; to: string; last: string };
  served: ServedPerson[];
  ended: EndedPerson[];
  profiles: ReadonlyMap<string, Profile>;
  outcomeScores: MeasureFact[];
  customMeasures: CustomMeasureDefinition[];
  sessionsDelivered: number;
  hoursDelivered: number;
  races: readonly RaceCategory[];
};

/** A figure as shown: its value, or why it is not shown. */
export type Figure = { value: number | null; hidden: "small" | "complementary" | null };
export type OutcomeColumn = { key: string; label: string };

export type ReportRow = {
  key: string;
  label: string;
  people: Figure;
  newPeople: Figure;
  continuing: Figure;
  attendances: Figure;
  hours: Figure;
  completed: Figure;
  ended: Figure;
  /** completed ÷ ended, only when both are shown. */
  completionRate: number | null;
  /** Mean change from baseline per outcome column (people behind it in `outcomePeople`). */
  outcomes: Figure[];
  outcomePeople: Figure[];
};
export type DimensionTable = { key: DimensionKey; label: string; rows: ReportRow[] };
export type FunderReport = {
  sessionsDelivered: number;
  hoursDelivered: number;
  total: ReportRow;
  outcomeColumns: OutcomeColumn[];
  dimensions: DimensionTable[];
};

type Group = { served: ServedPerson[]; ended: EndedPerson[]; scores: MeasureFact[] };

/** The rows of every dimension, the same for all reports of one year (see layoutOf), and the day age is taken. */
export type Layout = { ageDay: string; cells: Record<DimensionKey, Cell[]>; outcomeColumns?: OutcomeColumn[] };

/** ZIP areas with at least this many people in the year are listed; the rest are "Other ZIP codes". */
const ZIP_LISTED_FROM = 5;

/** The rows of a year's reports, from the year's facts for all programs. */
export function layoutOf(yearFacts: FunderFacts, ageDay: string): Layout {
  const people = [...new Set([...yearFacts.served.map((p) => p.userId), ...yearFacts.ended.map((p) => p.userId)])];
  const keyOf = (dimension: DimensionKey, userId: string) => cellOf(dimension, yearFacts.profiles.get(userId) ?? { demographics: null, coverage: null }, ageDay);
  const cells = Object.fromEntries(
    DIMENSION_KEYS.map((dimension) => {
      const keys = people.map((id) => keyOf(dimension, id));
      let seen = new Set(keys);
      if (dimension === "zip") seen = new Set([...seen].filter((k) => keys.filter((x) => x === k).length >= ZIP_LISTED_FROM));
      return [dimension, cellsOf(dimension, yearFacts.races, seen)];
    }),
  ) as Record<DimensionKey, Cell[]>;
  // The year's outcome columns in every report of the year: a program or quarter without anyone behind one shows 0 people, not no column.
  return { ageDay, cells, outcomeColumns: tabulate(yearFacts, { ageDay, cells }).outcomeColumns };
}

/** The cell of a person in the layout (an unlisted ZIP area is "Other ZIP codes"). */
function cellIn(layout: Layout, dimension: DimensionKey, profile: Profile): string {
  const key = cellOf(dimension, profile, layout.ageDay);
  if (dimension === "zip" && /^\d{3}$/.test(key) && !layout.cells.zip.some((c) => c.key === key)) return OTHER_ZIP;
  return key;
}

const shown = (value: number): Figure => ({ value, hidden: null });

/** The change figures of the metrics module for these scores: people and mean change per column. */
function outcomeFigures(scores: MeasureFact[], facts: FunderFacts, columns: OutcomeColumn[]) {
  const domains = outcomeChange(scores, facts.period);
  const custom = customMeasureChange(scores, facts.customMeasures, facts.period);
  return columns.map((c) => {
    const d = domains.find((x) => x.domain === c.key) ?? custom.find((x) => `measure:${x.measureId}` === c.key);
    return { people: d?.people ?? 0, meanChange: d?.meanChange ?? null };
  });
}

function countsOf(g: Group) {
  return {
    people: g.served.length,
    newPeople: g.served.filter((p) => p.isNew).length,
    continuing: g.served.filter((p) => !p.isNew).length,
    attendances: g.served.reduce((s, p) => s + p.attendances, 0),
    hours: g.served.reduce((s, p) => s + p.minutes, 0) / 60,
    completed: g.ended.filter((p) => p.completed).length,
    ended: g.ended.length,
  };
}

/**
 * The figures a reader of `report` sees, by the same keys as rawFigures: the counts shown (people,
 * new, continuing, completed, ended, and people behind each outcome column), nothing hidden.
 */
export function shownFigures(report: FunderReport): Map<string, number> {
  const out = new Map<string, number>();
  const put = (prefix: string, r: ReportRow) => {
    for (const column of ["people", "newPeople", "continuing", "completed", "ended"] as const) {
      if (r[column].hidden === null && r[column].value !== null) out.set(`${prefix}|${column}`, r[column].value);
    }
    if (r.completed.hidden === null && r.ended.hidden === null && r.completed.value !== null && r.ended.value !== null) out.set(`${prefix}|notCompleted`, r.ended.value - r.completed.value);
    report.outcomeColumns.forEach((c, j) => {
      const f = r.outcomePeople[j];
      if (f.hidden === null && f.value !== null) out.set(`${prefix}|outcome:${c.key}`, f.value);
    });
  };
  put("total", report.total);
  for (const d of report.dimensions) for (const r of d.rows) put(`${d.key}|${r.key}`, r);
  return out;
}

/** Every count of a report before suppression, by figure key. */
export function rawFigures(facts: FunderFacts, layout: Layout): Map<string, number> {
  return figuresOf(tabulate(facts, layout));
}

function figuresOf(t: ReturnType<typeof tabulate>): Map<string, number> {
  const out = new Map<string, number>();
  const put = (prefix: string, c: ReturnType<typeof countsOf>, outcomes: { people: number; meanChange: number | null }[]) => {
    for (const [column, value] of Object.entries(c)) out.set(`${prefix}|${column}`, value);
    out.set(`${prefix}|notCompleted`, c.ended - c.completed);
    t.outcomeColumns.forEach((col, j) => {
      out.set(`${prefix}|outcome:${col.key}`, outcomes[j].people);
      out.set(`${prefix}|outcomeChange:${col.key}`, (outcomes[j].meanChange ?? 0) * outcomes[j].people);
    });
  };
  put("total", t.totalCounts, t.totalOutcomes);
  for (const d of t.dimensions) d.cells.forEach((cell, i) => put(`${d.dimension}|${cell.key}`, d.counts[i], d.outcomes[i]));
  return out;
}

function tabulate(facts: FunderFacts, layout: Layout) {
  const servedIds = new Set(facts.served.map((p) => p.userId));
  const all: Group = { served: facts.served, ended: facts.ended, scores: facts.outcomeScores.filter((m) => servedIds.has(m.participantId)) };
  // Outcome columns: the five domains and the organisation's own measures that anyone served has a change for.
  const candidates: (OutcomeColumn & { people: number })[] = [
    ...outcomeChange(all.scores, facts.period).map((d) => ({ key: d.domain as string, label: d.label, people: d.people })),
    ...customMeasureChange(all.scores, facts.customMeasures, facts.period).map((m) => ({ key: `measure:${m.measureId}`, label: m.name, people: m.people })),
  ];
  const outcomeColumns = layout.outcomeColumns ?? candidates.filter((c) => c.people > 0).map(({ key, label }) => ({ key, label }));
  const dimensions = DIMENSION_KEYS.map((dimension) => {
    const keyOf = new Map<string, string>();
    const cellKey = (userId: string) => {
      let key = keyOf.get(userId);
      if (key === undefined) keyOf.set(userId, (key = cellIn(layout, dimension, facts.profiles.get(userId) ?? { demographics: null, coverage: null })));
      return key;
    };
    const cells = layout.cells[dimension];
    const groups: Group[] = cells.map((c) => ({
      served: all.served.filter((p) => cellKey(p.userId) === c.key),
      ended: all.ended.filter((p) => cellKey(p.userId) === c.key),
      scores: all.scores.filter((m) => cellKey(m.participantId) === c.key),
    }));
    return { dimension, cells, groups, counts: groups.map(countsOf), outcomes: groups.map((g) => outcomeFigures(g.scores, facts, outcomeColumns)) };
  });
  return { all, outcomeColumns, totalCounts: countsOf(all), totalOutcomes: outcomeFigures(all.scores, facts, outcomeColumns), dimensions };
}

/**
 * The report of `facts`, with the rows of `layout`, small cells and their complements hidden,
 * and every figure that differs by 1 to 4 from the same figure shown by a `compared` report
 * (shownFigures; a figure that report hides cannot be subtracted) hidden and protected, and so is
 * every figure key in `protect` (the joint suppression of views.ts yearReports: a figure hidden
 * so that the sum of reports cannot reveal another report's hidden figure).
 */
export function buildFunderReport(
  facts: FunderFacts,
  options: { layout?: Layout; compared?: readonly ReadonlyMap<string, number>[]; protect?: ReadonlySet<string> } = {},
): FunderReport {
  const layout = options.layout ?? layoutOf(facts, facts.period.last);
  const t = tabulate(facts, layout);
  const outcomeColumns = t.outcomeColumns;
  const own = options.compared?.length ? figuresOf(t) : new Map<string, number>();
  /** True when this figure and the same figure of a compared report differ by 1 to 4 people. */
  const P = (key: string) =>
    options.protect?.has(key) === true ||
    (options.compared ?? []).some((other) => {
      const theirs = other.get(key);
      if (theirs === undefined) return false;
      const diff = Math.abs(theirs - (own.get(key) ?? 0));
      return diff > 0 && diff < MIN_CELL;
    });
  const totalCounts = t.totalCounts;
  const totalOutcomes = t.totalOutcomes;

  // The total row: new and continuing add up to people, completed and not completed to ended.
  const peopleTotal = suppressCells([totalCounts.people], { protect: [P("total|people")] });
  const split = suppressCells([totalCounts.newPeople, totalCounts.continuing], { protect: [P("total|newPeople"), P("total|continuing")] });
  const endedSplit = suppressCells([totalCounts.completed, totalCounts.ended - totalCounts.completed], { protect: [P("total|completed"), P("total|notCompleted")] });
  const endedHidden = endedSplit.totalHidden || P("total|ended");
  const peopleHidden = peopleTotal.totalHidden;
  const peopleReason: Figure["hidden"] = peopleTotal.reason[0] ?? "small";
  const fig = (value: number, hidden: boolean, reason: Figure["hidden"] = "small"): Figure => (hidden ? { value: null, hidden: reason } : shown(value));
  const total: ReportRow = {
    key: "total",
    label: "All people served",
    people: fig(totalCounts.people, peopleHidden, peopleReason),
    newPeople: fig(totalCounts.newPeople, peopleHidden || split.hidden[0] || split.hidden[1], split.reason[0] ?? (peopleHidden ? peopleReason : "complementary")),
    continuing: fig(totalCounts.continuing, peopleHidden || split.hidden[0] || split.hidden[1], split.reason[1] ?? (peopleHidden ? peopleReason : "complementary")),
    attendances: fig(totalCounts.attendances, peopleHidden, peopleReason),
    hours: fig(totalCounts.hours, peopleHidden, peopleReason),
    completed: fig(totalCounts.completed, endedHidden || endedSplit.hidden[0] || endedSplit.hidden[1], endedSplit.reason[0] ?? "complementary"),
    ended: fig(totalCounts.ended, endedHidden, endedSplit.reason[0] === "small" || endedSplit.reason[1] === "small" ? "small" : "complementary"),
    completionRate: null,
    outcomes: totalOutcomes.map((o, j) => {
      const guarded = P(`total|outcome:${outcomeColumns[j].key}`);
      return fig(o.meanChange ?? 0, peopleHidden || guarded || o.people < MIN_CELL || o.meanChange === null, guarded || (peopleHidden && o.people >= MIN_CELL) ? "complementary" : "small");
    }),
    outcomePeople: totalOutcomes.map((o, j) => {
      const guarded = P(`total|outcome:${outcomeColumns[j].key}`);
      return fig(o.people, peopleHidden || guarded || (o.people > 0 && o.people < MIN_CELL), guarded || (peopleHidden && (o.people === 0 || o.people >= MIN_CELL)) ? "complementary" : "small");
    }),
  };
  total.completionRate = rateOf(total);

  const dimensions = t.dimensions.map(({ dimension, cells, counts, outcomes }): DimensionTable => {
    const guard = (column: string) => cells.map((c) => P(`${dimension}|${c.key}|${column}`));
    // A total hidden hides its column's cells too (they add up to it).
    const all = (hidden: boolean) => cells.map(() => hidden);
    const people = suppressCells(
      counts.map((c) => c.people),
      { protect: guard("people"), forced: all(peopleHidden) },
    );
    const forced = people.hidden.map((h) => h || peopleHidden);
    const newPeople = suppressCells(counts.map((c) => c.newPeople), { forced: forced.map((f) => f || total.newPeople.hidden !== null), protect: guard("newPeople") });
    const continuing = suppressCells(counts.map((c) => c.continuing), { forced: forced.map((f) => f || total.continuing.hidden !== null), protect: guard("continuing") });
    const ended = suppressCells(counts.map((c) => c.ended), { forced: all(total.ended.hidden !== null), protect: guard("ended") });
    const completedOwn = suppressCells(counts.map((c) => c.completed), { forced: ended.hidden.map((h) => h || total.completed.hidden !== null), protect: guard("completed") });
    const notCompleted = suppressCells(counts.map((c) => c.ended - c.completed), { forced: ended.hidden.map((h) => h || total.completed.hidden !== null), protect: guard("notCompleted") });
    // completed + not completed = ended (shown): a figure hidden in one is hidden in the other.
    const completed = { hidden: completedOwn.hidden.map((h, i) => h || notCompleted.hidden[i]), reason: completedOwn.reason.map((r, i) => r ?? notCompleted.reason[i]) };
    // Likewise new + continuing = people.
    const splitHidden = newPeople.hidden.map((h, i) => h || continuing.hidden[i]);
    const outcomeMasks = outcomeColumns.map((col, j) =>
      suppressCells(
        outcomes.map((o) => o[j].people),
        { forced: forced.map((f) => f || total.outcomePeople[j].hidden !== null), protect: guard(`outcome:${col.key}`) },
      ),
    );
    const at = (s: { hidden: boolean[]; reason: Figure["hidden"][] }, i: number, value: number, extra = false): Figure =>
      s.hidden[i] || extra ? { value: null, hidden: s.reason[i] ?? "complementary" } : shown(value);
    const rows = cells.map((c, i): ReportRow => {
      const row: ReportRow = {
        key: c.key,
        label: c.label,
        people: at(people, i, counts[i].people, peopleHidden),
        newPeople: at(newPeople, i, counts[i].newPeople, forced[i] || splitHidden[i]),
        continuing: at(continuing, i, counts[i].continuing, forced[i] || splitHidden[i]),
        attendances: forced[i] ? { value: null, hidden: people.reason[i] ?? "complementary" } : shown(counts[i].attendances),
        hours: forced[i] ? { value: null, hidden: people.reason[i] ?? "complementary" } : shown(counts[i].hours),
        completed: at(completed, i, counts[i].completed, ended.hidden[i]),
        ended: at(ended, i, counts[i].ended),
        completionRate: null,
        outcomes: outcomeColumns.map((_, j) => {
          const o = outcomes[i][j];
          if (outcomeMasks[j].hidden[i]) return { value: null, hidden: outcomeMasks[j].reason[i] ?? "complementary" };
          return o.meanChange === null ? { value: null, hidden: o.people > 0 ? "small" : null } : shown(o.meanChange);
        }),
        outcomePeople: outcomeColumns.map((_, j) => at(outcomeMasks[j], i, outcomes[i][j].people)),
      };
      row.completionRate = rateOf(row);
      return row;
    });
    return { key: dimension, label: DIMENSION_LABELS[dimension], rows };
  });

  return { sessionsDelivered: facts.sessionsDelivered, hoursDelivered: facts.hoursDelivered, total, outcomeColumns, dimensions };
}

function rateOf(row: ReportRow): number | null {
  if (row.completed.value === null || row.ended.value === null || row.ended.value === 0) return null;
  return row.completed.value / row.ended.value;
}

/**
 * Every figure of a report by key (as rawFigures, plus `attendances`, `hours` and
 * `outcomeChange:<column>`, the mean change × people): whether it is shown. A figure that is
 * not there (an outcome column the report does not have) is absent. Pure.
 */
export function figureShown(report: FunderReport): Map<string, boolean> {
  const out = new Map<string, boolean>();
  const put = (prefix: string, r: ReportRow) => {
    for (const column of ["people", "newPeople", "continuing", "attendances", "hours", "completed", "ended"] as const) out.set(`${prefix}|${column}`, r[column].hidden === null);
    out.set(`${prefix}|notCompleted`, r.completed.hidden === null && r.ended.hidden === null);
    report.outcomeColumns.forEach((c, j) => {
      out.set(`${prefix}|outcome:${c.key}`, r.outcomePeople[j].hidden === null);
      out.set(`${prefix}|outcomeChange:${c.key}`, r.outcomePeople[j].hidden === null && r.outcomes[j].hidden === null);
    });
  };
  put("total", report.total);
  for (const d of report.dimensions) for (const r of d.rows) put(`${d.key}|${r.key}`, r);
  return out;
}

/** The key buildFunderReport's `protect` takes to hide a figure of figureShown (sessions and hours go with their people; a mean change with its people). */
export function protectKeyOf(key: string): string {
  return key.replace(/\|(attendances|hours)$/, "|people").replace(/\|outcomeChange:/, "|outcome:");
}

/** The figures of figureShown that are shown, with their values (mean change × people for `outcomeChange:`). Pure. */
export function shownValues(report: FunderReport): Map<string, number> {
  const out = new Map<string, number>();
  const put = (prefix: string, r: ReportRow) => {
    for (const column of ["people", "newPeople", "continuing", "attendances", "hours", "completed", "ended"] as const) if (r[column].hidden === null && r[column].value !== null) out.set(`${prefix}|${column}`, r[column].value);
    if (r.completed.hidden === null && r.ended.hidden === null && r.completed.value !== null && r.ended.value !== null) out.set(`${prefix}|notCompleted`, r.ended.value - r.completed.value);
    report.outcomeColumns.forEach((c, j) => {
      const n = r.outcomePeople[j];
      if (n.hidden !== null || n.value === null) return;
      out.set(`${prefix}|outcome:${c.key}`, n.value);
      if (r.outcomes[j].hidden === null) out.set(`${prefix}|outcomeChange:${c.key}`, (r.outcomes[j].value ?? 0) * n.value);
    });
  };
  put("total", report.total);
  for (const d of report.dimensions) for (const r of d.rows) put(`${d.key}|${r.key}`, r);
  return out;
}
