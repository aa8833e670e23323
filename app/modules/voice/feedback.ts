/**
 * Session feedback summaries with small-number suppression: nothing (no count, no average, no
 * distribution, no comment) is shown from fewer than MIN_RESPONSES answers. Pure: no db, no clock.
 */
export const MIN_RESPONSES = 5;
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
