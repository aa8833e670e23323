import { Form } from "@remix-run/react";
import { GROUP_KINDS, GROUP_KIND_LABELS } from "~/modules/groups/schema";
import { CheckboxGroup, ErrorSummary, Field, Select, TextArea, type ActionErrors } from "./form";
import { zoneOptions } from "./time";

export type GroupFormValues = {
  name: string;
  kind: string;
  description: string;
  timezone: string;
  capacity: number;
  location: string;
  onlineUrl: string;
  language: string;
  facilitatorIds: string[];
};

const labels = {
  name: "Name",
  kind: "Kind",
  timezone: "Time zone",
  capacity: "Seats",
  location: "Location",
  onlineUrl: "Online link",
  language: "Language",
  facilitatorIds: "Facilitators",
  overrideReason: "Reason for assigning anyway",
};

export function GroupForm({
  data,
  defaults,
  staff,
  submitLabel,
  readiness = [],
}: {
  data?: ActionErrors;
  defaults: GroupFormValues;
  staff: { id: string; name: string; role: string }[];
  submitLabel: string;
  /** Competency gate: who is not yet cleared to lead which kinds of group (one line each). */
  readiness?: string[];
}) {
  return (
    <>
      <ErrorSummary data={data} labels={labels} />
      <Form method="post" noValidate>
        <Field name="name" label="Name" defaultValue={defaults.name} data={data} />
        <Select
          name="kind"
          label="Kind"
          defaultValue={defaults.kind}
          data={data}
          options={GROUP_KINDS.map((k) => ({ value: k, label: GROUP_KIND_LABELS[k] }))}
        />
        <TextArea name="description" label="Description" defaultValue={defaults.description} data={data} />
        <Select name="timezone" label="Time zone" hint="Sessions are scheduled in this zone." defaultValue={defaults.timezone} data={data} options={zoneOptions(defaults.timezone)} />
        <Field name="capacity" label="Seats" type="number" inputMode="numeric" min={1} max={500} defaultValue={defaults.capacity} data={data} />
        <Field name="location" label="Location" hint="Address and room, if the group meets in person." defaultValue={defaults.location} data={data} />
        <Field name="onlineUrl" label="Online link" type="url" hint="https:// link, if the group meets online." defaultValue={defaults.onlineUrl} data={data} />
        <Field name="language" label="Language" hint="A language code such as en or es." defaultValue={defaults.language} data={data} />
        <CheckboxGroup
          name="facilitatorIds"
          legend="Facilitators"
          data={data}
          defaultValues={defaults.facilitatorIds}
          options={staff.map((s) => ({ value: s.id, label: `${s.name} (${s.role})` }))}
        />
        {readiness.length ? (
          <div className="hint">
            <p>Not yet cleared to lead (current verified competencies needed):</p>
            <ul>
              {readiness.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          </div>
        ) : null}
        <details className="override" open={Boolean(data?.errors?.facilitatorIds || data?.errors?.overrideReason || data?.values?.overrideReason)}>
          <summary>Assign anyway (manager override)</summary>
          <TextArea
            name="overrideReason"
            label="Reason for assigning anyway"
            hint="Only needed when a facilitator lacks a current verified competency or is over the caseload limit. The reason is recorded and appears in the evidence report."
            data={data}
            defaultValue=""
            rows={3}
          />
        </details>
        <button type="submit">{submitLabel}</button>
      </Form>
    </>
  );
}
