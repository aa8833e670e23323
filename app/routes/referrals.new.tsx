import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { STAFF_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { civilToday } from "~/modules/referrals/dates";
import { newFormToken } from "~/modules/forms/mutations.server";
import { formToken as formTokenField, OUT_OF_DATE } from "~/modules/forms/schema";
import { createReferral } from "~/modules/referrals/mutations.server";
import { referralFormOptions } from "~/modules/referrals/queries.server";
import { referralSchema } from "~/modules/referrals/schema";
import { NEED_AREAS } from "~/modules/registration/schema";
import { ErrorSummary, Field, Select, TextArea } from "~/ui/form";
import { attempt, formFailure, parseForm } from "~/web/http.server";
import { pageTitle, useTexts } from "~/ui/i18n";
import { NEED_AREA_KEY } from "~/ui/voice-labels";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "voice.referrals.new.pageTitle") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  const search = new URL(request.url).searchParams;
  const preset = { participantId: search.get("participantId") ?? "", resourceId: search.get("resourceId") ?? "", groupId: search.get("groupId") ?? "" };
  return { ...(await referralFormOptions(user)), preset, today: civilToday(new Date(), user.timezone), formToken: newFormToken() };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  const data = await request.formData();
  const form = await parseForm(request, referralSchema, data);
  if (!form.ok) return formFailure(form);
  // The one-time token: the same referral sent twice is recorded once (a duplicate counts twice in the figures).
  const token = formTokenField.safeParse(data.get("formToken") ?? undefined);
  if (!token.success) return formFailure({ errors: { _form: [OUT_OF_DATE] }, values: form.values });
  const claim = token.data ? { token: token.data, form: "referral", fields: form.values } : undefined;
  const result = await attempt(form.values, () => createReferral(user, form.data, claim));
  if (!result.ok) return result.response;
  return redirect("/referrals?view=open&saved=1");
}

export default function NewReferral() {
  const { participants, resources, groups, preset, today, formToken } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const { t } = useTexts();
  const LABELS = {
    participantId: t("voice.intake.participant"),
    resourceId: t("voice.referrals.new.service"),
    groupId: t("voice.intake.group"),
    needArea: t("voice.referrals.new.needArea"),
    reason: t("voice.proposal.reason"),
    referredOn: t("voice.referrals.new.referredOn"),
    followUpOn: t("voice.referrals.new.followUpOn"),
  };
  return (
    <>
      <h1>{t("voice.referrals.new.title")}</h1>
      <p>{t("voice.referrals.new.intro")}</p>
      {resources.length === 0 ? (
        <p>
          {t("voice.referrals.new.empty")}
          <Link to="/directory">{t("voice.referrals.new.addServices")}</Link>
          {t("voice.referrals.new.first")}
        </p>
      ) : null}
      <Form method="post" noValidate>
        <input type="hidden" name="formToken" value={formToken} />
        <ErrorSummary data={data} labels={LABELS} />
        <Select name="participantId" label={LABELS.participantId} data={data} defaultValue={preset.participantId} options={[{ value: "", label: t("voice.referrals.new.chooseParticipant") }, ...participants.map((p) => ({ value: p.id, label: `${p.name} (${p.email || t("voice.referrals.new.noEmail")})` }))]} />
        <Select name="resourceId" label={LABELS.resourceId} data={data} defaultValue={preset.resourceId} options={[{ value: "", label: t("voice.referrals.new.chooseService") }, ...resources.map((r) => ({ value: r.id, label: r.name }))]} />
        <Select name="needArea" label={LABELS.needArea} data={data} options={[{ value: "", label: t("voice.referrals.new.chooseNeed") }, ...NEED_AREAS.map((n) => ({ value: n, label: t(NEED_AREA_KEY[n]) }))]} />
        <Select
          name="groupId"
          label={t("voice.referrals.new.groupLabel")}
          data={data}
          defaultValue={preset.groupId}
          options={[{ value: "", label: t("voice.referrals.new.notGroup") }, ...groups.map((g) => ({ value: g.id, label: g.name }))]}
        />
        <TextArea name="reason" label={LABELS.reason} data={data} rows={3} />
        <Field name="referredOn" label={LABELS.referredOn} type="date" data={data} defaultValue={today} />
        <Field name="followUpOn" label={t("voice.referrals.new.followUpLabel")} type="date" data={data} hint={t("voice.referrals.new.followUpHint")} />
        <button type="submit">{t("voice.referrals.new.submit")}</button>
      </Form>
    </>
  );
}
