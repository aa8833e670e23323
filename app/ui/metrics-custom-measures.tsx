import { Form, Link } from "@remix-run/react";
import { directionLabel, type CustomMeasureChange, type CustomMeasureDefinition } from "~/modules/metrics/custom-measures/change";
import { OutcomeChangeCells, OutcomeChangeHead } from "~/ui/metrics-dashboard";
import { Field, RadioGroup, type ActionErrors } from "~/ui/form";

/** "PHQ-9 total score (standard instrument), 0–27, lower is better". */
export function describeMeasure(m: Pick<CustomMeasureDefinition, "instrument" | "standardInstrument" | "scoreMin" | "scoreMax" | "higherIsBetter">): string {
  return `${m.instrument}${m.standardInstrument ? " (standard instrument, total score entered)" : ""}, ${m.scoreMin}–${m.scoreMax}, ${directionLabel(m.higherIsBetter).toLowerCase()}`;
}

/** Change from baseline on the organisation's own measures (domain `other`), suppressed under 5 people like the domains. */
export function CustomOutcomesTable({ outcomes, label }: { outcomes: CustomMeasureChange[]; label: string }) {
  if (outcomes.length === 0) return null;
  return (
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      <table>
        <caption>Other outcomes: the organisation's own measures, each on its own range; "improved" counts moves the better way for that measure. Figures for fewer than 5 people are not shown.</caption>
        <OutcomeChangeHead first="Measure" />
        <tbody>
          {outcomes.map((o) => (
            <tr key={o.measureId}>
              <th scope="row">
                {o.name}
                {o.retired ? " (retired)" : ""}
                <span className="muted"> — {describeMeasure(o)}</span>
              </th>
              <OutcomeChangeCells change={o} peopleCell={{ "data-measure": o.measureId }} />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

type Listed = CustomMeasureDefinition & { scores: number };

/** The managers' list: each measure, how many scores it has, edit and retire / reinstate. */
export function CustomMeasuresList({ measures }: { measures: Listed[] }) {
  if (measures.length === 0) return <p className="muted">No measures of the organisation's own yet. Staff record the five PA-CSE domains until one is added.</p>;
  return (
    <div className="table-scroll" role="region" aria-label="The organisation's own outcome measures" tabIndex={0}>
      <table>
        <caption className="visually-hidden">The organisation's own outcome measures</caption>
        <thead>
          <tr>
            <th scope="col">Measure</th>
            <th scope="col">Scale or instrument</th>
            <th scope="col">Scores</th>
            <th scope="col">Better</th>
            <th scope="col">Recorded</th>
            <th scope="col">Status</th>
            <th scope="col">Change</th>
          </tr>
        </thead>
        <tbody>
          {measures.map((m) => (
            <tr key={m.id}>
              <th scope="row">{m.name}</th>
              <td>
                {m.instrument}
                {m.standardInstrument ? " (standard instrument, total score entered)" : ""}
              </td>
              <td>
                {m.scoreMin}–{m.scoreMax}
              </td>
              <td>{directionLabel(m.higherIsBetter)}</td>
              <td>{m.scores}</td>
              <td>{m.retired ? "Retired: takes no new scores" : "In use"}</td>
              <td>
                <Link to={`?edit=${m.id}`}>
                  Edit<span className="visually-hidden"> {m.name}</span>
                </Link>
                <Form method="post" className="inline-form">
                  <input type="hidden" name="intent" value={m.retired ? "reinstate" : "retire"} />
                  <input type="hidden" name="measureId" value={m.id} />
                  <button type="submit" className="secondary">
                    {m.retired ? "Reinstate" : "Retire"}
                    <span className="visually-hidden"> {m.name}</span>
                  </button>
                </Form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Add a measure, or (given `measure`) correct one. */
export function CustomMeasureForm({ measure, failed }: { measure?: CustomMeasureDefinition; failed?: ActionErrors }) {
  const checked = failed?.values ? failed.values.standardInstrument === "on" : Boolean(measure?.standardInstrument);
  const heading = measure ? `Edit “${measure.name}”` : "Add a measure";
  return (
    <>
      <h2 id="measure-form">{heading}</h2>
      <Form method="post" noValidate aria-labelledby="measure-form">
        <input type="hidden" name="intent" value={measure ? "edit" : "define"} />
        {measure ? <input type="hidden" name="measureId" value={measure.id} /> : null}
        <Field name="name" label="Name" hint="What it shows about the person, e.g. “Housing stability” or “Depression symptoms”." defaultValue={measure?.name} data={failed} />
        <Field name="instrument" label="Scale or instrument" hint="Where the score comes from, e.g. “Staff rating 0–10” or “PHQ-9 total score”." defaultValue={measure?.instrument} data={failed} />
        <div className="field">
          <label>
            <input type="checkbox" name="standardInstrument" defaultChecked={checked} /> A standard instrument's total score (administered elsewhere; staff enter the total)
          </label>
        </div>
        <Field name="scoreMin" label="Lowest possible score" type="number" inputMode="numeric" defaultValue={measure?.scoreMin} data={failed} />
        <Field name="scoreMax" label="Highest possible score" type="number" inputMode="numeric" defaultValue={measure?.scoreMax} data={failed} />
        <RadioGroup
          name="direction"
          legend="Which way is improvement?"
          options={[
            { value: "higher", label: "A higher score is better" },
            { value: "lower", label: "A lower score is better" },
          ]}
          defaultValue={measure ? (measure.higherIsBetter ? "higher" : "lower") : undefined}
          data={failed}
        />
        <button type="submit">{measure ? "Save changes" : "Add measure"}</button>
        {measure ? (
          <p>
            <Link to=".">Cancel editing</Link>
          </p>
        ) : null}
      </Form>
    </>
  );
}
