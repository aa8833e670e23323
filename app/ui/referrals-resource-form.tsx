import { Form } from "@remix-run/react";
import { NEED_AREA_LABELS, NEED_AREAS } from "~/modules/registration/schema";
import { CheckboxGroup, ErrorSummary, Field, TextArea, type ActionErrors } from "~/ui/form";

export const RESOURCE_LABELS: Record<string, string> = {
  name: "Name",
  location: "Location",
  phone: "Phone",
  contactPerson: "Contact person",
  services: "Services",
  languages: "Languages",
  fees: "Fees",
  eligibility: "Eligibility",
  needAreas: "Need areas",
  website: "Website",
};

type Defaults = Partial<Record<keyof typeof RESOURCE_LABELS, string>> & { needAreas?: string[] };

/** The PA-CSE 6.02 fields of a directory entry. */
export function ResourceForm({ data, defaults = {}, submitLabel }: { data?: ActionErrors; defaults?: Defaults; submitLabel: string }) {
  return (
    <Form method="post" noValidate>
      <ErrorSummary data={data} labels={RESOURCE_LABELS} />
      <Field name="name" label="Name" data={data} defaultValue={defaults.name} />
      <Field name="location" label="Location" hint="Street address, or 'phone only'." data={data} defaultValue={defaults.location} />
      <Field name="phone" label="Phone" type="tel" data={data} defaultValue={defaults.phone} />
      <Field name="contactPerson" label="Contact person" data={data} defaultValue={defaults.contactPerson} />
      <TextArea name="services" label="Services" data={data} defaultValue={defaults.services} rows={3} />
      <Field name="languages" label="Languages" hint="For example: English, Spanish, ASL" data={data} defaultValue={defaults.languages} />
      <Field name="fees" label="Fees" hint="For example: free; sliding scale; Medicaid accepted" data={data} defaultValue={defaults.fees} />
      <TextArea name="eligibility" label="Eligibility" data={data} defaultValue={defaults.eligibility} rows={2} />
      <CheckboxGroup name="needAreas" legend="Need areas served" data={data} defaultValues={defaults.needAreas ?? []} options={NEED_AREAS.map((n) => ({ value: n, label: NEED_AREA_LABELS[n] }))} />
      <Field name="website" label="Website" type="url" data={data} defaultValue={defaults.website} />
      <button type="submit">{submitLabel}</button>
    </Form>
  );
}
