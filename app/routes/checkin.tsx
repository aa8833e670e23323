import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { selfCheckIn } from "~/modules/attendance/check-in/mutations.server";
import { checkInSchema } from "~/modules/attendance/schema";
import { requireUser } from "~/modules/auth/session.server";
import { CheckedIn } from "~/ui/attendance-checkin";
import { ErrorSummary, Field } from "~/ui/form";
import { attempt, formFailure, parseForm } from "~/web/http.server";
import { pageTitle, useTexts } from "~/ui/i18n";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "participant.checkin.pageTitle") }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { roles: ["participant"] });
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: ["participant"] });
  const form = await parseForm(request, checkInSchema);
  if (!form.ok) return formFailure(form);
  const result = await attempt(form.values, () => selfCheckIn(user, form.data.code, new Date()));
  if (!result.ok) return result.response;
  return { ok: true as const, ...result.value };
}

export default function CheckIn() {
  const data = useActionData<typeof action>();
  const { t } = useTexts();
  if (data?.ok) return <CheckedIn groupName={data.groupName} status={data.status} changed={data.changed} />;
  return (
    <>
      <h1>{t("participant.checkin.title")}</h1>
      <p>{t("participant.checkin.intro")}</p>
      <ErrorSummary data={data} labels={{ code: t("participant.checkin.code") }} />
      <Form method="post" noValidate>
        <Field name="code" label={t("participant.checkin.code")} hint={t("participant.checkin.codeHint")} autoComplete="off" />
        <button type="submit">{t("participant.checkin.submit")}</button>
      </Form>
      <p>
        <Link to="/my/attendance">{t("participant.checkin.myAttendance")}</Link>
      </p>
    </>
  );
}
