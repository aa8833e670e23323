import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { MANAGING_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { saveVoiceSettings } from "~/modules/voice/mutations.server";
import { getVoiceSettings, listQuestions } from "~/modules/voice/queries.server";
import { voiceSettingsSchema } from "~/modules/voice/schema";
import { db } from "~/db/client.server";
import { ErrorSummary, Field, Notice, TextArea } from "~/ui/form";
import { formFailure, parseForm } from "~/web/http.server";
import { pageTitle, useTexts } from "~/ui/i18n";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "voice.settings.pageTitle") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const [questions, settings] = await Promise.all([listQuestions(user.organizationId), getVoiceSettings(db, user.organizationId)]);
  return { questions: questions.map((q) => q.prompt), settings };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const form = await parseForm(request, voiceSettingsSchema);
  if (!form.ok) return formFailure(form);
  await saveVoiceSettings(user, form.data);
  return { ok: true as const };
}

export default function VoiceSettings() {
  const { questions, settings } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const failed = data && !data.ok ? data : undefined;
  const { t } = useTexts();
  return (
    <>
      <h1>{t("voice.settings.title")}</h1>
      {data?.ok ? <Notice>{t("voice.settings.saved")}</Notice> : null}
      <ErrorSummary
        data={failed}
        labels={{ questions: t("voice.settings.questions"), concernResponseDays: t("voice.settings.responseTime"), feedbackWindowDays: t("voice.settings.window") }}
      />
      <Form method="post" noValidate>
        <TextArea
          name="questions"
          label={t("voice.settings.questions")}
          hint={t("voice.settings.questionsHint")}
          defaultValue={questions.join("\n")}
          data={failed}
          rows={5}
        />
        <Field name="feedbackWindowDays" label={t("voice.settings.windowLabel")} type="number" inputMode="numeric" defaultValue={settings.feedbackWindowDays} data={failed} hint={t("voice.settings.windowHint")} />
        <Field name="concernResponseDays" label={t("voice.settings.responseLabel")} type="number" inputMode="numeric" defaultValue={settings.concernResponseDays} data={failed} hint={t("voice.settings.responseHint")} />
        <button type="submit">{t("voice.settings.submit")}</button>
      </Form>
      <p>
        <Link to="/feedback/reports">{t("voice.home.feedbackReports")}</Link>
      </p>
    </>
  );
}
