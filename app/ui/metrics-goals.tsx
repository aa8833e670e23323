import { Form } from "@remix-run/react";
import { DOMAIN_LABELS, PHASE_LABELS, type OutcomeDomain, type OutcomePhase } from "~/modules/metrics/definitions";
import { GOAL_STATUSES, OBJECTIVE_STATUSES } from "~/modules/metrics/schema";
import { describedBy, FieldShell, type ActionErrors } from "~/ui/form";
import { useTexts } from "~/ui/i18n";
import { DOMAIN_KEYS } from "~/ui/metrics-texts";
import { CivilDate, When } from "~/ui/time";

export type GoalView = {
  id: string;
  title: string;
  participantWords: string;
  targetDate: string | null;
  status: string;
  programId: string | null;
  programName: string | null;
  /** The version the edit form sends back (staff pages). */
  version?: string;
  objectives: { id: string; description: string; measure: string; status: string }[];
  interventions: { group_name: string | null; description: string }[];
  notes: { id: string; author: string | null; byParticipant: boolean; body: string; at: string }[];
};

const GOAL_STATUS: Record<string, string> = {
  active: "metrics.goals.status.active",
  achieved: "metrics.goals.status.achieved",
  revised: "metrics.goals.status.revised",
  discontinued: "metrics.goals.status.discontinued",
};
const OBJECTIVE_STATUS: Record<string, string> = {
  not_started: "metrics.goals.objectiveStatus.notStarted",
  in_progress: "metrics.goals.objectiveStatus.inProgress",
  met: "metrics.goals.objectiveStatus.met",
  not_met: "metrics.goals.objectiveStatus.notMet",
};
const PHASE: Record<string, string> = { intake: "metrics.goals.phase.intake", interval: "metrics.goals.phase.interval", exit: "metrics.goals.phase.exit" };

type Translate = (key: string, values?: Record<string, unknown>) => string;
/** English, for callers that pass no translator (the module's own words). */
const ENGLISH_EDIT: Record<string, string> = { goalToEdit: "Goal to edit", title: "Goal", programId: "Program", targetDate: "Target date" };

/** Several goals are edited on one page: each edit form's field ids carry the goal's id. */
export const editFieldId = (goalId: string, field: string) => `edit-${goalId}-${field}`;

const EDIT_LABELS: Record<string, string> = { title: "metrics.goals.goal", programId: "metrics.filters.program", targetDate: "metrics.goals.targetDate" };

/**
 * The action's failure when it was an edit of a goal: which goal, and the error summary pointed at
 * that goal's fields (named with the goal) rather than at the "Add a goal" form's.
 */
export function goalEditFailure(failed: ActionErrors | undefined, goals: { id: string; title: string }[], t?: Translate) {
  if (!failed || failed.values?.intent !== "edit-goal") return null;
  const goalId = failed.values.goalId ?? "";
  const title = goals.find((g) => g.id === goalId)?.title;
  const errors: Record<string, string[] | undefined> = {};
  const field = (key: string) => (t ? t(EDIT_LABELS[key]) : ENGLISH_EDIT[key]);
  const labels: Record<string, string> = { goalId: t ? t("metrics.goals.goalToEdit") : ENGLISH_EDIT.goalToEdit };
  for (const [key, messages] of Object.entries(failed.errors ?? {})) {
    if (!EDIT_LABELS[key]) {
      errors[key] = messages;
      continue;
    }
    const id = editFieldId(goalId, key);
    errors[id] = messages;
    labels[id] = title ? (t ? t("metrics.goals.fieldOf", { field: field(key), title }) : `${field(key)} of “${title}”`) : field(key);
  }
  return { goalId, summary: { ...failed, errors }, labels };
}

/**
 * Staff correct a goal's own fields in a disclosure, prefilled with its current values (or, after a
 * refused edit, with what was sent, the errors beside the fields and the disclosure open).
 */
