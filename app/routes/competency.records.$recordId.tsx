import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { canManage, STAFF_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { formatBytes } from "~/modules/competency/files";
import { languageOf } from "~/i18n/locales";
import { addUploadEvidence, applyRecordAction } from "~/modules/competency/records/mutations.server";
import { cellState } from "~/modules/competency/matrix/queries.server";
import { getRecordPage } from "~/modules/competency/records/queries.server";
import { MAX_UPLOAD_BYTES, recordActionSchema } from "~/modules/competency/schema";
import { pageTitle, useTexts } from "~/ui/i18n";
import { CompetencyBadge } from "~/ui/competency-status";
import { ErrorSummary, Field, Notice, Select, TextArea } from "~/ui/form";
import { CivilDate, SessionTime, When } from "~/ui/time";
import { attempt, formFailure, parseForm, parseId } from "~/web/http.server";
import { isMultipart, readUpload } from "~/web/uploads.server";
import { ITEM_KIND_KEY, EVIDENCE_KEY } from "~/ui/competency-labels";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: data ? pageTitle(matches, "competency.record.pageTitle", { item: data.item.name, person: data.person.name }) : pageTitle(matches, "competency.record.pageTitleNone") },
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

const STATUS_KEY = {
  not_started: "competency.record.status.notStarted",
  in_progress: "competency.record.status.inProgress",
  demonstrated: "competency.record.status.demonstrated",
  verified: "competency.record.status.verified",
  expired: "competency.record.status.expired",
} as const;

