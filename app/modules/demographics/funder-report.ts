import { outcomeChange, type MeasureFact } from "~/modules/metrics/definitions";
import { customMeasureChange, type CustomMeasureDefinition } from "~/modules/metrics/custom-measures/change";
import { cellOf, cellsOf, DIMENSION_KEYS, DIMENSION_LABELS, type DimensionKey, type Profile } from "./dimensions";
import type { RaceCategory } from "./schema";
import { suppressCells } from "./suppression";

/**
 * A funder report from the facts the queries read: who was served, who was new, attendance,
 * how enrolments ended, outcome scores — broken down by every demographic dimension, with small
 * cells and their complements suppressed (suppression.ts). Outcome change is computed by the
 * metrics module's own definitions (outcomeChange, customMeasureChange), per cell. Pure.
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

export function buildFunderReport(facts: FunderFacts): FunderReport {
  const all: Group = { served: facts.served, ended: facts.ended, scores: facts.outcomeScores.filter((m) => facts.served.some((p) => p.userId === m.participantId)) };
  // Outcome columns: the five domains and the organisation's own measures that anyone served has a change for.
  const candidates: (OutcomeColumn & { people: number })[] = [
    ...outcomeChange(all.scores, facts.period).map((d) => ({ key: d.domain as string, label: d.label, people: d.people })),
    ...customMeasureChange(all.scores, facts.customMeasures, facts.period).map((m) => ({ key: `measure:${m.measureId}`, label: m.name, people: m.people })),
  ];
  const outcomeColumns = candidates.filter((c) => c.people > 0).map(({ key, label }) => ({ key, label }));
  const totalCounts = countsOf(all);
  const totalOutcomes = outcomeFigures(all.scores, facts, outcomeColumns);

  // The total row: new and continuing add up to people, completed and not completed to ended.
  const peopleTotal = suppressCells([totalCounts.people]);
  const split = suppressCells([totalCounts.newPeople, totalCounts.continuing]);
  const endedSplit = suppressCells([totalCounts.completed, totalCounts.ended - totalCounts.completed]);
  const peopleHidden = peopleTotal.totalHidden;
  const fig = (value: number, hidden: boolean, reason: Figure["hidden"] = "small"): Figure => (hidden ? { value: null, hidden: reason } : shown(value));
  const total: ReportRow = {
    key: "total",
    label: "All people served",
    people: fig(totalCounts.people, peopleHidden),
    newPeople: fig(totalCounts.newPeople, peopleHidden || split.hidden[0], split.reason[0] ?? "small"),
    continuing: fig(totalCounts.continuing, peopleHidden || split.hidden[1], split.reason[1] ?? "small"),
    attendances: fig(totalCounts.attendances, peopleHidden),
    hours: fig(totalCounts.hours, peopleHidden),
    completed: fig(totalCounts.completed, endedSplit.totalHidden || endedSplit.hidden[0], endedSplit.reason[0] ?? "small"),
    ended: fig(totalCounts.ended, endedSplit.totalHidden),
    completionRate: null,
    outcomes: totalOutcomes.map((o) => fig(o.meanChange ?? 0, o.people < 5 || o.meanChange === null)),
    outcomePeople: totalOutcomes.map((o) => fig(o.people, o.people > 0 && o.people < 5)),
  };
  total.completionRate = rateOf(total);

  const dimensions = DIMENSION_KEYS.map((dimension): DimensionTable => {
    const cellKey = (userId: string) => cellOf(dimension, facts.profiles.get(userId) ?? { demographics: null, coverage: null }, facts.period.last);
    const seen = new Set([...all.served.map((p) => cellKey(p.userId)), ...all.ended.map((p) => cellKey(p.userId))]);
    const cells = cellsOf(dimension, facts.races, seen);
    const groups: Group[] = cells.map((c) => ({
      served: all.served.filter((p) => cellKey(p.userId) === c.key),
      ended: all.ended.filter((p) => cellKey(p.userId) === c.key),
      scores: all.scores.filter((m) => cellKey(m.participantId) === c.key),
    }));
    const counts = groups.map(countsOf);
    const people = suppressCells(counts.map((c) => c.people));
    const forced = people.hidden.map((h) => h || peopleHidden);
    const newPeople = suppressCells(counts.map((c) => c.newPeople), { forced });
    const continuing = suppressCells(counts.map((c) => c.continuing), { forced });
    const ended = suppressCells(counts.map((c) => c.ended));
    const completedOwn = suppressCells(counts.map((c) => c.completed), { forced: ended.hidden });
    const notCompleted = suppressCells(counts.map((c) => c.ended - c.completed), { forced: ended.hidden });
    // completed + not completed = ended (shown): a figure hidden in one is hidden in the other.
    const completed = { hidden: completedOwn.hidden.map((h, i) => h || notCompleted.hidden[i]), reason: completedOwn.reason.map((r, i) => r ?? notCompleted.reason[i]) };
    // Likewise new + continuing = people.
    const splitHidden = newPeople.hidden.map((h, i) => h || continuing.hidden[i]);
    const outcomes = groups.map((g) => outcomeFigures(g.scores, facts, outcomeColumns));
    const outcomeMasks = outcomeColumns.map((_, j) => suppressCells(outcomes.map((o) => o[j].people), { forced }));
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
