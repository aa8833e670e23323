import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { MANAGING_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { orgToday, plansReport, recordPlansReportRead } from "~/modules/plans/queries.server";
import { parsePlanPeriod } from "~/modules/plans/report";
import { daysBetween, REPORT_DUE_WITHIN_DAYS } from "~/modules/plans/review";
import { CivilDate } from "~/ui/time";
import { pageTitle, useTexts } from "~/ui/i18n";
import { confirmRecordedView } from "~/web/recorded-view.server";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "metrics.plans.pageTitle") }];

/** Managers: plans due for review (overdue or within 14 days) and objectives met in a period, with CSV downloads. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  confirmRecordedView(request, user);
  const { zone, today } = await orgToday(user.organizationId, new Date());
  const period = parsePlanPeriod(new URL(request.url).searchParams, today);
  const report = await plansReport(user, period, today, zone);
  await recordPlansReportRead(user, report, null);
  return { ...report, problem: period.problem, today };
}

export default function PlansReport() {
  const d = useLoaderData<typeof loader>();
  const query = `from=${d.period.from}&to=${d.period.to}`;
  const { t, message } = useTexts();
  return (
    <>
      <p className="no-print">
        <Link to="/metrics">{t("metrics.records.metrics")}</Link> · <Link to="/metrics/records">{t("metrics.records.title")}</Link>
      </p>
      <h1>{t("metrics.plans.title")}</h1>
      <h2 id="due">{t("metrics.plans.due")}</h2>
      <p>
        {t("metrics.plans.dueIntro", { days: REPORT_DUE_WITHIN_DAYS, count: d.due.length })} <a href="/metrics/plans.csv?table=due">{t("metrics.records.downloadCsv")}</a>
      </p>
      {d.due.length ? (
        <div className="table-scroll" role="region" aria-labelledby="due" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("metrics.plans.participant")}</th>
                <th scope="col">{t("metrics.plans.nextReview")}</th>
                <th scope="col">{t("metrics.plans.lastReview")}</th>
                <th scope="col">{t("metrics.records.facilitators")}</th>
              </tr>
            </thead>
            <tbody>
              {d.due.map((r) => (
                <tr key={r.participantId}>
                  <th scope="row">
                    <Link to={`/participants/${r.participantId}/plan`}>{r.name}</Link>
                  </th>
                  <td>
                    <CivilDate date={r.nextReviewOn} />
                    {r.nextReviewOn < d.today ? t("metrics.plans.overdue", { count: daysBetween(r.nextReviewOn, d.today) }) : ""}
                  </td>
                  <td>{r.lastReview ? <CivilDate date={r.lastReview} /> : t("metrics.plans.noneYet")}</td>
                  <td>{r.facilitators || t("metrics.plans.noFacilitator")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <h2 id="met">{t("metrics.plans.met")}</h2>
      <Form method="get" className="card no-print" aria-label={t("metrics.filters.period")}>
        {d.problem ? (
          <p className="error" role="alert">
            {message(d.problem)}
          </p>
        ) : null}
        <div className="field">
          <label htmlFor="from">{t("metrics.plans.from")}</label>
          <input id="from" name="from" type="date" defaultValue={d.period.from} />
        </div>
        <div className="field">
          <label htmlFor="to">{t("metrics.plans.to")}</label>
          <input id="to" name="to" type="date" defaultValue={d.period.to} />
        </div>
        <button type="submit">{t("metrics.filters.show")}</button>
      </Form>
      <p>
        {t("metrics.plans.metFrom")}
        <CivilDate date={d.period.from} />
        {t("metrics.plans.metTo")}
        <CivilDate date={d.period.to} />
        {t("metrics.plans.metCount", { count: d.met.length })} <a href={`/metrics/plans.csv?table=met&${query}`}>{t("metrics.records.downloadCsv")}</a>
      </p>
      {d.met.length ? (
        <div className="table-scroll" role="region" aria-labelledby="met" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("metrics.plans.participant")}</th>
                <th scope="col">{t("metrics.plans.goal")}</th>
                <th scope="col">{t("metrics.plans.objective")}</th>
                <th scope="col">{t("metrics.plans.metOn")}</th>
              </tr>
            </thead>
            <tbody>
              {d.met.map((m) => (
                <tr key={m.objectiveId}>
                  <th scope="row">
                    <Link to={`/participants/${m.participantId}/plan`}>{m.name}</Link>
                  </th>
                  <td>{m.goal}</td>
                  <td>
                    {m.objective}
                    {m.measure ? <span className="muted"> ({m.measure})</span> : null}
                  </td>
                  <td>
                    <CivilDate date={m.metOn} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}
