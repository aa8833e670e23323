import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { CivilDate } from "~/ui/time";
import { STAFF_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { civilToday, followUpDue } from "~/modules/referrals/dates";
import { updateReferralOutcome } from "~/modules/referrals/mutations.server";
import { listReferrals } from "~/modules/referrals/queries.server";
import { readReferralView, REFERRAL_OUTCOMES, REFERRAL_VIEWS as VIEWS, referralOutcomeSchema } from "~/modules/referrals/schema";
import { ErrorSummary, Notice } from "~/ui/form";
import { attempt, formFailure, parseForm } from "~/web/http.server";
import { pageTitle, useTexts } from "~/ui/i18n";
import { NEED_AREA_KEY, REFERRAL_OUTCOME_KEY, REFERRAL_VIEW_KEY } from "~/ui/voice-labels";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "voice.referrals.list.pageTitle") }];

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
  const { t } = useTexts();
  return (
    <>
      <h1>{t("voice.referrals.list.title")}</h1>
      {params.get("saved") ? <Notice>{t("voice.referrals.saved")}</Notice> : null}
      <ErrorSummary data={data} />
      <nav aria-label={t("voice.referrals.list.nav")}>
        <ul className="row" style={{ listStyle: "none", padding: 0 }}>
          {(Object.keys(VIEWS) as (keyof typeof VIEWS)[]).map((k) => (
            <li key={k}>
              {k === view ? <strong aria-current="page">{t(REFERRAL_VIEW_KEY[k])}</strong> : <Link to={`/referrals?view=${k}`}>{t(REFERRAL_VIEW_KEY[k])}</Link>}
            </li>
          ))}
        </ul>
      </nav>
      <p>
        <Link className="button" to="/referrals/new">
          {t("voice.referrals.list.record")}
        </Link>{" "}
        <Link to="/directory">{t("voice.directory.list.title")}</Link> <a href={`/referrals/export.csv?view=${view}`}>{t("voice.intake.queue.download")}</a>
      </p>
      <h2>
        {t(REFERRAL_VIEW_KEY[view])} ({rows.length})
      </h2>
      {view === "due" ? (
        <p className="muted">
          {t("voice.referrals.list.dueHint")}
          <CivilDate date={today} />
          {t("voice.referrals.list.dueHintEnd")}
        </p>
      ) : null}
      {rows.length === 0 ? <p>{t("voice.referrals.list.nothing")}</p> : null}
      {rows.map((r) => (
        <article key={r.id} className="card" aria-labelledby={`r-${r.id}`}>
          <h3 id={`r-${r.id}`}>
            {r.participantName} → <Link to={`/directory/${r.resourceId}`}>{r.resourceName}</Link>
          </h3>
          <p>
            {NEED_AREA_KEY[r.needArea] ? t(NEED_AREA_KEY[r.needArea]) : r.needArea}
            {r.groupName ? t("voice.referrals.list.notServed", { group: r.groupName }) : ""}
            {t("voice.referrals.list.referred")}
            <CivilDate date={r.referredOn} />
            {r.followUpOn ? (
              <>
                {t("voice.referrals.list.followUp")}
                <CivilDate date={r.followUpOn} />
              </>
            ) : (
              ""
            )}{" "}
            {r.due ? <strong className="error-text">{t("voice.referrals.list.due")}</strong> : null}
          </p>
          <p>{r.reason}</p>
          <p className="muted">
            {t("voice.referrals.list.recordedBy", { name: r.createdByName ?? t("voice.referrals.list.formerStaff") })}
            {r.resourcePhone ? t("voice.referrals.list.servicePhone", { phone: r.resourcePhone }) : ""}
          </p>
          <Form method="post" className="row">
            <input type="hidden" name="intent" value="outcome" />
            <input type="hidden" name="referralId" value={r.id} />
            <div className="field">
              <label htmlFor={`outcome-${r.id}`}>{t("voice.proposal.labels.outcome")}</label>
              <select id={`outcome-${r.id}`} name="outcome" defaultValue={r.outcome}>
                {REFERRAL_OUTCOMES.map((o) => (
                  <option key={o} value={o}>
                    {t(REFERRAL_OUTCOME_KEY[o])}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={`note-${r.id}`}>{t("voice.referrals.list.note")}</label>
              <input id={`note-${r.id}`} name="outcomeNote" defaultValue={r.outcomeNote} />
            </div>
            <button type="submit" className="secondary">
              {t("voice.referrals.list.saveOutcome")}
              <span className="visually-hidden">{t("voice.referrals.list.forName", { name: r.participantName })}</span>
            </button>
          </Form>
        </article>
      ))}
    </>
  );
}
