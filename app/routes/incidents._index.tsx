import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { MANAGING_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { incidentLog } from "~/modules/records/queries.server";
import { CivilDate, When } from "~/ui/time";
import { plural } from "~/ui/wording";

export const meta: MetaFunction = () => [{ title: "Incident log · Group Sessions" }];

const STATUSES = ["open", "closed", "all"] as const;

/** Incidents and crises recorded from group notes (PA-CSE 6.03), for managers: open ones first. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const asked = new URL(request.url).searchParams.get("status");
  const status = STATUSES.find((s) => s === asked) ?? "open";
  return { status, incidents: await incidentLog(user, { status }), zone: user.timezone };
}

export default function IncidentLog() {
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Incident log</h1>
      <p>Incidents and crises recorded from group notes (PA-CSE 6.03), with who was notified and their follow-up actions.</p>
      <Form method="get" className="row">
        <div className="field">
          <label htmlFor="status">Show</label>
          <select id="status" name="status" defaultValue={d.status}>
            <option value="open">Open incidents</option>
            <option value="closed">Closed incidents</option>
            <option value="all">All incidents</option>
          </select>
        </div>
        <button type="submit">Show</button>
      </Form>
      {d.incidents.length === 0 ? <p>No {d.status === "all" ? "" : `${d.status} `}incidents.</p> : null}
      <ul aria-label="Incidents">
        {d.incidents.map((i) => (
          <li key={i.id} className="card">
            <h2>
              <Link to={`/incidents/${i.id}`}>
                {i.groupName}: {i.whatHappened.length > 80 ? `${i.whatHappened.slice(0, 80)}…` : i.whatHappened}
              </Link>
            </h2>
            <p>
              <span className={`status ${i.status === "open" ? "badge-warn" : "badge-ok"}`}>{i.status === "open" ? "Open" : "Closed"}</span> Session{" "}
              <When at={i.sessionStart} zone={d.zone} />
            </p>
            <p className="muted">
              Recorded by {i.reportedBy ?? "a former staff member"} on <When at={i.createdAt} zone={d.zone} />. {plural(i.actions, "follow-up action")}, {i.actionsOpen} open
              {i.nextDue ? (
                <>
                  , next due <CivilDate date={i.nextDue} />
                </>
              ) : null}
              .
            </p>
          </li>
        ))}
      </ul>
    </>
  );
}
