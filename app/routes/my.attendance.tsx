import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { giveApology, withdrawApology } from "~/modules/attendance/check-in/mutations.server";
import { myAttendance } from "~/modules/attendance/history/queries.server";
import { STATUS_LABELS } from "~/modules/attendance/rules";
import { apologySchema } from "~/modules/attendance/schema";
import { requireUser } from "~/modules/auth/session.server";
import { ErrorSummary, Notice } from "~/ui/form";
import { SessionTime } from "~/ui/time";
import { attempt, formFailure, parseForm } from "~/web/http.server";
import { AttendanceStyles } from "~/ui/attendance-styles";

export const meta: MetaFunction = () => [{ title: "My attendance · Group Sessions" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: ["participant"] });
  return { ...(await myAttendance(user, new Date())), zone: user.timezone };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: ["participant"] });
  const form = await parseForm(request, apologySchema);
  if (!form.ok) return formFailure(form);
  const data = form.data;
  const result = await attempt(form.values, async () => {
    if (data.intent === "apologise") await giveApology(user, data.sessionId, data.reason);
    else await withdrawApology(user, data.sessionId);
  });
  if (!result.ok) return result.response;
  return redirect(`/my/attendance?done=${data.intent}`);
}

export default function MyAttendance() {
  const { upcoming, history, counts, zone } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const done = params.get("done");
  return (
    <>
      <AttendanceStyles />
      <h1>My attendance</h1>
      {done === "apologise" ? <Notice>Your apology was sent to the facilitator.</Notice> : null}
      {done === "withdraw" ? <Notice>Your apology was withdrawn.</Notice> : null}
      <ErrorSummary data={data} labels={{ sessionId: "Session", reason: "Reason" }} />
      <p>
        <Link className="button" to="/checkin">
          Check in with a code
        </Link>
      </p>
      <section aria-labelledby="my-sessions">
        <h2 id="my-sessions">My sessions</h2>
        <p className="muted">Can&apos;t make it? Send an apology before the session starts — the facilitator sees it on the roster.</p>
        {upcoming.length === 0 ? <p>No upcoming sessions.</p> : null}
        <ul className="session-list">
          {upcoming.map((s) => (
            <li key={s.sessionId} className="card">
              <strong>{s.groupName}</strong>
              <br />
              <SessionTime start={s.startsAt} end={s.endsAt} zone={zone} />
              {s.sessionStatus === "cancelled" ? <span className="status status-cancelled"> Cancelled</span> : null}
              {s.status ? <p>Your status: {STATUS_LABELS[s.status]}{s.apologyReason ? ` (${s.apologyReason})` : ""}</p> : null}
              {s.status === "excused" && s.canApologise ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="withdraw" />
                  <input type="hidden" name="sessionId" value={s.sessionId} />
                  <button type="submit" className="secondary">
                    I can come after all<span className="visually-hidden"> to {s.groupName}</span>
                  </button>
                </Form>
              ) : s.canApologise ? (
                <details>
                  <summary>
                    Send an apology<span className="visually-hidden"> for {s.groupName}</span>
                  </summary>
                  <Form method="post">
                    <input type="hidden" name="intent" value="apologise" />
                    <input type="hidden" name="sessionId" value={s.sessionId} />
                    <div className="field">
                      <label htmlFor={`reason-${s.sessionId}`}>Reason (optional, seen by your facilitator)</label>
                      <input id={`reason-${s.sessionId}`} name="reason" type="text" maxLength={500} />
                    </div>
                    <button type="submit">Send apology</button>
                  </Form>
                </details>
              ) : null}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="history">
        <h2 id="history">History</h2>
        <p>
          Attended {counts.attended} · excused {counts.excused} · absent {counts.absent}
        </p>
        {history.length === 0 ? <p>No attendance recorded yet.</p> : null}
        <table>
          <thead>
            <tr>
              <th scope="col">Session</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {history.map((h) => (
              <tr key={h.sessionId}>
                <td>
                  {h.groupName}
                  <br />
                  <SessionTime start={h.startsAt} end={h.endsAt} zone={zone} />
                </td>
                <td>
                  {STATUS_LABELS[h.status]}
                  {h.walkIn ? " (drop-in)" : ""}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
