import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { CivilDate } from "~/ui/time";
import { STAFF_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { civilToday, followUpDue } from "~/modules/referrals/dates";
import { updateReferralOutcome } from "~/modules/referrals/mutations.server";
import { listReferrals } from "~/modules/referrals/queries.server";
import { readReferralView, REFERRAL_OUTCOME_LABELS, REFERRAL_OUTCOMES, REFERRAL_VIEWS as VIEWS, referralOutcomeSchema } from "~/modules/referrals/schema";
import { NEED_AREA_LABELS, type NeedArea } from "~/modules/registration/schema";
import { ErrorSummary, Notice } from "~/ui/form";
import { attempt, formFailure, parseForm } from "~/web/http.server";

export const meta: MetaFunction = () => [{ title: "Referrals · Group Sessions" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  const view = readReferralView(new URL(request.url));
  const today = civilToday(new Date(), user.timezone);
  const rows = await listReferrals(user, { view, today });
  return { view, today, rows: rows.map((r) => ({ ...r, due: followUpDue(r, today) })) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  const form = await parseForm(request, referralOutcomeSchema);
  if (!form.ok) return formFailure(form);
  const result = await attempt(form.values, () => updateReferralOutcome(user, form.data));
  if (!result.ok) return result.response;
  return redirect(`/referrals?view=${new URL(request.url).searchParams.get("view") ?? "due"}&saved=1`);
}

export default function Referrals() {
  const { view, today, rows } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <>
      <h1>Referrals</h1>
      {params.get("saved") ? <Notice>Saved.</Notice> : null}
      <ErrorSummary data={data} />
      <nav aria-label="Referral lists">
        <ul className="row" style={{ listStyle: "none", padding: 0 }}>
          {(Object.keys(VIEWS) as (keyof typeof VIEWS)[]).map((k) => (
            <li key={k}>
              {k === view ? <strong aria-current="page">{VIEWS[k]}</strong> : <Link to={`/referrals?view=${k}`}>{VIEWS[k]}</Link>}
            </li>
          ))}
        </ul>
      </nav>
      <p>
        <Link className="button" to="/referrals/new">
          Record a referral
        </Link>{" "}
        <Link to="/directory">Resource directory</Link> <a href={`/referrals/export.csv?view=${view}`}>Download this list (CSV)</a>
      </p>
      <h2>
        {VIEWS[view]} ({rows.length})
      </h2>
      {view === "due" ? <p className="muted">Pending referrals whose follow-up date is today (<CivilDate date={today} />) or earlier.</p> : null}
      {rows.length === 0 ? <p>Nothing here.</p> : null}
      {rows.map((r) => (
        <article key={r.id} className="card" aria-labelledby={`r-${r.id}`}>
          <h3 id={`r-${r.id}`}>
            {r.participantName} → <Link to={`/directory/${r.resourceId}`}>{r.resourceName}</Link>
          </h3>
          <p>
            {NEED_AREA_LABELS[r.needArea as NeedArea] ?? r.needArea}
            {r.groupName ? ` · could not be served by ${r.groupName}` : ""} · referred <CivilDate date={r.referredOn} />
            {r.followUpOn ? <> · follow up <CivilDate date={r.followUpOn} /></> : ""} {r.due ? <strong className="error-text">Follow-up due</strong> : null}
          </p>
          <p>{r.reason}</p>
          <p className="muted">
            Recorded by {r.createdByName ?? "former staff"}
            {r.resourcePhone ? ` · service phone ${r.resourcePhone}` : ""}
          </p>
          <Form method="post" className="row">
            <input type="hidden" name="intent" value="outcome" />
            <input type="hidden" name="referralId" value={r.id} />
            <div className="field">
              <label htmlFor={`outcome-${r.id}`}>Outcome</label>
              <select id={`outcome-${r.id}`} name="outcome" defaultValue={r.outcome}>
                {REFERRAL_OUTCOMES.map((o) => (
                  <option key={o} value={o}>
                    {REFERRAL_OUTCOME_LABELS[o]}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={`note-${r.id}`}>Note</label>
              <input id={`note-${r.id}`} name="outcomeNote" defaultValue={r.outcomeNote} />
            </div>
            <button type="submit" className="secondary">
              Save outcome<span className="visually-hidden"> for {r.participantName}</span>
            </button>
          </Form>
        </article>
      ))}
    </>
  );
}
