import { Form } from "@remix-run/react";
import { CheckboxGroup, ErrorSummary, Field, RadioGroup, Select, TextArea, type ActionErrors } from "~/ui/form";
import { CONSENT_TEXT } from "~/modules/consent/wording";
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
  consentRosterSharing: "Facilitators may see your email and phone",
  consentClassmates: "Other members may see your first name",
  consentMode: "How consent is recorded",
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
          options={[{ value: "", label: "Choose a participant" }, ...participants.map((p) => ({ value: p.id, label: `${p.name} (${p.email || "no email"})` }))]}
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
      {participants ? (
        <fieldset>
          <legend>The participant&apos;s consent</legend>
          <p className="hint muted">
            You cannot give consent for the participant. Either they answer themselves the next time they sign in (until then
            nothing optional is shared), or you read each statement below to them now and record what they said — your name is
            kept with their answers.
          </p>
          <RadioGroup
            name="consentMode"
            legend="How is the participant's consent recorded?"
            data={data}
            defaultValue="pending"
            options={[
              { value: "pending", label: "They confirm it themselves at their next sign-in" },
              { value: "verbal", label: "I read the statements to them and they answered out loud just now" },
            ]}
          />
          <p className="muted">If they answered out loud, tick only what they said yes to:</p>
          <Consent name="consentParticipation" label={`They agreed: “${CONSENT_TEXT.participation.wording}”`} explanation={CONSENT_TEXT.participation.ifNo} data={data} />
          <Consent name="consentRosterSharing" label={`They agreed: “${CONSENT_TEXT.facilitator_contact.wording}”`} explanation={CONSENT_TEXT.facilitator_contact.ifNo} data={data} />
          <Consent name="consentClassmates" label={`They agreed: “${CONSENT_TEXT.classmates.wording}”`} explanation={CONSENT_TEXT.classmates.ifNo} data={data} />
        </fieldset>
      ) : (
        <fieldset>
          <legend>Your agreement</legend>
          <Consent
            name="consentParticipation"
            label={CONSENT_TEXT.participation.wording}
            explanation="Groups work when people come, listen and respect each other's privacy: what is said in the group stays in the group. The facilitators need your name to run the group, so this part is not optional; you can withdraw at any time."
            data={data}
          />
          <p className="muted">The next two are your choice. You can register if you say no, and change your mind at any time on “My consents”.</p>
          <Consent name="consentRosterSharing" label={CONSENT_TEXT.facilitator_contact.wording} explanation={`${CONSENT_TEXT.facilitator_contact.purpose} ${CONSENT_TEXT.facilitator_contact.ifNo}`} data={data} />
          <Consent name="consentClassmates" label={CONSENT_TEXT.classmates.wording} explanation={`${CONSENT_TEXT.classmates.purpose} ${CONSENT_TEXT.classmates.ifNo}`} data={data} />
        </fieldset>
      )}
      <button type="submit">{submitLabel}</button>
    </Form>
  );
}
