import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { MANAGING_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { orgToday, plansReport, recordPlansReportRead } from "~/modules/plans/queries.server";
import { parsePlanPeriod } from "~/modules/plans/report";
import { daysBetween, REPORT_DUE_WITHIN_DAYS } from "~/modules/plans/review";
import { CivilDate } from "~/ui/time";
import { plural } from "~/ui/wording";

export const meta: MetaFunction = () => [{ title: "Service plans report · Group Sessions" }];

/** Managers: plans due for review (overdue or within 14 days) and objectives met in a period, with CSV downloads. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const { zone, today } = await orgToday(user.organizationId, new Date());
  const period = parsePlanPeriod(new URL(request.url).searchParams, today);
  const report = await plansReport(user, period, today, zone);
  await recordPlansReportRead(user, report, null);
  return { ...report, problem: period.problem, today };
}

export default function PlansReport() {
  const d = useLoaderData<typeof loader>();
  const query = `from=${d.period.from}&to=${d.period.to}`;
  return (
    <>
      <p className="no-print">
        <Link to="/metrics">Metrics</Link> · <Link to="/metrics/records">Service records report</Link>
      </p>
      <h1>Service plans report</h1>
      <h2 id="due">Plans due for review</h2>
      <p>
        Reviews overdue or due within {REPORT_DUE_WITHIN_DAYS} days: {plural(d.due.length, "plan")}. <a href="/metrics/plans.csv?table=due">Download CSV</a>
      </p>
      {d.due.length ? (
        <div className="table-scroll" role="region" aria-labelledby="due" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">Participant</th>
                <th scope="col">Next review</th>
                <th scope="col">Last review</th>
                <th scope="col">Facilitators</th>
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
                    {r.nextReviewOn < d.today ? ` (${plural(daysBetween(r.nextReviewOn, d.today), "day")} overdue)` : ""}
                  </td>
                  <td>{r.lastReview ? <CivilDate date={r.lastReview} /> : "None yet"}</td>
                  <td>{r.facilitators || "No current facilitator"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <h2 id="met">Objectives met</h2>
      <Form method="get" className="card no-print" aria-label="Period">
        {d.problem ? (
          <p className="error" role="alert">
            {d.problem}
          </p>
        ) : null}
        <div className="field">
          <label htmlFor="from">From</label>
          <input id="from" name="from" type="date" defaultValue={d.period.from} />
        </div>
        <div className="field">
          <label htmlFor="to">To (included)</label>
          <input id="to" name="to" type="date" defaultValue={d.period.to} />
        </div>
        <button type="submit">Show</button>
      </Form>
      <p>
        Objectives marked met from <CivilDate date={d.period.from} /> to <CivilDate date={d.period.to} /> and still met: {plural(d.met.length, "objective")}.{" "}
        <a href={`/metrics/plans.csv?table=met&${query}`}>Download CSV</a>
      </p>
      {d.met.length ? (
        <div className="table-scroll" role="region" aria-labelledby="met" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">Participant</th>
                <th scope="col">Goal</th>
                <th scope="col">Objective</th>
                <th scope="col">Met on</th>
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
