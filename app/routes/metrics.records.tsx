import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { MANAGING_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { todayIn } from "~/modules/metrics/queries.server";
import { contactsReport } from "~/modules/records/contacts/queries.server";
import { recordsReport } from "~/modules/records/queries.server";
import { daysOverdue } from "~/modules/records/rules";
import { CivilDate, When } from "~/ui/time";
import { plural } from "~/ui/wording";

export const meta: MetaFunction = () => [{ title: "Service records report · Group Sessions" }];

/** Managers: group notes overdue and incidents still open (PA-CSE 5.03, 6.03), with CSV downloads. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const now = new Date();
  return { ...(await recordsReport(user, now)), contacts: await contactsReport(user, now), zone: user.timezone, today: todayIn(now, user.timezone), admin: user.role === "admin" };
}

export default function RecordsReport() {
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <p className="no-print">
        <Link to="/metrics">Metrics</Link> · <Link to="/evidence">Accreditation evidence</Link> · <Link to="/incidents">Incident log</Link>
        {d.admin ? (
          <>
            {" "}
            · <Link to="/admin/records">Whether participants see their progress notes</Link>
          </>
        ) : null}
      </p>
      <h1>Service records report</h1>
      <h2 id="overdue">Group notes overdue</h2>
      <p>
        Sessions held with attendance whose group note is missing or not signed 72 hours after the session: {plural(d.overdue.length, "session")}.{" "}
        <a href="/metrics/records.csv?table=overdue">Download CSV</a>
      </p>
      {d.overdue.length ? (
        <div className="table-scroll" role="region" aria-labelledby="overdue" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">Group</th>
                <th scope="col">Session</th>
                <th scope="col">Note</th>
                <th scope="col">Facilitators</th>
                <th scope="col" className="num">
                  Hours past due
                </th>
              </tr>
            </thead>
            <tbody>
              {d.overdue.map((o) => (
                <tr key={o.sessionId}>
                  <th scope="row">
                    <Link to={`/sessions/${o.sessionId}/notes`}>{o.groupName}</Link>
                  </th>
                  <td>
                    <When at={o.startsAt} zone={d.zone} />
                  </td>
                  <td>{o.state === "missing" ? "Not written" : "Draft, not signed"}</td>
                  <td>{o.facilitators || "No facilitator"}</td>
                  <td className="num">{o.hoursOverdue}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <h2 id="signed">Group notes signed in the last 30 days</h2>
      {d.signed.length ? (
        <div className="table-scroll" role="region" aria-labelledby="signed" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">Group</th>
                <th scope="col">Session</th>
                <th scope="col">Topic</th>
                <th scope="col">Signed by</th>
                <th scope="col" className="num">
                  Progress notes
                </th>
              </tr>
            </thead>
            <tbody>
              {d.signed.map((n) => (
                <tr key={n.sessionId}>
                  <th scope="row">
                    <Link to={`/sessions/${n.sessionId}/notes`}>{n.groupName}</Link>
                  </th>
                  <td>
                    <When at={n.startsAt} zone={d.zone} />
                  </td>
                  <td>{n.topic}</td>
                  <td>{n.signedBy ?? "A former staff member"}</td>
                  <td className="num">{n.progressNotes}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>No group notes signed in the last 30 days.</p>
      )}
      <h2 id="contacts">One-to-one contacts</h2>
      <p>
        Signed in the last 30 days (dated <CivilDate date={d.contacts.since} /> or later): {plural(d.contacts.signed, "contact")}, {plural(d.contacts.minutes, "minute")} of service, {plural(d.contacts.people, "person", "people")} reached.{" "}
        {d.contacts.drafts ? `${plural(d.contacts.drafts, "contact")} still a draft, not signed.` : "None left unsigned."}
      </p>
      <h2 id="incidents">Incidents open</h2>
      <p>
        {plural(d.incidents.length, "open incident")}. <Link to="/incidents">Incident log</Link> · <a href="/metrics/records.csv?table=incidents">Download CSV</a>
      </p>
      {d.incidents.length ? (
        <div className="table-scroll" role="region" aria-labelledby="incidents" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">Incident</th>
                <th scope="col">Recorded</th>
                <th scope="col" className="num">
                  Open actions
                </th>
                <th scope="col">Next due</th>
              </tr>
            </thead>
            <tbody>
              {d.incidents.map((i) => (
                <tr key={i.id}>
                  <th scope="row">
                    <Link to={`/incidents/${i.id}`}>
                      {i.groupName}: {i.whatHappened.length > 60 ? `${i.whatHappened.slice(0, 60)}…` : i.whatHappened}
                    </Link>
                  </th>
                  <td>
                    <When at={i.createdAt} zone={d.zone} />
                  </td>
                  <td className="num">{i.actionsOpen}</td>
                  <td>
                    {i.nextDue ? (
                      <>
                        <CivilDate date={i.nextDue} />
                        {daysOverdue(i.nextDue, d.today) ? ` (${plural(daysOverdue(i.nextDue, d.today), "day")} late)` : ""}
                      </>
                    ) : (
                      "—"
                    )}
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
