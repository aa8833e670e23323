import { Form } from "@remix-run/react";
import { ErrorSummary, Field, Notice, type ActionErrors } from "~/ui/form";
import { useTexts } from "~/ui/i18n";
import { changedMeanwhile, SavedNow } from "~/ui/versions";

const CRITERIA_LABEL_KEYS = {
  minSessionsAttended: "manage.criteria.labels.minSessionsAttended",
  maxUnexcusedAbsences: "manage.criteria.labels.maxUnexcusedAbsences",
  intent: "manage.criteria.labels.intent",
} as const;

/** The criteria fields' names for an error summary, in the reader's language. */
export function useCriteriaLabels(): Record<keyof typeof CRITERIA_LABEL_KEYS, string> {
  const { t } = useTexts();
  return {
    minSessionsAttended: t(CRITERIA_LABEL_KEYS.minSessionsAttended),
    maxUnexcusedAbsences: t(CRITERIA_LABEL_KEYS.maxUnexcusedAbsences),
    intent: t(CRITERIA_LABEL_KEYS.intent),
  };
}

export type CriteriaValues = { minSessionsAttended: number; maxUnexcusedAbsences: number | null } | null;

/** "At least 6 sessions attended, and at most 2 unexcused absences.", in the reader's language. */
export function useCriteriaSentence(): (c: NonNullable<CriteriaValues>) => string {
  const { t } = useTexts();
  return (c) =>
    c.maxUnexcusedAbsences === null
      ? t("manage.criteria.sentenceNoLimit", { min: c.minSessionsAttended })
      : t("manage.criteria.sentence", { min: c.minSessionsAttended, max: c.maxUnexcusedAbsences });
}

/**
 * The managers' criteria form (a program's or a group's own). Both its forms (save, remove) carry
 * the criteria's `version` (modules/completion/version.ts); after a save refused as out of date, the
 * criteria as saved now are shown above the form, which keeps the person's entries.
 */
export function CriteriaForm({ current, version, data, clearLabel }: { current: CriteriaValues; version: string; data?: ActionErrors; clearLabel: string }) {
  const { t } = useTexts();
  const labels = useCriteriaLabels();
  const sentence = useCriteriaSentence();
  // The criteria's version this page shows (or the one a refused save sent back): a save after someone else changed them is refused.
  const versionField = <input type="hidden" name="version" value={data?.values?.version ?? version} />;
  return (
    <section aria-labelledby="criteria-form">
      <h2 id="criteria-form">{t("manage.criteria.set")}</h2>
      <SavedNow changed={changedMeanwhile(data)} labels={labels}>
        <p>{current ? sentence(current) : t("manage.criteria.noneSaved")}</p>
      </SavedNow>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="criteria" />
        {versionField}
        <Field
          name="minSessionsAttended"
          label={t("manage.criteria.labels.minSessionsAttended")}
          hint={t("manage.criteria.minHint")}
          inputMode="numeric"
          data={data}
          defaultValue={current?.minSessionsAttended ?? ""}
          required
        />
        <Field
          name="maxUnexcusedAbsences"
          label={t("manage.criteria.maxLabel")}
          hint={t("manage.criteria.maxHint")}
          inputMode="numeric"
          data={data}
          defaultValue={current?.maxUnexcusedAbsences ?? ""}
        />
        <button type="submit">{t("manage.criteria.save")}</button>
      </Form>
      {current ? (
        <Form method="post">
          <input type="hidden" name="intent" value="clear-criteria" />
          {versionField}
          <button type="submit" className="secondary">
            {clearLabel}
          </button>
        </Form>
      ) : null}
    </section>
  );
}

export function CriteriaSaved({ done }: { done: string | null }) {
  const { t } = useTexts();
  if (done === "criteria") return <Notice>{t("manage.criteria.saved")}</Notice>;
  if (done === "clear-criteria") return <Notice>{t("manage.criteria.removed")}</Notice>;
  return null;
}

export { ErrorSummary };
