import { Form } from "@remix-run/react";
import { ErrorSummary, Field, Notice, type ActionErrors } from "~/ui/form";

export const CRITERIA_LABELS = {
  minSessionsAttended: "Sessions to attend",
  maxUnexcusedAbsences: "Unexcused absences allowed",
  intent: "Criteria",
};

export type CriteriaValues = { minSessionsAttended: number; maxUnexcusedAbsences: number | null } | null;

/** "At least 6 sessions attended, at most 2 unexcused absences." */
export function criteriaSentence(c: NonNullable<CriteriaValues>): string {
  const attend = `At least ${c.minSessionsAttended} ${c.minSessionsAttended === 1 ? "session" : "sessions"} attended`;
  if (c.maxUnexcusedAbsences === null) return `${attend}; no limit on unexcused absences.`;
  return `${attend}, and at most ${c.maxUnexcusedAbsences} unexcused ${c.maxUnexcusedAbsences === 1 ? "absence" : "absences"}.`;
}

/** The managers' criteria form (a program's or a group's own). */
export function CriteriaForm({ current, data, clearLabel }: { current: CriteriaValues; data?: ActionErrors; clearLabel: string }) {
  return (
    <section aria-labelledby="criteria-form">
      <h2 id="criteria-form">Set the criteria</h2>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="criteria" />
        <Field
          name="minSessionsAttended"
          label="Sessions to attend"
          hint="Present, late and left early count as attended; cancelled sessions never count."
          inputMode="numeric"
          data={data}
          defaultValue={current?.minSessionsAttended ?? ""}
          required
        />
        <Field
          name="maxUnexcusedAbsences"
          label="Unexcused absences allowed (optional)"
          hint="Leave empty for no limit. Excused absences do not count against it."
          inputMode="numeric"
          data={data}
          defaultValue={current?.maxUnexcusedAbsences ?? ""}
        />
        <button type="submit">Save the criteria</button>
      </Form>
      {current ? (
        <Form method="post">
          <input type="hidden" name="intent" value="clear-criteria" />
          <button type="submit" className="secondary">
            {clearLabel}
          </button>
        </Form>
      ) : null}
    </section>
  );
}

export function CriteriaSaved({ done }: { done: string | null }) {
  if (done === "criteria") return <Notice>The completion criteria are saved.</Notice>;
  if (done === "clear-criteria") return <Notice>The criteria are removed.</Notice>;
  return null;
}

export { ErrorSummary };
