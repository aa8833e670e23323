import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { STAFF_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { newFormToken } from "~/modules/forms/mutations.server";
import { formToken as formTokenField, OUT_OF_DATE } from "~/modules/forms/schema";
import { addProgressNoteAddendum, saveProgressNote } from "~/modules/records/mutations.server";
import { getProgressNote } from "~/modules/records/queries.server";
import { PROGRESS_SCALE } from "~/modules/records/rules";
import { progressNoteAction } from "~/modules/records/schema";
import { ErrorSummary, Field, RadioGroup, Select, TextArea } from "~/ui/form";
import { Addenda, NoteState, NoteText, PROGRESS_KEY, SavedNotice } from "~/ui/records";
import { pageTitle, useTexts } from "~/ui/i18n";
import { SessionTime } from "~/ui/time";
import { attempt, formFailure, formVersion, parseForm, parseId } from "~/web/http.server";
import { confirmRecordedView } from "~/web/recorded-view.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: data ? pageTitle(matches, "records.progress.pageTitle", { name: data.person.name }) : pageTitle(matches, "records.progress.pageTitleNoName") },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  confirmRecordedView(request, user);
  return { ...(await getProgressNote(user, parseId(params.sessionId), parseId(params.userId), new Date())), viewerZone: user.timezone, addendumToken: newFormToken() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  const sessionId = parseId(params.sessionId);
  const userId = parseId(params.userId);
  const formData = await request.formData();
  const form = await parseForm(request, progressNoteAction, formData);
  if (!form.ok) return formFailure(form);
  const data = form.data;
  const now = new Date();
  // The addendum form's one-time token: the same addendum sent twice is appended once (a signed note keeps it for good).
  const token = formTokenField.safeParse(formData.get("formToken") ?? undefined);
  if (!token.success) return formFailure({ errors: { _form: [OUT_OF_DATE] }, values: form.values });
  const claim = data.intent === "addendum" && token.data ? { token: token.data, form: "progress-note-addendum", fields: { sessionId, userId, ...form.values } } : undefined;
  const result = await attempt<unknown>(form.values, () =>
    data.intent === "addendum"
      ? addProgressNoteAddendum(user, sessionId, userId, data.body, now, claim)
      : saveProgressNote(user, sessionId, userId, data, now, { sign: data.intent === "sign", version: formVersion(formData) }),
  );
  if (!result.ok) return result.response;
  // Signed: back to the session's notes for the next person; a draft or addendum stays here.
  return redirect(data.intent === "sign" ? `/sessions/${sessionId}/notes?saved=sign` : `/sessions/${sessionId}/notes/${userId}?saved=${data.intent}`);
}

const LABELS = {
  workedOn: "records.progress.workedOn",
  progressRating: "records.progress.progress",
  nextStep: "records.progress.nextStep",
  minutesOfService: "records.progress.minutes",
  planLink: "records.progress.planLink",
  body: "records.notes.labels.body",
} as const;

export default function ProgressNote() {
  const d = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const [params] = useSearchParams();
  const note = d.note;
  const editable = d.canWrite && d.open && d.person.attended && !note?.signedAt;
  const linked = note?.objectiveId ? `objective:${note.objectiveId}` : note?.goalId ? `goal:${note.goalId}` : "";
  const { t, message } = useTexts();
  const labels = Object.fromEntries(Object.entries(LABELS).map(([k, v]) => [k, t(v)]));
  // "Goal: …" / "Objective: …" as the module writes them, in the page's language.
  const planOptions = d.plan.map((p) => ({ value: p.value, label: message(p.label) }));
  const linkLabel = planOptions.find((p) => p.value === linked)?.label ?? (linked ? t("records.progress.goalInactive") : "");
  return (
    <>
      <h1>{t("records.progress.title", { name: d.person.name })}</h1>
      <p>
        {d.session.groupName} · <SessionTime start={d.session.startsAt} end={d.session.endsAt} zone={d.viewerZone} />
      </p>
      <p className="row">
        <Link to={`/sessions/${d.session.id}/notes`}>{t("records.progress.backToGroupNote")}</Link>
      </p>
      <SavedNotice saved={params.get("saved")} />
      <ErrorSummary data={failed} labels={labels} />
      {!d.person.attended ? <p>{t("records.progress.notAttended", { name: d.person.name })}</p> : null}
      {note ? <NoteState signedAt={note.signedAt} signedByName={note.signedByName} zone={d.viewerZone} /> : null}
      {editable ? (
        <Form method="post" className="card">
          {/* The version sent back by a refused save (a form that named none gets the current one), else the page's. */}
          <input type="hidden" name="version" value={failed?.values?.version ?? d.version} />
          <TextArea name="workedOn" label={t("records.progress.workedOn")} data={failed} defaultValue={note?.workedOn} rows={3} />
          <RadioGroup
            name="progressRating"
            legend={t("records.progress.progress")}
            options={PROGRESS_SCALE.map((s) => ({ value: String(s.value), label: `${s.value} — ${t(PROGRESS_KEY(s.value))}` }))}
            data={failed}
            defaultValue={note?.progressRating ? String(note.progressRating) : undefined}
          />
          <TextArea name="nextStep" label={t("records.progress.nextStep")} data={failed} defaultValue={note?.nextStep} rows={2} />
          <Field name="minutesOfService" label={t("records.progress.minutes")} inputMode="numeric" data={failed} defaultValue={note?.minutesOfService ?? Math.round((Date.parse(String(d.session.endsAt)) - Date.parse(String(d.session.startsAt))) / 60000)} />
          {d.plan.length ? (
            <Select name="planLink" label={t("records.progress.planLinkOptional")} options={[{ value: "", label: t("records.progress.notLinked") }, ...planOptions]} data={failed} defaultValue={linked} />
          ) : (
            <p className="muted">{t("records.progress.noGoals", { name: d.person.name })}</p>
          )}
          <p className="row">
            <button type="submit" name="intent" value="save">
              {t("records.shared.saveDraft")}
            </button>
            <button type="submit" name="intent" value="sign">
              {t("records.shared.saveAndSign")}
            </button>
          </p>
        </Form>
      ) : note ? (
        <section className="card" aria-label={t("records.progress.theNote")}>
          <NoteText label={t("records.progress.workedOn")} text={note.workedOn} />
          <NoteText label={t("records.progress.progress")} text={note.progressRating ? `${note.progressRating} — ${t(PROGRESS_KEY(note.progressRating))}` : ""} />
          <NoteText label={t("records.progress.nextStep")} text={note.nextStep} />
          <NoteText label={t("records.progress.minutes")} text={note.minutesOfService} />
          <NoteText label={t("records.progress.planLink")} text={linkLabel} />
          <p className="muted">{t("records.shared.writtenBy", { name: note.authorName ?? t("records.shared.formerStaff") })}</p>
        </section>
      ) : d.person.attended ? (
        <p>{t("records.progress.noNote")}</p>
      ) : null}
      {note?.signedAt ? <Addenda addenda={d.addenda} zone={d.viewerZone} canAdd={d.canWrite} formToken={d.addendumToken} data={failed} /> : null}
    </>
  );
}
