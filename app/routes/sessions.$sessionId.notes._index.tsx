import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { STAFF_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { newFormToken } from "~/modules/forms/mutations.server";
import { formToken as formTokenField, OUT_OF_DATE } from "~/modules/forms/schema";
import { addGroupNoteAddendum, recordIncident, saveGroupNote } from "~/modules/records/mutations.server";
import { getSessionNotes } from "~/modules/records/queries.server";
import { addendumFields, groupNoteFields, groupNoteIntent, incidentFields } from "~/modules/records/schema";
import { ErrorSummary, Field, Select, TextArea } from "~/ui/form";
import { Addenda, NoteState, NoteText, SavedNotice } from "~/ui/records";
import { SessionTime, When } from "~/ui/time";
import { pageTitle, useTexts } from "~/ui/i18n";
import { PROGRESS_KEY } from "~/ui/records";
import { attempt, formFailure, formToObject, formVersion, parseForm, parseId } from "~/web/http.server";
import { confirmRecordedView } from "~/web/recorded-view.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: data ? pageTitle(matches, "records.notes.pageTitle", { group: data.session.groupName }) : pageTitle(matches, "records.notes.pageTitleNoGroup") },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  confirmRecordedView(request, user);
  return { ...(await getSessionNotes(user, parseId(params.sessionId), new Date())), viewerZone: user.timezone, incidentToken: newFormToken(), addendumToken: newFormToken() };
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
  // The incident and addendum forms' one-time tokens: the same incident or addendum sent twice is recorded once.
  const token = formTokenField.safeParse(formData.get("formToken") ?? undefined);
  if (!token.success) return formFailure({ errors: { _form: [OUT_OF_DATE] }, values: form.values });
  const claim = (kind === "incident" || kind === "addendum") && token.data ? { token: token.data, form: kind === "incident" ? "incident" : "group-note-addendum", fields: { sessionId, ...form.values } } : undefined;
  const result = await attempt<unknown>(form.values, () =>
    kind === "addendum"
      ? addGroupNoteAddendum(user, sessionId, (data as { body: string }).body, now, claim)
      : kind === "incident"
        ? recordIncident(user, sessionId, data, now, claim)
        : saveGroupNote(user, sessionId, data, now, { sign: kind === "sign", version: formVersion(formData) }),
  );
  if (!result.ok) return result.response;
  return redirect(`/sessions/${sessionId}/notes?saved=${kind}`);
}

const LABELS = {
  topic: "records.notes.labels.topic",
  activities: "records.notes.labels.activities",
  groupDynamics: "records.notes.labels.groupDynamics",
  followUps: "records.notes.labels.followUps",
  body: "records.notes.labels.body",
  whatHappened: "records.notes.labels.whatHappened",
  whoWasNotified: "records.notes.labels.whoWasNotified",
  actionDescription: "records.notes.labels.actionDescription",
  actionOwnerId: "records.notes.labels.actionOwnerId",
  actionDueDate: "records.notes.labels.actionDueDate",
} as const;

