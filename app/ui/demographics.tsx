import { CheckboxGroup, Field, Select, type ActionErrors } from "~/ui/form";
import { useTexts } from "~/ui/i18n";
import {
  AGE_BANDS,
  DEFAULT_RACE_ETHNICITY,
  GENDERS,
  LANGUAGES,
  PAYERS,
  PREFER_NOT,
  VETERAN_STATUSES,
  type Demographics,
  type RaceCategory,
} from "~/modules/demographics/schema";

type T = ReturnType<typeof useTexts>["t"];

/** Catalog keys of each question's answers (the module's codes; the words are in the catalogs). */
const AGE_BAND: Record<(typeof AGE_BANDS)[number], string> = {
  under_18: "participant.demographics.ageBand.under18",
  "18_24": "participant.demographics.ageBand.from18to24",
  "25_34": "participant.demographics.ageBand.from25to34",
  "35_44": "participant.demographics.ageBand.from35to44",
  "45_54": "participant.demographics.ageBand.from45to54",
  "55_64": "participant.demographics.ageBand.from55to64",
  "65_plus": "participant.demographics.ageBand.over65",
};
const GENDER: Record<(typeof GENDERS)[number], string> = {
  woman: "participant.demographics.gender.woman",
  man: "participant.demographics.gender.man",
  transgender_woman: "participant.demographics.gender.transgenderWoman",
  transgender_man: "participant.demographics.gender.transgenderMan",
  non_binary: "participant.demographics.gender.nonBinary",
  another: "participant.demographics.gender.another",
};
const LANGUAGE: Record<(typeof LANGUAGES)[number], string> = {
  english: "participant.demographics.language.english",
  spanish: "participant.demographics.language.spanish",
  chinese: "participant.demographics.language.chinese",
  tagalog: "participant.demographics.language.tagalog",
  vietnamese: "participant.demographics.language.vietnamese",
  arabic: "participant.demographics.language.arabic",
  french: "participant.demographics.language.french",
  korean: "participant.demographics.language.korean",
  russian: "participant.demographics.language.russian",
  haitian_creole: "participant.demographics.language.haitianCreole",
  portuguese: "participant.demographics.language.portuguese",
  hindi: "participant.demographics.language.hindi",
  asl: "participant.demographics.language.asl",
  another: "participant.demographics.language.another",
};
const VETERAN: Record<(typeof VETERAN_STATUSES)[number], string> = {
  veteran: "participant.demographics.veteran.veteran",
  not_veteran: "participant.demographics.veteran.notVeteran",
};
const PAYER: Record<(typeof PAYERS)[number], string> = {
  medicaid: "participant.demographics.payer.medicaid",
  medicare: "participant.demographics.payer.medicare",
  private: "participant.demographics.payer.private",
  other_public: "participant.demographics.payer.otherPublic",
  uninsured: "participant.demographics.payer.uninsured",
  other: "participant.demographics.payer.other",
};
/** The federal standard's default categories; an organisation's renamed or added ones stay as it wrote them. */
const DEFAULT_RACE: Record<string, string> = {
  american_indian_alaska_native: "participant.demographics.race.americanIndianAlaskaNative",
  asian: "participant.demographics.race.asian",
  black_african_american: "participant.demographics.race.blackAfricanAmerican",
  hispanic_latino: "participant.demographics.race.hispanicLatino",
  middle_eastern_north_african: "participant.demographics.race.middleEasternNorthAfrican",
  native_hawaiian_pacific_islander: "participant.demographics.race.nativeHawaiianPacificIslander",
  white: "participant.demographics.race.white",
};

/** The error summary's names of the demographic and coverage fields, in the reader's language. */
export function useFieldLabels(): Record<string, string> {
  const { t } = useTexts();
  return {
    birthDate: t("participant.demographics.field.birthDate"),
    ageBand: t("participant.demographics.field.ageBand"),
    gender: t("participant.demographics.field.gender"),
    raceEthnicity: t("participant.demographics.field.raceEthnicity"),
    primaryLanguage: t("participant.demographics.field.primaryLanguage"),
    zipCode: t("participant.demographics.field.zipCode"),
    zipPreferNot: t("participant.demographics.field.zipCode"),
    veteranStatus: t("participant.demographics.field.veteranStatus"),
    payer: t("participant.demographics.field.payer"),
    medicaidId: t("participant.demographics.field.medicaidId"),
    participantId: t("participant.demographics.field.participantId"),
  };
}

