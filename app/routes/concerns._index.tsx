import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { canManage } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { CONCERN_STATUS_LABELS } from "~/modules/voice/concerns";
import { listConcerns } from "~/modules/voice/concerns/queries.server";
import { CONCERN_SUBJECT_LABELS } from "~/modules/voice/schema";
import { When } from "~/ui/time";
import { plural } from "~/ui/wording";

export const meta: MetaFunction = () => [{ title: "Concerns · Group Sessions" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const all = await listConcerns(user, new Date());
  const handled = canManage(user.role) ? all.filter((c) => !c.mine) : [];
  const answered = handled.map((c) => c.hoursToFirstResponse).filter((h): h is number => h !== null);
  return {
    zone: user.timezone,
    manager: canManage(user.role),
    mine: all.filter((c) => c.mine),
    handled,
    overdue: handled.filter((c) => c.overdue).length,
    averageHours: answered.length ? Math.round((answered.reduce((a, b) => a + b, 0) / answered.length) * 10) / 10 : null,
  };
}

export default function Concerns() {
  const { zone, manager, mine, handled, overdue, averageHours } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Concerns and complaints</h1>
      <p>
        If something is not right, tell us. Concerns go to the organisation&apos;s managers — never only to the person they are
        about — and you can raise one anonymously.
      </p>
      <p>
        <Link className="button" to="/concerns/new">
          Raise a concern
        </Link>
      </p>
      {manager ? (
        <section aria-labelledby="to-handle">
          <h2 id="to-handle">Concerns to handle</h2>
          <p>
            {overdue} overdue. Average time to first response: {averageHours === null ? "no responses yet" : plural(averageHours, "hour")}.
          </p>
          {handled.length ? (
            <p>
              <a href="/concerns/export.csv">Download these concerns (CSV)</a>
            </p>
          ) : null}
          {handled.length === 0 ? <p>No concerns.</p> : null}
          {handled.length ? (
            <table>
              <thead>
                <tr>
                  <th scope="col">Concern</th>
                  <th scope="col">About</th>
                  <th scope="col">Received</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {handled.map((c) => (
                  <tr key={c.id}>
                    <td>
                      <Link to={`/concerns/${c.id}`}>{c.summary}</Link>
                      <br />
                      <span className="muted">{c.anonymous ? "Anonymous" : c.submitterName}</span>
                    </td>
                    <td>
                      {CONCERN_SUBJECT_LABELS[c.subject]}
                      {c.groupName ? `: ${c.groupName}` : ""}
                    </td>
                    <td>
                      <When at={c.receivedAt} zone={zone} />
                    </td>
                    <td>
                      {CONCERN_STATUS_LABELS[c.status]}
                      {c.overdue ? (
                        <>
                          {" "}
                          <span className="status status-cancelled">Overdue</span>
                        </>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </section>
      ) : null}
      <section aria-labelledby="mine">
        <h2 id="mine">Concerns I raised with my name</h2>
        <p className="muted">Anonymous concerns are only reachable through the private link you were given.</p>
        {mine.length === 0 ? <p>None.</p> : null}
        <ul>
          {mine.map((c) => (
            <li key={c.id}>
              <Link to={`/concerns/${c.id}`}>{c.summary}</Link> — {CONCERN_STATUS_LABELS[c.status]}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
