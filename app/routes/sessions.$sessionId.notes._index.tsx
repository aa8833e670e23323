import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { STAFF_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { addGroupNoteAddendum, recordIncident, saveGroupNote } from "~/modules/records/mutations.server";
import { getSessionNotes } from "~/modules/records/queries.server";
import { progressLabel } from "~/modules/records/rules";
import { addendumFields, groupNoteFields, groupNoteIntent, incidentFields } from "~/modules/records/schema";
import { ErrorSummary, Field, Select, TextArea } from "~/ui/form";
import { Addenda, NoteState, NoteText, SavedNotice } from "~/ui/records";
import { SessionTime, When } from "~/ui/time";
import { attempt, formFailure, formToObject, parseForm, parseId } from "~/web/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Group note: ${data?.session.groupName ?? "session"} · Group Sessions` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  return { ...(await getSessionNotes(user, parseId(params.sessionId), new Date())), viewerZone: user.timezone };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  const sessionId = parseId(params.sessionId);
  const formData = await request.formData();
  const intent = groupNoteIntent.safeParse(formToObject(formData));
  if (!intent.success) return formFailure({ errors: { _form: ["Choose an action on the page."] } });
  const now = new Date();
  const kind = intent.data.intent;
  const schema = kind === "addendum" ? addendumFields : kind === "incident" ? incidentFields : groupNoteFields;
  const form = await parseForm(request, schema, formData);
  if (!form.ok) return formFailure(form);
  const data = form.data as never;
  const result = await attempt<unknown>(form.values, () =>
    kind === "addendum"
      ? addGroupNoteAddendum(user, sessionId, (data as { body: string }).body, now)
      : kind === "incident"
        ? recordIncident(user, sessionId, data, now)
        : saveGroupNote(user, sessionId, data, now, { sign: kind === "sign" }),
  );
  if (!result.ok) return result.response;
  return redirect(`/sessions/${sessionId}/notes?saved=${kind}`);
}

const LABELS = {
  topic: "Unit or topic covered",
  activities: "Activities",
  groupDynamics: "Group dynamics",
  followUps: "Follow-ups",
  body: "Addendum",
  whatHappened: "What happened",
  whoWasNotified: "Who was notified",
  actionDescription: "Follow-up action",
  actionOwnerId: "Owner",
  actionDueDate: "Due date",
};