export default function RecordPage() {
  const { record, item, person, evidence, observations, isSelf, can, state, viewerZone, today, viewerManages } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const failed = data && !data.ok ? data : undefined;
  const status = record.derivedStatus;
  const { t, message, locale } = useTexts();
  const labels = {
    achievedOn: t("competency.record.achievedOn"),
    status: t("competency.record.statusLabel"),
    assessNote: t("competency.record.noteLabel"),
    note: t("competency.record.noteLabel"),
    reason: t("competency.record.reasonLabel"),
    certificate: t("competency.record.certificateLabel"),
  };
  const evidenceLabel = (k: string) => (EVIDENCE_KEY[k] ? t(EVIDENCE_KEY[k]) : k);
  return (
    <>
      <h1>
        {item.name}: {person.name}
      </h1>
      {data?.ok ? <Notice>{message(data.message)}</Notice> : null}
      <ErrorSummary data={failed} labels={labels} />
      <p>
        <CompetencyBadge state={state} label={record.label} />
      </p>
      <dl className="card">
        <dt>{t("competency.record.standard")}</dt>
        <dd>
          {item.standard || t("competency.record.agencyItem")} · {ITEM_KIND_KEY[item.kind] ? t(ITEM_KIND_KEY[item.kind]) : item.kind}
        </dd>
        <dt>{t("competency.record.statusLabel")}</dt>
        <dd>{t(STATUS_KEY[status])}</dd>
        <dt>{t("competency.record.achievedOn")}</dt>
        <dd>{record.achievedOn ? <CivilDate date={record.achievedOn} /> : t("competency.record.notYet")}</dd>
        <dt>{t("competency.record.expiresOn")}</dt>
        <dd>
          {record.expiresOn ? (
            <CivilDate date={record.expiresOn} />
          ) : item.validityMonths ? (
            t("competency.record.setWhenAchieved")
          ) : (
            t("competency.record.doesNotExpire")
          )}
        </dd>
        <dt>{t("competency.record.assessedBy")}</dt>
        <dd>{record.assessedByName ?? (record.assessedBy ? t("competency.record.formerMember") : t("competency.record.nobodyYet"))}</dd>
        <dt>{t("competency.record.verifiedBy")}</dt>
        <dd>
          {record.verifiedBy ? (
            <>
              {record.verifiedByName ?? t("competency.record.formerMember")}, <When at={record.verifiedAt!} zone={viewerZone} />
            </>
          ) : (
            t("competency.record.notVerified")
          )}
        </dd>
        <dt>{t("competency.record.acceptedEvidence")}</dt>
        <dd>{item.acceptedEvidence.map(evidenceLabel).join(", ")}</dd>
      </dl>
      <p className="muted">
        {item.description}
        {t("competency.record.todayNote", { today })}
      </p>
      {isSelf ? <p>{t("competency.record.ownRecord")}</p> : null}
      {can.verify && status === "demonstrated" ? (
        <Form method="post">
          <input type="hidden" name="intent" value="verify" />
          <button type="submit">{t("competency.record.verify")}</button>
        </Form>
      ) : null}
      {can.observe && item.observable ? (
        <p>
          <Link to={`/competency/observations/new?facilitatorId=${person.id}`}>{t("competency.record.observe", { name: person.name })}</Link>
        </p>
      ) : null}
      {can.assess ? (
        <section aria-labelledby="assess">
          <h2 id="assess">{t("competency.record.updateTitle")}</h2>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="assess" />
            <Select
              name="status"
              label={t("competency.record.statusLabel")}
              data={failed}
              defaultValue={status === "in_progress" || status === "not_started" ? status : "demonstrated"}
              options={(["not_started", "in_progress", "demonstrated"] as const).map((s) => ({ value: s, label: t(STATUS_KEY[s]) }))}
            />
            <Field name="achievedOn" label={t("competency.record.achievedOn")} type="date" hint={t("competency.record.achievedOnHint")} data={failed} defaultValue={record.achievedOn ?? ""} />
            <TextArea name="assessNote" label={t("competency.record.noteOptional")} data={failed} rows={2} />
            <button type="submit" className="secondary">{t("competency.record.saveStatus")}</button>
          </Form>
        </section>
      ) : null}
      {can.verify && (status === "demonstrated" || status === "verified") ? (
        <section aria-labelledby="send-back">
          <h2 id="send-back">{t("competency.record.sendBackTitle")}</h2>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="return" />
            <TextArea name="reason" label={t("competency.record.reasonLabel")} hint={t("competency.record.reasonHint")} data={failed} rows={2} />
            <button type="submit" className="secondary">{t("competency.record.sendBack")}</button>
          </Form>
        </section>
      ) : null}
      <section aria-labelledby="evidence">
        <h2 id="evidence">{t("competency.record.evidenceTitle")}</h2>
        {evidence.length === 0 ? <p>{t("competency.record.noEvidence")}</p> : null}
        <ul>
          {evidence.map((e) => (
            <li key={e.id}>
              <strong>{evidenceLabel(e.kind)}</strong>
              {t("competency.record.addedBy", { name: e.addedBy ?? t("competency.record.formerMember") })}
              <When at={e.createdAt} zone={viewerZone} />
              {e.note ? <>: {e.kind === "observation" ? message(e.note) : e.note}</> : null}
              {e.kind === "upload" ? (
                <>
                  {" "}
                  <a href={`/competency/evidence/${e.id}`}>{e.fileName}</a> ({formatBytes(e.sizeBytes ?? 0, languageOf(locale))})
                </>
              ) : null}
            </li>
          ))}
        </ul>
        {observations.length ? <h3>{t("competency.record.observationsTitle")}</h3> : null}
        <ul>
          {observations.map((o) => (
            <li key={o.id}>
              {o.groupName}, <SessionTime start={o.sessionStartsAt} end={o.sessionEndsAt} zone={viewerZone} />
              {t("competency.record.observedBy", { name: o.observerName ?? t("competency.record.formerMember") })}
              {o.rating ? t("competency.record.rated", { rating: String(o.rating) }) : null}
              {o.ratingNote ? <> ({o.ratingNote})</> : null}
              {o.notes ? <p className="muted">{o.notes}</p> : null}
            </li>
          ))}
        </ul>
        {can.addEvidence ? (
          <div className="grid">
            <Form method="post" noValidate className="card">
              <input type="hidden" name="intent" value="note" />
              <TextArea name="note" label={t("competency.record.addNoteLabel")} hint={t("competency.record.addNoteHint")} data={failed} rows={3} />
              <button type="submit" className="secondary">{t("competency.record.addNote")}</button>
            </Form>
            {item.acceptedEvidence.includes("upload") ? (
              <Form method="post" encType="multipart/form-data" className="card">
                <div className="field">
                  <label htmlFor="certificate">{t("competency.record.uploadLabel")}</label>
                  <span className="hint" id="certificate-hint">
                    {t("competency.record.uploadHint", { size: formatBytes(MAX_UPLOAD_BYTES, languageOf(locale)) })}
                  </span>
                  {failed?.errors?.certificate ? (
                    <span className="error" id="certificate-error">
                      {message(failed.errors.certificate[0])}
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
                <button type="submit" className="secondary">{t("competency.record.upload")}</button>
              </Form>
            ) : null}
          </div>
        ) : null}
      </section>
      <p>
        <Link to={viewerManages && !isSelf ? "/competency" : "/competency/me"}>{t(viewerManages && !isSelf ? "competency.record.backMatrix" : "competency.record.backMine")}</Link>
      </p>
    </>
  );
}
