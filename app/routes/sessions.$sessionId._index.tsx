import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { DateTime } from "luxon";
import { MANAGING_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { cancelSession, moveSession } from "~/modules/groups/mutations.server";
import { getSession } from "~/modules/groups/queries.server";
import { sessionChangeSchema } from "~/modules/groups/schema";
import { rosterUnit } from "~/modules/records/curriculum/queries.server";
import { SessionUnitPanel } from "~/ui/curriculum";
import { ErrorSummary, Field, TextArea } from "~/ui/form";
import { SessionTime } from "~/ui/time";
import { attempt, formFailure, parseForm, parseId } from "~/web/http.server";
import { appUrl } from "~/config.server";

export const meta: MetaFunction = () => [{ title: "Change a session · Group Sessions" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const session = await getSession(user, parseId(params.sessionId));
  const local = DateTime.fromJSDate(session.startsAt, { zone: session.timezone });
  return {
    session,
    plan: await rosterUnit(user, session.id),
    viewerZone: user.timezone,
    local: {
      date: local.toISODate()!,
      time: local.toFormat("HH:mm"),
      duration: Math.round((session.endsAt.getTime() - session.startsAt.getTime()) / 60_000),
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const sessionId = parseId(params.sessionId);
  const session = await getSession(user, sessionId);
  const form = await parseForm(request, sessionChangeSchema);
  if (!form.ok) return formFailure(form);
  const data = form.data;
  const result = await attempt(form.values, () =>
    data.intent === "cancel"
      ? cancelSession(user, sessionId, { reason: data.reason, baseUrl: appUrl() })
      : moveSession(user, sessionId, { ...data, baseUrl: appUrl() }),
  );
  if (!result.ok) return result.response;
  return redirect(`/groups/${session.groupId}`);
}

export default function ChangeSession() {
  const { session, plan, local, viewerZone } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const intent = data?.values?.intent;
  return (
    <>
      <h1>Change a session of {session.groupName}</h1>
      <p>
        <SessionTime start={session.startsAt} end={session.endsAt} zone={viewerZone} /> ·{" "}
        <Link to={`/groups/${session.groupId}`}>Back to the group</Link>
      </p>
      {plan ? <SessionUnitPanel unit={plan.unit} sessionId={session.id} /> : null}
      <section aria-labelledby="move">
        <h2 id="move">Move this session</h2>
        <p className="muted">Date and time in the group&apos;s zone, {session.timezone.replace(/_/g, " ")}. Participants are told by email.</p>
        <ErrorSummary data={intent === "move" ? data : undefined} labels={{ date: "New date", startTime: "Start time", durationMinutes: "Length" }} />
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="move" />
          <Field name="date" label="New date" type="date" defaultValue={local.date} data={intent === "move" ? data : undefined} />
          <Field name="startTime" label="Start time" type="time" defaultValue={local.time} data={intent === "move" ? data : undefined} />
          <Field name="durationMinutes" label="Length in minutes" type="number" defaultValue={local.duration} data={intent === "move" ? data : undefined} />
          <Field name="locationOverride" label="Different location for this session (optional)" defaultValue={session.locationOverride} data={intent === "move" ? data : undefined} />
          <Field name="note" label="Note for participants (optional)" defaultValue={session.note} data={intent === "move" ? data : undefined} />
          <button type="submit">Move session</button>
        </Form>
      </section>
      <section aria-labelledby="cancel">
        <h2 id="cancel">Cancel this session</h2>
        <ErrorSummary data={intent === "cancel" ? data : undefined} labels={{ reason: "Reason" }} />
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="cancel" />
          <TextArea name="reason" label="Reason" hint="Participants see this in the cancellation email." rows={2} data={intent === "cancel" ? data : undefined} />
          <button type="submit" className="danger">
            Cancel session
          </button>
        </Form>
      </section>
    </>
  );
}
