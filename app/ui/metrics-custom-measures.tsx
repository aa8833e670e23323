import { Form, Link } from "@remix-run/react";
import { directionLabel, type CustomMeasureChange, type CustomMeasureDefinition } from "~/modules/metrics/custom-measures/change";
import { OutcomeChangeCells, OutcomeChangeHead } from "~/ui/metrics-dashboard";
import { Field, RadioGroup, type ActionErrors } from "~/ui/form";
import { useTexts } from "~/ui/i18n";

type Described = Pick<CustomMeasureDefinition, "instrument" | "standardInstrument" | "scoreMin" | "scoreMax" | "higherIsBetter">;
type Translate = (key: string, values?: Record<string, unknown>) => string;

/**
 * "PHQ-9 total score (standard instrument), 0–27, lower is better". With a translator (`t` of
 * useTexts) in the page's language; without, English (as pages not yet translated show it).
 */
export function describeMeasure(m: Described, t?: Translate): string {
  if (!t) return `${m.instrument}${m.standardInstrument ? " (standard instrument, total score entered)" : ""}, ${m.scoreMin}–${m.scoreMax}, ${directionLabel(m.higherIsBetter).toLowerCase()}`;
  return t(m.standardInstrument ? "outcomes.describe.standard" : "outcomes.describe.plain", {
    instrument: m.instrument,
    min: String(m.scoreMin),
    max: String(m.scoreMax),
    direction: t(m.higherIsBetter ? "outcomes.describe.higher" : "outcomes.describe.lower"),
  });
}

const DIRECTION_KEY = (higherIsBetter: boolean) => (higherIsBetter ? "outcomes.direction.higher" : "outcomes.direction.lower");

/** Change from baseline on the organisation's own measures (domain `other`), suppressed under 5 people like the domains. */
export function CustomOutcomesTable({ outcomes, label }: { outcomes: (Omit<CustomMeasureChange, "people"> & { people: number | null; complementary?: boolean })[]; label: string }) {
  const { t } = useTexts();
  if (outcomes.length === 0) return null;
  return (
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      <table>
        <caption>{t("outcomes.customTable.caption")}</caption>
        <OutcomeChangeHead first={t("outcomes.measures.measure")} />
        <tbody>
          {outcomes.map((o) => (
            <tr key={o.measureId}>
              <th scope="row">
                {o.name}
                {o.retired ? t("outcomes.customTable.retired") : ""}
                <span className="muted"> — {describeMeasure(o, t as unknown as Translate)}</span>
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
  const { t } = useTexts();
  if (measures.length === 0) return <p className="muted">{t("outcomes.list.none")}</p>;
  return (
    <div className="table-scroll" role="region" aria-label={t("outcomes.list.label")} tabIndex={0}>
      <table>
        <caption className="visually-hidden">{t("outcomes.list.label")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("outcomes.measures.measure")}</th>
            <th scope="col">{t("outcomes.measureForm.instrument")}</th>
            <th scope="col">{t("outcomes.list.col.scores")}</th>
            <th scope="col">{t("outcomes.list.col.better")}</th>
            <th scope="col">{t("outcomes.list.col.recorded")}</th>
            <th scope="col">{t("outcomes.list.col.status")}</th>
            <th scope="col">{t("outcomes.list.col.change")}</th>
          </tr>
        </thead>
        <tbody>
          {measures.map((m) => (
            <tr key={m.id}>
              <th scope="row">{m.name}</th>
              <td>
                {m.instrument}
                {m.standardInstrument ? t("outcomes.list.standard") : ""}
              </td>
              <td>
                {m.scoreMin}–{m.scoreMax}
              </td>
              <td>{t(DIRECTION_KEY(m.higherIsBetter))}</td>
              <td>{m.scores}</td>
              <td>{m.retired ? t("outcomes.list.retired") : t("outcomes.list.inUse")}</td>
              <td>
                <Link to={`?edit=${m.id}`}>
                  {t("outcomes.list.edit")}
                  <span className="visually-hidden"> {m.name}</span>
                </Link>
                <Form method="post" className="inline-form">
                  <input type="hidden" name="intent" value={m.retired ? "reinstate" : "retire"} />
                  <input type="hidden" name="measureId" value={m.id} />
                  <button type="submit" className="secondary">
                    {m.retired ? t("outcomes.list.reinstate") : t("outcomes.list.retire")}
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
  const { t } = useTexts();
  const heading = measure ? t("outcomes.measureForm.editTitle", { name: measure.name }) : t("outcomes.measureForm.addTitle");
  return (
    <>
      <h2 id="measure-form">{heading}</h2>
      <Form method="post" noValidate aria-labelledby="measure-form">
        <input type="hidden" name="intent" value={measure ? "edit" : "define"} />
        {measure ? <input type="hidden" name="measureId" value={measure.id} /> : null}
        <Field name="name" label={t("outcomes.measureForm.name")} hint={t("outcomes.measureForm.nameHint")} defaultValue={measure?.name} data={failed} />
        <Field name="instrument" label={t("outcomes.measureForm.instrument")} hint={t("outcomes.measureForm.instrumentHint")} defaultValue={measure?.instrument} data={failed} />
        <div className="field">
          <label>
            <input type="checkbox" name="standardInstrument" defaultChecked={checked} /> {t("outcomes.measureForm.standard")}
          </label>
        </div>
        <Field name="scoreMin" label={t("outcomes.measureForm.scoreMin")} type="number" inputMode="numeric" defaultValue={measure?.scoreMin} data={failed} />
        <Field name="scoreMax" label={t("outcomes.measureForm.scoreMax")} type="number" inputMode="numeric" defaultValue={measure?.scoreMax} data={failed} />
        <RadioGroup
          name="direction"
          legend={t("outcomes.measureForm.direction")}
          options={[
            { value: "higher", label: t("outcomes.measureForm.higher") },
            { value: "lower", label: t("outcomes.measureForm.lower") },
          ]}
          defaultValue={measure ? (measure.higherIsBetter ? "higher" : "lower") : undefined}
          data={failed}
        />
        <button type="submit">{measure ? t("outcomes.measureForm.save") : t("outcomes.measureForm.add")}</button>
        {measure ? (
          <p>
            <Link to=".">{t("outcomes.measureForm.cancel")}</Link>
          </p>
        ) : null}
      </Form>
    </>
  );
}
