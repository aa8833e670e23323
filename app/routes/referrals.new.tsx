import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { STAFF_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { civilToday } from "~/modules/referrals/dates";
import { createReferral } from "~/modules/referrals/mutations.server";
import { referralFormOptions } from "~/modules/referrals/queries.server";
import { referralSchema } from "~/modules/referrals/schema";
import { NEED_AREA_LABELS, NEED_AREAS } from "~/modules/registration/schema";
import { ErrorSummary, Field, Select, TextArea } from "~/ui/form";
import { attempt, formFailure, parseForm } from "~/web/http.server";

export const meta: MetaFunction = () => [{ title: "Record a referral · Group Sessions" }];

const LABELS = { participantId: "Participant", resourceId: "Service", groupId: "Group", needArea: "Need area", reason: "Reason", referredOn: "Referral date", followUpOn: "Follow-up date" };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  const search = new URL(request.url).searchParams;
  const preset = { participantId: search.get("participantId") ?? "", resourceId: search.get("resourceId") ?? "", groupId: search.get("groupId") ?? "" };
  return { ...(await referralFormOptions(user)), preset, today: civilToday(new Date(), user.timezone) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  const form = await parseForm(request, referralSchema);
  if (!form.ok) return formFailure(form);
  const result = await attempt(form.values, () => createReferral(user, form.data));
  if (!result.ok) return result.response;
  return redirect("/referrals?view=open&saved=1");
}

export default function NewReferral() {
  const { participants, resources, groups, preset, today } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  return (
    <>
      <h1>Record a referral</h1>
      <p>Use this when a group cannot serve someone, or for a need outside our programs (PA-CSE 3.03, 6.02).</p>
      {resources.length === 0 ? (
        <p>
          The directory is empty. <Link to="/directory">Add services to the directory</Link> first.
        </p>
      ) : null}
      <Form method="post" noValidate>
        <ErrorSummary data={data} labels={LABELS} />
        <Select name="participantId" label="Participant" data={data} defaultValue={preset.participantId} options={[{ value: "", label: "Choose a participant" }, ...participants.map((p) => ({ value: p.id, label: `${p.name} (${p.email || "no email"})` }))]} />
        <Select name="resourceId" label="Service" data={data} defaultValue={preset.resourceId} options={[{ value: "", label: "Choose a service" }, ...resources.map((r) => ({ value: r.id, label: r.name }))]} />
        <Select name="needArea" label="Need area" data={data} options={[{ value: "", label: "Choose a need area" }, ...NEED_AREAS.map((n) => ({ value: n, label: NEED_AREA_LABELS[n] }))]} />
        <Select
          name="groupId"
          label="Group that could not serve them (optional)"
          data={data}
          defaultValue={preset.groupId}
          options={[{ value: "", label: "Not about a group" }, ...groups.map((g) => ({ value: g.id, label: g.name }))]}
        />
        <TextArea name="reason" label="Reason" data={data} rows={3} />
        <Field name="referredOn" label="Referral date" type="date" data={data} defaultValue={today} />
        <Field name="followUpOn" label="Follow-up date (optional)" type="date" data={data} hint="When to check whether they were connected." />
        <button type="submit">Save referral</button>
      </Form>
    </>
  );
}
