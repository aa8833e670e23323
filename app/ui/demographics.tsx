import { CheckboxGroup, Field, Select, type ActionErrors } from "~/ui/form";
import {
  AGE_BAND_LABELS,
  AGE_BANDS,
  GENDER_LABELS,
  GENDERS,
  LANGUAGE_LABELS,
  LANGUAGES,
  PAYER_LABELS,
  PAYERS,
  PREFER_NOT,
  PREFER_NOT_LABEL,
  VETERAN_LABELS,
  VETERAN_STATUSES,
  type Demographics,
  type RaceCategory,
} from "~/modules/demographics/schema";

const options = (labels: Record<string, string>, keys: readonly string[], blank: string) => [
  { value: "", label: blank },
  ...keys.map((k) => ({ value: k, label: labels[k] })),
  { value: PREFER_NOT, label: PREFER_NOT_LABEL },
];

/** An answer in words ("Prefer not to say", "Not answered"). */
export function answerText(labels: Record<string, string>, value: string | null): string {
  if (value === null) return "Not answered";
  if (value === PREFER_NOT) return PREFER_NOT_LABEL;
  return labels[value] ?? value;
}

/**
 * The demographic questions (participant's page, staff page, intake section). Every one is
 * optional and offers "Prefer not to say". `blank` is what an empty choice means here.
 */
export function DemographicsFields({
  data,
  current,
  categories,
  blank = "Not answered",
}: {
  data?: ActionErrors;
  current: Demographics | null;
  categories: RaceCategory[];
  blank?: string;
}) {
  const offered = categories.filter((c) => !c.retired || current?.raceEthnicity?.includes(c.key));
  return (
    <>
      <Field
        name="birthDate"
        label="Date of birth (optional)"
        type="date"
        hint="Or choose an age group below instead."
        data={data}
        defaultValue={current?.birthDate ?? ""}
        autoComplete="bday"
      />
      <Select name="ageBand" label="Age group (optional)" data={data} defaultValue={current?.ageBand ?? ""} options={options(AGE_BAND_LABELS, AGE_BANDS, blank)} />
      <Select name="gender" label="Gender identity (optional)" data={data} defaultValue={current?.gender ?? ""} options={options(GENDER_LABELS, GENDERS, blank)} />
      <CheckboxGroup
        name="raceEthnicity"
        legend="Race and ethnicity (optional)"
        hint="Choose every one that applies to you."
        data={data}
        defaultValues={current?.raceEthnicity ?? []}
        options={[...offered.map((c) => ({ value: c.key, label: c.label })), { value: PREFER_NOT, label: PREFER_NOT_LABEL }]}
      />
      <Select
        name="primaryLanguage"
        label="Primary language (optional)"
        data={data}
        defaultValue={current?.primaryLanguage ?? ""}
        options={options(LANGUAGE_LABELS, LANGUAGES, blank)}
      />
      <Field
        name="zipCode"
        label="ZIP code where you live (optional)"
        hint="5 digits, or ZIP+4 like 02134-1234."
        data={data}
        inputMode="numeric"
        autoComplete="postal-code"
        defaultValue={current?.zipCode && current.zipCode !== PREFER_NOT ? current.zipCode : ""}
      />
      <CheckboxGroup
        name="zipPreferNot"
        legend="ZIP code: prefer not to say"
        data={data}
        defaultValues={current?.zipCode === PREFER_NOT ? ["yes"] : []}
        options={[{ value: "yes", label: "I prefer not to give my ZIP code" }]}
      />
      <Select name="veteranStatus" label="Veteran status (optional)" data={data} defaultValue={current?.veteranStatus ?? ""} options={options(VETERAN_LABELS, VETERAN_STATUSES, blank)} />
    </>
  );
}

/** Staff-only: payer and Medicaid ID. The recorded ID is shown masked and never put in the page in full. */
export function CoverageFields({ data, current }: { data?: ActionErrors; current: { payer: string | null; medicaidIdMasked: string } }) {
  return (
    <>
      <Select name="payer" label="Payer or insurance" data={data} defaultValue={current.payer ?? ""} options={options(PAYER_LABELS, PAYERS, "Not recorded")} />
      <Field
        name="medicaidId"
        label="Medicaid ID"
        hint={current.medicaidIdMasked ? `Recorded: ${current.medicaidIdMasked}. Leave empty to keep it; type a new ID to replace it.` : "Letters and digits as on the card."}
        data={data}
        autoComplete="off"
      />
      {current.medicaidIdMasked ? (
        <CheckboxGroup name="removeMedicaidId" legend="Remove the Medicaid ID" data={data} options={[{ value: "yes", label: "Delete the recorded Medicaid ID" }]} />
      ) : null}
    </>
  );
}

/** Read-only list of a person's answers. */
export function DemographicsSummary({ current, categories }: { current: Demographics | null; categories: RaceCategory[] }) {
  const race = current?.raceEthnicity;
  const raceText = !race ? "Not answered" : race[0] === PREFER_NOT ? PREFER_NOT_LABEL : race.map((k) => categories.find((c) => c.key === k)?.label ?? k).join(", ");
  const age = current?.birthDate ? `Born ${current.birthDate}` : answerText(AGE_BAND_LABELS, current?.ageBand ?? null);
  return (
    <dl className="summary-list">
      <dt>Age</dt>
      <dd>{age}</dd>
      <dt>Gender identity</dt>
      <dd>{answerText(GENDER_LABELS, current?.gender ?? null)}</dd>
      <dt>Race and ethnicity</dt>
      <dd>{raceText}</dd>
      <dt>Primary language</dt>
      <dd>{answerText(LANGUAGE_LABELS, current?.primaryLanguage ?? null)}</dd>
      <dt>ZIP code</dt>
      <dd>{answerText({}, current?.zipCode ?? null)}</dd>
      <dt>Veteran status</dt>
      <dd>{answerText(VETERAN_LABELS, current?.veteranStatus ?? null)}</dd>
    </dl>
  );
}

/**
 * The optional "About you" section of the intake form. Blank questions record nothing (an earlier
 * answer stays); it opens by itself when one of its answers needs correcting.
 */
export function IntakeDemographicsSection({ data, categories, onBehalf }: { data?: ActionErrors; categories: RaceCategory[]; onBehalf: boolean }) {
  const fields = ["birthDate", "ageBand", "gender", "raceEthnicity", "primaryLanguage", "zipCode", "zipPreferNot", "veteranStatus"];
  const open = fields.some((f) => data?.errors?.[f]?.length);
  return (
    <details className="card intake-demographics" open={open}>
      <summary>{onBehalf ? "About the participant (optional)" : "About you (optional)"}</summary>
      <p className="hint muted">
        Funders ask who our groups reach. Answers are reported only as totals, never with a name and never for fewer than 5 people. Skip any question, or choose
        “Prefer not to say”. {onBehalf ? "Record only what the participant tells you." : (
          <>
            You can change these later on <a href="/my/demographics">About me</a>.
          </>
        )}
      </p>
      <DemographicsFields data={data} current={null} categories={categories} blank="Skip this question" />
    </details>
  );
}
