import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/modules/auth/session.server";
import { NOT_ATTENDED, validateRatings } from "~/modules/voice/feedback";
import { submitFeedback } from "~/modules/voice/feedback/mutations.server";
import { getFeedbackInvitation } from "~/modules/voice/feedback/queries.server";
import { feedbackFormSchema } from "~/modules/voice/schema";
import { ErrorSummary, Notice, TextArea } from "~/ui/form";
import { SessionTime, When } from "~/ui/time";
import { RatingField, ratingErrorLabels } from "~/ui/voice-parts";
import { attempt, formFailure, formToObject, flattenValues, parseForm, parseId } from "~/web/http.server";
import { useTexts, pageTitle } from "~/ui/i18n";
import { promptsIn } from "~/modules/translations/queries.server";
import { localeOf } from "~/i18n/locales";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "voice.feedback.pageTitle") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: ["participant"] });
  const invitation = await getFeedbackInvitation(user, parseId(params.sessionId), new Date());
  // The organisation's questions in the reader's language when it wrote them in it.
  return { ...invitation, questions: await promptsIn(user.organizationId, localeOf(user.locale), invitation.questions), zone: user.timezone };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: ["participant"] });
  const sessionId = parseId(params.sessionId);
  const now = new Date();
  const invitation = await getFeedbackInvitation(user, sessionId, now);
  const { answered, eligible } = invitation;
  const questions = await promptsIn(user.organizationId, localeOf(user.locale), invitation.questions);
  if (!eligible) return formFailure({ errors: { _form: [NOT_ATTENDED] }, values: {} });
  const formData = await request.formData();
  const raw = formToObject(formData);
  const form = await parseForm(request, feedbackFormSchema, formData);
  const ratings = Object.fromEntries(questions.map((q) => [q.id, raw[`q_${q.id}`]]));
  const checked = validateRatings(ratings, questions);
  const errors = {
    ...(form.ok ? {} : form.errors),
    ...(checked.ok ? {} : Object.fromEntries(Object.entries(checked.errors).map(([id, m]) => [`q_${id}`, [m]]))),
  };
  if (!form.ok || !checked.ok) return formFailure({ errors, values: flattenValues(raw) });
  if (answered) return formFailure({ errors: { _form: ["You have already given feedback for this session. Thank you!"] }, values: form.values });
  const result = await attempt(form.values, () => submitFeedback(user, sessionId, { raw: ratings, comment: form.data.comment, anonymous: form.data.anonymous }, now));
  if (!result.ok) return result.response;
  return redirect(`/feedback/${sessionId}?thanks=1`);
}

export default function SessionFeedback() {
  const { session, questions, eligible, answered, open, notYet, closesAt, zone } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const { t, message } = useTexts();
  return (
    <>
      <h1>{t("voice.feedback.title", { group: session.groupName })}</h1>
      <p>
        <SessionTime start={session.startsAt} end={session.endsAt} zone={zone} />
      </p>
      {!eligible ? (
        <p role="status">{message(NOT_ATTENDED)}</p>
      ) : answered ? (
        <Notice>{t("voice.feedback.thanks")}</Notice>
      ) : notYet ? (
        <p>
          {t("voice.feedback.opensAt")}
          <When at={session.endsAt} zone={zone} />.
        </p>
      ) : !open ? (
        <p>{t("voice.feedback.closed")}</p>
      ) : (
        <>
          <p className="muted">
            {t("voice.feedback.openUntil")}
            <When at={closesAt} zone={zone} />
            {t("voice.feedback.optional")}
          </p>
          <ErrorSummary data={data} labels={{ ...ratingErrorLabels(questions), comment: t("voice.feedback.comment") }} />
          <Form method="post" noValidate>
            {questions.map((q) => (
              <RatingField key={q.id} id={q.id} prompt={q.prompt} data={data} />
            ))}
            <TextArea name="comment" label={t("voice.feedback.commentLabel")} data={data} rows={4} />
            <div className="field">
              <label style={{ fontWeight: 400, display: "flex", gap: ".5rem", alignItems: "flex-start" }}>
                <input type="checkbox" name="anonymous" defaultChecked={data?.values?.anonymous !== undefined ? data.values.anonymous === "on" : true} style={{ width: "1.4rem", height: "1.4rem" }} />
                <span>
                  <strong>{t("voice.feedback.anonymous")}</strong>
                  {t("voice.feedback.anonymousHelp")}
                </span>
              </label>
            </div>
            <button type="submit">{t("voice.feedback.submit")}</button>
          </Form>
        </>
      )}
      <p>
        <Link to="/home">{t("voice.feedback.home")}</Link>
      </p>
    </>
  );
}
