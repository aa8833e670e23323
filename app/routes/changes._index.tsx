import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/modules/auth/session.server";
import { publishChange } from "~/modules/voice/changes/mutations.server";
import { changeSources, listChanges } from "~/modules/voice/changes/queries.server";
import { canPublishChanges } from "~/modules/voice/policy";
import { changeSchema } from "~/modules/voice/schema";
import { ErrorSummary, Notice, Select, TextArea } from "~/ui/form";
import { ChangeList } from "~/ui/voice-parts";
import { attempt, forbidden, formFailure, parseForm } from "~/web/http.server";

export const meta: MetaFunction = () => [{ title: "You said, we did · Group Sessions" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return {
    changes: await listChanges(user),
    zone: user.timezone,
    sources: canPublishChanges(user) ? await changeSources(user) : null,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  if (!canPublishChanges(user)) forbidden("Only managers publish changes.");
  const form = await parseForm(request, changeSchema);
  if (!form.ok) return formFailure(form);
  const result = await attempt(form.values, () => publishChange(user, form.data, new Date()));
  if (!result.ok) return result.response;
  return { ok: true as const };
}

const labels = { audience: "Who it is for", youSaid: "You said", weDid: "We did", proposalId: "Proposal", concernId: "Concern", feedbackGroupId: "Session feedback" };
const none = { value: "", label: "—" };

export default function Changes() {
  const { changes, zone, sources } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const failed = data && !data.ok ? data : undefined;
  return (
    <>
      <h1>You said, we did</h1>
      <p>What we changed because of your feedback, proposals and concerns.</p>
      {data?.ok ? <Notice>The change is published; participants see it on their home page.</Notice> : null}
      <ChangeList changes={changes} zone={zone} headingLevel={3} />
      {sources ? (
        <section aria-labelledby="publish">
          <h2 id="publish">Publish a change</h2>
          <ErrorSummary data={failed} labels={labels} />
          <Form method="post" noValidate>
            <Select name="audience" label={labels.audience} options={[{ value: "org", label: "Everyone in the organisation" }, ...sources.audiences]} data={failed} />
            <TextArea name="youSaid" label="You said (what people told us, in a sentence)" data={failed} rows={2} />
            <TextArea name="weDid" label="We did (what changed)" data={failed} rows={3} />
            <p className="muted">Link what prompted it (at least one):</p>
            <Select name="proposalId" label={labels.proposalId} options={[none, ...sources.proposals.map((p) => ({ value: p.id, label: p.title }))]} data={failed} />
            <Select name="concernId" label={labels.concernId} hint="Participants see only that a concern prompted it, never the concern." options={[none, ...sources.concerns.map((c) => ({ value: c.id, label: c.summary }))]} data={failed} />
            <Select name="feedbackGroupId" label={labels.feedbackGroupId} options={[none, ...sources.groups.map((g) => ({ value: g.id, label: `Feedback in ${g.name}` }))]} data={failed} />
            <button type="submit">Publish</button>
          </Form>
        </section>
      ) : null}
    </>
  );
}
