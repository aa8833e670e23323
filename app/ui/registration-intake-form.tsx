import { Form } from "@remix-run/react";
import { CheckboxGroup, ErrorSummary, Field, RadioGroup, Select, TextArea, type ActionErrors } from "~/ui/form";
import { CONTACT_LABELS, CONTACT_METHODS, NEED_AREA_LABELS, NEED_AREAS } from "~/modules/registration/schema";

export const INTAKE_LABELS: Record<string, string> = {
  participantId: "Participant",
  needAreas: "What would help",
  otherNeed: "Something else",
  urgent: "Urgent",
  urgentNote: "What is urgent",
  preferredContact: "How to contact you",
  phone: "Phone number",
  language: "Language",
  accessibilityNeeds: "Access needs",
  consentParticipation: "Agreement to take part",
  consentRosterSharing: "Sharing with facilitators",
};

function Consent({ name, label, explanation, data }: { name: string; label: string; explanation: string; data?: ActionErrors }) {
  const error = data?.errors?.[name]?.[0];
  const checked = data?.values ? data.values[name] === "yes" : false;
  return (
    <div className="field" id={name}>
      <p className="hint muted" id={`${name}-hint`}>
        {explanation}
      </p>
      {error ? (
        <p className="error" id={`${name}-error`}>
          {error}
        </p>
      ) : null}
      <label>
        <input
          type="checkbox"
          name={name}
          value="yes"
          defaultChecked={checked}
          aria-describedby={[`${name}-hint`, error ? `${name}-error` : null].filter(Boolean).join(" ")}
        />{" "}
        {label}
      </label>
    </div>
  );
}

/** The short intake: need areas, urgency, contact, language, access needs, and plain-language consents. */
export function IntakeForm({
  data,
  participants,
  submitLabel,
}: {
  data?: ActionErrors;
  participants: { id: string; name: string; email: string }[] | null;
  submitLabel: string;
}) {
  return (
    <Form method="post" noValidate>
      <ErrorSummary data={data} labels={INTAKE_LABELS} />
      {participants ? (
        <Select
          name="participantId"
          label="Participant"
          hint="You are registering this person on their behalf. Fill in their answers with them."
          data={data}
          options={[{ value: "", label: "Choose a participant" }, ...participants.map((p) => ({ value: p.id, label: `${p.name} (${p.email})` }))]}
        />
      ) : null}
      <CheckboxGroup
        name="needAreas"
        legend="Is there anything else you would like help with? (optional)"
        hint="Choose any that apply. This helps us connect you with the right support. Only the group's facilitators and our managers can see your answers."
        data={data}
        options={NEED_AREAS.map((n) => ({ value: n, label: NEED_AREA_LABELS[n] }))}
      />
      <Field name="otherNeed" label="Something else (if you chose it)" data={data} />
      <RadioGroup
        name="urgent"
        legend="Is any of this urgent?"
        hint="Urgent means it cannot wait until the group starts. We move urgent needs up the waitlist and tell a manager straight away."
        data={data}
        options={[
          { value: "no", label: "No" },
          { value: "yes", label: "Yes, it is urgent" },
        ]}
      />
      <TextArea name="urgentNote" label="If it is urgent, what is happening? (optional)" data={data} rows={3} />
      <Select
        name="preferredContact"
        label="How should we contact you?"
        data={data}
        defaultValue="email"
        options={CONTACT_METHODS.map((c) => ({ value: c, label: CONTACT_LABELS[c] }))}
      />
      <Field name="phone" label="Phone number (needed for calls and texts)" type="tel" autoComplete="tel" data={data} />
      <Field name="language" label="Language you prefer" data={data} defaultValue="English" autoComplete="language" />
      <TextArea name="accessibilityNeeds" label="Access needs (optional)" hint="For example step-free access, large print, an interpreter, captions." data={data} rows={3} />
      <fieldset>
        <legend>Your agreement</legend>
        <Consent
          name="consentParticipation"
          label="I agree to take part in this group"
          explanation="Groups work when people come, listen and respect each other's privacy: what is said in the group stays in the group. You can withdraw at any time."
          data={data}
        />
        <Consent
          name="consentRosterSharing"
          label="The group's facilitators may see that I am on the list"
          explanation="The facilitators who run this group see a list of the people registered (name and how to contact them) so they can plan sessions and reach you if a session changes. Other participants do not see this list. You can still register if you say no."
          data={data}
        />
      </fieldset>
      <button type="submit">{submitLabel}</button>
    </Form>
  );
}
