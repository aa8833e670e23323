import type { TFunction } from "i18next";
import type { ActionErrors } from "./form";

/**
 * Completion progress and the refusal to record a completion in the reader's language, from the
 * figures the modules return. The English catalog reads exactly as `describeProgress` and
 * `describeShortfall` (app/modules/completion/criteria.ts) write.
 */
export type ProgressFigures = {
  attended: number;
  required: number;
  absencesWithinLimit: boolean;
  unexcusedAbsences: number;
  maxUnexcusedAbsences: number | null;
  met: boolean;
  stillPossible: boolean;
  remaining: number;
  upcomingSessions: number;
};

/** "6 of 8 sessions attended; 2 more to complete". */
export function progressText(t: TFunction, p: ProgressFigures): string {
  const head = t("my.groups.progress.head", { attended: p.attended, required: p.required });
  if (!p.absencesWithinLimit) return t("my.groups.progress.tooManyAbsences", { head, absences: p.unexcusedAbsences, max: p.maxUnexcusedAbsences });
  if (p.met) return t("my.groups.progress.met", { head });
  if (!p.stillPossible) return t("my.groups.progress.notPossible", { head, remaining: p.remaining, upcoming: p.upcomingSessions });
  return t("my.groups.progress.remaining", { head, remaining: p.remaining });
}

/** "Pat has not met the completion criteria: 1 of 2 sessions attended; 3 unexcused absences (at most 2 allowed)." */
export function shortfallText(t: TFunction, name: string, p: ProgressFigures): string {
  const parts = [t("my.groups.progress.head", { attended: p.attended, required: p.required })];
  if (!p.absencesWithinLimit) parts.push(t("manage.completion.shortfallAbsences", { absences: p.unexcusedAbsences, max: p.maxUnexcusedAbsences }));
  return t("manage.completion.shortfall", { name, shortfall: parts.join("; ") });
}

/** The refusal as the completion module sends it beside its English message (`details.completion`). */
export type CompletionRefusal = { name: string; progress: ProgressFigures };

function isRefusal(value: unknown): value is CompletionRefusal {
  const r = value as Partial<CompletionRefusal> | null | undefined;
  return Boolean(r && typeof r.name === "string" && r.progress && typeof r.progress.attended === "number");
}

/** A form failure with the completion refusal worded in the reader's language (other failures unchanged). */
export function withCompletionRefusal<T extends ActionErrors & { details?: unknown }>(t: TFunction, data: T | undefined): T | undefined {
  const refusal = (data?.details as { completion?: unknown } | undefined)?.completion;
  if (!data || !isRefusal(refusal)) return data;
  return { ...data, errors: { ...(data.errors ?? {}), outcome: [shortfallText(t, refusal.name, refusal.progress)] } };
}
