import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { STAFF_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { addProgressNoteAddendum, saveProgressNote } from "~/modules/records/mutations.server";
import { getProgressNote } from "~/modules/records/queries.server";
import { progressLabel, PROGRESS_SCALE } from "~/modules/records/rules";
import { progressNoteAction } from "~/modules/records/schema";
import { ErrorSummary, Field, RadioGroup, Select, TextArea } from "~/ui/form";
import { Addenda, NoteState, NoteText, SavedNotice } from "~/ui/records";
import { SessionTime } from "~/ui/time";
import { attempt, formFailure, parseForm, parseId } from "~/web/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Progress note: ${data?.person.name ?? "participant"} · Group Sessions` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  return { ...(await getProgressNote(user, parseId(params.sessionId), parseId(params.userId), new Date())), viewerZone: user.timezone };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  const sessionId = parseId(params.sessionId);
  const userId = parseId(params.userId);
  const form = await parseForm(request, progressNoteAction);
  if (!form.ok) return formFailure(form);
  const data = form.data;
  const now = new Date();
  const result = await attempt<unknown>(form.values, () =>
    data.intent === "addendum"
      ? addProgressNoteAddendum(user, sessionId, userId, data.body, now)
      : saveProgressNote(user, sessionId, userId, data, now, { sign: data.intent === "sign" }),
  );
  if (!result.ok) return result.response;
  // Signed: back to the session's notes for the next person; a draft or addendum stays here.
  return redirect(data.intent === "sign" ? `/sessions/${sessionId}/notes?saved=sign` : `/sessions/${sessionId}/notes/${userId}?saved=${data.intent}`);
}

const LABELS = { workedOn: "What they worked on", progressRating: "Progress", nextStep: "Next step", minutesOfService: "Minutes of service", planLink: "Goal or objective", body: "Addendum" };

export default function ProgressNote() {
  const d = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const [params] = useSearchParams();
  const note = d.note;
  const editable = d.canWrite && d.open && d.person.attended && !note?.signedAt;
  const linked = note?.objectiveId ? `objective:${note.objectiveId}` : note?.goalId ? `goal:${note.goalId}` : "";
  const linkLabel = d.plan.find((p) => p.value === linked)?.label ?? (linked ? "A goal no longer active" : "");
  return (
    <>
      <h1>Progress note: {d.person.name}</h1>
      <p>
        {d.session.groupName} · <SessionTime start={d.session.startsAt} end={d.session.endsAt} zone={d.viewerZone} />
      </p>
      <p className="row">
        <Link to={`/sessions/${d.session.id}/notes`}>Back to the group note</Link>
      </p>
      <SavedNotice saved={params.get("saved")} />
      <ErrorSummary data={failed} labels={LABELS} />
      {!d.person.attended ? <p>{d.person.name} is not marked as attending this session. Progress notes are written for people marked present, late or left early.</p> : null}
      {note ? <NoteState signedAt={note.signedAt} signedByName={note.signedByName} zone={d.viewerZone} /> : null}
      {editable ? (
        <Form method="post" className="card">
          <TextArea name="workedOn" label="What they worked on" data={failed} defaultValue={note?.workedOn} rows={3} />
          <RadioGroup
            name="progressRating"
            legend="Progress"
            options={PROGRESS_SCALE.map((s) => ({ value: String(s.value), label: `${s.value} — ${s.label}` }))}
            data={failed}
            defaultValue={note?.progressRating ? String(note.progressRating) : undefined}
          />
          <TextArea name="nextStep" label="Next step" data={failed} defaultValue={note?.nextStep} rows={2} />
          <Field name="minutesOfService" label="Minutes of service" inputMode="numeric" data={failed} defaultValue={note?.minutesOfService ?? Math.round((Date.parse(String(d.session.endsAt)) - Date.parse(String(d.session.startsAt))) / 60000)} />
          {d.plan.length ? (
            <Select name="planLink" label="Goal or objective worked on (optional)" options={[{ value: "", label: "Not linked to the plan" }, ...d.plan]} data={failed} defaultValue={linked} />
          ) : (
            <p className="muted">{d.person.name} has no active goals in their plan to link this note to.</p>
          )}
          <p className="row">
            <button type="submit" name="intent" value="save">
              Save draft
            </button>
            <button type="submit" name="intent" value="sign">
              Save and sign
            </button>
          </p>
        </Form>
      ) : note ? (
        <section className="card" aria-label="The progress note">
          <NoteText label="What they worked on" text={note.workedOn} />
          <NoteText label="Progress" text={note.progressRating ? `${note.progressRating} — ${progressLabel(note.progressRating)}` : ""} />
          <NoteText label="Next step" text={note.nextStep} />
          <NoteText label="Minutes of service" text={note.minutesOfService} />
          <NoteText label="Goal or objective" text={linkLabel} />
          <p className="muted">Written by {note.authorName ?? "a former staff member"}.</p>
        </section>
      ) : d.person.attended ? (
        <p>No progress note yet.</p>
      ) : null}
      {note?.signedAt ? <Addenda addenda={d.addenda} zone={d.viewerZone} canAdd={d.canWrite} data={failed} /> : null}
    </>
  );
}
