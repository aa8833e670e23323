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
import { pageTitle, useTexts } from "~/ui/i18n";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "records.incident.pageTitle") }];

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

const SAVED: Record<string, string> = { addAction: "records.incident.saved.addAction", actionDone: "records.incident.saved.actionDone", close: "records.incident.saved.close" };

export default function Incident() {
  const d = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const [params] = useSearchParams();
  const i = d.incident;
  const saved = lookup(SAVED, params.get("saved"));
  const { t } = useTexts();
  const former = t("records.shared.formerStaff");
  return (
    <>
      <h1>{t("records.incident.title", { group: i.groupName })}</h1>
      <p>
        <span className={`status ${i.status === "open" ? "badge-warn" : "badge-ok"}`}>{i.status === "open" ? t("records.shared.open") : t("records.shared.closed")}</span>
        {t("records.incidents.session")}
        <SessionTime start={i.sessionStart} end={i.sessionEnd} zone={d.zone} />
      </p>
      <p className="row">
        <Link to="/incidents">{t("records.incidents.title")}</Link>
        <Link to={`/sessions/${i.sessionId}/notes`}>{t("records.incident.groupNote")}</Link>
      </p>
      {saved ? <Notice>{t(saved)}</Notice> : null}
      <ErrorSummary data={failed} labels={{
          description: t("records.notes.labels.actionDescription"),
          ownerId: t("records.notes.labels.actionOwnerId"),
          dueDate: t("records.notes.labels.actionDueDate"),
          actionId: t("records.incident.action"),
          closingNote: t("records.incident.closingNote"),
        }} />
      <section className="card" aria-label={t("records.incident.whatRecorded")}>
        <NoteText label={t("records.notes.labels.whatHappened")} text={i.whatHappened} />
        <NoteText label={t("records.notes.labels.whoWasNotified")} text={i.whoWasNotified} />
        <p className="muted">
          {t("records.incidents.recordedBy", { name: i.reportedBy ?? former })}
          <When at={i.createdAt} zone={d.zone} />.
        </p>
      </section>
      <h2>{t("records.incident.actions")}</h2>
      {d.actions.length === 0 ? <p>{t("records.incident.noActions")}</p> : null}
      <ul aria-label={t("records.incident.actions")}>
        {d.actions.map((a) => (
          <li key={a.id} className="card">
            <p>{a.description}</p>
            <p className="muted">
              {t("records.incident.owner", { name: a.owner ?? former })}
              <CivilDate date={a.dueDate} />
              {a.doneAt ? (
                <>
                  {" "}
                  {t("records.incident.doneBy", { name: a.doneBy ?? former })}
                  <When at={a.doneAt} zone={d.zone} />
                </>
              ) : null}
            </p>
            {!a.doneAt ? (
              <Form method="post">
                <input type="hidden" name="intent" value="actionDone" />
                <input type="hidden" name="actionId" value={a.id} />
                <button type="submit" aria-label={t("records.incident.markDoneOf", { action: a.description })}>
                  {t("records.incident.markDone")}
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
      {i.status === "open" ? (
        <>
          <Form method="post" className="card">
            <h2>{t("records.incident.addAction")}</h2>
            <input type="hidden" name="intent" value="addAction" />
            <Field name="description" label={t("records.incident.action")} data={failed} />
            <Select name="ownerId" label={t("records.notes.labels.actionOwnerId")} options={[{ value: "", label: t("records.shared.choosePerson") }, ...d.staff.map((p) => ({ value: p.id, label: p.name }))]} data={failed} />
            <Field name="dueDate" label={t("records.notes.labels.actionDueDate")} type="date" hint={t("records.shared.dateHint")} data={failed} />
            <button type="submit">{t("records.incident.addActionButton")}</button>
          </Form>
          <Form method="post" className="card">
            <h2>{t("records.incident.close")}</h2>
            <input type="hidden" name="intent" value="close" />
            <TextArea name="closingNote" label={t("records.incident.closingNote")} hint={t("records.incident.closingHint")} data={failed} rows={3} />
            <button type="submit">{t("records.incident.closeButton")}</button>
          </Form>
        </>
      ) : (
        <section className="card" aria-label={t("records.shared.closed")}>
          <NoteText label={t("records.incident.closingNote")} text={i.closingNote} />
          <p className="muted">{i.closedAt ? <>
                {t("records.incident.closedBy", { name: i.closedBy ?? former })}
                <When at={i.closedAt} zone={d.zone} />.
              </> : null}</p>
        </section>
      )}
    </>
  );
}
