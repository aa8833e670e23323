/**
 * Session feedback summaries with small-number suppression: nothing (no count, no average, no
 * distribution, no comment) is shown from fewer than MIN_RESPONSES answers. Pure: no db, no clock.
 */
export const MIN_RESPONSES = 5;

/** Anonymous answers are released from the inbox in shuffled batches of at least this many. */
export const RELEASE_BATCH = MIN_RESPONSES;

/** Why someone of the group who was not marked present, late or left early cannot answer. */
export const NOT_ATTENDED =
  "Only people marked present, late or left early at this session can give feedback on it. If you were there, ask your facilitator to correct the attendance.";
/** Why a session still running takes no feedback yet (the window opens at its end). */
export const FEEDBACK_NOT_OPEN_YET = "You can give feedback once the session has ended.";
export const RATING_VALUES = [1, 2, 3, 4, 5] as const;

export type FeedbackAnswer = { ratings: Record<string, number>; comment: string; name?: string | null };
export type Question = { id: string; prompt: string };

export type QuestionSummary = {
  questionId: string;
  prompt: string;
  answered: number;
  average: number | null;
  /** counts for ratings 1..5 */
  distribution: [number, number, number, number, number];
};

export type FeedbackSummary =
  | { withheld: true; reason: string }
  | {
      withheld: false;
      responses: number;
      questions: QuestionSummary[];
      comments: { text: string; name: string | null }[];
    };

export function withheldReason(k = MIN_RESPONSES): string {
  return `Withheld: fewer than ${k} people answered, so the numbers and comments could identify someone.`;
}

export function summariseFeedback(answers: FeedbackAnswer[], questions: Question[], k = MIN_RESPONSES): FeedbackSummary {
  if (answers.length < k) return { withheld: true, reason: withheldReason(k) };
  return {
    withheld: false,
    responses: answers.length,
    questions: questions.map((q) => summariseQuestion(q, answers, k)),
    comments: answers
      .filter((a) => a.comment.trim() !== "")
      .map((a) => ({ text: a.comment.trim(), name: a.name ?? null }))
      // A stable, content-based order: never the order of receipt.
      .sort((x, y) => x.text.localeCompare(y.text)),
  };
}

function summariseQuestion(q: Question, answers: FeedbackAnswer[], k: number): QuestionSummary {
  const values = answers.map((a) => a.ratings[q.id]).filter((v): v is number => Number.isInteger(v) && v >= 1 && v <= 5);
  const distribution: [number, number, number, number, number] = [0, 0, 0, 0, 0];
  for (const v of values) distribution[v - 1]++;
  // A single question answered by fewer than k people is withheld even when the session passes.
  if (values.length < k) return { questionId: q.id, prompt: q.prompt, answered: 0, average: null, distribution: [0, 0, 0, 0, 0] };
  const average = Math.round((values.reduce((s, v) => s + v, 0) / values.length) * 100) / 100;
  return { questionId: q.id, prompt: q.prompt, answered: values.length, average, distribution };
}

export type TrendPoint = { key: string; label: string; averages: Record<string, number> | null; withheldReason: string | null };

/** Per-bucket (session) averages in the given order; buckets with fewer than k answers are withheld. */
export function feedbackTrend(
  buckets: { key: string; label: string; answers: FeedbackAnswer[] }[],
  questions: Question[],
  k = MIN_RESPONSES,
): TrendPoint[] {
  return buckets.map((b) => {
    const summary = summariseFeedback(b.answers, questions, k);
    if (summary.withheld) return { key: b.key, label: b.label, averages: null, withheldReason: summary.reason };
    const averages: Record<string, number> = {};
    for (const q of summary.questions) if (q.average !== null) averages[q.questionId] = q.average;
    return { key: b.key, label: b.label, averages, withheldReason: null };
  });
}

export const DEFAULT_QUESTIONS = ["I felt heard", "The session was useful to me", "I felt safe in the group"];

/** Validates submitted ratings against the active questions: every question needs a 1–5 answer. */
export function validateRatings(
  raw: Record<string, unknown>,
  questions: Question[],
): { ok: true; ratings: Record<string, number> } | { ok: false; errors: Record<string, string> } {
  const ratings: Record<string, number> = {};
  const errors: Record<string, string> = {};
  for (const q of questions) {
    const value = Number(raw[q.id]);
    if (!Number.isInteger(value) || value < 1 || value > 5) errors[q.id] = `Choose a rating from 1 to 5 for "${q.prompt}".`;
    else ratings[q.id] = value;
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, ratings };
}

// ───────────────────────── release batches and fixed periods ─────────────────────────