/** A race and ethnicity category's name: a default one unchanged by the organisation in the reader's language. */
function raceLabel(t: T, category: { key: string; label: string }): string {
  const standard = DEFAULT_RACE_ETHNICITY.find((d) => d.key === category.key);
  return standard && standard.label === category.label && DEFAULT_RACE[category.key] ? t(DEFAULT_RACE[category.key]) : category.label;
}

const options = (t: T, keys: Record<string, string>, blank: string) => [
  { value: "", label: blank },
  ...Object.entries(keys).map(([value, key]) => ({ value, label: t(key) })),
  { value: PREFER_NOT, label: t("participant.demographics.preferNot") },
];

/** An answer in words ("Prefer not to say", "Not answered"). */
function answerText(t: T, keys: Record<string, string>, value: string | null): string {
  if (value === null) return t("participant.demographics.notAnswered");
  if (value === PREFER_NOT) return t("participant.demographics.preferNot");
  return keys[value] ? t(keys[value]) : value;
}

/**
 * The demographic questions (participant's page, staff page, intake section). Every one is
 * optional and offers "Prefer not to say". `blank` is what an empty choice means here (default: "Not answered").
 */
export function DemographicsFields({
  data,
  current,
  categories,
  blank,
}: {
  data?: ActionErrors;
  current: Demographics | null;
  categories: RaceCategory[];
  blank?: string;
}) {
  const { t } = useTexts();
  const empty = blank ?? t("participant.demographics.notAnswered");
  const offered = categories.filter((c) => !c.retired || current?.raceEthnicity?.includes(c.key));
  return (
    <>
      <Field
        name="birthDate"
        label={t("participant.demographics.question.birthDate")}
        type="date"
        hint={t("participant.demographics.question.birthDateHint")}
        data={data}
        defaultValue={current?.birthDate ?? ""}
        autoComplete="bday"
      />
      <Select name="ageBand" label={t("participant.demographics.question.ageBand")} data={data} defaultValue={current?.ageBand ?? ""} options={options(t, AGE_BAND, empty)} />
      <Select name="gender" label={t("participant.demographics.question.gender")} data={data} defaultValue={current?.gender ?? ""} options={options(t, GENDER, empty)} />
      <CheckboxGroup
        name="raceEthnicity"
        legend={t("participant.demographics.question.raceEthnicity")}
        hint={t("participant.demographics.question.raceEthnicityHint")}
        data={data}
        defaultValues={current?.raceEthnicity ?? []}
        options={[...offered.map((c) => ({ value: c.key, label: raceLabel(t, c) })), { value: PREFER_NOT, label: t("participant.demographics.preferNot") }]}
      />
      <Select
        name="primaryLanguage"
        label={t("participant.demographics.question.primaryLanguage")}
        data={data}
        defaultValue={current?.primaryLanguage ?? ""}
        options={options(t, LANGUAGE, empty)}
      />
      <Field
        name="zipCode"
        label={t("participant.demographics.question.zipCode")}
        hint={t("participant.demographics.question.zipCodeHint")}
        data={data}
        inputMode="numeric"
        autoComplete="postal-code"
        defaultValue={current?.zipCode && current.zipCode !== PREFER_NOT ? current.zipCode : ""}
      />
      <CheckboxGroup
        name="zipPreferNot"
        legend={t("participant.demographics.question.zipPreferNot")}
        data={data}
        defaultValues={current?.zipCode === PREFER_NOT ? ["yes"] : []}
        options={[{ value: "yes", label: t("participant.demographics.question.zipPreferNotOption") }]}
      />
      <Select
        name="veteranStatus"
        label={t("participant.demographics.question.veteranStatus")}
        data={data}
        defaultValue={current?.veteranStatus ?? ""}
        options={options(t, VETERAN, empty)}
      />
    </>
  );
}

