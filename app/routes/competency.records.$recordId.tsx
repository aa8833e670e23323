import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { canManage, STAFF_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { STATUS_LABELS } from "~/modules/competency/expiry";
import { formatBytes } from "~/modules/competency/files";
import { addUploadEvidence, applyRecordAction } from "~/modules/competency/records/mutations.server";
import { cellState } from "~/modules/competency/matrix/queries.server";
import { getRecordPage } from "~/modules/competency/records/queries.server";
import { EVIDENCE_LABELS, ITEM_KIND_LABELS, MAX_UPLOAD_BYTES, recordActionSchema } from "~/modules/competency/schema";
import { CompetencyBadge } from "~/ui/competency-status";
import { ErrorSummary, Field, Notice, Select, TextArea } from "~/ui/form";
import { CivilDate, SessionTime, When } from "~/ui/time";
import { attempt, formFailure, parseForm, parseId } from "~/web/http.server";
import { isMultipart, readUpload } from "~/web/uploads.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.item.name ?? "Record"} · ${data?.person.name ?? ""} · Group Sessions` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  const page = await getRecordPage(user, parseId(params.recordId), new Date());
  return { ...page, state: cellState(page.record, true, page.today), viewerZone: user.timezone, viewerManages: canManage(user.role) };
}

const TOO_BIG = `This file is larger than ${formatBytes(MAX_UPLOAD_BYTES)}. Upload a smaller scan or photo (PDF, PNG or JPEG).`;

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  const recordId = parseId(params.recordId);
  if (isMultipart(request)) {
    const upload = await readUpload(request, {
      field: "certificate",
      maxBytes: MAX_UPLOAD_BYTES,
      tooBig: TOO_BIG,
      unreadable: "This upload could not be read. Choose the file again and send it once more.",
    });
    if (!upload.ok) return upload.response;
    const { name, bytes } = upload.file;
    const result = await attempt({}, () => addUploadEvidence(user, recordId, { name, bytes }));
    if (!result.ok) return result.response;
    return { ok: true as const, message: "Certificate uploaded." };
  }
  const form = await parseForm(request, recordActionSchema);
  if (!form.ok) return formFailure(form);
  const result = await attempt(form.values, () => applyRecordAction(user, recordId, form.data, new Date()));
  if (!result.ok) return result.response;
  return { ok: true as const, message: result.value.message };
}

const labels = { achievedOn: "Date achieved", status: "Status", assessNote: "Note", note: "Note", reason: "Reason", certificate: "Certificate" };

