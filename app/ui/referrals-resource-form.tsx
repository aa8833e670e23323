import { Form } from "@remix-run/react";
import { NEED_AREAS } from "~/modules/registration/schema";
import { CheckboxGroup, ErrorSummary, Field, TextArea, type ActionErrors } from "~/ui/form";
import { useTexts } from "~/ui/i18n";
import { NEED_AREA_KEY } from "~/ui/voice-labels";

/** The catalog key of each directory field's name (the form's labels, the service page's rows). */
export const RESOURCE_LABEL_KEYS = {
  name: "voice.directory.field.name",
  location: "voice.directory.field.location",
  phone: "voice.directory.field.phone",
  contactPerson: "voice.directory.field.contactPerson",
  services: "voice.directory.field.services",
  languages: "voice.directory.field.languages",
  fees: "voice.directory.field.fees",
  eligibility: "voice.directory.field.eligibility",
  needAreas: "voice.directory.field.needAreas",
  website: "voice.directory.field.website",
} as const;

type Defaults = Partial<Record<Exclude<keyof typeof RESOURCE_LABEL_KEYS, "needAreas">, string>> & { needAreas?: string[] };

/** The PA-CSE 6.02 fields of a directory entry. */
export function ResourceForm({ data, defaults = {}, submitLabel, version }: { data?: ActionErrors; defaults?: Defaults; submitLabel: string; /** An entry's version its page was opened on (a save from it is refused once someone else changed the entry). */ version?: string }) {
  const { t } = useTexts();
  const labels = Object.fromEntries(Object.entries(RESOURCE_LABEL_KEYS).map(([field, key]) => [field, t(key)]));
  return (
    <Form method="post" noValidate>
      <ErrorSummary data={data} labels={labels} />
      {/* The version sent back by a refused save (the current one, once the person has seen it), else the page's. */}
      {version !== undefined ? <input type="hidden" name="version" value={data?.values?.version ?? version} /> : null}
      <Field name="name" label={labels.name} data={data} defaultValue={defaults.name} />
      <Field name="location" label={labels.location} hint={t("voice.directory.field.locationHint")} data={data} defaultValue={defaults.location} />
      <Field name="phone" label={labels.phone} type="tel" data={data} defaultValue={defaults.phone} />
      <Field name="contactPerson" label={labels.contactPerson} data={data} defaultValue={defaults.contactPerson} />
      <TextArea name="services" label={labels.services} data={data} defaultValue={defaults.services} rows={3} />
      <Field name="languages" label={labels.languages} hint={t("voice.directory.field.languagesHint")} data={data} defaultValue={defaults.languages} />
      <Field name="fees" label={labels.fees} hint={t("voice.directory.field.feesHint")} data={data} defaultValue={defaults.fees} />
      <TextArea name="eligibility" label={labels.eligibility} data={data} defaultValue={defaults.eligibility} rows={2} />
      <CheckboxGroup name="needAreas" legend={t("voice.directory.field.needAreasServed")} data={data} defaultValues={defaults.needAreas ?? []} options={NEED_AREAS.map((n) => ({ value: n, label: t(NEED_AREA_KEY[n]) }))} />
      <Field name="website" label={labels.website} type="url" data={data} defaultValue={defaults.website} />
      <button type="submit">{submitLabel}</button>
    </Form>
  );
}