/** Staff-only: payer and Medicaid ID. The recorded ID is shown masked and never put in the page in full. */
export function CoverageFields({ data, current }: { data?: ActionErrors; current: { payer: string | null; medicaidIdMasked: string } }) {
  const { t } = useTexts();
  return (
    <>
      <Select
        name="payer"
        label={t("participant.demographics.coverage.payer")}
        data={data}
        defaultValue={current.payer ?? ""}
        options={options(t, PAYER, t("participant.demographics.coverage.notRecorded"))}
      />
      <Field
        name="medicaidId"
        label={t("participant.demographics.coverage.medicaidId")}
        hint={
          current.medicaidIdMasked
            ? t("participant.demographics.coverage.recorded", { masked: current.medicaidIdMasked })
            : t("participant.demographics.coverage.asOnCard")
        }
        data={data}
        autoComplete="off"
      />
      {current.medicaidIdMasked ? (
        <CheckboxGroup
          name="removeMedicaidId"
          legend={t("participant.demographics.coverage.remove")}
          data={data}
          options={[{ value: "yes", label: t("participant.demographics.coverage.delete") }]}
        />
      ) : null}
    </>
  );
}

/** Read-only list of a person's answers. */
export function DemographicsSummary({ current, categories }: { current: Demographics | null; categories: RaceCategory[] }) {
  const { t } = useTexts();
  const race = current?.raceEthnicity;
  const raceText = !race
    ? t("participant.demographics.notAnswered")
    : race[0] === PREFER_NOT
      ? t("participant.demographics.preferNot")
      : race
          .map((k) => {
            const category = categories.find((c) => c.key === k);
            return category ? raceLabel(t, category) : k;
          })
          .join(", ");
  const age = current?.birthDate ? t("participant.demographics.summary.born", { date: current.birthDate }) : answerText(t, AGE_BAND, current?.ageBand ?? null);
  return (
    <dl className="summary-list">
      <dt>{t("participant.demographics.summary.age")}</dt>
      <dd>{age}</dd>
      <dt>{t("participant.demographics.field.gender")}</dt>
      <dd>{answerText(t, GENDER, current?.gender ?? null)}</dd>
      <dt>{t("participant.demographics.field.raceEthnicity")}</dt>
      <dd>{raceText}</dd>
      <dt>{t("participant.demographics.field.primaryLanguage")}</dt>
      <dd>{answerText(t, LANGUAGE, current?.primaryLanguage ?? null)}</dd>
      <dt>{t("participant.demographics.field.zipCode")}</dt>
      <dd>{answerText(t, {}, current?.zipCode ?? null)}</dd>
      <dt>{t("participant.demographics.field.veteranStatus")}</dt>
      <dd>{answerText(t, VETERAN, current?.veteranStatus ?? null)}</dd>
    </dl>
  );
}

/**
 * The optional "About you" section of the intake form. Blank questions record nothing (an earlier
 * answer stays); it opens by itself when one of its answers needs correcting.
 */
export function IntakeDemographicsSection({ data, categories, onBehalf }: { data?: ActionErrors; categories: RaceCategory[]; onBehalf: boolean }) {
  const { t } = useTexts();
  const fields = ["birthDate", "ageBand", "gender", "raceEthnicity", "primaryLanguage", "zipCode", "zipPreferNot", "veteranStatus"];
  const open = fields.some((f) => data?.errors?.[f]?.length);
  return (
    <details className="card intake-demographics" open={open}>
      <summary>{onBehalf ? t("participant.demographics.intake.aboutParticipant") : t("participant.demographics.intake.aboutYou")}</summary>
      <p className="hint muted">
        {t("participant.demographics.intake.intro")}
        {onBehalf ? (
          t("participant.demographics.intake.onBehalf")
        ) : (
          <>
            {t("participant.demographics.intake.changeLater")}
            <a href="/my/demographics">{t("participant.demographics.intake.aboutMe")}</a>.
          </>
        )}
      </p>
      <DemographicsFields data={data} current={null} categories={categories} blank={t("participant.demographics.intake.skip")} />
    </details>
  );
}

/** Payer and Medicaid ID as recorded (the ID masked): shown beside a coverage form whose save was refused as out of date. */
export function CoverageSummary({ current }: { current: { payer: string | null; medicaidIdMasked: string } }) {
  const { t } = useTexts();
  const key = current.payer === null ? undefined : PAYER[current.payer as keyof typeof PAYER];
  const payer = current.payer === null ? t("participant.demographics.coverage.notRecorded") : key ? t(key) : current.payer;
  return (
    <dl className="summary-list">
      <dt>{t("participant.demographics.field.payer")}</dt>
      <dd>{payer}</dd>
      <dt>{t("participant.demographics.field.medicaidId")}</dt>
      <dd>{current.medicaidIdMasked || t("participant.demographics.coverage.notRecorded")}</dd>
    </dl>
  );
}
