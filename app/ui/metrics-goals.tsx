import { Form } from "@remix-run/react";
import { DOMAIN_LABELS, PHASE_LABELS, type OutcomeDomain, type OutcomePhase } from "~/modules/metrics/definitions";
import { GOAL_STATUS_LABELS, GOAL_STATUSES, OBJECTIVE_STATUS_LABELS, OBJECTIVE_STATUSES } from "~/modules/metrics/schema";
import { describedBy, FieldShell, type ActionErrors } from "~/ui/form";
import { CivilDate, When } from "~/ui/time";

export type GoalView = {
  id: string;
  title: string;
  participantWords: string;
  targetDate: string | null;
  status: string;
  programId: string | null;
  programName: string | null;
  objectives: { id: string; description: string; measure: string; status: string }[];
  interventions: { group_name: string | null; description: string }[];
  notes: { id: string; author: string | null; byParticipant: boolean; body: string; at: string }[];
};

const goalStatusLabel = (s: string) => GOAL_STATUS_LABELS[s as keyof typeof GOAL_STATUS_LABELS] ?? s;
const objectiveStatusLabel = (s: string) => OBJECTIVE_STATUS_LABELS[s as keyof typeof OBJECTIVE_STATUS_LABELS] ?? s;

/** Several goals are edited on one page: each edit form's field ids carry the goal's id. */
export const editFieldId = (goalId: string, field: string) => `edit-${goalId}-${field}`;

const EDIT_LABELS: Record<string, string> = { title: "Goal", programId: "Program", targetDate: "Target date" };

/**
 * The action's failure when it was an edit of a goal: which goal, and the error summary pointed at
 * that goal's fields (named with the goal) rather than at the "Add a goal" form's.
 */
