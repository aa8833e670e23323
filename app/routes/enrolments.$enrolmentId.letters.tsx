import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { DateTime } from "luxon";
import { STAFF_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { formatBytes } from "~/modules/competency/files";
import { languageOf } from "~/i18n/locales";
import { MAX_UPLOAD_BYTES } from "~/modules/competency/schema";
import { issueLetter, recordPaperRelease } from "~/modules/completion/releases/mutations.server";
import { lettersPage } from "~/modules/completion/releases/queries.server";
import { issueLetterSchema, paperReleaseSchema } from "~/modules/completion/releases/schema";
import { NO_RELEASE_MESSAGE, type ShareItem } from "~/modules/completion/releases/statement";
import { useTexts, pageTitle } from "~/ui/i18n";
import { ErrorSummary, Field, Notice, RadioGroup } from "~/ui/form";
import { ReleaseCard, ReleaseTermsFields } from "~/ui/releases";
import { When } from "~/ui/time";
import { attempt, formFailure, parseForm, parseId } from "~/web/http.server";
import { readUpload } from "~/web/uploads.server";
import { confirmRecordedView } from "~/web/recorded-view.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: pageTitle(matches, "manage.letters.pageTitle", { name: data?.enrolment.personName ?? "" }) }];

/** A manager, or a current facilitator of the enrolment's group (seeing the person's releases is a disclosure). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  confirmRecordedView(request, user);
  const page = await lettersPage(user, parseId(params.enrolmentId), new Date());
  return { ...page, zone: user.timezone, today: DateTime.now().setZone(user.timezone).toISODate() ?? "" };
}

const TOO_BIG = `This file is larger than ${formatBytes(MAX_UPLOAD_BYTES)}. Upload a smaller scan or photo (PDF, PNG or JPEG).`;

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  const enrolmentId = parseId(params.enrolmentId);
  if ((request.headers.get("content-type") ?? "").startsWith("multipart/form-data")) {
    const upload = await readUpload(request, { field: "file", maxBytes: MAX_UPLOAD_BYTES, tooBig: TOO_BIG, unreadable: "This upload could not be read. Choose the file again and send it once more." });
    if (!upload.ok) return upload.response;
    const form = await parseForm(request, paperReleaseSchema, upload.formData);
    if (!form.ok) return formFailure(form);
    const result = await attempt(form.values, () => recordPaperRelease(user, enrolmentId, { ...form.data, file: upload.file }, new Date()));
    if (!result.ok) return result.response;
    return redirect(`/enrolments/${enrolmentId}/letters?done=paper`);
  }
  const form = await parseForm(request, issueLetterSchema);
  if (!form.ok) return formFailure(form);
  const result = await attempt(form.values, () => issueLetter(user, enrolmentId, form.data.releaseId, new Date()));
  if (!result.ok) return result.response;
  return redirect(`/enrolments/${enrolmentId}/letters?issued=${result.value}`);
}

const LABEL_KEYS = {
  releaseId: "manage.letters.labels.releaseId",
  recipientName: "manage.letters.labels.recipientName",
  recipientOrganization: "manage.letters.labels.recipientOrganization",
  recipientContact: "manage.letters.labels.recipientContact",
  purpose: "manage.letters.labels.purpose",
  shares: "manage.letters.labels.shares",
  expiresOn: "manage.letters.labels.expiresOn",
  signedOn: "manage.letters.labels.signedOn",
  file: "manage.letters.labels.file",
  toldInPerson: "manage.letters.labels.toldInPerson",
} as const;
/** What a release lets a letter share, in a few words ("attendance dates"). */
const SHARE_SHORT: Record<ShareItem, string> = {
  attendance_dates: "manage.letters.share.attendanceDates",
  attendance_totals: "manage.letters.share.attendanceTotals",
  completion_status: "manage.letters.share.completionStatus",
  progress_summary: "manage.letters.share.progressSummary",
};

export default function EnrolmentLetters() {
  const { enrolment, releases, letters, allLetters, recordsPaper, notifiable, notNotifiedMessage, zone, today } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const issued = params.get("issued");
  // Only a current release for this enrolment's program (and saying Part 2 when the program is) can carry a letter.
  const current = releases.filter((r) => r.state === "current" && r.coversThisEnrolment);
  const paperFailed = data && !data.ok && ["file", "signedOn", "recipientName", "recipientContact", "purpose", "shares", "expiresOn", "toldInPerson"].some((k) => data.errors?.[k]);
  const { t, message, locale } = useTexts();
  const labels = Object.fromEntries(Object.entries(LABEL_KEYS).map(([field, key]) => [field, t(key)]));
  const short = (s: string) => (s in SHARE_SHORT ? t(SHARE_SHORT[s as ShareItem]) : s);
  const releaseState = (state: string | undefined) =>
    state === "expired" ? t("manage.letters.state.expired") : state === "revoked" ? t("manage.letters.state.revoked") : state === undefined ? t("manage.letters.state.gone") : state;
  return (
    <>
      <h1>{t("manage.letters.title", { name: enrolment.personName })}</h1>
      <p>
        {enrolment.programName}, <Link to={`/groups/${enrolment.groupId}/completion`}>{enrolment.groupName}</Link>
        {t("manage.letters.intro")}
      </p>
      {issued && letters.some((l) => l.id === issued) ? (
        <Notice>
          {t("manage.letters.issued")}{" "}
          <a href={`/letters/${issued}.pdf`} download>
            {t("manage.letters.download")}
          </a>
        </Notice>
      ) : null}
      {params.get("done") === "paper" ? <Notice>{t("manage.letters.paperDone")}</Notice> : null}
      <ErrorSummary data={data && !data.ok ? data : undefined} labels={labels} />
      <h2 id="send-heading">{t("manage.letters.send")}</h2>
      {notifiable ? null : (
        <p className="notice" role="note">
          {message(notNotifiedMessage)} {t("manage.letters.tellInPerson")}
        </p>
      )}
      {current.length === 0 ? (
        <p>{message(NO_RELEASE_MESSAGE)}</p>
      ) : (
        <Form method="post" noValidate className="card" aria-labelledby="send-heading">
          <input type="hidden" name="intent" value="issue" />
          <RadioGroup
            name="releaseId"
            legend={t("manage.letters.under")}
            data={paperFailed ? undefined : data}
            defaultValue={current.length === 1 ? current[0].id : undefined}
            options={current.map((r) => ({
              value: r.id,
              label: t("manage.letters.option", {
                recipient: `${r.recipientName}${r.recipientOrganization ? `, ${r.recipientOrganization}` : ""}`,
                shares: r.shares.map(short).join(", "),
                until: r.expiresOn,
              }),
            }))}
          />
          <button type="submit">{t("manage.letters.issue")}</button>
        </Form>
      )}
      <h2>{allLetters ? t("manage.letters.sent") : t("manage.letters.sentGroup")}</h2>
      {letters.length === 0 ? <p>{t("manage.letters.noneYet")}</p> : null}
      <ul className="plain">
        {letters.map((l) => {
          const release = releases.find((r) => r.id === l.releaseId);
          return (
            <li key={l.id} className="card">
              <When at={l.issuedAt} zone={zone} />
              {t("manage.letters.sentLine", {
                recipient: `${l.recipientName}${l.recipientOrganization ? `, ${l.recipientOrganization}` : ""}`,
                by: l.issuedBy ?? t("manage.letters.formerStaff"),
                group: l.groupName,
                shared: l.shared.map(short).join(", "),
              })}
              {l.part2Notice ? t("manage.letters.withNotice") : ""}.{" "}
              {release?.state === "current" ? (
                <a href={`/letters/${l.id}.pdf`} download>
                  {t("manage.letters.pdf")}<span className="visually-hidden">{t("manage.letters.pdfOf", { name: l.recipientName })}</span>
                </a>
              ) : (
                <span className="muted">{t("manage.letters.notAgain", { state: releaseState(release?.state) })}</span>
              )}
            </li>
          );
        })}
      </ul>
      <h2>{t("manage.letters.releases")}</h2>
      {releases.length === 0 ? <p>{t("manage.letters.noRelease", { name: enrolment.personName })}</p> : null}
      <ul className="plain">
        {releases.map((r) => (
          <li key={r.id}>
            <ReleaseCard release={r} zone={zone} />
          </li>
        ))}
      </ul>
      {recordsPaper ? null : <p>{t("manage.letters.byManager")}</p>}
      <details open={Boolean(paperFailed)} hidden={!recordsPaper}>
        <summary>{t("manage.letters.recordPaper")}</summary>
        <Form method="post" encType="multipart/form-data" noValidate className="card" aria-label={t("manage.letters.recordPaper")}>
          <input type="hidden" name="intent" value="paper" />
          <ReleaseTermsFields data={paperFailed ? data : undefined} defaultExpiry="" hint={t("manage.letters.copyExactly")} />
          <Field name="signedOn" label={labels.signedOn} type="date" data={paperFailed ? data : undefined} defaultValue={today} />
          <div className="field">
            <label htmlFor="file">{labels.file}</label>
            <span className="hint" id="file-hint">
              {t("manage.letters.fileHint", { max: formatBytes(MAX_UPLOAD_BYTES, languageOf(locale)) })}
            </span>
            {paperFailed && data?.errors?.file ? (
              <span className="error" id="file-error">
                {message(data.errors.file[0])}
              </span>
            ) : null}
            <input id="file" name="file" type="file" accept="application/pdf,image/png,image/jpeg" aria-describedby={paperFailed && data?.errors?.file ? "file-hint file-error" : "file-hint"} />
          </div>
          {notifiable ? null : (
            <div className="field">
              <p className="notice" id="toldInPerson-hint">
                {message(notNotifiedMessage)}
              </p>
              {paperFailed && data?.errors?.toldInPerson ? (
                <span className="error" id="toldInPerson-error">
                  {message(data.errors.toldInPerson[0])}
                </span>
              ) : null}
              <label>
                <input
                  type="checkbox"
                  id="toldInPerson"
                  name="toldInPerson"
                  value="yes"
                  aria-describedby={paperFailed && data?.errors?.toldInPerson ? "toldInPerson-hint toldInPerson-error" : "toldInPerson-hint"}
                />
                {t("manage.letters.witnessed", { name: enrolment.personName })}
              </label>
            </div>
          )}
          <button type="submit" className="secondary">
            {t("manage.letters.recordButton")}
          </button>
        </Form>
      </details>
    </>
  );
}
