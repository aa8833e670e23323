import { Form } from "@remix-run/react";
import { ErrorSummary, Field, type ActionErrors } from "./form";
import { When } from "./time";

export type SmsSettingsData = {
  phone: { display: string; confirmed: boolean; stoppedAt: string | null; codeWaiting: boolean } | null;
  kinds: { kind: string; title: string; wording: string; on: boolean; since: string | null }[];
  history: { id: string; title: string; status: string; source: string; at: string }[];
};

/** What the profile says after each text-message intent. */
export const SMS_SAVED: Record<string, string> = {
  "phone-add": "We texted you a 6-digit code. Enter it below to confirm your number.",
  "phone-resend": "We texted you a new code.",
  "phone-confirm": "Your mobile number is confirmed. Choose which texts you want below.",
  "phone-remove": "Your mobile number was removed. We send you no texts.",
  "sms-choices": "Your text-message choices were saved.",
};

const ANSWER: Record<string, string> = { given: "yes", refused: "no", pending: "not answered" };
const BY: Record<string, string> = { self: "on this page", sms_keyword: "by text (STOP or START)", staff_verbal: "by staff", staff_pending: "by staff", legacy_intake: "on the intake form" };

/** Mobile number (add, confirm with the texted code, remove) and which texts to get, on the profile page. */
export function SmsSettings({ data, timezone, errors }: { data: SmsSettingsData; timezone: string; errors?: ActionErrors }) {
  const phone = data.phone;
  return (
    <section aria-labelledby="sms-heading">
      <h2 id="sms-heading">Text messages</h2>
      <p>Get reminders and notices on your phone. We text only a number you confirmed, only the kinds you choose, and never what your group is about.</p>
      <ErrorSummary data={errors} labels={{ phone: "Mobile number", code: "Code", kinds: "Texts to receive" }} />
      {phone?.stoppedAt ? (
        <div className="notice" role="status">
          <p>
            <strong>Texts are stopped.</strong> You texted STOP on <When at={phone.stoppedAt} zone={timezone} />, so we send you no texts. To receive them again,
            text START to the same number.
          </p>
        </div>
      ) : null}
      {phone ? (
        <p>
          Your mobile number: <strong>{phone.display}</strong> ({phone.confirmed ? "confirmed" : "not confirmed yet"})
        </p>
      ) : null}
      {phone && !phone.confirmed ? (
        <>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="phone-confirm" />
            <Field
              name="code"
              label="Code from the text message"
              hint={phone.codeWaiting ? `We texted a 6-digit code to ${phone.display}. It works for 10 minutes.` : "Your code has expired or was used up: ask for a new one."}
              autoComplete="one-time-code"
              inputMode="numeric"
              data={errors}
            />
            <button type="submit">Confirm number</button>
          </Form>
          <Form method="post">
            <input type="hidden" name="intent" value="phone-resend" />
            <button type="submit" className="secondary">
              Send a new code
            </button>
          </Form>
        </>
      ) : null}
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="phone-add" />
        <Field
          name="phone"
          label={phone ? "Change your mobile number" : "Mobile number"}
          type="tel"
          autoComplete="tel"
          hint="We text a 6-digit code to confirm it. Without a + and country code, the number is read as in your organisation's country."
          data={errors}
        />
        <button type="submit">{phone ? "Change number" : "Add number"}</button>
      </Form>
      {phone?.confirmed && !phone.stoppedAt ? (
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="sms-choices" />
          <fieldset id="kinds" aria-describedby={errors?.errors?.kinds ? "kinds-error" : undefined}>
            <legend>Texts to receive</legend>
            <p className="hint">Each choice is kept on record with these exact words. Reply STOP to any text to end them all at once.</p>
            {errors?.errors?.kinds ? (
              <p className="error" id="kinds-error">
                {errors.errors.kinds[0]}
              </p>
            ) : null}
            {data.kinds.map((k) => (
              <div key={k.kind}>
                <label>
                  <input type="checkbox" name="kinds[]" value={k.kind} defaultChecked={k.on} aria-describedby={`kinds-${k.kind}-wording`} />
                  {k.title}
                </label>
                <p id={`kinds-${k.kind}-wording`} className="hint">
                  {k.wording}
                </p>
              </div>
            ))}
          </fieldset>
          <button type="submit">Save text choices</button>
        </Form>
      ) : null}
      {phone ? (
        <Form method="post">
          <input type="hidden" name="intent" value="phone-remove" />
          <button type="submit" className="secondary">
            Remove my number
          </button>
        </Form>
      ) : null}
      {data.history.length ? (
        <details>
          <summary>Your text-message choices on record ({data.history.length})</summary>
          <ul>
            {data.history.map((h) => (
              <li key={h.id}>
                {h.title}: {ANSWER[h.status] ?? h.status}, {BY[h.source] ?? h.source}, <When at={h.at} zone={timezone} />
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}
