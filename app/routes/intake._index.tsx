import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { STAFF_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { listIntakeQueue } from "~/modules/registration/queries.server";
import { NEED_AREA_LABELS, type NeedArea } from "~/modules/registration/schema";
import { RegistrationStatus } from "~/ui/registration-status";
import { When } from "~/ui/time";

export const meta: MetaFunction = () => [{ title: "Intake queue · Group Sessions" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  const show = new URL(request.url).searchParams.get("show") === "all" ? "all" : "open";
  return { rows: await listIntakeQueue(user, { show }), show, viewerZone: user.timezone };
}

export default function IntakeQueue() {
  const { rows, show, viewerZone } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Intake queue</h1>
      <p className="muted">
        Confidential: intake answers are visible to the organisation&apos;s managers, and to a group&apos;s facilitators once the person is enrolled
        in it (not while they wait). Every view is recorded in the person&apos;s disclosure history.
      </p>
      <p>
        {show === "open" ? (
          <>
            Showing intakes not yet reviewed. <Link to="/intake?show=all">Show all</Link>
          </>
        ) : (
          <>
            Showing all intakes. <Link to="/intake">Show only those not yet reviewed</Link>
          </>
        )}
      </p>
      {rows.length === 0 ? <p>No intakes to review.</p> : null}
      {rows.length ? (
        <p>
          <a href={`/intake/export.csv${show === "all" ? "?show=all" : ""}`}>Download this list (CSV)</a>
        </p>
      ) : null}
      {rows.length ? (
        <div style={{ overflowX: "auto" }}>
          <table>
            <caption className="visually-hidden">Intakes, crisis and urgent first</caption>
            <thead>
              <tr>
                <th scope="col">Priority</th>
                <th scope="col">Participant</th>
                <th scope="col">Group</th>
                <th scope="col">Need areas</th>
                <th scope="col">Status</th>
                <th scope="col">Received</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.intakeId}>
                  <td>
                    {r.crisis ? <strong className="error-text">Crisis</strong> : r.urgent ? <strong className="error-text">Urgent</strong> : "Routine"}
                    {r.reviewedAt ? <span className="muted"> (reviewed)</span> : null}
                  </td>
                  <td>
                    <Link to={`/intake/${r.enrolmentId}`}>{r.participantName}</Link>
                  </td>
                  <td>{r.groupName}</td>
                  <td>{r.needAreas.length ? r.needAreas.map((n) => NEED_AREA_LABELS[n as NeedArea] ?? n).join(", ") : "None given"}</td>
                  <td>
                    <RegistrationStatus status={r.status} />
                  </td>
                  <td>
                    <When at={r.createdAt} zone={viewerZone} />
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