function EditGoal({ goal, programs, failed }: { goal: GoalView; programs: { id: string; name: string }[]; failed?: ActionErrors }) {
  const id = (field: string) => editFieldId(goal.id, field);
  const value = (field: string, current: string | null) => failed?.values?.[field] ?? current ?? "";
  const { t } = useTexts();
  const error = (field: string) => failed?.errors?.[field]?.[0];
  const dateHint = t("metrics.goals.dateHint");
  return (
    <details className="edit-goal" open={Boolean(failed)}>
      <summary>
        {t("metrics.goals.edit")}
        <span className="visually-hidden">{t("metrics.goals.quoted", { title: goal.title })}</span>
      </summary>
      <p className="muted">{t("metrics.goals.editIntro")}</p>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="edit-goal" />
        <input type="hidden" name="goalId" value={goal.id} />
        <input type="hidden" name="version" value={failed?.values?.version ?? goal.version ?? ""} />
        <FieldShell name={id("title")} label={t("metrics.goals.goal")} error={error("title")}>
          <input
            id={id("title")}
            name="title"
            type="text"
            defaultValue={value("title", goal.title)}
            aria-invalid={error("title") ? true : undefined}
            aria-describedby={describedBy(id("title"), undefined, error("title"))}
          />
        </FieldShell>
        <FieldShell name={id("programId")} label={t("metrics.filters.program")} error={error("programId")}>
          <select
            id={id("programId")}
            name="programId"
            defaultValue={value("programId", goal.programId)}
            aria-invalid={error("programId") ? true : undefined}
            aria-describedby={describedBy(id("programId"), undefined, error("programId"))}
          >
            <option value="">{t("metrics.goals.noProgram")}</option>
            {programs.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </FieldShell>
        <FieldShell name={id("targetDate")} label={t("metrics.goals.targetDate")} hint={dateHint} error={error("targetDate")}>
          <input
            id={id("targetDate")}
            name="targetDate"
            type="date"
            defaultValue={value("targetDate", goal.targetDate)}
            aria-invalid={error("targetDate") ? true : undefined}
            aria-describedby={describedBy(id("targetDate"), dateHint, error("targetDate"))}
          />
        </FieldShell>
        <button type="submit">
          {t("metrics.goals.saveChanges")}
          <span className="visually-hidden">{t("metrics.goals.toQuoted", { title: goal.title })}</span>
        </button>
      </Form>
    </details>
  );
}

/**
 * One goal of a service plan. Staff (`staff`) change statuses and, given `edit`, correct the goal
 * itself; everyone who may see it adds a progress note; the participant (`own`) writes their own words.
 */
export function GoalCard({
  goal,
  staff,
  own,
  zone,
  edit,
}: {
  goal: GoalView;
  staff: boolean;
  own: boolean;
  zone: string;
  edit?: { programs: { id: string; name: string }[]; failed?: ActionErrors };
}) {
  const headingId = `goal-${goal.id}`;
  const { t } = useTexts();
  const goalStatusLabel = (s: string) => (GOAL_STATUS[s] ? t(GOAL_STATUS[s]) : s);
  const objectiveStatusLabel = (s: string) => (OBJECTIVE_STATUS[s] ? t(OBJECTIVE_STATUS[s]) : s);
  return (
    <article className="card" aria-labelledby={headingId}>
      <h3 id={headingId}>{goal.title}</h3>
      <p>
        <span className="status">{goalStatusLabel(goal.status)}</span>
        {goal.targetDate ? (
          <>
            {t("metrics.goals.targetDateInline")}
            <CivilDate date={goal.targetDate} />
          </>
        ) : null}
        {goal.programName ? <> · {goal.programName}</> : null}
      </p>
      {staff ? (
        <Form method="post" className="row">
          <input type="hidden" name="intent" value="goal-status" />
          <input type="hidden" name="goalId" value={goal.id} />
          <div className="field">
            <label htmlFor={`status-${goal.id}`}>{t("metrics.goals.goalStatus")}</label>
            <select id={`status-${goal.id}`} name="status" defaultValue={goal.status}>
              {GOAL_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {goalStatusLabel(s)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <button type="submit" className="secondary">
              {t("metrics.goals.saveStatus")}
              <span className="visually-hidden">{t("metrics.goals.ofQuoted", { title: goal.title })}</span>
            </button>
          </div>
        </Form>
      ) : null}
      {staff && edit ? (
        // Keyed by the saved values: after a successful edit the form remounts with them, closed.
        <EditGoal key={`${goal.title}|${goal.programId}|${goal.targetDate}`} goal={goal} programs={edit.programs} failed={edit.failed} />
      ) : null}
      <h4>{own ? t("metrics.goals.myWords") : t("metrics.goals.theirWords")}</h4>
      {own ? (
        <Form method="post">
          <input type="hidden" name="intent" value="own-words" />
          <input type="hidden" name="goalId" value={goal.id} />
          <div className="field">
            <label htmlFor={`words-${goal.id}`}>{t("metrics.goals.meansToMe")}</label>
            <textarea id={`words-${goal.id}`} name="participantWords" rows={3} defaultValue={goal.participantWords} />
          </div>
          <button type="submit" className="secondary">
            {t("metrics.goals.saveWords")}
          </button>
        </Form>
      ) : (
        <p>{goal.participantWords || <span className="muted">{t("metrics.goals.nothingWritten")}</span>}</p>
      )}
      <h4>{t("metrics.goals.objectives")}</h4>
      {goal.objectives.length === 0 ? <p className="muted">{t("metrics.goals.noObjectives")}</p> : null}
      <ul>
        {goal.objectives.map((o) => (
          <li key={o.id}>
            {o.description}
            {o.measure ? <span className="muted">{t("metrics.goals.measuredBy", { measure: o.measure })}</span> : null} · <strong>{objectiveStatusLabel(o.status)}</strong>
            {staff ? (
              <Form method="post" className="row">
                <input type="hidden" name="intent" value="objective-status" />
                <input type="hidden" name="objectiveId" value={o.id} />
                <div className="field">
                  <label htmlFor={`objective-${o.id}`}>
                    {t("metrics.goals.status.label")}
                    <span className="visually-hidden">{t("metrics.goals.ofQuoted", { title: o.description })}</span>
                  </label>
                  <select id={`objective-${o.id}`} name="status" defaultValue={o.status}>
                    {OBJECTIVE_STATUSES.map((s) => (
                      <option key={s} value={s}>
                        {objectiveStatusLabel(s)}
                      </option>
                    ))}
                  </select>
                </div>
                <div className="field">
                  <button type="submit" className="secondary">
                    {t("metrics.goals.save")}
                    <span className="visually-hidden">{t("metrics.goals.statusOfQuoted", { title: o.description })}</span>
                  </button>
                </div>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
      <h4>{t("metrics.goals.interventions")}</h4>
      {goal.interventions.length === 0 ? <p className="muted">{t("metrics.goals.noInterventions")}</p> : null}
      <ul>
        {goal.interventions.map((i, k) => (
          <li key={k}>
            {i.group_name ?? t("metrics.goals.otherSupport")}
            {i.description ? `: ${i.description}` : ""}
          </li>
        ))}
      </ul>
      <h4>{t("metrics.goals.notes")}</h4>
      {goal.notes.length === 0 ? <p className="muted">{t("metrics.goals.noNotes")}</p> : null}
      <ul>
        {goal.notes.map((n) => (
          <li key={n.id}>
            <When at={n.at} zone={zone} /> —{" "}
            {n.byParticipant ? t("metrics.goals.ownWordsBy", { author: n.author ?? t("metrics.goals.participant") }) : (n.author ?? t("metrics.goals.staff"))}: {n.body}
          </li>
        ))}
      </ul>
      <Form method="post">
        <input type="hidden" name="intent" value="note" />
        <input type="hidden" name="goalId" value={goal.id} />
        <div className="field">
          <label htmlFor={`note-${goal.id}`}>{t("metrics.goals.addNoteLabel")}</label>
          <textarea id={`note-${goal.id}`} name="body" rows={2} />
        </div>
        <button type="submit" className="secondary">
          {t("metrics.goals.addNote")}
          <span className="visually-hidden">{t("metrics.goals.toQuoted", { title: goal.title })}</span>
        </button>
      </Form>
    </article>
  );
}

export function MeasuresTable({ measures }: { measures: { id: string; program_name: string; domain: string; measure_name?: string | null; phase: string; score: number; measured_on: string; note: string }[] }) {
  const { t } = useTexts();
  if (measures.length === 0) return <p className="muted">{t("metrics.goals.noMeasures")}</p>;
  return (
    <div className="table-scroll" role="region" aria-label={t("metrics.dashboard.outcomeMeasures")} tabIndex={0}>
      <table>
        <caption className="visually-hidden">{t("metrics.dashboard.outcomeMeasures")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("metrics.goals.measuredOn")}</th>
            <th scope="col">{t("metrics.filters.program")}</th>
            <th scope="col">{t("metrics.outcomes.domain")}</th>
            <th scope="col">{t("metrics.goals.when")}</th>
            <th scope="col">{t("metrics.goals.score")}</th>
            <th scope="col">{t("metrics.goals.note")}</th>
          </tr>
        </thead>
        <tbody>
          {measures.map((m) => (
            <tr key={m.id}>
              <td>{m.measured_on}</td>
              <td>{m.program_name}</td>
              <td>
                {m.measure_name
                  ? t("metrics.goals.otherMeasure", { name: m.measure_name })
                  : m.domain in DOMAIN_KEYS
                    ? t(DOMAIN_KEYS[m.domain as OutcomeDomain])
                    : (DOMAIN_LABELS[m.domain as OutcomeDomain] ?? m.domain)}
              </td>
              <td>{PHASE[m.phase] ? t(PHASE[m.phase]) : (PHASE_LABELS[m.phase as OutcomePhase] ?? m.phase)}</td>
              <td>{m.score}</td>
              <td>{m.note}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
