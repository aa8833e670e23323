import { Form } from "@remix-run/react";
import { COMPONENT_LABELS, PEER_SUPPORT_COMPONENTS } from "~/modules/plans/components";
import { CONTACT_MODE_LABELS, CONTACT_MODES } from "~/modules/records/contacts/schema";
import { Field, RadioGroup, Select, TextArea, type ActionErrors } from "~/ui/form";

export const CONTACT_LABELS = { contactDate: "Date", minutes: "Minutes", mode: "How", component: "Component of peer support", planLink: "Goal or objective addressed", note: "Note", body: "Addendum" };

type Values = { contactDate: string; minutes: number | string; mode: string; component: string | null; planLink: string; note: string };

/** The fields of a one-to-one contact (log a new one, or change a draft), with Save draft and Save and sign. */
export function ContactForm({ values, planOptions, data, submitLabel = "Save draft" }: { values: Values; planOptions: { value: string; label: string }[]; data?: ActionErrors; submitLabel?: string }) {
  return (
    <Form method="post" className="card" noValidate aria-label="One-to-one contact">
      <Field name="contactDate" label="Date" type="date" data={data} defaultValue={values.contactDate} />
      <Field name="minutes" label="Minutes" type="number" inputMode="numeric" min={1} max={1440} data={data} defaultValue={values.minutes} />
      <RadioGroup name="mode" legend="How" options={CONTACT_MODES.map((m) => ({ value: m, label: CONTACT_MODE_LABELS[m] }))} data={data} defaultValue={values.mode} />
      <Select
        name="component"
        label="Component of peer support"
        options={[{ value: "", label: "Choose…" }, ...PEER_SUPPORT_COMPONENTS.map((c) => ({ value: c, label: COMPONENT_LABELS[c] }))]}
        data={data}
        defaultValue={values.component ?? ""}
      />
      <Select name="planLink" label="Goal or objective addressed" options={[{ value: "", label: "None of their goals" }, ...planOptions]} data={data} defaultValue={values.planLink} hint={planOptions.length ? undefined : "This person has no active goals yet."} />
      <TextArea name="note" label="Note" hint="What you worked on together, in plain words." data={data} defaultValue={values.note} rows={5} />
      <p className="row">
        <button type="submit" name="intent" value="save">
          {submitLabel}
        </button>
        <button type="submit" name="intent" value="sign">
          Save and sign
        </button>
      </p>
      <p className="muted">Once signed, the contact is locked: later changes are addenda with your name and the time.</p>
    </Form>
  );
}

export const planLinkOf = (c: { goalId: string | null; objectiveId: string | null }) => (c.objectiveId ? `objective:${c.objectiveId}` : c.goalId ? `goal:${c.goalId}` : "");
