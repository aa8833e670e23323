import { Form } from "@remix-run/react";
import { CONTACT_MODES, type ContactMode } from "~/modules/records/contacts/schema";
import { Field, RadioGroup, Select, TextArea, type ActionErrors } from "~/ui/form";
import { useTexts } from "~/ui/i18n";
import { COMPONENT_KEY, useComponentOptions } from "~/ui/plans";
import { NoteText } from "~/ui/records";
import { CivilDate } from "~/ui/time";

const CONTACT_LABEL_KEYS = {
  contactDate: "records.contactForm.date",
  minutes: "records.contactForm.minutes",
  mode: "records.contactForm.mode",
  programId: "records.contactForm.program",
  component: "records.contactForm.component",
  planLink: "records.contactForm.planLink",
  note: "records.contactForm.note",
  body: "records.notes.labels.body",
} as const;

/** The contact form's field names for the error summary, in the page's language. */
export function useContactLabels(): Record<string, string> {
  const { t } = useTexts();
  return Object.fromEntries(Object.entries(CONTACT_LABEL_KEYS).map(([k, v]) => [k, t(v)]));
}

/** The catalog key of how a contact took place (modules/records/contacts/schema.ts CONTACT_MODE_LABELS). */
export const CONTACT_MODE_KEY: Record<ContactMode, string> = { in_person: "records.mode.inPerson", phone: "records.mode.phone", video: "records.mode.video" };

type Values = { programId: string | null; contactDate: string; minutes: number | string; mode: string; component: string | null; planLink: string; note: string };

/**
 * The fields of a one-to-one contact (log a new one, or change a draft), with Save draft and Save
 * and sign. `programOptions`: the programs the writer may file it under (the only one chosen by
 * default; none at all only for a manager when the person attends no group — then managers alone read it).
 */
export function ContactForm({
  values,
  programOptions,
  planOptions,
  data,
  submitLabel,
  formToken,
  version,
}: {
  values: Values;
  programOptions: { id: string; name: string }[];
  planOptions: { value: string; label: string }[];
  data?: ActionErrors;
  submitLabel?: string;
  /** A new contact's one-time form token (the same form sent twice logs one contact). */
  formToken?: string;
  /** A draft's version the page was opened on (a save from it is refused once someone else changed the draft). */
  version?: string;
}) {
  const { t, message } = useTexts();
  const componentOptions = useComponentOptions();
  // "Goal: …" / "Objective: …" as the module writes them, in the page's language.
  const links = planOptions.map((p) => ({ value: p.value, label: message(p.label) }));
  return (
    <Form method="post" className="card" noValidate aria-label={t("records.contactForm.label")}>
      {formToken ? <input type="hidden" name="formToken" value={formToken} /> : null}
      {/* The version sent back by a refused save (the current one, once the person has seen it), else the page's. */}
      {version !== undefined ? <input type="hidden" name="version" value={data?.values?.version ?? version} /> : null}
      {programOptions.length ? (
        <Select
          name="programId"
          label={t("records.contactForm.program")}
          options={[...(programOptions.length > 1 ? [{ value: "", label: t("records.contactForm.choose") }] : []), ...programOptions.map((p) => ({ value: p.id, label: p.name }))]}
          data={data}
          defaultValue={values.programId ?? (programOptions.length === 1 ? programOptions[0].id : "")}
          hint={t("records.contactForm.programHint")}
        />
      ) : (
        <p className="muted">{t("records.contactForm.noProgram")}</p>
      )}
      <Field name="contactDate" label={t("records.contactForm.date")} type="date" data={data} defaultValue={values.contactDate} />
      <Field name="minutes" label={t("records.contactForm.minutes")} type="number" inputMode="numeric" min={1} max={1440} data={data} defaultValue={values.minutes} />
      <RadioGroup name="mode" legend={t("records.contactForm.mode")} options={CONTACT_MODES.map((m) => ({ value: m, label: t(CONTACT_MODE_KEY[m]) }))} data={data} defaultValue={values.mode} />
      <Select
        name="component"
        label={t("records.contactForm.component")}
        options={[{ value: "", label: t("records.contactForm.choose") }, ...componentOptions]}
        data={data}
        defaultValue={values.component ?? ""}
      />
      <Select
        name="planLink"
        label={t("records.contactForm.planLink")}
        options={[{ value: "", label: t("records.contactForm.noGoal") }, ...links]}
        data={data}
        defaultValue={values.planLink}
        hint={planOptions.length ? undefined : t("records.contactForm.noActiveGoals")}
      />
      <TextArea name="note" label={t("records.contactForm.note")} hint={t("records.contactForm.noteHint")} data={data} defaultValue={values.note} rows={5} />
      <p className="row">
        <button type="submit" name="intent" value="save">
          {submitLabel ?? t("records.shared.saveDraft")}
        </button>
        <button type="submit" name="intent" value="sign">
          {t("records.shared.saveAndSign")}
        </button>
      </p>
      <p className="muted">{t("records.contactForm.locked")}</p>
    </Form>
  );
}

export const planLinkOf = (c: { goalId: string | null; objectiveId: string | null }) => (c.objectiveId ? `objective:${c.objectiveId}` : c.goalId ? `goal:${c.goalId}` : "");

type SavedContact = {
  contactDate: string;
  minutes: number;
  mode: ContactMode;
  programName: string | null;
  component: string | null;
  objectiveText: string | null;
  goalTitle: string | null;
  note: string;
};

/** A contact as saved (read-only): a signed one, or a draft as someone else saved it meanwhile. */
export function ContactText({ contact: c }: { contact: SavedContact }) {
  const { t } = useTexts();
  return (
    <>
      <p>
        <CivilDate date={c.contactDate} />
        {t("records.contacts.modeMinutes", { mode: t(CONTACT_MODE_KEY[c.mode]), minutes: c.minutes })}
      </p>
      <NoteText label={t("records.contactForm.program")} text={c.programName ?? t("records.contact.noProgram")} />
      <NoteText label={t("records.contactForm.component")} text={c.component ? t(COMPONENT_KEY[c.component as keyof typeof COMPONENT_KEY]) : null} />
      <NoteText label={t("records.contactForm.planLink")} text={c.objectiveText ? t("records.contact.objective", { text: c.objectiveText }) : c.goalTitle ? t("records.contact.goal", { text: c.goalTitle }) : null} />
      <NoteText label={t("records.contactForm.note")} text={c.note} />
    </>
  );
}