export default function RecordPage() {
  const { record, item, person, evidence, observations, isSelf, can, state, viewerZone, today, viewerManages } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const failed = data && !data.ok ? data : undefined;
  const status = record.derivedStatus;
  return (
    <>
      <h1>
        {item.name}: {person.name}
      </h1>
      {data?.ok ? <Notice>{data.message}</Notice> : null}
      <ErrorSummary data={failed} labels={labels} />
      <p>
        <CompetencyBadge state={state} label={record.label} />
      </p>
      <dl className="card">
        <dt>Standard</dt>
        <dd>{item.standard || "Agency item"} · {ITEM_KIND_LABELS[item.kind]}</dd>
        <dt>Status</dt>
        <dd>{STATUS_LABELS[status]}</dd>
        <dt>Date achieved</dt>
        <dd>{record.achievedOn ? <CivilDate date={record.achievedOn} /> : "Not yet"}</dd>
        <dt>Expires on</dt>
        <dd>{record.expiresOn ? <CivilDate date={record.expiresOn} /> : item.validityMonths ? "Set when achieved" : "Does not expire"}</dd>
        <dt>Assessed by</dt>
        <dd>{record.assessedByName ?? "Nobody yet"}</dd>
        <dt>Verified by</dt>
        <dd>{record.verifiedByName ? <>{record.verifiedByName}, <When at={record.verifiedAt!} zone={viewerZone} /></> : "Not verified"}</dd>
        <dt>Accepted evidence</dt>
        <dd>{item.acceptedEvidence.map((k) => EVIDENCE_LABELS[k as keyof typeof EVIDENCE_LABELS] ?? k).join(", ")}</dd>
      </dl>
      <p className="muted">{item.description} Dates are in the organisation's zone; today is {today}.</p>
      {isSelf ? <p>This is your own record: add evidence here; your supervisor or a manager verifies it.</p> : null}
      {can.verify && status === "demonstrated" ? (
        <Form method="post">
          <input type="hidden" name="intent" value="verify" />
          <button type="submit">Verify this record</button>
        </Form>
      ) : null}
      {can.observe && item.observable ? (
        <p>
          <Link to={`/competency/observations/new?facilitatorId=${person.id}`}>Record an observation of {person.name}</Link>
        </p>
      ) : null}
      {can.assess ? (
        <section aria-labelledby="assess">
          <h2 id="assess">Update status</h2>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="assess" />
            <Select name="status" label="Status" data={failed} defaultValue={status === "in_progress" || status === "not_started" ? status : "demonstrated"} options={(["not_started", "in_progress", "demonstrated"] as const).map((s) => ({ value: s, label: STATUS_LABELS[s] }))} />
            <Field name="achievedOn" label="Date achieved" type="date" hint="Needed for Demonstrated: the day of the training, certificate or observation." data={failed} defaultValue={record.achievedOn ?? ""} />
            <TextArea name="assessNote" label="Note (optional)" data={failed} rows={2} />
            <button type="submit" className="secondary">Save status</button>
          </Form>
        </section>
      ) : null}
      {can.verify && (status === "demonstrated" || status === "verified") ? (
        <section aria-labelledby="send-back">
          <h2 id="send-back">Send back</h2>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="return" />
            <TextArea name="reason" label="Reason" hint="What is missing; the record returns to In progress." data={failed} rows={2} />
            <button type="submit" className="secondary">Send back</button>
          </Form>
        </section>
      ) : null}
      <section aria-labelledby="evidence">
        <h2 id="evidence">Evidence</h2>
        {evidence.length === 0 ? <p>No evidence yet.</p> : null}
        <ul>
          {evidence.map((e) => (
            <li key={e.id}>
              <strong>{EVIDENCE_LABELS[e.kind]}</strong> by {e.addedBy ?? "a former member"}, <When at={e.createdAt} zone={viewerZone} />
              {e.note ? <>: {e.note}</> : null}
              {e.kind === "upload" ? (
                <>
                  {" "}
                  <a href={`/competency/evidence/${e.id}`}>{e.fileName}</a> ({formatBytes(e.sizeBytes ?? 0)})
                </>
              ) : null}
            </li>
          ))}
        </ul>
        {observations.length ? <h3>Observations</h3> : null}
        <ul>
          {observations.map((o) => (
            <li key={o.id}>
              {o.groupName}, <SessionTime start={o.sessionStartsAt} end={o.sessionEndsAt} zone={viewerZone} />, observed by {o.observerName ?? "a former member"}
              {o.rating ? <>: rated {o.rating} of 4</> : null}
              {o.ratingNote ? <> ({o.ratingNote})</> : null}
              {o.notes ? <p className="muted">{o.notes}</p> : null}
            </li>
          ))}
        </ul>
        {can.addEvidence ? (
          <div className="grid">
            <Form method="post" noValidate className="card">
              <input type="hidden" name="intent" value="note" />
              <TextArea name="note" label="Add a note" hint="For example the course, provider and date." data={failed} rows={3} />
              <button type="submit" className="secondary">Add note</button>
            </Form>
            {item.acceptedEvidence.includes("upload") ? (
              <Form method="post" encType="multipart/form-data" className="card">
                <div className="field">
                  <label htmlFor="certificate">Upload a certificate</label>
                  <span className="hint" id="certificate-hint">
                    PDF, PNG or JPEG, at most {formatBytes(MAX_UPLOAD_BYTES)}. Only you, your supervisor and managers can open it.
                  </span>
                  {failed?.errors?.certificate ? (
                    <span className="error" id="certificate-error">
                      {failed.errors.certificate[0]}
                    </span>
                  ) : null}
                  <input
                    id="certificate"
                    name="certificate"
                    type="file"
                    accept=".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"
                    aria-invalid={failed?.errors?.certificate ? true : undefined}
                    aria-describedby={failed?.errors?.certificate ? "certificate-hint certificate-error" : "certificate-hint"}
                  />
                </div>
                <button type="submit" className="secondary">Upload</button>
              </Form>
            ) : null}
          </div>
        ) : null}
      </section>
      <p>
        <Link to={viewerManages && !isSelf ? "/competency" : "/competency/me"}>{viewerManages && !isSelf ? "Back to the matrix" : "Back to my competencies"}</Link>
      </p>
    </>
  );
}
