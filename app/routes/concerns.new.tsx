import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/modules/auth/session.server";
import { dateStyleOf, formatInZone } from "~/modules/time/zoned";
import { raiseConcern } from "~/modules/voice/concerns/mutations.server";
import { concernOptions } from "~/modules/voice/concerns/queries.server";
import { CONCERN_SUBJECT_LABELS, CONCERN_SUBJECTS, concernSchema } from "~/modules/voice/schema";
import { CopyButton } from "~/ui/copy-button";
import { ErrorSummary, Field, Select, TextArea } from "~/ui/form";
import { attempt, formFailure, parseForm } from "~/web/http.server";
import { appUrl } from "~/config.server";

export const meta: MetaFunction = () => [{ title: "Raise a concern · Group Sessions" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const options = await concernOptions(user, new Date());
  return {
    ...options,
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
  const result = await attempt(form.values, () => raiseConcern(user, form.data, new Date(), appUrl()));
  if (!result.ok) return result.response;
  if (!result.value.token) return redirect(`/concerns/${result.value.id}?sent=1`);
  // The link names the person's zone so its page shows times as they read them (it is theirs alone).
  return { ok: true as const, link: `${appUrl()}/concerns/follow-up/${result.value.token}?tz=${encodeURIComponent(user.timezone)}` };
}

const labels = { subject: "About", sessionId: "Session", groupId: "Group", facilitatorId: "Facilitator", programId: "Program", summary: "Summary", body: "Your concern" };
const none = { value: "", label: "—" };

export default function NewConcern() {
  const o = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  if (data?.ok) {
    return (
      <>
        <h1>Your concern was sent anonymously</h1>
        <div className="notice" role="status">
          <p>
            <strong>Keep this private link.</strong> It is the only way to read our reply, because we do not know who you are. We
            cannot show it again.
          </p>
          <p style={{ wordBreak: "break-all" }}>
            <a href={data.link} rel="noreferrer">
              {data.link}
            </a>
          </p>
          <p>
            <CopyButton text={data.link} label="Copy the link" />{" "}
            <a href={`mailto:?subject=${encodeURIComponent("My private concern link")}&body=${encodeURIComponent(`Keep this link private: ${data.link}`)}`}>
              Email it to an address you choose
            </a>{" "}
            <span className="muted">(opens your own email app: we never see the address).</span>
          </p>
        </div>
        <p>
          <Link to="/home">Back to home</Link>
        </p>
      </>
    );
  }
  const failed = data && !data.ok ? data : undefined;
  return (
    <>
      <h1>Raise a concern</h1>
      <p>Your concern goes to the organisation&apos;s managers, never only to the person it is about. We aim to respond within a few days.</p>
      <ErrorSummary data={failed} labels={labels} />
      <Form method="post" noValidate>
        <Select name="subject" label="What is it about?" options={CONCERN_SUBJECTS.map((s) => ({ value: s, label: CONCERN_SUBJECT_LABELS[s] }))} data={failed} />
        <p className="muted">Then choose the one it is about:</p>
        <Select name="sessionId" label={labels.sessionId} options={[none, ...o.sessions.map((s) => ({ value: s.id, label: s.label }))]} data={failed} />
        <Select name="groupId" label={labels.groupId} options={[none, ...o.groups.map((g) => ({ value: g.id, label: g.name }))]} data={failed} />
        <Select name="facilitatorId" label={labels.facilitatorId} options={[none, ...o.staff.map((s) => ({ value: s.id, label: s.name }))]} data={failed} />
        <Select name="programId" label={labels.programId} options={[none, ...o.programs.map((p) => ({ value: p.id, label: p.name }))]} data={failed} />
        <Field name="summary" label="Summary in a few words" data={failed} />
        <TextArea name="body" label={labels.body} hint="What happened, and what you would like to happen." data={failed} rows={6} />
        <div className="field">
          <label style={{ fontWeight: 400, display: "flex", gap: ".5rem", alignItems: "flex-start" }}>
            <input type="checkbox" name="anonymous" defaultChecked={failed?.values?.anonymous === "on"} style={{ width: "1.4rem", height: "1.4rem" }} />
            <span>
              <strong>Send anonymously.</strong> We will not store your name; you get a private link to read our reply instead.
            </span>
          </label>
        </div>
        <button type="submit">Send concern</button>
      </Form>
    </>
  );
}
