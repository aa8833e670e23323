import { Form } from "@remix-run/react";
import { ErrorSummary, Field, type ActionErrors } from "./form";
import { When } from "./time";
import { useTexts } from "./i18n";

export type SmsSettingsData = {
  phone: { display: string; confirmed: boolean; stoppedAt: string | null; codeWaiting: boolean } | null;
  kinds: { kind: string; title: string; wording: string; on: boolean; since: string | null }[];
  history: { id: string; title: string; status: string; source: string; at: string }[];
};

/** What the profile says after each text-message intent (catalog keys). */
export const SMS_SAVED: Record<string, string> = {
  "phone-add": "participant.sms.saved.phoneAdd",
  "phone-resend": "participant.sms.saved.phoneResend",
  "phone-confirm": "participant.sms.saved.phoneConfirm",
  "phone-remove": "participant.sms.saved.phoneRemove",
  "sms-choices": "participant.sms.saved.smsChoices",
};

const ANSWER: Record<string, string> = { given: "participant.sms.answer.given", refused: "participant.sms.answer.refused", pending: "participant.sms.answer.pending" };
const BY: Record<string, string> = {
  self: "participant.sms.by.self",
  sms_keyword: "participant.sms.by.smsKeyword",
  staff_verbal: "participant.sms.by.staff",
  staff_pending: "participant.sms.by.staff",
  legacy_intake: "participant.sms.by.legacyIntake",
};

/** Mobile number (add, confirm with the texted code, remove) and which texts to get, on the profile page. */
export function SmsSettings({ data, timezone, errors }: { data: SmsSettingsData; timezone: string; errors?: ActionErrors }) {
  const phone = data.phone;
  const { t, message } = useTexts();
  return (
    <section aria-labelledby="sms-heading">
      <h2 id="sms-heading">{t("participant.sms.title")}</h2>
      <p>{t("participant.sms.intro")}</p>
      <ErrorSummary data={errors} labels={{ phone: t("participant.sms.mobileNumber"), code: t("participant.sms.code"), kinds: t("participant.sms.kinds") }} />
      {phone?.stoppedAt ? (
        <div className="notice" role="status">
          <p>
            <strong>{t("participant.sms.stopped")}</strong>
            {t("participant.sms.stoppedOn")}
            <When at={phone.stoppedAt} zone={timezone} />
            {t("participant.sms.stoppedAfter")}
          </p>
        </div>
      ) : null}
      {phone ? (
        <p>
          {t("participant.sms.yourNumber")}
          <strong>{phone.display}</strong> ({phone.confirmed ? t("participant.sms.confirmed") : t("participant.sms.notConfirmed")})
        </p>
      ) : null}
      {phone && !phone.confirmed ? (
        <>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="phone-confirm" />
            <Field
              name="code"
              label={t("participant.sms.codeLabel")}
              hint={phone.codeWaiting ? t("participant.sms.codeWaiting", { number: phone.display }) : t("participant.sms.codeExpired")}
              autoComplete="one-time-code"
              inputMode="numeric"
              data={errors}
            />
            <button type="submit">{t("participant.sms.confirm")}</button>
          </Form>
          <Form method="post">
            <input type="hidden" name="intent" value="phone-resend" />
            <button type="submit" className="secondary">
              {t("participant.sms.resend")}
            </button>
          </Form>
        </>
      ) : null}
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="phone-add" />
        <Field
          name="phone"
          label={phone ? t("participant.sms.changeNumberLabel") : t("participant.sms.mobileNumber")}
          type="tel"
          autoComplete="tel"
          hint={t("participant.sms.numberHint")}
          data={errors}
        />
        <button type="submit">{phone ? t("participant.sms.changeNumber") : t("participant.sms.addNumber")}</button>
      </Form>
      {phone?.confirmed && !phone.stoppedAt ? (
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="sms-choices" />
          <fieldset id="kinds" aria-describedby={errors?.errors?.kinds ? "kinds-error" : undefined}>
            <legend>{t("participant.sms.kinds")}</legend>
            <p className="hint">{t("participant.sms.kindsHint")}</p>
            {errors?.errors?.kinds ? (
              <p className="error" id="kinds-error">
                {message(errors.errors.kinds[0])}
              </p>
            ) : null}
            {data.kinds.map((k) => (
              <div key={k.kind}>
                <label>
                  <input type="checkbox" name="kinds[]" value={k.kind} defaultChecked={k.on} aria-describedby={`kinds-${k.kind}-wording`} />
                  {message(k.title)}
                </label>
                <p id={`kinds-${k.kind}-wording`} className="hint">
                  {message(k.wording)}
                </p>
              </div>
            ))}
          </fieldset>
          <button type="submit">{t("participant.sms.saveChoices")}</button>
        </Form>
      ) : null}
      {phone ? (
        <Form method="post">
          <input type="hidden" name="intent" value="phone-remove" />
          <button type="submit" className="secondary">
            {t("participant.sms.remove")}
          </button>
        </Form>
      ) : null}
      {data.history.length ? (
        <details>
          <summary>{t("participant.sms.history", { count: data.history.length })}</summary>
          <ul>
            {data.history.map((h) => (
              <li key={h.id}>
                {message(h.title)}: {ANSWER[h.status] ? t(ANSWER[h.status]) : h.status}, {BY[h.source] ? t(BY[h.source]) : h.source}, <When at={h.at} zone={timezone} />
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}