export default function GroupNote() {
  const d = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const [params] = useSearchParams();
  const s = d.session;
  const note = d.note;
  const editable = d.canWrite && d.open && !note?.signedAt;
  return (
    <>
      <h1>Group note: {s.groupName}</h1>
      <p>
        <SessionTime start={s.startsAt} end={s.endsAt} zone={d.viewerZone} />
      </p>
      <p className="row">
        <Link to={`/sessions/${s.id}/roster`}>Back to the roster</Link>
      </p>
      <SavedNotice saved={params.get("saved")} />
      <ErrorSummary data={failed} labels={LABELS} />
      {!d.open ? <p>{s.status === "cancelled" ? "This session was cancelled: there is no note to write." : "Notes can be written once the session has started."}</p> : null}
      {d.open && !note?.signedAt ? (
        <p className="muted">
          Due by <When at={d.dueAt} zone={d.viewerZone} /> (72 hours after the session); unsigned notes are flagged to the facilitators and their supervisor then.
        </p>
      ) : null}
      {note ? <NoteState signedAt={note.signedAt} signedByName={note.signedByName} zone={d.viewerZone} /> : d.open ? <p>No group note yet.</p> : null}
      {editable ? (
        <Form method="post" className="card">
          <Field name="topic" label="Unit or topic covered" hint={d.unitTitle ? "Filled in from the session's unit; change it if you covered something else." : undefined} data={failed} defaultValue={note?.topic || d.unitTitle} />
          <TextArea name="activities" label="Activities" data={failed} defaultValue={note?.activities} />
          <TextArea name="groupDynamics" label="Group dynamics" hint="How the group worked together; anything that helped or got in the way." data={failed} defaultValue={note?.groupDynamics} />
          <TextArea name="followUps" label="Follow-ups" data={failed} defaultValue={note?.followUps} rows={3} />
          <p className="row">
            <button type="submit" name="intent" value="save">
              Save draft
            </button>
            <button type="submit" name="intent" value="sign">
              Save and sign
            </button>
          </p>
          <p className="muted">Once signed, the note is locked: later changes are addenda with your name and the time.</p>
        </Form>
      ) : note ? (
        <section className="card" aria-label="The group note">
          <NoteText label="Unit or topic covered" text={note.topic} />
          <NoteText label="Activities" text={note.activities} />
          <NoteText label="Group dynamics" text={note.groupDynamics} />
          <NoteText label="Follow-ups" text={note.followUps} />
          <p className="muted">Written by {note.authorName ?? "a former staff member"}.</p>
        </section>
      ) : null}
      {note?.signedAt ? <Addenda addenda={d.addenda} zone={d.viewerZone} canAdd={d.canWrite} data={failed} /> : null}

      <h2>Progress notes</h2>
      {d.attendees.length === 0 && d.unnamedAttendees === 0 ? <p>Nobody is marked as attending this session yet. Progress notes can be written for people marked present, late or left early.</p> : null}
      {d.unnamedAttendees > 0 ? (
        <p className="muted">
          {d.attendees.length ? "Also attended: " : "Attended: "}
          {d.unnamedAttendees} {d.unnamedAttendees === 1 ? "person" : "people"} you do not lead or manage, so their {d.unnamedAttendees === 1 ? "name and progress note are" : "names and progress notes are"} not shown.
        </p>
      ) : null}
      <ul aria-label="People who attended">
        {d.attendees.map((a) => (
          <li key={a.userId} className="card">
            <h3>{a.name}</h3>
            {a.progress ? (
              <p>
                {a.progress.signedAt ? <span className="status badge-ok">Signed</span> : <span className="status badge-warn">Draft</span>} {progressLabel(a.progress.progressRating)}
              </p>
            ) : (
              <p>No progress note.</p>
            )}
            {d.open ? (
              <Link to={`/sessions/${s.id}/notes/${a.userId}`}>
                {a.progress ? `Open the progress note for ${a.name}` : a.writable ? `Write a progress note for ${a.name}` : `Open the page for ${a.name}`}
              </Link>
            ) : null}
          </li>
        ))}
      </ul>

      <h2>Incidents</h2>
      {d.incidents.length ? (
        <ul aria-label="Incidents recorded for this session">
          {d.incidents.map((i) => (
            <li key={i.id}>
              <span className={`status ${i.status === "open" ? "badge-warn" : "badge-ok"}`}>{i.status === "open" ? "Open" : "Closed"}</span> {i.whatHappened}
              {i.whoWasNotified ? ` — notified: ${i.whoWasNotified}` : ""}
            </li>
          ))}
        </ul>
      ) : (
        <p>No incidents recorded.</p>
      )}
      {d.canWrite && d.open ? (
        <details>
          <summary>Record an incident or crisis (PA-CSE 6.03)</summary>
          <Form method="post" className="card">
            <input type="hidden" name="intent" value="incident" />
            <TextArea name="whatHappened" label="What happened" data={failed} />
            <Field name="whoWasNotified" label="Who was notified" hint="For example: the program manager by phone at 7:40 PM; 988 was called." data={failed} />
            <Field name="actionDescription" label="Follow-up action (optional)" data={failed} />
            <Select name="actionOwnerId" label="Owner of the action" options={[{ value: "", label: "Choose a person" }, ...d.staff.map((p) => ({ value: p.id, label: p.name }))]} data={failed} />
            <Field name="actionDueDate" label="Due date" type="date" hint="YYYY-MM-DD" data={failed} />
            <button type="submit">Record incident</button>
          </Form>
        </details>
      ) : null}
    </>
  );
}