/**
 * Reports add up whole release batches only. A batch holds at least MIN_RESPONSES answers of one
 * group and counts in the month it was released; so any figure (a period, a group, a facilitator's
 * groups, everything) is a sum of whole batches and no two figures differ by fewer than
 * MIN_RESPONSES answers. A question's figure within a batch is used only when at least
 * MIN_RESPONSES of the batch's answers rated it.
 */
export type FeedbackBatch = { id: string; answers: FeedbackAnswer[] };

export const NOTHING_RELEASED =
  "Nothing to show for this choice yet. Answers are shown only in batches of at least 5 answers from one group, so some answers may still be waiting for their batch.";

export function summariseBatches(batches: FeedbackBatch[], questions: Question[], k = MIN_RESPONSES): FeedbackSummary {
  const released = batches.filter((b) => b.answers.length >= k);
  if (released.length === 0) return { withheld: true, reason: NOTHING_RELEASED };
  const all = released.flatMap((b) => b.answers);
  return {
    withheld: false,
    responses: all.length,
    questions: questions.map((q) => {
      const values = released.flatMap((b) => {
        const v = b.answers.map((a) => a.ratings[q.id]).filter((x): x is number => Number.isInteger(x) && x >= 1 && x <= 5);
        return v.length >= k ? v : [];
      });
      const distribution: [number, number, number, number, number] = [0, 0, 0, 0, 0];
      for (const v of values) distribution[v - 1]++;
      if (values.length === 0) return { questionId: q.id, prompt: q.prompt, answered: 0, average: null, distribution };
      const average = Math.round((values.reduce((s, v) => s + v, 0) / values.length) * 100) / 100;
      return { questionId: q.id, prompt: q.prompt, answered: values.length, average, distribution };
    }),
    comments: all
      .filter((a) => a.comment.trim() !== "")
      .map((a) => ({ text: a.comment.trim(), name: a.name ?? null }))
      .sort((x, y) => x.text.localeCompare(y.text)),
  };
}

/** A fixed reporting period: a calendar month (2026-11), quarter (2026-Q4) or year (2026) in the organisation's zone. */
export type ReportPeriod = { key: string; label: string; kind: "month" | "quarter" | "year"; months: string[] };

const MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const monthStart = (year: number, month: number) => `${year}-${String(month).padStart(2, "0")}-01`;

export function parsePeriod(key: string): ReportPeriod | null {
  let m = /^(\d{4})-(\d{2})$/.exec(key);
  if (m) {
    const [year, month] = [Number(m[1]), Number(m[2])];
    if (month < 1 || month > 12 || year < 2000 || year > 2200) return null;
    return { key, kind: "month", label: `${MONTH_NAMES[month - 1]} ${year}`, months: [monthStart(year, month)] };
  }
  m = /^(\d{4})-Q([1-4])$/.exec(key);
  if (m) {
    const [year, q] = [Number(m[1]), Number(m[2])];
    if (year < 2000 || year > 2200) return null;
    return { key, kind: "quarter", label: `Q${q} ${year} (${MONTH_NAMES[q * 3 - 3]}–${MONTH_NAMES[q * 3 - 1]})`, months: [1, 2, 3].map((i) => monthStart(year, q * 3 - 3 + i)) };
  }
  m = /^(\d{4})$/.exec(key);
  if (m) {
    const year = Number(m[1]);
    if (year < 2000 || year > 2200) return null;
    return { key, kind: "year", label: `Year ${year}`, months: Array.from({ length: 12 }, (_, i) => monthStart(year, i + 1)) };
  }
  return null;
}

/** The quarter holding `month` ("YYYY-MM-01"). */
export function quarterKey(month: string): string {
  return `${month.slice(0, 4)}-Q${Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1}`;
}

/**
 * The periods offered: every month, quarter and year from `first` (the earliest month with a
 * batch, or earlier) to `current` (both "YYYY-MM-01"), newest first.
 */
export function periodOptions(first: string, current: string): ReportPeriod[] {
  const months: string[] = [];
  let [y, m] = [Number(current.slice(0, 4)), Number(current.slice(5, 7))];
  const stop = first < current ? first : current;
  while (monthStart(y, m) >= stop) {
    months.push(monthStart(y, m));
    [y, m] = m === 1 ? [y - 1, 12] : [y, m - 1];
  }
  const keys = [
    ...[...new Set(months.map((x) => x.slice(0, 4)))],
    ...[...new Set(months.map(quarterKey))],
    ...months.map((x) => x.slice(0, 7)),
  ];
  return keys.map((k) => parsePeriod(k)!).filter(Boolean);
}