export function goalEditFailure(failed: ActionErrors | undefined, goals: { id: string; title: string }[]) {
  if (!failed || failed.values?.intent !== "edit-goal") return null;
  const goalId = failed.values.goalId ?? "";
  const title = goals.find((g) => g.id === goalId)?.title;
  const errors: Record<string, string[] | undefined> = {};
  const labels: Record<string, string> = { goalId: "Goal to edit" };
  for (const [key, messages] of Object.entries(failed.errors ?? {})) {
    if (!EDIT_LABELS[key]) {
      errors[key] = messages;
      continue;
    }
    const id = editFieldId(goalId, key);
    errors[id] = messages;
    labels[id] = title ? `${EDIT_LABELS[key]} of “${title}”` : EDIT_LABELS[key];
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
  const error = (field: string) => failed?.errors?.[field]?.[0];
  const dateHint = "Leave empty if there is no target date.";
  return (
    <details className="edit-goal" open={Boolean(failed)}>
      <summary>
        Edit goal<span className="visually-hidden"> “{goal.title}”</span>
      </summary>
      <p className="muted">Correct how the goal is written. Each change is kept in the audit trail with its previous value.</p>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="edit-goal" />
        <input type="hidden" name="goalId" value={goal.id} />
        <FieldShell name={id("title")} label="Goal" error={error("title")}>
          <input
            id={id("title")}
            name="title"
            type="text"
            defaultValue={value("title", goal.title)}
            aria-invalid={error("title") ? true : undefined}
            aria-describedby={describedBy(id("title"), undefined, error("title"))}
          />
        </FieldShell>
        <FieldShell name={id("programId")} label="Program" error={error("programId")}>
          <select
            id={id("programId")}
            name="programId"
            defaultValue={value("programId", goal.programId)}
            aria-invalid={error("programId") ? true : undefined}
            aria-describedby={describedBy(id("programId"), undefined, error("programId"))}
          >
            <option value="">No program</option>
            {programs.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </FieldShell>
        <FieldShell name={id("targetDate")} label="Target date" hint={dateHint} error={error("targetDate")}>
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
          Save goal changes<span className="visually-hidden"> to “{goal.title}”</span>
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
  return (
    <article className="card" aria-labelledby={headingId}>
      <h3 id={headingId}>{goal.title}</h3>
      <p>
        <span className="status">{goalStatusLabel(goal.status)}</span>
        {goal.targetDate ? <> · Target date <CivilDate date={goal.targetDate} /></> : null}
        {goal.programName ? <> · {goal.programName}</> : null}
      </p>
      {staff ? (
        <Form method="post" className="row">
          <input type="hidden" name="intent" value="goal-status" />
          <input type="hidden" name="goalId" value={goal.id} />
          <div className="field">
            <label htmlFor={`status-${goal.id}`}>Goal status</label>
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
              Save status<span className="visually-hidden"> of “{goal.title}”</span>
            </button>
          </div>
        </Form>
      ) : null}
      {staff && edit ? (
        // Keyed by the saved values: after a successful edit the form remounts with them, closed.
        <EditGoal key={`${goal.title}|${goal.programId}|${goal.targetDate}`} goal={goal} programs={edit.programs} failed={edit.failed} />
      ) : null}
      <h4>In {own ? "my" : "their"} own words</h4>
      {own ? (
        <Form method="post">
          <input type="hidden" name="intent" value="own-words" />
          <input type="hidden" name="goalId" value={goal.id} />
          <div className="field">
            <label htmlFor={`words-${goal.id}`}>What this goal means to me</label>
            <textarea id={`words-${goal.id}`} name="participantWords" rows={3} defaultValue={goal.participantWords} />
          </div>
          <button type="submit" className="secondary">
            Save my words
          </button>
        </Form>
      ) : (
        <p>{goal.participantWords || <span className="muted">Nothing written yet.</span>}</p>
      )}
      <h4>Objectives</h4>
      {goal.objectives.length === 0 ? <p className="muted">No objectives yet.</p> : null}
      <ul>
        {goal.objectives.map((o) => (
          <li key={o.id}>
            {o.description}
            {o.measure ? <span className="muted"> — measured by: {o.measure}</span> : null} · <strong>{objectiveStatusLabel(o.status)}</strong>
            {staff ? (
              <Form method="post" className="row">
                <input type="hidden" name="intent" value="objective-status" />
                <input type="hidden" name="objectiveId" value={o.id} />
                <div className="field">
                  <label htmlFor={`objective-${o.id}`}>
                    Status<span className="visually-hidden"> of “{o.description}”</span>
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
                    Save<span className="visually-hidden"> status of “{o.description}”</span>
                  </button>
                </div>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
      <h4>Planned interventions</h4>
      {goal.interventions.length === 0 ? <p className="muted">None planned yet.</p> : null}
      <ul>
        {goal.interventions.map((i, k) => (
          <li key={k}>
            {i.group_name ?? "Other support"}
            {i.description ? `: ${i.description}` : ""}
          </li>
        ))}
      </ul>
      <h4>Progress notes</h4>
      {goal.notes.length === 0 ? <p className="muted">No notes yet.</p> : null}
      <ul>
        {goal.notes.map((n) => (
          <li key={n.id}>
            <When at={n.at} zone={zone} /> — {n.byParticipant ? `${n.author ?? "Participant"} (own words)` : (n.author ?? "Staff")}: {n.body}
          </li>
        ))}
      </ul>
      <Form method="post">
        <input type="hidden" name="intent" value="note" />
        <input type="hidden" name="goalId" value={goal.id} />
        <div className="field">
          <label htmlFor={`note-${goal.id}`}>Add a progress note</label>
          <textarea id={`note-${goal.id}`} name="body" rows={2} />
        </div>
        <button type="submit" className="secondary">
          Add note<span className="visually-hidden"> to “{goal.title}”</span>
        </button>
      </Form>
    </article>
  );
}

export function MeasuresTable({ measures }: { measures: { id: string; program_name: string; domain: string; measure_name?: string | null; phase: string; score: number; measured_on: string; note: string }[] }) {
  if (measures.length === 0) return <p className="muted">No outcome measures recorded yet.</p>;
  return (
    <div className="table-scroll" role="region" aria-label="Outcome measures" tabIndex={0}>
      <table>
        <caption className="visually-hidden">Outcome measures</caption>
        <thead>
          <tr>
            <th scope="col">Measured on</th>
            <th scope="col">Program</th>
            <th scope="col">Domain</th>
            <th scope="col">When</th>
            <th scope="col">Score</th>
            <th scope="col">Note</th>
          </tr>
        </thead>
        <tbody>
          {measures.map((m) => (
            <tr key={m.id}>
              <td>{m.measured_on}</td>
              <td>{m.program_name}</td>
              <td>{m.measure_name ? `Other: ${m.measure_name}` : (DOMAIN_LABELS[m.domain as OutcomeDomain] ?? m.domain)}</td>
              <td>{PHASE_LABELS[m.phase as OutcomePhase] ?? m.phase}</td>
              <td>{m.score}</td>
              <td>{m.note}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
