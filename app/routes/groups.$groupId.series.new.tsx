import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { MANAGING_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { createSeries } from "~/modules/groups/mutations.server";
import { getGroup } from "~/modules/groups/queries.server";
import { seriesSchema } from "~/modules/groups/schema";
import { CheckboxGroup, ErrorSummary, Field, TextArea } from "~/ui/form";
import { attempt, formFailure, parseForm, parseId } from "~/web/http.server";

export const meta: MetaFunction = () => [{ title: "New weekly series · Group Sessions" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const group = await getGroup(user, parseId(params.groupId));
  return { group: { id: group.id, name: group.name, timezone: group.timezone } };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const groupId = parseId(params.groupId);
  const form = await parseForm(request, seriesSchema);
  if (!form.ok) return formFailure(form);
  const result = await attempt(form.values, () => createSeries(user, groupId, form.data));
  if (!result.ok) return result.response;
  return redirect(`/groups/${groupId}?created=${result.value.sessions}`);
}

const weekdays = [
  { value: "mon", label: "Monday" },
  { value: "tue", label: "Tuesday" },
  { value: "wed", label: "Wednesday" },
  { value: "thu", label: "Thursday" },
  { value: "fri", label: "Friday" },
  { value: "sat", label: "Saturday" },
  { value: "sun", label: "Sunday" },
];

export default function NewSeries() {
  const { group } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  return (
    <>
      <h1>New weekly series for {group.name}</h1>
      <p>
        Times are wall-clock times in the group&apos;s zone, <strong>{group.timezone.replace(/_/g, " ")}</strong>; sessions stay at
        that local time across daylight-saving changes.
      </p>
      <ErrorSummary
        data={data}
        labels={{ weekdays: "Weekdays", startTime: "Start time", durationMinutes: "Length", startDate: "First date", endDate: "Last date", count: "Number of sessions", skipDates: "Skipped dates" }}
      />
      <Form method="post" noValidate>
        <CheckboxGroup name="weekdays" legend="Weekdays" options={weekdays} data={data} />
        <Field name="startTime" label="Start time" type="time" hint="For example 18:30." data={data} />
        <Field name="durationMinutes" label="Length in minutes" type="number" inputMode="numeric" min={5} max={720} defaultValue="90" data={data} />
        <Field name="startDate" label="First date" type="date" data={data} />
        <Field name="endDate" label="Last date" type="date" hint="Give a last date, or a number of sessions below." data={data} />
        <Field name="count" label="Number of sessions" type="number" inputMode="numeric" min={1} max={400} data={data} />
        <TextArea name="skipDates" label="Skipped dates (holidays)" hint="Dates as YYYY-MM-DD, separated by commas or new lines. Skipped dates do not count toward the number of sessions." rows={3} data={data} />
        <button type="submit">Create sessions</button>
      </Form>
    </>
  );
}
