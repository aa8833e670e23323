import { Form } from "@remix-run/react";
import { CheckboxGroup, ErrorSummary, Field, RadioGroup, Select, TextArea, type ActionErrors } from "~/ui/form";
import { CONTACT_LABELS, CONTACT_METHODS, NEED_AREA_LABELS, NEED_AREAS } from "~/modules/registration/schema";
import { useTexts } from "~/ui/i18n";
import { consentTextIn } from "~/modules/consent/wording";
import { FIELD_LABELS as DEMOGRAPHIC_LABELS, type RaceCategory } from "~/modules/demographics/schema";
import { IntakeDemographicsSection } from "~/ui/demographics";

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

/** The error summary's names of the intake's fields, in the reader's language. */
export function useIntakeLabels(): Record<string, string> {
  const { t } = useTexts();
  return Object.fromEntries(Object.keys(INTAKE_LABELS).map((key) => [key, t(INTAKE_LABEL_KEYS[key])]));
}

const INTAKE_LABEL_KEYS: Record<string, string> = {
  participantId: "registration.labels.participantId",
  needAreas: "registration.labels.needAreas",
  otherNeed: "registration.labels.otherNeed",
  urgent: "registration.labels.urgent",
  urgentNote: "registration.labels.urgentNote",
  preferredContact: "registration.labels.preferredContact",
  phone: "registration.labels.phone",
  language: "registration.labels.language",
  accessibilityNeeds: "registration.labels.accessibilityNeeds",
  consentParticipation: "registration.labels.consentParticipation",
  consentRosterSharing: "registration.labels.consentRosterSharing",
  consentClassmates: "registration.labels.consentClassmates",
  consentMode: "registration.labels.consentMode",
};

function Consent({ name, label, explanation, data }: { name: string; label: string; explanation: string; data?: ActionErrors }) {
  const { message } = useTexts();
  const error = data?.errors?.[name]?.[0];
  const checked = data?.values ? data.values[name] === "yes" : false;
  return (
    <div className="field" id={name}>
      <p className="hint muted" id={`${name}-hint`}>
        {explanation}
      </p>
      {error ? (
        <p className="error" id={`${name}-error`}>
          {message(error)}
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
  raceCategories,
}: {
  data?: ActionErrors;
  participants: { id: string; name: string; email: string; emailUnconfirmed?: boolean }[] | null;
  submitLabel: string;
  /** The organisation's categories for the optional demographics section (issue 17). */
  raceCategories: RaceCategory[];
}) {
  const { t, message, locale } = useTexts();
  const labels = useIntakeLabels();
  // The statements as the record will keep them: in the language they are shown in.
  const CONSENT_TEXT = {
    participation: consentTextIn("participation", locale),
    facilitator_contact: consentTextIn("facilitator_contact", locale),
    classmates: consentTextIn("classmates", locale),
  };
  return (
    <Form method="post" noValidate>
      <ErrorSummary data={data} labels={{ ...DEMOGRAPHIC_LABELS, ...labels }} />
      {participants ? (
        <Select
          name="participantId"
          label={t("registration.form.participant")}
          hint={t("registration.form.participantHint")}
          data={data}
          options={[
            { value: "", label: t("registration.form.chooseParticipant") },
            ...participants.map((p) => ({
              value: p.id,
              // An address its owner never confirmed gets no email: said beside it.
              label: `${p.name} (${[p.email || t("registration.form.noEmail"), p.emailUnconfirmed ? t("registration.form.emailUnconfirmed") : ""].filter(Boolean).join(", ")})`,
            })),
          ]}
        />
      ) : null}
      <CheckboxGroup
        name="needAreas"
        legend={t("registration.form.needAreas")}
        hint={t("registration.form.needAreasHint")}
        data={data}
        options={NEED_AREAS.map((n) => ({ value: n, label: message(NEED_AREA_LABELS[n]) }))}
      />
      <Field name="otherNeed" label={t("registration.form.otherNeed")} data={data} />
      <RadioGroup
        name="urgent"
        legend={t("registration.form.urgent")}
        hint={t("registration.form.urgentHint")}
        data={data}
        options={[
          { value: "no", label: t("registration.form.no") },
          { value: "yes", label: t("registration.form.yesUrgent") },
        ]}
      />
      <TextArea name="urgentNote" label={t("registration.form.urgentNote")} data={data} rows={3} />
      <Select
        name="preferredContact"
        label={t("registration.form.contact")}
        data={data}
        defaultValue="email"
        options={CONTACT_METHODS.map((c) => ({ value: c, label: message(CONTACT_LABELS[c]) }))}
      />
      <Field name="phone" label={t("registration.form.phone")} type="tel" autoComplete="tel" data={data} />
      <Field name="language" label={t("registration.form.language")} data={data} defaultValue={t("registration.form.languageDefault")} autoComplete="language" />
      <TextArea name="accessibilityNeeds" label={t("registration.form.access")} hint={t("registration.form.accessHint")} data={data} rows={3} />
      <IntakeDemographicsSection data={data} categories={raceCategories} onBehalf={participants !== null} />
      {participants ? (
        <fieldset>
          <legend>{t("registration.form.theirConsent")}</legend>
          <p className="hint muted">{t("registration.form.theirConsentHint")}</p>
          <RadioGroup
            name="consentMode"
            legend={t("registration.form.consentMode")}
            data={data}
            defaultValue="pending"
            options={[
              { value: "pending", label: t("registration.form.pending") },
              { value: "verbal", label: t("registration.form.verbal") },
            ]}
          />
          <p className="muted">{t("registration.form.tickOnly")}</p>
          <Consent
            name="consentParticipation"
            label={t("registration.form.theyAgreed", { wording: CONSENT_TEXT.participation.wording })}
            explanation={CONSENT_TEXT.participation.ifNo}
            data={data}
          />
          <Consent
            name="consentRosterSharing"
            label={t("registration.form.theyAgreed", { wording: CONSENT_TEXT.facilitator_contact.wording })}
            explanation={CONSENT_TEXT.facilitator_contact.ifNo}
            data={data}
          />
          <Consent
            name="consentClassmates"
            label={t("registration.form.theyAgreed", { wording: CONSENT_TEXT.classmates.wording })}
            explanation={CONSENT_TEXT.classmates.ifNo}
            data={data}
          />
        </fieldset>
      ) : (
        <fieldset>
          <legend>{t("registration.form.yourAgreement")}</legend>
          <Consent name="consentParticipation" label={CONSENT_TEXT.participation.wording} explanation={t("registration.form.participationWhy")} data={data} />
          <p className="muted">{t("registration.form.yourChoice")}</p>
          <Consent name="consentRosterSharing" label={CONSENT_TEXT.facilitator_contact.wording} explanation={`${CONSENT_TEXT.facilitator_contact.purpose} ${CONSENT_TEXT.facilitator_contact.ifNo}`} data={data} />
          <Consent name="consentClassmates" label={CONSENT_TEXT.classmates.wording} explanation={`${CONSENT_TEXT.classmates.purpose} ${CONSENT_TEXT.classmates.ifNo}`} data={data} />
        </fieldset>
      )}
      <button type="submit">{submitLabel}</button>
    </Form>
  );
}
