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
import { pageTitle, useTexts } from "~/ui/i18n";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "attendance.change.pageTitle") }];

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
  const { t } = useTexts();
  return (
    <>
      <h1>{t("attendance.change.title", { group: session.groupName })}</h1>
      <p>
        <SessionTime start={session.startsAt} end={session.endsAt} zone={viewerZone} /> ·{" "}
        <Link to={`/groups/${session.groupId}`}>{t("attendance.backToGroup")}</Link>
      </p>
      {plan ? <SessionUnitPanel unit={plan.unit} sessionId={session.id} /> : null}
      <section aria-labelledby="move">
        <h2 id="move">{t("attendance.change.move")}</h2>
        <p className="muted">{t("attendance.change.moveHint", { zone: session.timezone.replace(/_/g, " ") })}</p>
        <ErrorSummary
          data={intent === "move" ? data : undefined}
          labels={{ date: t("attendance.change.date"), startTime: t("attendance.change.startTime"), durationMinutes: t("attendance.change.length") }}
        />
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="move" />
          <Field name="date" label={t("attendance.change.date")} type="date" defaultValue={local.date} data={intent === "move" ? data : undefined} />
          <Field name="startTime" label={t("attendance.change.startTime")} type="time" defaultValue={local.time} data={intent === "move" ? data : undefined} />
          <Field name="durationMinutes" label={t("attendance.change.lengthMinutes")} type="number" defaultValue={local.duration} data={intent === "move" ? data : undefined} />
          <Field name="locationOverride" label={t("attendance.change.location")} defaultValue={session.locationOverride} data={intent === "move" ? data : undefined} />
          <Field name="note" label={t("attendance.change.note")} defaultValue={session.note} data={intent === "move" ? data : undefined} />
          <button type="submit">{t("attendance.change.moveButton")}</button>
        </Form>
      </section>
      <section aria-labelledby="cancel">
        <h2 id="cancel">{t("attendance.sessionAdmin.cancelTitle")}</h2>
        <ErrorSummary data={intent === "cancel" ? data : undefined} labels={{ reason: t("attendance.roster.field.reason") }} />
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="cancel" />
          <TextArea name="reason" label={t("attendance.roster.field.reason")} hint={t("attendance.change.reasonHint")} rows={2} data={intent === "cancel" ? data : undefined} />
          <button type="submit" className="danger">
            {t("attendance.sessionAdmin.cancel")}
          </button>
        </Form>
      </section>
    </>
  );
}
