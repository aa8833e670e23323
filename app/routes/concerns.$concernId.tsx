import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/modules/auth/session.server";
import { CONCERN_STATUS_LABELS, CONCERN_STATUSES } from "~/modules/voice/concerns";
import { addSubmitterMessage, respondToConcern, setConcernStatus } from "~/modules/voice/concerns/mutations.server";
import { getConcern } from "~/modules/voice/concerns/queries.server";
import { concernStaffSchema } from "~/modules/voice/schema";
import { ErrorSummary, Notice, Select, TextArea } from "~/ui/form";
import { When } from "~/ui/time";
import { ConcernThread } from "~/ui/voice-parts";
import { attempt, forbidden, formFailure, parseForm, parseId } from "~/web/http.server";
import { appUrl } from "~/config.server";
import { plural } from "~/ui/wording";

export const meta: MetaFunction = () => [{ title: "Concern · Group Sessions" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const sent = new URL(request.url).searchParams.get("sent") === "1";
  return { ...(await getConcern(user, parseId(params.concernId), new Date())), zone: user.timezone, sent };
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
  return { ok: true as const, message: d.intent === "status" ? "The status was changed." : "Your message was sent." };
}

export default function ConcernPage() {
  const { concern, handler, isSubmitter, overdue, dueAt, hoursToFirstResponse, zone, sent } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const failed = data && !data.ok ? data : undefined;
  const intent = failed?.values?.intent;
  return (
    <>
      <h1>{concern.summary}</h1>
      {sent ? <Notice>Your concern was sent to the managers. You will see their reply here.</Notice> : null}
      {data?.ok ? <Notice>{data.message}</Notice> : null}
      {handler ? (
        <p>
          {overdue ? <span className="status status-cancelled">Overdue</span> : null} Response due by <When at={dueAt} zone={zone} />.{" "}
          {hoursToFirstResponse !== null ? `First response after ${plural(hoursToFirstResponse, "hour")}.` : "No response yet."}
        </p>
      ) : null}
      <ConcernThread concern={concern} zone={zone} submitterLabel={isSubmitter ? "you" : concern.anonymous ? "anonymous" : (concern.submitterName ?? "participant")} />
      {handler ? (
        <>
          <h2>Respond</h2>
          <ErrorSummary data={intent === "respond" ? failed : undefined} labels={{ body: "Response" }} />
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="respond" />
            <TextArea name="body" label="Response (the person who raised the concern sees it)" data={intent === "respond" ? failed : undefined} rows={5} />
            <button type="submit">Send response</button>
          </Form>
          <h2>Status</h2>
          <ErrorSummary data={intent === "status" ? failed : undefined} labels={{ status: "Status" }} />
          <Form method="post" noValidate className="row">
            <input type="hidden" name="intent" value="status" />
            <Select name="status" label="Status" defaultValue={concern.status} options={CONCERN_STATUSES.map((s) => ({ value: s, label: CONCERN_STATUS_LABELS[s] }))} data={intent === "status" ? failed : undefined} />
            <div className="field">
              <button type="submit" className="secondary">
                Change status
              </button>
            </div>
          </Form>
        </>
      ) : null}
      {isSubmitter ? (
        <>
          <h2>Reply</h2>
          <ErrorSummary data={intent === "reply" ? failed : undefined} labels={{ body: "Your message" }} />
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="reply" />
            <TextArea name="body" label="Your message" data={intent === "reply" ? failed : undefined} rows={4} />
            <button type="submit">Send message</button>
          </Form>
        </>
      ) : null}
      <p>
        <Link to="/concerns">All concerns</Link>
      </p>
    </>
  );
}
