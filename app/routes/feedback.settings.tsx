import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { MANAGING_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { saveVoiceSettings } from "~/modules/voice/mutations.server";
import { getVoiceSettings, listQuestions } from "~/modules/voice/queries.server";
import { voiceSettingsSchema } from "~/modules/voice/schema";
import { db } from "~/db/client.server";
import { ErrorSummary, Field, Notice, TextArea } from "~/ui/form";
import { attempt, formFailure, formVersion, parseForm } from "~/web/http.server";
import { NoteText } from "~/ui/records";
import { changedMeanwhile, revalidateWhenStale, SavedNow } from "~/ui/versions";
import { voiceSettingsVersion } from "~/modules/voice/version";
import { pageTitle, useTexts } from "~/ui/i18n";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "voice.settings.pageTitle") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const [questions, settings] = await Promise.all([listQuestions(user.organizationId), getVoiceSettings(db, user.organizationId)]);
  const prompts = questions.map((q) => q.prompt);
  // The version the form carries (voiceSettingsVersion): a save from it is refused once someone else changed the settings.
  return { questions: prompts, settings, version: voiceSettingsVersion({ questions: prompts, ...settings }) };
}

/** After a save refused as out of date, the page's data is read again to show what is saved now. */
export const shouldRevalidate = revalidateWhenStale;

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const formData = await request.formData();
  const form = await parseForm(request, voiceSettingsSchema, formData);
  if (!form.ok) return formFailure(form);
  // Refused once someone else changed the settings after this page was opened, or when the form names no version.
  const result = await attempt(form.values, () => saveVoiceSettings(user, form.data, { version: formVersion(formData) }));
  if (!result.ok) return result.response;
  return { ok: true as const };
}

export default function VoiceSettings() {
  const { questions, settings, version } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const failed = data && !data.ok ? data : undefined;
  const { t } = useTexts();
  const labels = { questions: t("voice.settings.questions"), concernResponseDays: t("voice.settings.responseTime"), feedbackWindowDays: t("voice.settings.window") };
  return (
    <>
      <h1>{t("voice.settings.title")}</h1>
      {data?.ok ? <Notice>{t("voice.settings.saved")}</Notice> : null}
      <ErrorSummary data={failed} labels={labels} />
      {/* A save refused as out of date: the settings as saved now, beside the person's own entries kept in the form. */}
      <SavedNow changed={changedMeanwhile(failed)} labels={labels}>
        <NoteText label={t("voice.settings.questions")} text={questions.join("\n")} />
        <NoteText label={t("voice.settings.windowLabel")} text={settings.feedbackWindowDays} />
        <NoteText label={t("voice.settings.responseLabel")} text={settings.concernResponseDays} />
      </SavedNow>
      <Form method="post" noValidate>
        {/* The version sent back by a refused save (the current one, once the person has seen it), else the page's. */}
        <input type="hidden" name="version" value={failed?.values?.version ?? version} />
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
