import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { DateTime } from "luxon";
import { requireUser } from "~/modules/auth/session.server";
import { newFormToken } from "~/modules/forms/mutations.server";
import { formToken as formTokenField, OUT_OF_DATE } from "~/modules/forms/schema";
import { createProposal } from "~/modules/voice/proposals/mutations.server";
import { proposalTargets } from "~/modules/voice/proposals/queries.server";
import { PROPOSAL_TOPICS, proposalSchema } from "~/modules/voice/schema";
import { ErrorSummary, Field, Select, TextArea } from "~/ui/form";
import { attempt, formFailure, parseForm } from "~/web/http.server";
import { pageTitle, useTexts } from "~/ui/i18n";
import { TOPIC_KEY, targetOption } from "~/ui/voice-labels";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "voice.newProposal.pageTitle") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const inAWeek = DateTime.now().setZone(user.timezone).plus({ days: 7 }).set({ hour: 18, minute: 0 }).toFormat("yyyy-LL-dd'T'HH:mm");
  return { targets: await proposalTargets(user), zone: user.timezone, defaultClose: inAWeek, formToken: newFormToken() };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const data = await request.formData();
  const form = await parseForm(request, proposalSchema, data);
  if (!form.ok) return formFailure(form);
  // The one-time token: the same proposal sent twice is made once (proposalSchema leaves it out).
  const token = formTokenField.safeParse(data.get("formToken") ?? undefined);
  if (!token.success) return formFailure({ errors: { _form: [OUT_OF_DATE] }, values: form.values });
  const claim = token.data ? { token: token.data, form: "proposal", fields: form.values } : undefined;
  const closesAt = DateTime.fromISO(form.data.closesAt, { zone: user.timezone }).toJSDate();
  const result = await attempt(form.values, () => createProposal(user, { ...form.data, closesAt }, new Date(), claim));
  if (!result.ok) return result.response;
  return redirect(`/proposals/${result.value.id}`);
}


export default function NewProposal() {
  const { targets, zone, defaultClose, formToken } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const { t } = useTexts();
  const labels = {
    target: t("voice.newProposal.labels.target"),
    topic: t("voice.newProposal.labels.topic"),
    title: t("voice.newProposal.labels.title"),
    description: t("voice.newProposal.labels.description"),
    voting: t("voice.newProposal.labels.voting"),
    options: t("voice.newProposal.labels.options"),
    closesAt: t("voice.newProposal.labels.closesAt"),
  };
  if (targets.length === 0) {
    return (
      <>
        <h1>{t("voice.newProposal.title")}</h1>
        <p>{t("voice.newProposal.noGroups")}</p>
      </>
    );
  }
  return (
    <>
      <h1>{t("voice.newProposal.title")}</h1>
      <ErrorSummary data={data} labels={labels} />
      <Form method="post" noValidate>
        <input type="hidden" name="formToken" value={formToken} />
        <Select name="target" label={labels.target} options={targets.map((o) => targetOption(o, t))} data={data} />
        <Select name="topic" label={labels.topic} options={PROPOSAL_TOPICS.map((topic) => ({ value: topic, label: t(TOPIC_KEY[topic]) }))} data={data} />
        <Field name="title" label={labels.title} data={data} />
        <TextArea name="description" label={labels.description} hint={t("voice.newProposal.descriptionHint")} data={data} rows={5} />
        <Select
          name="voting"
          label={labels.voting}
          options={[
            { value: "agree", label: t("voice.newProposal.agree") },
            { value: "options", label: t("voice.newProposal.chooseOptions") },
          ]}
          data={data}
        />
        <TextArea name="options" label={t("voice.newProposal.optionsLabel")} hint={t("voice.newProposal.optionsHint")} data={data} rows={3} />
        <div className="field">
          <label style={{ fontWeight: 400 }}>
            <input type="checkbox" name="anonymousVotes" defaultChecked={data?.values?.anonymousVotes === "on"} /> {t("voice.newProposal.secret")}
          </label>
        </div>
        <Field name="closesAt" label={labels.closesAt} type="datetime-local" defaultValue={defaultClose} hint={t("voice.newProposal.zoneHint", { zone: zone.replace(/_/g, " ") })} data={data} />
        <button type="submit">{t("voice.newProposal.submit")}</button>
      </Form>
    </>
  );
}
