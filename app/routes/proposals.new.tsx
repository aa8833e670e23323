import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { DateTime } from "luxon";
import { requireUser } from "~/modules/auth/session.server";
import { createProposal } from "~/modules/voice/proposals/mutations.server";
import { proposalTargets } from "~/modules/voice/proposals/queries.server";
import { PROPOSAL_TOPIC_LABELS, PROPOSAL_TOPICS, proposalSchema } from "~/modules/voice/schema";
import { ErrorSummary, Field, Select, TextArea } from "~/ui/form";
import { attempt, formFailure, parseForm } from "~/web/http.server";

export const meta: MetaFunction = () => [{ title: "Make a proposal · Group Sessions" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const inAWeek = DateTime.now().setZone(user.timezone).plus({ days: 7 }).set({ hour: 18, minute: 0 }).toFormat("yyyy-LL-dd'T'HH:mm");
  return { targets: await proposalTargets(user), zone: user.timezone, defaultClose: inAWeek };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await parseForm(request, proposalSchema);
  if (!form.ok) return formFailure(form);
  const closesAt = DateTime.fromISO(form.data.closesAt, { zone: user.timezone }).toJSDate();
  const result = await attempt(form.values, () => createProposal(user, { ...form.data, closesAt }, new Date()));
  if (!result.ok) return result.response;
  return redirect(`/proposals/${result.value.id}`);
}

const labels = { target: "Group or program", topic: "About", title: "Title", description: "Description", voting: "How people vote", options: "Options", closesAt: "Voting closes" };

export default function NewProposal() {
  const { targets, zone, defaultClose } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  if (targets.length === 0) {
    return (
      <>
        <h1>Make a proposal</h1>
        <p>You can make proposals for groups you belong to. Join a group first.</p>
      </>
    );
  }
  return (
    <>
      <h1>Make a proposal</h1>
      <ErrorSummary data={data} labels={labels} />
      <Form method="post" noValidate>
        <Select name="target" label={labels.target} options={targets} data={data} />
        <Select name="topic" label={labels.topic} options={PROPOSAL_TOPICS.map((t) => ({ value: t, label: PROPOSAL_TOPIC_LABELS[t] }))} data={data} />
        <Field name="title" label={labels.title} data={data} />
        <TextArea name="description" label={labels.description} hint="What would change, and why. For rules, write the rule as you would like it to read." data={data} rows={5} />
        <Select
          name="voting"
          label={labels.voting}
          options={[
            { value: "agree", label: "Agree / disagree / abstain" },
            { value: "options", label: "Choose between options" },
          ]}
          data={data}
        />
        <TextArea name="options" label="Options (only when choosing between options)" hint="One option per line, 2 to 8." data={data} rows={3} />
        <div className="field">
          <label style={{ fontWeight: 400 }}>
            <input type="checkbox" name="anonymousVotes" defaultChecked={data?.values?.anonymousVotes === "on"} /> Secret ballot: nobody sees
            who voted for what
          </label>
        </div>
        <Field name="closesAt" label={labels.closesAt} type="datetime-local" defaultValue={defaultClose} hint={`In your time zone, ${zone.replace(/_/g, " ")}.`} data={data} />
        <button type="submit">Publish proposal</button>
      </Form>
    </>
  );
}
