import { Form } from "@remix-run/react";
import { COMPONENT_LABELS, describeService, PEER_SUPPORT_COMPONENTS } from "~/modules/plans/components";
import { describeAttendance } from "~/modules/plans/review";
import { OBJECTIVE_STATUS_LABELS } from "~/modules/metrics/schema";
import { describedBy, FieldShell, type ActionErrors } from "~/ui/form";
import { CivilDate, When } from "~/ui/time";

/**
 * The service plan's pieces, shared by the staff plan page and the participant's /my/goals. A page
 * holds many small forms (one per goal or objective): each carries a hidden `form` key, and its
 * fields' ids start with that key, so labels, errors and the error summary point at the right one.
 */

export type Objective = {
  id: string;
  description: string;
  measure: string;
  status: string;
  services: { id: string; groupName: string; timesPerPeriod: number; period: "week" | "month"; minutesPerContact: number; held: number; attended: number }[];
  interventions: { id: string; description: string; component: keyof typeof COMPONENT_LABELS; responsibleName: string | null }[];
  latestNote: { workedOn: string; progressRating: number | null; nextStep: string; groupName: string; sessionAt: string } | null;
  contacts: { count: number; minutes: number; lastOn: string | null };
};

type Failure = (ActionErrors & { ok?: false }) | undefined;

/** The failure of the form `formKey` only (others on the page show nothing). */
export function failureOf(failed: Failure, formKey: string): ActionErrors | undefined {
  return failed && failed.values?.form === formKey ? failed : undefined;
}

/** The error summary of whichever form failed, each error linking to that form's field. */
export function summaryOf(failed: Failure, labels: Record<string, string>) {
  if (!failed?.errors) return { data: failed, labels };
  const key = failed.values?.form;
  if (!key) return { data: failed, labels };
  const errors: Record<string, string[] | undefined> = {};
  const named: Record<string, string> = {};
  for (const [field, messages] of Object.entries(failed.errors)) {
    const id = field === "_form" ? field : `${key}-${field}`;
    errors[id] = messages;
    named[id] = labels[field] ?? field;
  }
  return { data: { ...failed, errors }, labels: named };
}

type FieldProps = {
  form: string;
  name: string;
  label: string;
  failed?: ActionErrors;
  hint?: string;
  defaultValue?: string;
  type?: string;
};

export function PlanInput({ form, name, label, failed, hint, defaultValue, type = "text" }: FieldProps) {
  const id = `${form}-${name}`;
  const error = failed?.errors?.[name]?.[0];
  return (
    <FieldShell name={id} label={label} hint={hint} error={error}>
      <input id={id} name={name} type={type} defaultValue={failed?.values?.[name] ?? defaultValue} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)} />
    </FieldShell>
  );
}

export function PlanTextArea({ form, name, label, failed, hint, defaultValue, rows = 3 }: FieldProps & { rows?: number }) {
  const id = `${form}-${name}`;
  const error = failed?.errors?.[name]?.[0];
  return (
    <FieldShell name={id} label={label} hint={hint} error={error}>
      <textarea id={id} name={name} rows={rows} defaultValue={failed?.values?.[name] ?? defaultValue} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)} />
    </FieldShell>
  );
}

