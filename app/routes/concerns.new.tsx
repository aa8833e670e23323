import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/modules/auth/session.server";
import { dateStyleOf, formatInZone } from "~/modules/time/zoned";
import { raiseConcern, raiseConcernOnce } from "~/modules/voice/concerns/mutations.server";
import { newFormToken } from "~/modules/forms/mutations.server";
import { concernOptions } from "~/modules/voice/concerns/queries.server";
import { CONCERN_SUBJECT_LABELS, CONCERN_SUBJECTS, concernSchema } from "~/modules/voice/schema";
import { CopyButton } from "~/ui/copy-button";
import { ErrorSummary, Field, Select, TextArea } from "~/ui/form";
import { attempt, formFailure, parseForm } from "~/web/http.server";
import { appUrl } from "~/config.server";
import { useTexts, pageTitle } from "~/ui/i18n";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "voice.concern.pageTitle") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const options = await concernOptions(user, new Date());
  return {
    ...options,
    formToken: newFormToken(),
    sessions: options.sessions.map((s) => ({
      id: s.id,
      label: `${s.groupName}, ${formatInZone(s.startsAt, user.timezone, dateStyleOf(user.locale))}`,
    })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await parseForm(request, concernSchema);
  if (!form.ok) return formFailure(form);
  const { formToken, ...fields } = form.data;
  const send = (): Promise<{ id: string | null; token: string | null; repeated?: boolean }> =>
    formToken ? raiseConcernOnce(user, fields, new Date(), appUrl(), { token: formToken, form: "concern", fields }) : raiseConcern(user, fields, new Date(), appUrl());
  const result = await attempt(form.values, send);
  if (!result.ok) return result.response;
  // The same form sent twice (a double tap without JavaScript) answers as the first did.
  const repeated = Boolean(result.value.repeated);
  if (!result.value.token) return redirect(`/concerns/${result.value.id}?sent=1${repeated ? "&again=1" : ""}`);
  // The link names the person's zone so its page shows times as they read them (it is theirs alone).
  return { ok: true as const, again: repeated, link: `${appUrl()}/concerns/follow-up/${result.value.token}?tz=${encodeURIComponent(user.timezone)}` };
}

const none = { value: "", label: "—" };

export default function NewConcern() {
  const o = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const { t, message } = useTexts();
  const labels = {
    subject: t("voice.concern.labels.subject"),
    sessionId: t("voice.concern.labels.sessionId"),
    groupId: t("voice.concern.labels.groupId"),
    facilitatorId: t("voice.concern.labels.facilitatorId"),
    programId: t("voice.concern.labels.programId"),
    summary: t("voice.concern.labels.summary"),
    body: t("voice.concern.labels.body"),
  };
  if (data?.ok) {
    return (
      <>
        <h1>{t("voice.concern.sentTitle")}</h1>
        {data.again ? <p>{t("voice.concern.sentOnce")}</p> : null}
        <div className="notice" role="status">
          <p>
            <strong>{t("voice.concern.keepPrivate")}</strong>
            {t("voice.concern.keepPrivateWhy")}
          </p>
          <p style={{ wordBreak: "break-all" }}>
            <a href={data.link} rel="noreferrer">
              {data.link}
            </a>
          </p>
          <p>
            <CopyButton text={data.link} label={t("voice.concern.copy")} />{" "}
            <a href={`mailto:?subject=${encodeURIComponent(t("voice.concern.mailSubject"))}&body=${encodeURIComponent(t("voice.concern.mailBody", { link: data.link }))}`}>
              {t("voice.concern.emailIt")}
            </a>{" "}
            <span className="muted">{t("voice.concern.emailApp")}</span>
          </p>
        </div>
        <p>
          <Link to="/home">{t("voice.concern.home")}</Link>
        </p>
      </>
    );
  }
  const failed = data && !data.ok ? data : undefined;
  return (
    <>
      <h1>{t("voice.concern.title")}</h1>
      <p>{t("voice.concern.intro")}</p>
      <ErrorSummary data={failed} labels={labels} />
      <Form method="post" noValidate>
        <input type="hidden" name="formToken" value={o.formToken} />
        <Select name="subject" label={t("voice.concern.about")} options={CONCERN_SUBJECTS.map((s) => ({ value: s, label: message(CONCERN_SUBJECT_LABELS[s]) }))} data={failed} />
        <p className="muted">{t("voice.concern.thenChoose")}</p>
        <Select name="sessionId" label={labels.sessionId} options={[none, ...o.sessions.map((s) => ({ value: s.id, label: s.label }))]} data={failed} />
        <Select name="groupId" label={labels.groupId} options={[none, ...o.groups.map((g) => ({ value: g.id, label: g.name }))]} data={failed} />
        <Select name="facilitatorId" label={labels.facilitatorId} options={[none, ...o.staff.map((s) => ({ value: s.id, label: s.name }))]} data={failed} />
        <Select name="programId" label={labels.programId} options={[none, ...o.programs.map((p) => ({ value: p.id, label: p.name }))]} data={failed} />
        <Field name="summary" label={t("voice.concern.summary")} data={failed} />
        <TextArea name="body" label={labels.body} hint={t("voice.concern.bodyHint")} data={failed} rows={6} />
        <div className="field">
          <label style={{ fontWeight: 400, display: "flex", gap: ".5rem", alignItems: "flex-start" }}>
            <input type="checkbox" name="anonymous" defaultChecked={failed?.values?.anonymous === "on"} style={{ width: "1.4rem", height: "1.4rem" }} />
            <span>
              <strong>{t("voice.concern.anonymous")}</strong>
              {t("voice.concern.anonymousHelp")}
            </span>
          </label>
        </div>
        <button type="submit">{t("voice.concern.submit")}</button>
      </Form>
    </>
  );
}
