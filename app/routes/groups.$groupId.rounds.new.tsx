import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { STAFF_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { createRound } from "~/modules/scheduling/mutations.server";
import { requirePlannableGroup } from "~/modules/scheduling/queries.server";
import { roundSchema } from "~/modules/scheduling/rounds-schema";
import { dayOptions } from "~/modules/availability/schema";
import { CheckboxGroup, ErrorSummary, Field, TextArea } from "~/ui/form";
import { attempt, formFailure, parseForm, parseId } from "~/web/http.server";
import { appUrl } from "~/config.server";

export const meta: MetaFunction = () => [{ title: "New scheduling round · Group Sessions" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  const group = await requirePlannableGroup(user, parseId(params.groupId));
  return { group: { id: group.id, name: group.name, timezone: group.timezone, capacity: group.capacity } };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  const groupId = parseId(params.groupId);
  await requirePlannableGroup(user, groupId);
  const form = await parseForm(request, roundSchema);
  if (!form.ok) return formFailure(form);
  const result = await attempt(form.values, () => createRound(user, groupId, form.data, { baseUrl: appUrl(), now: new Date() }));
  if (!result.ok) return result.response;
  return redirect(`/rounds/${result.value.roundId}?invited=${result.value.invited}`);
}

const labels = {
  startDate: "First date",
  endDate: "Last date",
  durationMinutes: "Session length",
  stepMinutes: "Step",
  dayStart: "Earliest start",
  dayEnd: "Latest end",
  weekdays: "Weekdays",
  sections: "Cohorts",
  capacity: "Capacity per cohort",
  minParticipants: "Minimum size",
  skipDates: "Skipped dates",
};

export default function NewRound() {
  const { group } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  return (
    <>
      <h1>New scheduling round for {group.name}</h1>
      <p>
        Times are wall-clock times in the group&apos;s zone, <strong>{group.timezone.replace(/_/g, " ")}</strong>. Everyone enrolled in or
        interested in the group gets an email asking for their availability.
      </p>
      <ErrorSummary data={data} labels={labels} />
      <Form method="post" noValidate>
        <div className="row">
          <Field name="startDate" label="First date" type="date" data={data} />
          <Field name="endDate" label="Last date" type="date" data={data} />
        </div>
        <div className="row">
          <Field name="durationMinutes" label="Session length in minutes" type="number" inputMode="numeric" min={5} max={720} defaultValue="90" data={data} />
          <Field name="stepMinutes" label="Step between start times, in minutes" type="number" inputMode="numeric" min={5} max={240} defaultValue="30" data={data} />
        </div>
        <div className="row">
          <Field name="dayStart" label="Earliest start" hint="HH:MM" defaultValue="09:00" data={data} />
          <Field name="dayEnd" label="Latest end" hint="HH:MM (24:00 for midnight)" defaultValue="21:00" data={data} />
        </div>
        <CheckboxGroup name="weekdays" legend="Weekdays" options={dayOptions} defaultValues={["mon", "tue", "wed", "thu", "fri"]} data={data} />
        <div className="row">
          <Field name="sections" label="Number of cohorts" type="number" inputMode="numeric" min={1} max={10} defaultValue="1" data={data} />
          <Field name="capacity" label="Capacity per cohort" type="number" inputMode="numeric" min={1} defaultValue={String(group.capacity)} data={data} />
          <Field name="minParticipants" label="Minimum size" type="number" inputMode="numeric" min={1} defaultValue="3" data={data} />
        </div>
        <TextArea name="skipDates" label="Skipped dates (holidays)" hint="Dates as YYYY-MM-DD, separated by commas or new lines. No session is planned on them." rows={2} data={data} />
        <button type="submit">Create the round and invite participants</button>
      </Form>
    </>
  );
}
