import { Form } from "@remix-run/react";
import type { ActionErrors } from "~/ui/form";
import { Field, TextArea } from "~/ui/form";
import { useTexts } from "~/ui/i18n";

import { isPlaceholderEmail } from "~/modules/attendance/walk-ins";

type Namesake = { userId: string; name: string; emailHint: string; onRoster: boolean };

/** Adding someone who is not enrolled: search existing participants (GET), or a new person (POST). */
export function WalkIns({
  q,
  candidates,
  data,
  namesakes,
  formToken,
}: {
  q: string;
  candidates: { userId: string; name: string; email: string }[];
  data?: ActionErrors;
  namesakes?: Namesake[];
  /** The new-person form's one-time token: sent twice, it adds the person once. */
  formToken: string;
}) {
  const intent = data?.values?.intent;
  const { t } = useTexts();
  return (
    <section aria-labelledby="walk-ins" className="no-print">
      <h2 id="walk-ins">{t("attendance.walkIns.title")}</h2>
      <Form method="get" className="row" role="search">
        <div className="field">
          <label htmlFor="q">{t("attendance.walkIns.find")}</label>
          <input id="q" name="q" type="search" defaultValue={q} />
        </div>
        <button type="submit" className="secondary">
          {t("attendance.walkIns.search")}
        </button>
      </Form>
      {q.trim().length >= 2 ? (
        candidates.length ? (
          <ul className="candidates">
            {candidates.map((c) => (
              <li key={c.userId}>
                <Form method="post" className="row">
                  <input type="hidden" name="intent" value="walkIn" />
                  <input type="hidden" name="userId" value={c.userId} />
                  <span>
                    {/* A walk-in's placeholder address is never shown as an email. */}
                    {c.name} <span className="muted">({isPlaceholderEmail(c.email) ? t("attendance.walkIns.noEmail") : c.email})</span>
                  </span>
                  <button type="submit" aria-label={t("attendance.walkIns.addNamed", { name: c.name })}>
                    {t("attendance.walkIns.add")}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        ) : (
          <p>{t("attendance.walkIns.noMatch", { q })}</p>
        )
      ) : null}
      <h3>{t("attendance.walkIns.newPerson")}</h3>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="walkInNew" />
        <input type="hidden" name="formToken" value={formToken} />
        <Field name="name" label={t("attendance.walkIns.name")} data={intent === "walkInNew" ? data : undefined} autoComplete="off" />
        <Field name="email" label={t("attendance.walkIns.email")} hint={t("attendance.walkIns.emailHint")} type="email" data={intent === "walkInNew" ? data : undefined} autoComplete="off" />
        {namesakes?.length ? (
          <div className="checks field">
            <label>
              <input type="checkbox" name="differentPerson" value="on" /> {t("attendance.walkIns.differentPerson")}
            </label>
          </div>
        ) : null}
        <button type="submit">{t("attendance.walkIns.addNew")}</button>
      </Form>
      {namesakes?.length ? (
        <section aria-labelledby="namesakes">
          <h3 id="namesakes">{t("attendance.walkIns.namesakes")}</h3>
          <ul className="candidates">
            {namesakes.map((c) => (
              <li key={c.userId}>
                {c.onRoster ? (
                  <span>
                    {c.name} <span className="muted">{t("attendance.walkIns.alreadyOnRoster", { hint: c.emailHint })}</span>
                  </span>
                ) : (
                  <Form method="post" className="row">
                    <input type="hidden" name="intent" value="walkIn" />
                    <input type="hidden" name="userId" value={c.userId} />
                    <span>
                      {c.name} <span className="muted">({c.emailHint})</span>
                    </span>
                    <button type="submit">
                      {t("attendance.walkIns.addThisPerson")}
                      <span className="visually-hidden">{t("attendance.walkIns.addThisPersonHidden", { name: c.name, hint: c.emailHint })}</span>
                    </button>
                  </Form>
                )}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </section>
  );
}

/** Held / cancelled: the session's own state, below the roster. */
export function SessionAdmin({ status, canHold, cancelReason, data }: { status: string; canHold: boolean; cancelReason: string; data?: ActionErrors }) {
  const { t } = useTexts();
  if (status === "cancelled") {
    return (
      <section aria-labelledby="session-state">
        <h2 id="session-state">{t("attendance.sessionAdmin.cancelled")}</h2>
        <p>{t("attendance.sessionAdmin.reason", { reason: cancelReason || t("attendance.sessionAdmin.noReason") })}</p>
      </section>
    );
  }
  return (
    <section aria-labelledby="session-state" className="no-print">
      <h2 id="session-state">{t("attendance.sessionAdmin.title")}</h2>
      {status === "held" ? <p>{t("attendance.sessionAdmin.held")}</p> : null}
      {canHold ? (
        <Form method="post">
          <input type="hidden" name="intent" value="held" />
          <button type="submit" className="secondary">
            {t("attendance.sessionAdmin.markHeld")}
          </button>
        </Form>
      ) : null}
      {status === "scheduled" ? (
        <details>
          <summary>{t("attendance.sessionAdmin.cancelTitle")}</summary>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="cancel" />
            <TextArea name="reason" label={t("attendance.sessionAdmin.reasonLabel")} hint={t("attendance.sessionAdmin.reasonHint")} rows={2} data={data?.values?.intent === "cancel" ? data : undefined} />
            <button type="submit" className="danger">
              {t("attendance.sessionAdmin.cancel")}
            </button>
          </Form>
        </details>
      ) : null}
    </section>
  );
}
