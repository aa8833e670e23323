import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireUser } from "~/modules/auth/session.server";
import { decideOwnConsent } from "~/modules/consent/mutations.server";
import { listMyConsents } from "~/modules/consent/queries.server";
import { consentDecisionSchema } from "~/modules/consent/schema";
import { CONSENT_TEXT, type ConsentKind } from "~/modules/consent/wording";
import { ErrorSummary, Notice } from "~/ui/form";
import { When } from "~/ui/time";
import { attempt, formFailure, parseForm } from "~/web/http.server";
import { lookup } from "~/ui/lookup";

export const meta: MetaFunction = () => [{ title: "My consents · Group Sessions" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: ["participant"] });
  return { ...(await listMyConsents(user, new Date())), viewerZone: user.timezone };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: ["participant"] });
  const form = await parseForm(request, consentDecisionSchema);
  if (!form.ok) return formFailure(form);
  const result = await attempt(form.values, () => decideOwnConsent(user, form.data));
  if (!result.ok) return result.response;
  return redirect(`/my/consents?done=${form.data.intent}`);
}

const STATE_LABEL = {
  given: "Yes",
  refused: "No",
  pending: "Waiting for your answer",
  expired: "Expired",
  revoked: "Revoked",
  not_asked: "Not asked yet (not shared)",
} as const;
const DONE: Record<string, string> = {
  give: "Thank you, your answer is saved.",
  refuse: "Saved: this is not shared.",
  revoke: "Revoked. It is no longer shared, starting now.",
};
const SOURCE_LABEL: Record<string, string> = {
  self: "you",
  staff_verbal: "staff, recording what you said out loud",
  staff_pending: "staff, who registered you (waiting for your answer)",
  legacy_intake: "you, on the earlier registration form",
};

function Decide({ groupId, groupName, kind, intent, label, secondary }: { groupId: string; groupName: string; kind: ConsentKind; intent: string; label: string; secondary?: boolean }) {
  return (
    <Form method="post">
      <input type="hidden" name="groupId" value={groupId} />
      <input type="hidden" name="kind" value={kind} />
      <button type="submit" name="intent" value={intent} className={secondary ? "secondary" : undefined}>
        {label}
        <span className="visually-hidden">
          : {CONSENT_TEXT[kind].title}, {groupName}
        </span>
      </button>
    </Form>
  );
}

export default function MyConsents() {
  const { groups, history, viewerZone } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const done = params.get("done");
  return (
    <>
      <h1>My consents</h1>
      {lookup(DONE, done) ? <Notice>{lookup(DONE, done)}</Notice> : null}
      <ErrorSummary data={data} />
      <p>What you allow us to share about your place in each group, in the words you agreed to. A change takes effect at once on every roster, list and export.</p>
      {groups.length === 0 ? (
        <p>
          You are not in any group. <Link to="/catalogue">Find a group</Link>.
        </p>
      ) : null}
      {groups.map((g) => (
        <section key={g.groupId} className="card" aria-labelledby={`c-${g.groupId}`}>
          <h2 id={`c-${g.groupId}`}>{g.groupName}</h2>
          {g.items.map((item) => {
            const text = CONSENT_TEXT[item.kind];
            const r = item.record;
            return (
              <article key={item.kind} aria-labelledby={`c-${g.groupId}-${item.kind}`}>
                <h3 id={`c-${g.groupId}-${item.kind}`}>{text.title}</h3>
                <p>
                  <strong>Your answer: {STATE_LABEL[item.state]}</strong>
                </p>
                <blockquote>“{r && item.state !== "revoked" ? r.wording : text.wording}”</blockquote>
                <p className="muted">
                  Shared with: {text.toWhom}. Why: {text.purpose}
                  {item.choice ? ` If no: ${text.ifNo}` : ` ${text.ifNo}`}
                </p>
                {r ? (
                  <p className="muted">
                    {item.state === "revoked" && r.revokedAt ? (
                      <>
                        You revoked it on <When at={r.revokedAt} zone={viewerZone} />.
                      </>
                    ) : (
                      <>
                        Recorded <When at={r.givenAt} zone={viewerZone} /> by {r.source === "staff_verbal" && r.recorderName ? `${r.recorderName} (staff), recording what you said out loud` : SOURCE_LABEL[r.source]}
                        {r.expiresAt && item.state === "given" ? (
                          <>
                            ; lasts until <When at={r.expiresAt} zone={viewerZone} />
                          </>
                        ) : null}
                        . Wording version {r.wordingVersion}.
                      </>
                    )}
                  </p>
                ) : null}
                <div className="row">
                  {item.state === "given" ? (
                    item.choice ? <Decide groupId={g.groupId} groupName={g.groupName} kind={item.kind} intent="revoke" label="Revoke" secondary /> : null
                  ) : (
                    <Decide groupId={g.groupId} groupName={g.groupName} kind={item.kind} intent="give" label={item.choice ? (item.state === "expired" ? "Renew: yes" : "Yes, I agree") : "I understand and agree"} />
                  )}
                  {item.choice && (item.state === "pending" || item.state === "not_asked") ? (
                    <Decide groupId={g.groupId} groupName={g.groupName} kind={item.kind} intent="refuse" label="No" secondary />
                  ) : null}
                </div>
              </article>
            );
          })}
        </section>
      ))}
      {history.length ? (
        <details>
          <summary>Earlier answers ({history.length})</summary>
          <ul>
            {history.map((h) => (
              <li key={h.id}>
                {CONSENT_TEXT[h.kind].title}: {STATE_LABEL[h.status]}, <When at={h.givenAt} zone={viewerZone} />; {h.endedReason === "revoked" ? "revoked" : "replaced"}{" "}
                {h.revokedAt ? <When at={h.revokedAt} zone={viewerZone} /> : null}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      <p>
        <Link to="/my/groups">My groups</Link> · <Link to="/home">Home</Link>
      </p>
    </>
  );
}