export default function GroupNote() {
  const d = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const [params] = useSearchParams();
  const s = d.session;
  const note = d.note;
  const editable = d.canWrite && d.open && !note?.signedAt;
  const { t } = useTexts();
  const labels = Object.fromEntries(Object.entries(LABELS).map(([k, v]) => [k, t(v)]));
  return (
    <>
      <h1>{t("records.notes.title", { group: s.groupName })}</h1>
      <p>
        <SessionTime start={s.startsAt} end={s.endsAt} zone={d.viewerZone} />
      </p>
      <p className="row">
        <Link to={`/sessions/${s.id}/roster`}>{t("records.notes.backToRoster")}</Link>
      </p>
      <SavedNotice saved={params.get("saved")} />
      <ErrorSummary data={failed} labels={labels} />
      {!d.open ? <p>{s.status === "cancelled" ? t("records.notes.cancelled") : t("records.notes.notStarted")}</p> : null}
      {d.open && !note?.signedAt ? (
        <p className="muted">
          {t("records.notes.dueBy")}
          <When at={d.dueAt} zone={d.viewerZone} />
          {t("records.notes.dueAfter")}
        </p>
      ) : null}
      {note ? <NoteState signedAt={note.signedAt} signedByName={note.signedByName} zone={d.viewerZone} /> : d.open ? <p>{t("records.notes.noNote")}</p> : null}
      {editable ? (
        <Form method="post" className="card">
          {/* The version sent back by a refused save (a form that named none gets the current one), else the page's. */}
          <input type="hidden" name="version" value={failed?.values?.version ?? d.version} />
          <Field name="topic" label={t("records.notes.labels.topic")} hint={d.unitTitle ? t("records.notes.topicHint") : undefined} data={failed} defaultValue={note?.topic || d.unitTitle} />
          <TextArea name="activities" label={t("records.notes.labels.activities")} data={failed} defaultValue={note?.activities} />
          <TextArea name="groupDynamics" label={t("records.notes.labels.groupDynamics")} hint={t("records.notes.dynamicsHint")} data={failed} defaultValue={note?.groupDynamics} />
          <TextArea name="followUps" label={t("records.notes.labels.followUps")} data={failed} defaultValue={note?.followUps} rows={3} />
          <p className="row">
            <button type="submit" name="intent" value="save">
              {t("records.shared.saveDraft")}
            </button>
            <button type="submit" name="intent" value="sign">
              {t("records.shared.saveAndSign")}
            </button>
          </p>
          <p className="muted">{t("records.notes.lockedAfterSign")}</p>
        </Form>
      ) : note ? (
        <section className="card" aria-label={t("records.notes.theNote")}>
          <NoteText label={t("records.notes.labels.topic")} text={note.topic} />
          <NoteText label={t("records.notes.labels.activities")} text={note.activities} />
          <NoteText label={t("records.notes.labels.groupDynamics")} text={note.groupDynamics} />
          <NoteText label={t("records.notes.labels.followUps")} text={note.followUps} />
          <p className="muted">{t("records.shared.writtenBy", { name: note.authorName ?? t("records.shared.formerStaff") })}</p>
        </section>
      ) : null}
      {note?.signedAt ? <Addenda addenda={d.addenda} zone={d.viewerZone} canAdd={d.canWrite} formToken={d.addendumToken} data={failed} /> : null}

      <h2>{t("records.notes.progressNotes")}</h2>
      {d.attendees.length === 0 && d.unnamedAttendees === 0 ? <p>{t("records.notes.nobodyAttended")}</p> : null}
      {d.unnamedAttendees > 0 ? (
        <p className="muted">
          {t(d.attendees.length ? "records.notes.alsoAttendedUnnamed" : "records.notes.attendedUnnamed", { count: d.unnamedAttendees })}
        </p>
      ) : null}
      <ul aria-label={t("records.notes.peopleAttended")}>
        {d.attendees.map((a) => (
          <li key={a.userId} className="card">
            <h3>{a.name}</h3>
            {a.progress ? (
              <p>
                {a.progress.signedAt ? <span className="status badge-ok">{t("records.shared.signed")}</span> : <span className="status badge-warn">{t("records.shared.draft")}</span>} {t(PROGRESS_KEY(a.progress.progressRating))}
              </p>
            ) : (
              <p>{t("records.notes.noProgressNote")}</p>
            )}
            {d.open ? (
              <Link to={`/sessions/${s.id}/notes/${a.userId}`}>
                {t(a.progress ? "records.notes.openProgress" : a.writable ? "records.notes.writeProgress" : "records.notes.openPage", { name: a.name })}
              </Link>
            ) : null}
          </li>
        ))}
      </ul>

      <h2>{t("records.notes.incidents")}</h2>
      {d.incidents.length ? (
        <ul aria-label={t("records.notes.incidentsRecorded")}>
          {d.incidents.map((i) => (
            <li key={i.id}>
              <span className={`status ${i.status === "open" ? "badge-warn" : "badge-ok"}`}>{i.status === "open" ? t("records.shared.open") : t("records.shared.closed")}</span> {i.whatHappened}
              {i.whoWasNotified ? t("records.notes.notified", { who: i.whoWasNotified }) : ""}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t("records.notes.noIncidents")}</p>
      )}
      {d.canWrite && d.open ? (
        <details>
          <summary>{t("records.notes.recordIncident")}</summary>
          <Form method="post" className="card">
            <input type="hidden" name="intent" value="incident" />
            <input type="hidden" name="formToken" value={d.incidentToken} />
            <TextArea name="whatHappened" label={t("records.notes.labels.whatHappened")} data={failed} />
            <Field name="whoWasNotified" label={t("records.notes.labels.whoWasNotified")} hint={t("records.notes.notifiedHint")} data={failed} />
            <Field name="actionDescription" label={t("records.notes.actionOptional")} data={failed} />
            <Select name="actionOwnerId" label={t("records.notes.actionOwner")} options={[{ value: "", label: t("records.shared.choosePerson") }, ...d.staff.map((p) => ({ value: p.id, label: p.name }))]} data={failed} />
            <Field name="actionDueDate" label={t("records.notes.labels.actionDueDate")} type="date" hint={t("records.shared.dateHint")} data={failed} />
            <button type="submit">{t("records.notes.recordIncidentButton")}</button>
          </Form>
        </details>
      ) : null}
    </>
  );
}
