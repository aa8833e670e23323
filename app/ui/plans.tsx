import { Form } from "@remix-run/react";
import { PEER_SUPPORT_COMPONENTS, type PeerSupportComponent } from "~/modules/plans/components";
import type { OBJECTIVE_STATUSES } from "~/modules/metrics/schema";
import { describedBy, FieldShell, type ActionErrors } from "~/ui/form";
import { useTexts } from "~/ui/i18n";
import { lookup } from "~/ui/lookup";
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
  services: { id: string; groupName: string; timesPerPeriod: number; period: "week" | "month"; minutesPerContact: number; held: number | null; attended: number | null }[];
  interventions: { id: string; description: string; component: PeerSupportComponent; responsibleName: string | null }[];
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

/** The catalog key of each component of peer support (the words of modules/plans/components.ts COMPONENT_LABELS). */
export const COMPONENT_KEY: Record<PeerSupportComponent, string> = {
  assessment_planning_documentation: "records.component.assessmentPlanningDocumentation",
  advocacy: "records.component.advocacy",
  activation_engagement: "records.component.activationEngagement",
  community_participation: "records.component.communityParticipation",
  transitional_support: "records.component.transitionalSupport",
  crisis_support: "records.component.crisisSupport",
};

/** The catalog key of an objective's status (modules/metrics/schema.ts OBJECTIVE_STATUS_LABELS). */
export const OBJECTIVE_STATUS_KEY: Record<(typeof OBJECTIVE_STATUSES)[number], string> = {
  not_started: "records.objectiveStatus.notStarted",
  in_progress: "records.objectiveStatus.inProgress",
  met: "records.objectiveStatus.met",
  not_met: "records.objectiveStatus.notMet",
};

/** The components of peer support as select options, in the page's language. */
export function useComponentOptions() {
  const { t } = useTexts();
  return PEER_SUPPORT_COMPONENTS.map((c) => ({ value: c, label: t(COMPONENT_KEY[c]) }));
}

const RATING_WORDS: Record<number, string> = {
  1: "records.planParts.rating.wentBackwards",
  2: "records.planParts.rating.noChange",
  3: "records.planParts.rating.someProgress",
  4: "records.planParts.rating.goodProgress",
  5: "records.planParts.rating.objectiveMet",
};

/**
 * What sits under an objective: how it is measured, its status, the planned services with the
 * attendance of those groups, the interventions (component and who is responsible), the signed
 * one-to-one contacts on it and the latest signed progress note on it. `remove`: staff see a button to take a service or intervention out.
 */
export function ObjectiveDetails({ objective, zone, remove }: { objective: Objective; zone: string; remove?: boolean }) {
  const { t } = useTexts();
  const statusKey = lookup(OBJECTIVE_STATUS_KEY, objective.status);
  const status = statusKey ? t(statusKey) : objective.status;
  const rating = objective.latestNote?.progressRating ? lookup(RATING_WORDS, String(objective.latestNote.progressRating)) : undefined;
  return (
    <>
      <p>
        <strong>{t("records.planParts.measuredBy")}</strong> {objective.measure || "—"} · <strong>{t("records.planParts.status")}</strong> {status}
      </p>
      <h5>{t("records.planParts.plannedServices")}</h5>
      {objective.services.length === 0 ? <p className="muted">{t("records.planParts.noServices")}</p> : null}
      <ul>
        {objective.services.map((s) => (
          <li key={s.id}>
            {t("records.planParts.service", { group: s.groupName, times: s.timesPerPeriod, period: s.period, minutes: s.minutesPerContact })}
            {/* No figures for a group whose attendance the reader may not see (another program's group). */}
            {s.held === null ? null : (
              <>
                :{" "}
                <span className="rollup">{s.held === 0 ? t("records.planParts.noneHeld", { group: s.groupName }) : t("records.planParts.attended", { attended: s.attended, held: s.held, group: s.groupName })}</span>
              </>
            )}
            {remove ? (
              <Form method="post" className="inline-form">
                <FormKeys intent="remove-service" form={`remove-service-${s.id}`} extra={{ serviceId: s.id }} />
                <button type="submit" className="link">
                  {t("records.planParts.remove")}
                  <span className="visually-hidden">{t("records.planParts.removeService", { group: s.groupName })}</span>
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
      <h5>{t("records.planParts.interventions")}</h5>
      {objective.interventions.length === 0 ? <p className="muted">{t("records.planParts.noInterventions")}</p> : null}
      <ul>
        {objective.interventions.map((i) => (
          <li key={i.id}>
            {i.description} <span className="muted">{t("records.planParts.interventionOf", { component: lookup(COMPONENT_KEY, i.component) ? t(COMPONENT_KEY[i.component]) : i.component, name: i.responsibleName ?? t("records.shared.formerStaff") })}</span>
            {remove ? (
              <Form method="post" className="inline-form">
                <FormKeys intent="remove-intervention" form={`remove-intervention-${i.id}`} extra={{ interventionId: i.id }} />
                <button type="submit" className="link">
                  {t("records.planParts.remove")}
                  <span className="visually-hidden">{t("records.planParts.removeIntervention")}</span>
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
      {objective.contacts.count ? (
        <p>
          <strong>{t("records.planParts.contacts")}</strong> {t("records.planParts.contactsCount", { count: objective.contacts.count, minutes: objective.contacts.minutes })}
          {objective.contacts.lastOn ? (
            <>
              {t("records.planParts.lastOn")}
              <CivilDate date={objective.contacts.lastOn} />
            </>
          ) : null}
        </p>
      ) : null}
      {objective.latestNote ? (
        <p>
          <strong>{t("records.planParts.lastNote")}</strong> (<When at={objective.latestNote.sessionAt} zone={zone} />, {objective.latestNote.groupName}): {objective.latestNote.workedOn || "—"}
          {objective.latestNote.progressRating && rating ? t("records.planParts.rated", { rating: objective.latestNote.progressRating, words: t(rating) }) : ""}
          {objective.latestNote.nextStep ? t("records.planParts.nextStep", { step: objective.latestNote.nextStep }) : ""}
        </p>
      ) : null}
    </>
  );
}

/** Strengths, barriers and needs as the plan holds them. */
export function PlanBasicsView({ plan }: { plan: { strengths: string; barriers: string; needs: string; nextReviewOn: string | null } | null }) {
  const { t } = useTexts();
  const text = (v: string | undefined) => (v ? <span style={{ whiteSpace: "pre-line" }}>{v}</span> : <span className="muted">{t("records.planParts.notWritten")}</span>);
  return (
    <dl className="summary">
      <dt>{t("records.planParts.strengths")}</dt>
      <dd>{text(plan?.strengths)}</dd>
      <dt>{t("records.planParts.barriers")}</dt>
      <dd>{text(plan?.barriers)}</dd>
      <dt>{t("records.planParts.needs")}</dt>
      <dd>{text(plan?.needs)}</dd>
      <dt>{t("records.planParts.nextReview")}</dt>
      <dd>{plan?.nextReviewOn ? <CivilDate date={plan.nextReviewOn} /> : <span className="muted">{t("records.planParts.notSet")}</span>}</dd>
    </dl>
  );
}