export function PlanSelect({ form, name, label, failed, hint, defaultValue, options }: FieldProps & { options: { value: string; label: string }[] }) {
  const id = `${form}-${name}`;
  const error = failed?.errors?.[name]?.[0];
  return (
    <FieldShell name={id} label={label} hint={hint} error={error}>
      <select id={id} name={name} defaultValue={failed?.values?.[name] ?? defaultValue} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

/** Hidden fields every plan form sends: its intent and its form key. */
export function FormKeys({ intent, form, extra = {} }: { intent: string; form: string; extra?: Record<string, string> }) {
  return (
    <>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="form" value={form} />
      {Object.entries(extra).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
    </>
  );
}

export const componentOptions = PEER_SUPPORT_COMPONENTS.map((c) => ({ value: c, label: COMPONENT_LABELS[c] }));

const RATING_WORDS: Record<number, string> = { 1: "went backwards", 2: "no change", 3: "some progress", 4: "good progress", 5: "objective met" };

/**
 * What sits under an objective: how it is measured, its status, the planned services with the
 * attendance of those groups, the interventions (component and who is responsible), the signed
 * one-to-one contacts on it and the latest signed progress note on it. `remove`: staff see a button to take a service or intervention out.
 */
export function ObjectiveDetails({ objective, zone, remove }: { objective: Objective; zone: string; remove?: boolean }) {
  const status = OBJECTIVE_STATUS_LABELS[objective.status as keyof typeof OBJECTIVE_STATUS_LABELS] ?? objective.status;
  return (
    <>
      <p>
        <strong>Measured by:</strong> {objective.measure || "—"} · <strong>Status:</strong> {status}
      </p>
      <h5>Planned services</h5>
      {objective.services.length === 0 ? <p className="muted">No planned services yet.</p> : null}
      <ul>
        {objective.services.map((s) => (
          <li key={s.id}>
            {describeService(s)}: <span className="rollup">{describeAttendance(s)}</span>
            {remove ? (
              <Form method="post" className="inline-form">
                <FormKeys intent="remove-service" form={`remove-service-${s.id}`} extra={{ serviceId: s.id }} />
                <button type="submit" className="link">
                  Remove<span className="visually-hidden"> {s.groupName} from this objective</span>
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
      <h5>Interventions</h5>
      {objective.interventions.length === 0 ? <p className="muted">No interventions yet.</p> : null}
      <ul>
        {objective.interventions.map((i) => (
          <li key={i.id}>
            {i.description} <span className="muted">({COMPONENT_LABELS[i.component]}; responsible: {i.responsibleName ?? "a former staff member"})</span>
            {remove ? (
              <Form method="post" className="inline-form">
                <FormKeys intent="remove-intervention" form={`remove-intervention-${i.id}`} extra={{ interventionId: i.id }} />
                <button type="submit" className="link">
                  Remove<span className="visually-hidden"> this intervention</span>
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
      {objective.contacts.count ? (
        <p>
          <strong>One-to-one contacts:</strong> {objective.contacts.count} ({objective.contacts.minutes} minutes)
          {objective.contacts.lastOn ? (
            <>
              , the last on <CivilDate date={objective.contacts.lastOn} />
            </>
          ) : null}
        </p>
      ) : null}
      {objective.latestNote ? (
        <p>
          <strong>Last note</strong> (<When at={objective.latestNote.sessionAt} zone={zone} />, {objective.latestNote.groupName}): {objective.latestNote.workedOn || "—"}
          {objective.latestNote.progressRating ? ` · ${objective.latestNote.progressRating} of 5, ${RATING_WORDS[objective.latestNote.progressRating]}` : ""}
          {objective.latestNote.nextStep ? ` · Next step: ${objective.latestNote.nextStep}` : ""}
        </p>
      ) : null}
    </>
  );
}

/** Strengths, barriers and needs as the plan holds them. */
export function PlanBasicsView({ plan }: { plan: { strengths: string; barriers: string; needs: string; nextReviewOn: string | null } | null }) {
  const text = (v: string | undefined) => (v ? <span style={{ whiteSpace: "pre-line" }}>{v}</span> : <span className="muted">Not written yet</span>);
  return (
    <dl className="summary">
      <dt>Strengths</dt>
      <dd>{text(plan?.strengths)}</dd>
      <dt>Barriers</dt>
      <dd>{text(plan?.barriers)}</dd>
      <dt>Needs</dt>
      <dd>{text(plan?.needs)}</dd>
      <dt>Next review</dt>
      <dd>{plan?.nextReviewOn ? <CivilDate date={plan.nextReviewOn} /> : <span className="muted">Not set</span>}</dd>
    </dl>
  );
}
