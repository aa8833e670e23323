import { Form } from "@remix-run/react";
import type { ActionErrors } from "~/ui/form";
import { Field, TextArea } from "~/ui/form";

import { isPlaceholderEmail } from "~/modules/attendance/walk-ins";

/** A walk-in's placeholder address is never shown as an email. */
export const shownEmail = (email: string) => (isPlaceholderEmail(email) ? "no email" : email);

type Namesake = { userId: string; name: string; emailHint: string; onRoster: boolean };

/** Adding someone who is not enrolled: search existing participants (GET), or a new person (POST). */
export function WalkIns({
  q,
  candidates,
  data,
  namesakes,
}: {
  q: string;
  candidates: { userId: string; name: string; email: string }[];
  data?: ActionErrors;
  namesakes?: Namesake[];
}) {
  const intent = data?.values?.intent;
  return (
    <section aria-labelledby="walk-ins" className="no-print">
      <h2 id="walk-ins">Add a walk-in</h2>
      <Form method="get" className="row" role="search">
        <div className="field">
          <label htmlFor="q">Find a participant by name or email</label>
          <input id="q" name="q" type="search" defaultValue={q} />
        </div>
        <button type="submit" className="secondary">
          Search
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
                    {c.name} <span className="muted">({shownEmail(c.email)})</span>
                  </span>
                  <button type="submit" aria-label={`Add ${c.name} as walk-in`}>
                    Add as walk-in
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        ) : (
          <p>No participant not already on this roster matches “{q}”. Add them as a new person below.</p>
        )
      ) : null}
      <h3>A new person</h3>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="walkInNew" />
        <Field name="name" label="Name" data={intent === "walkInNew" ? data : undefined} autoComplete="off" />
        <Field name="email" label="Email (optional)" type="email" data={intent === "walkInNew" ? data : undefined} autoComplete="off" />
        {namesakes?.length ? (
          <div className="checks field">
            <label>
              <input type="checkbox" name="differentPerson" value="on" /> This is a different person: add them as someone new
            </label>
          </div>
        ) : null}
        <button type="submit">Add walk-in</button>
      </Form>
      {namesakes?.length ? (
        <section aria-labelledby="namesakes">
          <h3 id="namesakes">Already known with this name</h3>
          <ul className="candidates">
            {namesakes.map((c) => (
              <li key={c.userId}>
                {c.onRoster ? (
                  <span>
                    {c.name} <span className="muted">({c.emailHint}) — already on this roster</span>
                  </span>
                ) : (
                  <Form method="post" className="row">
                    <input type="hidden" name="intent" value="walkIn" />
                    <input type="hidden" name="userId" value={c.userId} />
                    <span>
                      {c.name} <span className="muted">({c.emailHint})</span>
                    </span>
                    <button type="submit">
                      Add this person<span className="visually-hidden"> as a walk-in: {c.name} ({c.emailHint})</span>
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
  if (status === "cancelled") {
    return (
      <section aria-labelledby="session-state">
        <h2 id="session-state">Session cancelled</h2>
        <p>Reason: {cancelReason || "none given"}</p>
      </section>
    );
  }
  return (
    <section aria-labelledby="session-state" className="no-print">
      <h2 id="session-state">Session</h2>
      {status === "held" ? <p>This session is marked as held.</p> : null}
      {canHold ? (
        <Form method="post">
          <input type="hidden" name="intent" value="held" />
          <button type="submit" className="secondary">
            Mark session held
          </button>
        </Form>
      ) : null}
      {status === "scheduled" ? (
        <details>
          <summary>Cancel this session</summary>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="cancel" />
            <TextArea name="reason" label="Reason for cancelling" hint="Participants are told by email." rows={2} data={data?.values?.intent === "cancel" ? data : undefined} />
            <button type="submit" className="danger">
              Cancel session
            </button>
          </Form>
        </details>
      ) : null}
    </section>
  );
}
