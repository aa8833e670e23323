import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { DateTime } from "luxon";
import { STAFF_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { formatBytes } from "~/modules/competency/files";
import { MAX_UPLOAD_BYTES } from "~/modules/competency/schema";
import { issueLetter, recordPaperRelease } from "~/modules/completion/releases/mutations.server";
import { lettersPage } from "~/modules/completion/releases/queries.server";
import { issueLetterSchema, paperReleaseSchema } from "~/modules/completion/releases/schema";
import { NO_RELEASE_MESSAGE, SHARE_LABELS, type ShareItem } from "~/modules/completion/releases/statement";
import { ErrorSummary, Field, Notice, RadioGroup } from "~/ui/form";
import { ReleaseCard, ReleaseTermsFields } from "~/ui/releases";
import { When } from "~/ui/time";
import { attempt, formFailure, parseForm, parseId } from "~/web/http.server";
import { readUpload } from "~/web/uploads.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Letters and releases: ${data?.enrolment.personName ?? ""} · Group Sessions` }];

/** A manager, or a current facilitator of the enrolment's group (seeing the person's releases is a disclosure). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
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

const labels = {
  releaseId: "Release",
  recipientName: "Recipient's name",
  recipientOrganization: "Their organisation",
  recipientContact: "Address or email",
  purpose: "Purpose",
  shares: "What may be shared",
  expiresOn: "Expires on",
  signedOn: "Signed on",
  file: "Signed page",
  toldInPerson: "Told in person",
};
const short = (s: string) => SHARE_LABELS[s as ShareItem].replace(/ \(.*\)$/, "").toLowerCase();

export default function EnrolmentLetters() {
  const { enrolment, releases, letters, allLetters, recordsPaper, notifiable, notNotifiedMessage, zone, today } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const issued = params.get("issued");
  // Only a current release for this enrolment's program (and saying Part 2 when the program is) can carry a letter.
  const current = releases.filter((r) => r.state === "current" && r.coversThisEnrolment);
  const paperFailed = data && !data.ok && ["file", "signedOn", "recipientName", "recipientContact", "purpose", "shares", "expiresOn", "toldInPerson"].some((k) => data.errors?.[k]);
  return (
    <>
      <h1>Letters and releases: {enrolment.personName}</h1>
      <p>
        {enrolment.programName}, <Link to={`/groups/${enrolment.groupId}/completion`}>{enrolment.groupName}</Link>. A letter goes only to the recipient of a current
        release the participant signed, and states only what it allows. Each letter is recorded in their disclosure history.
      </p>
      {issued && letters.some((l) => l.id === issued) ? (
        <Notice>
          Letter issued and recorded.{" "}
          <a href={`/letters/${issued}.pdf`} download>
            Download the letter (PDF)
          </a>
        </Notice>
      ) : null}
      {params.get("done") === "paper" ? <Notice>Paper release recorded. You can now send a letter under it.</Notice> : null}
      <ErrorSummary data={data && !data.ok ? data : undefined} labels={labels} />
      <h2 id="send-heading">Send a letter</h2>
      {notifiable ? null : (
        <p className="notice" role="note">
          {notNotifiedMessage} Tell them in person about each letter sent under a release they signed on paper.
        </p>
      )}
      {current.length === 0 ? (
        <p>{NO_RELEASE_MESSAGE}</p>
      ) : (
        <Form method="post" noValidate className="card" aria-labelledby="send-heading">
          <input type="hidden" name="intent" value="issue" />
          <RadioGroup
            name="releaseId"
            legend="Under which release"
            data={paperFailed ? undefined : data}
            defaultValue={current.length === 1 ? current[0].id : undefined}
            options={current.map((r) => ({
              value: r.id,
              label: `To ${r.recipientName}${r.recipientOrganization ? `, ${r.recipientOrganization}` : ""}: ${r.shares.map(short).join(", ")} (until ${r.expiresOn})`,
            }))}
          />
          <button type="submit">Issue the letter</button>
        </Form>
      )}
      <h2>Letters sent{allLetters ? "" : " about this group"}</h2>
      {letters.length === 0 ? <p>None yet.</p> : null}
      <ul className="plain">
        {letters.map((l) => {
          const release = releases.find((r) => r.id === l.releaseId);
          return (
            <li key={l.id} className="card">
              <When at={l.issuedAt} zone={zone} />: to {l.recipientName}
              {l.recipientOrganization ? `, ${l.recipientOrganization}` : ""}, by {l.issuedBy ?? "a former staff member"} ({l.groupName}); shared {l.shared.map(short).join(", ")}
              {l.part2Notice ? "; with the 42 CFR 2.32 notice" : ""}.{" "}
              {release?.state === "current" ? (
                <a href={`/letters/${l.id}.pdf`} download>
                  PDF<span className="visually-hidden"> of the letter to {l.recipientName}</span>
                </a>
              ) : (
                <span className="muted">Its release is {release?.state ?? "gone"}; it may not be sent again.</span>
              )}
            </li>
          );
        })}
      </ul>
      <h2>Releases</h2>
      {releases.length === 0 ? <p>{enrolment.personName} has not signed any release.</p> : null}
      <ul className="plain">
        {releases.map((r) => (
          <li key={r.id}>
            <ReleaseCard release={r} zone={zone} />
          </li>
        ))}
      </ul>
      {recordsPaper ? null : <p>A release signed on paper is recorded by a manager.</p>}
      <details open={Boolean(paperFailed)} hidden={!recordsPaper}>
        <summary>Record a release signed on paper</summary>
        <Form method="post" encType="multipart/form-data" noValidate className="card" aria-label="Record a release signed on paper">
          <input type="hidden" name="intent" value="paper" />
          <ReleaseTermsFields data={paperFailed ? data : undefined} defaultExpiry="" hint="Copy exactly what the signed form allows." />
          <Field name="signedOn" label="Signed on" type="date" data={paperFailed ? data : undefined} defaultValue={today} />
          <div className="field">
            <label htmlFor="file">Signed page</label>
            <span className="hint" id="file-hint">
              A scan or photo of the signed form: PDF, PNG or JPEG, at most {formatBytes(MAX_UPLOAD_BYTES)}.
            </span>
            {paperFailed && data?.errors?.file ? (
              <span className="error" id="file-error">
                {data.errors.file[0]}
              </span>
            ) : null}
            <input id="file" name="file" type="file" accept="application/pdf,image/png,image/jpeg" aria-describedby={paperFailed && data?.errors?.file ? "file-hint file-error" : "file-hint"} />
          </div>
          {notifiable ? null : (
            <div className="field">
              <p className="notice" id="toldInPerson-hint">
                {notNotifiedMessage}
              </p>
              {paperFailed && data?.errors?.toldInPerson ? (
                <span className="error" id="toldInPerson-error">
                  {data.errors.toldInPerson[0]}
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
                A second staff member witnessed the signature, and I told {enrolment.personName} in person that this release is recorded.
              </label>
            </div>
          )}
          <button type="submit" className="secondary">
            Record the paper release
          </button>
        </Form>
      </details>
    </>
  );
}
