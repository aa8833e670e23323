import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { STAFF_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { newFormToken } from "~/modules/forms/mutations.server";
import { formToken as formTokenField, OUT_OF_DATE } from "~/modules/forms/schema";
import { createRound } from "~/modules/scheduling/mutations.server";
import { requirePlannableGroup } from "~/modules/scheduling/queries.server";
import { roundSchema } from "~/modules/scheduling/rounds-schema";
import { CheckboxGroup, ErrorSummary, Field, TextArea } from "~/ui/form";
import { attempt, formFailure, parseForm, parseId } from "~/web/http.server";
import { appUrl } from "~/config.server";
import { useTexts, pageTitle } from "~/ui/i18n";
import { WEEKDAYS } from "~/modules/time/zoned";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "manage.newRound.pageTitle") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  const group = await requirePlannableGroup(user, parseId(params.groupId));
  return { group: { id: group.id, name: group.name, timezone: group.timezone, capacity: group.capacity }, formToken: newFormToken() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  const groupId = parseId(params.groupId);
  await requirePlannableGroup(user, groupId);
  const data = await request.formData();
  const form = await parseForm(request, roundSchema, data);
  if (!form.ok) return formFailure(form);
  // The one-time token (sending the form twice makes one round; roundSchema leaves it out).
  const token = formTokenField.safeParse(data.get("formToken") ?? undefined);
  if (!token.success) return formFailure({ errors: { _form: [OUT_OF_DATE] }, values: form.values });
  const claim = token.data ? { token: token.data, form: "scheduling-round", fields: { groupId, ...form.values } } : undefined;
  const result = await attempt(form.values, () => createRound(user, groupId, form.data, { baseUrl: appUrl(), now: new Date() }, claim));
  if (!result.ok) return result.response;
  return redirect(`/rounds/${result.value.roundId}?invited=${result.value.invited}`);
}

const LABEL_KEYS = {
  startDate: "manage.newRound.labels.startDate",
  endDate: "manage.newRound.labels.endDate",
  durationMinutes: "manage.newRound.labels.durationMinutes",
  stepMinutes: "manage.newRound.labels.stepMinutes",
  dayStart: "manage.newRound.labels.dayStart",
  dayEnd: "manage.newRound.labels.dayEnd",
  weekdays: "manage.newRound.labels.weekdays",
  sections: "manage.newRound.labels.sections",
  capacity: "manage.newRound.labels.capacity",
  minParticipants: "manage.newRound.labels.minParticipants",
  skipDates: "manage.newRound.labels.skipDates",
} as const;

export default function NewRound() {
  const { group, formToken } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const { t } = useTexts();
  const labels = Object.fromEntries(Object.entries(LABEL_KEYS).map(([field, key]) => [field, t(key)])) as Record<keyof typeof LABEL_KEYS, string>;
  const dayOptions = WEEKDAYS.map((d) => ({ value: d, label: t(`manage.weekdays.${d}`) }));
  return (
    <>
      <h1>{t("manage.newRound.title", { name: group.name })}</h1>
      <p>
        {t("manage.newRound.zoneBefore")}
        <strong>{group.timezone.replace(/_/g, " ")}</strong>
        {t("manage.newRound.zoneAfter")}
      </p>
      <ErrorSummary data={data} labels={labels} />
      <Form method="post" noValidate>
        <input type="hidden" name="formToken" value={formToken} />
        <div className="row">
          <Field name="startDate" label={labels.startDate} type="date" data={data} />
          <Field name="endDate" label={labels.endDate} type="date" data={data} />
        </div>
        <div className="row">
          <Field name="durationMinutes" label={t("manage.newRound.durationLabel")} type="number" inputMode="numeric" min={5} max={720} defaultValue="90" data={data} />
          <Field name="stepMinutes" label={t("manage.newRound.stepLabel")} type="number" inputMode="numeric" min={5} max={240} defaultValue="30" data={data} />
        </div>
        <div className="row">
          <Field name="dayStart" label={labels.dayStart} hint={t("manage.newRound.clockHint")} defaultValue="09:00" data={data} />
          <Field name="dayEnd" label={labels.dayEnd} hint={t("manage.newRound.endHint")} defaultValue="21:00" data={data} />
        </div>
        <CheckboxGroup name="weekdays" legend={labels.weekdays} options={dayOptions} defaultValues={["mon", "tue", "wed", "thu", "fri"]} data={data} />
        <div className="row">
          <Field name="sections" label={t("manage.newRound.sectionsLabel")} type="number" inputMode="numeric" min={1} max={10} defaultValue="1" data={data} />
          <Field name="capacity" label={labels.capacity} type="number" inputMode="numeric" min={1} defaultValue={String(group.capacity)} data={data} />
          <Field name="minParticipants" label={labels.minParticipants} type="number" inputMode="numeric" min={1} defaultValue="3" data={data} />
        </div>
        <TextArea name="skipDates" label={t("manage.series.skipDates")} hint={t("manage.newRound.skipHint")} rows={2} data={data} />
        <button type="submit">{t("manage.newRound.create")}</button>
      </Form>
    </>
  );
}
