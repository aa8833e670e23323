import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { MANAGING_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { addIncidentAction, closeIncident, completeIncidentAction } from "~/modules/records/mutations.server";
import { getIncident } from "~/modules/records/queries.server";
import { incidentAction } from "~/modules/records/schema";
import { ErrorSummary, Field, Notice, Select, TextArea } from "~/ui/form";
import { NoteText } from "~/ui/records";
import { CivilDate, SessionTime, When } from "~/ui/time";
import { attempt, formFailure, parseForm, parseId } from "~/web/http.server";
import { lookup } from "~/ui/lookup";

export const meta: MetaFunction = () => [{ title: "Incident · Group Sessions" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  return { ...(await getIncident(user, parseId(params.incidentId))), zone: user.timezone };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const incidentId = parseId(params.incidentId);
  const form = await parseForm(request, incidentAction);
  if (!form.ok) return formFailure(form);
  const data = form.data;
  const now = new Date();
  const result = await attempt<unknown>(form.values, () =>
    data.intent === "addAction"
      ? addIncidentAction(user, incidentId, data, now)
      : data.intent === "actionDone"
        ? completeIncidentAction(user, incidentId, data.actionId, now)
        : closeIncident(user, incidentId, data.closingNote, now),
  );
  if (!result.ok) return result.response;
  return redirect(`/incidents/${incidentId}?saved=${data.intent}`);
}

const SAVED: Record<string, string> = { addAction: "Follow-up action added.", actionDone: "Action marked done.", close: "Incident closed." };

export default function Incident() {
  const d = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const [params] = useSearchParams();
  const i = d.incident;
  const saved = params.get("saved");
  return (
    <>
      <h1>Incident: {i.groupName}</h1>
      <p>
        <span className={`status ${i.status === "open" ? "badge-warn" : "badge-ok"}`}>{i.status === "open" ? "Open" : "Closed"}</span> Session{" "}
        <SessionTime start={i.sessionStart} end={i.sessionEnd} zone={d.zone} />
      </p>
      <p className="row">
        <Link to="/incidents">Incident log</Link>
        <Link to={`/sessions/${i.sessionId}/notes`}>The session's group note</Link>
      </p>
      {lookup(SAVED, saved) ? <Notice>{lookup(SAVED, saved)}</Notice> : null}
      <ErrorSummary data={failed} labels={{ description: "Follow-up action", ownerId: "Owner", dueDate: "Due date", actionId: "Action", closingNote: "Closing note" }} />
      <section className="card" aria-label="What was recorded">
        <NoteText label="What happened" text={i.whatHappened} />
        <NoteText label="Who was notified" text={i.whoWasNotified} />
        <p className="muted">
          Recorded by {i.reportedBy ?? "a former staff member"} on <When at={i.createdAt} zone={d.zone} />.
        </p>
      </section>
      <h2>Follow-up actions</h2>
      {d.actions.length === 0 ? <p>No follow-up actions yet.</p> : null}
      <ul aria-label="Follow-up actions">
        {d.actions.map((a) => (
          <li key={a.id} className="card">
            <p>{a.description}</p>
            <p className="muted">
              Owner: {a.owner ?? "a former staff member"} · due <CivilDate date={a.dueDate} />
              {a.doneAt ? (
                <>
                  {" "}
                  · done by {a.doneBy ?? "a former staff member"} on <When at={a.doneAt} zone={d.zone} />
                </>
              ) : null}
            </p>
            {!a.doneAt ? (
              <Form method="post">
                <input type="hidden" name="intent" value="actionDone" />
                <input type="hidden" name="actionId" value={a.id} />
                <button type="submit" aria-label={`Mark done: ${a.description}`}>
                  Mark done
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
      {i.status === "open" ? (
        <>
          <Form method="post" className="card">
            <h2>Add a follow-up action</h2>
            <input type="hidden" name="intent" value="addAction" />
            <Field name="description" label="Action" data={failed} />
            <Select name="ownerId" label="Owner" options={[{ value: "", label: "Choose a person" }, ...d.staff.map((p) => ({ value: p.id, label: p.name }))]} data={failed} />
            <Field name="dueDate" label="Due date" type="date" hint="YYYY-MM-DD" data={failed} />
            <button type="submit">Add action</button>
          </Form>
          <Form method="post" className="card">
            <h2>Close the incident</h2>
            <input type="hidden" name="intent" value="close" />
            <TextArea name="closingNote" label="Closing note" hint="What was done and why the incident can be closed. Every follow-up action must be done first." data={failed} rows={3} />
            <button type="submit">Close incident</button>
          </Form>
        </>
      ) : (
        <section className="card" aria-label="Closed">
          <NoteText label="Closing note" text={i.closingNote} />
          <p className="muted">{i.closedAt ? <>Closed by {i.closedBy ?? "a former staff member"} on <When at={i.closedAt} zone={d.zone} />.</> : null}</p>
        </section>
      )}
    </>
  );
}
