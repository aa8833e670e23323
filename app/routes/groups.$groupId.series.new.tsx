import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { MANAGING_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { newFormToken } from "~/modules/forms/mutations.server";
import { formToken as formTokenField, OUT_OF_DATE } from "~/modules/forms/schema";
import { createSeries } from "~/modules/groups/mutations.server";
import { getGroup } from "~/modules/groups/queries.server";
import { seriesSchema } from "~/modules/groups/schema";
import { CheckboxGroup, ErrorSummary, Field, TextArea } from "~/ui/form";
import { attempt, formFailure, parseForm, parseId } from "~/web/http.server";
import { useTexts, pageTitle } from "~/ui/i18n";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "manage.series.pageTitle") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const group = await getGroup(user, parseId(params.groupId));
  return { group: { id: group.id, name: group.name, timezone: group.timezone }, formToken: newFormToken() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const groupId = parseId(params.groupId);
  const data = await request.formData();
  const form = await parseForm(request, seriesSchema, data);
  if (!form.ok) return formFailure(form);
  // The one-time token (sending the form twice makes one series; seriesSchema leaves it out).
  const token = formTokenField.safeParse(data.get("formToken") ?? undefined);
  if (!token.success) return formFailure({ errors: { _form: [OUT_OF_DATE] }, values: form.values });
  const claim = token.data ? { token: token.data, form: "series", fields: { groupId, ...form.values } } : undefined;
  const result = await attempt(form.values, () => createSeries(user, groupId, form.data, undefined, claim));
  if (!result.ok) return result.response;
  return redirect(`/groups/${groupId}?created=${result.value.sessions}`);
}

const WEEKDAY_KEYS = {
  mon: "manage.weekdays.mon",
  tue: "manage.weekdays.tue",
  wed: "manage.weekdays.wed",
  thu: "manage.weekdays.thu",
  fri: "manage.weekdays.fri",
  sat: "manage.weekdays.sat",
  sun: "manage.weekdays.sun",
} as const;

export default function NewSeries() {
  const { group, formToken } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const { t } = useTexts();
  const weekdays = Object.entries(WEEKDAY_KEYS).map(([value, key]) => ({ value, label: t(key) }));
  return (
    <>
      <h1>{t("manage.series.title", { name: group.name })}</h1>
      <p>
        {t("manage.series.zoneBefore")}
        <strong>{group.timezone.replace(/_/g, " ")}</strong>
        {t("manage.series.zoneAfter")}
      </p>
      <ErrorSummary
        data={data}
        labels={{
          weekdays: t("manage.series.labels.weekdays"),
          startTime: t("manage.series.labels.startTime"),
          durationMinutes: t("manage.series.labels.durationMinutes"),
          startDate: t("manage.series.labels.startDate"),
          endDate: t("manage.series.labels.endDate"),
          count: t("manage.series.labels.count"),
          skipDates: t("manage.series.labels.skipDates"),
        }}
      />
      <Form method="post" noValidate>
        <input type="hidden" name="formToken" value={formToken} />
        <CheckboxGroup name="weekdays" legend={t("manage.series.labels.weekdays")} options={weekdays} data={data} />
        <Field name="startTime" label={t("manage.series.labels.startTime")} type="time" hint={t("manage.series.startTimeHint")} data={data} />
        <Field name="durationMinutes" label={t("manage.series.length")} type="number" inputMode="numeric" min={5} max={720} defaultValue="90" data={data} />
        <Field name="startDate" label={t("manage.series.labels.startDate")} type="date" data={data} />
        <Field name="endDate" label={t("manage.series.labels.endDate")} type="date" hint={t("manage.series.endDateHint")} data={data} />
        <Field name="count" label={t("manage.series.labels.count")} type="number" inputMode="numeric" min={1} max={400} data={data} />
        <TextArea name="skipDates" label={t("manage.series.skipDates")} hint={t("manage.series.skipDatesHint")} rows={3} data={data} />
        <button type="submit">{t("manage.series.create")}</button>
      </Form>
    </>
  );
}
