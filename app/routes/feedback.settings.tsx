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

export const meta: MetaFunction = () => [{ title: "Feedback and concern settings · Group Sessions" }];

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
  return (
    <>
      <h1>Feedback and concern settings</h1>
      {data?.ok ? <Notice>The settings were saved.</Notice> : null}
      <ErrorSummary
        data={failed}
        labels={{ questions: "Rating questions", concernResponseDays: "Response time", feedbackWindowDays: "Feedback window" }}
      />
      <Form method="post" noValidate>
        <TextArea
          name="questions"
          label="Rating questions"
          hint="One per line; each is rated 1–5 after a session. Questions you keep word for word stay comparable over time."
          defaultValue={questions.join("\n")}
          data={failed}
          rows={5}
        />
        <Field name="feedbackWindowDays" label="Feedback window in days" type="number" inputMode="numeric" defaultValue={settings.feedbackWindowDays} data={failed} hint="How long after a session participants can answer. Whatever the window, answers are shown only in batches of at least 5 from one group; a lone answer waits." />
        <Field name="concernResponseDays" label="Response time for concerns in days" type="number" inputMode="numeric" defaultValue={settings.concernResponseDays} data={failed} hint="Concerns without a response after this many days are flagged overdue." />
        <button type="submit">Save settings</button>
      </Form>
      <p>
        <Link to="/feedback/reports">Feedback reports</Link>
      </p>
    </>
  );
}
