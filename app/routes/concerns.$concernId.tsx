import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/modules/auth/session.server";
import { CONCERN_STATUSES } from "~/modules/voice/concerns";
import { addSubmitterMessage, respondToConcern, setConcernStatus } from "~/modules/voice/concerns/mutations.server";
import { getConcern } from "~/modules/voice/concerns/queries.server";
import { concernStaffSchema } from "~/modules/voice/schema";
import { ErrorSummary, Notice, Select, TextArea } from "~/ui/form";
import { When } from "~/ui/time";
import { ConcernThread } from "~/ui/voice-parts";
import { attempt, forbidden, formFailure, parseForm, parseId } from "~/web/http.server";
import { appUrl } from "~/config.server";
import { pageTitle, useTexts } from "~/ui/i18n";
import { CONCERN_STATUS_KEY } from "~/ui/voice-labels";
import { confirmRecordedView } from "~/web/recorded-view.server";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "voice.concernPage.pageTitle") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  confirmRecordedView(request, user);
  const query = new URL(request.url).searchParams;
  const sent = query.get("sent") === "1";
  // Sent twice (a double tap without JavaScript) and filed once: said beside the notice.
  const sentTwice = sent && query.get("again") === "1";
  return { ...(await getConcern(user, parseId(params.concernId), new Date())), zone: user.timezone, sent, sentTwice };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const id = parseId(params.concernId);
  const now = new Date();
  const view = await getConcern(user, id, now, { recordRead: false }); // 404 unless the submitter or a manager who may handle it; not a read
  const form = await parseForm(request, concernStaffSchema);
  if (!form.ok) return formFailure(form);
  const d = form.data;
  if (d.intent === "reply" ? !view.isSubmitter : !view.handler) forbidden();
  const result = await attempt(form.values, () =>
    d.intent === "respond"
      ? respondToConcern(user, id, d.body, now, appUrl())
      : d.intent === "status"
        ? setConcernStatus(user, id, d.status, now)
        : addSubmitterMessage({ user }, id, d.body, now),
  );
  if (!result.ok) return result.response;
  return { ok: true as const, done: d.intent === "status" ? ("status" as const) : ("sent" as const) };
}

export default function ConcernPage() {
  const { concern, handler, isSubmitter, overdue, dueAt, hoursToFirstResponse, zone, sent, sentTwice } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const failed = data && !data.ok ? data : undefined;
  const intent = failed?.values?.intent;
  const { t } = useTexts();
  return (
    <>
      <h1>{concern.summary}</h1>
      {sent ? <Notice>{sentTwice ? `${t("voice.concernPage.sentNotice")} ${t("voice.concernPage.sentNoticeOnce")}` : t("voice.concernPage.sentNotice")}</Notice> : null}
      {data?.ok ? <Notice>{t(data.done === "status" ? "voice.concernPage.statusChanged" : "voice.concernPage.messageSent")}</Notice> : null}
      {handler ? (
        <p>
          {overdue ? <span className="status status-cancelled">{t("voice.concerns.overdue")}</span> : null}
          {t("voice.concernPage.dueBy")}
          <When at={dueAt} zone={zone} />.{" "}
          {hoursToFirstResponse !== null ? t("voice.concernPage.firstResponse", { count: hoursToFirstResponse }) : t("voice.concernPage.noResponse")}
        </p>
      ) : null}
      <ConcernThread concern={concern} zone={zone} submitterLabel={isSubmitter ? t("voice.concernPage.you") : concern.anonymous ? t("voice.summary.anonymous") : (concern.submitterName ?? t("voice.concernPage.participant"))} />
      {handler ? (
        <>
          <h2>{t("voice.concernPage.respond")}</h2>
          <ErrorSummary data={intent === "respond" ? failed : undefined} labels={{ body: t("voice.concernPage.response") }} />
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="respond" />
            <TextArea name="body" label={t("voice.concernPage.responseLabel")} data={intent === "respond" ? failed : undefined} rows={5} />
            <button type="submit">{t("voice.concernPage.sendResponse")}</button>
          </Form>
          <h2>{t("voice.concerns.head.status")}</h2>
          <ErrorSummary data={intent === "status" ? failed : undefined} labels={{ status: t("voice.concerns.head.status") }} />
          <Form method="post" noValidate className="row">
            <input type="hidden" name="intent" value="status" />
            <Select name="status" label={t("voice.concerns.head.status")} defaultValue={concern.status} options={CONCERN_STATUSES.map((s) => ({ value: s, label: t(CONCERN_STATUS_KEY[s]) }))} data={intent === "status" ? failed : undefined} />
            <div className="field">
              <button type="submit" className="secondary">
                {t("voice.concernPage.changeStatus")}
              </button>
            </div>
          </Form>
        </>
      ) : null}
      {isSubmitter ? (
        <>
          <h2>{t("voice.concernPage.reply")}</h2>
          <ErrorSummary data={intent === "reply" ? failed : undefined} labels={{ body: t("voice.concernPage.yourMessage") }} />
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="reply" />
            <TextArea name="body" label={t("voice.concernPage.yourMessage")} data={intent === "reply" ? failed : undefined} rows={4} />
            <button type="submit">{t("voice.concernPage.sendMessage")}</button>
          </Form>
        </>
      ) : null}
      <p>
        <Link to="/concerns">{t("voice.concernPage.all")}</Link>
      </p>
    </>
  );
}
