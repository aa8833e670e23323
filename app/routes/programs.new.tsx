import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { MANAGING_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { createProgram } from "~/modules/groups/mutations.server";
import { programSchema } from "~/modules/groups/schema";
import { ErrorSummary, Field, TextArea } from "~/ui/form";
import { formFailure, parseForm } from "~/web/http.server";
import { useTexts, pageTitle } from "~/ui/i18n";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "manage.newProgram.pageTitle") }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { roles: MANAGING_ROLES });
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const form = await parseForm(request, programSchema);
  if (!form.ok) return formFailure(form);
  const program = await createProgram(user, form.data);
  return redirect(`/programs/${program.id}`);
}

export default function NewProgram() {
  const data = useActionData<typeof action>();
  const { t } = useTexts();
  const labels = { name: t("manage.program.name"), purpose: t("manage.program.purpose"), serviceType: t("manage.program.serviceType") };
  return (
    <>
      <h1>{t("manage.newProgram.title")}</h1>
      <ErrorSummary data={data} labels={labels} />
      <Form method="post" noValidate>
        <Field name="name" label={labels.name} data={data} />
        <TextArea name="purpose" label={labels.purpose} hint={t("manage.newProgram.purposeHint")} data={data} />
        <Field name="serviceType" label={labels.serviceType} hint={t("manage.newProgram.serviceTypeHint")} data={data} />
        <button type="submit">{t("manage.newProgram.create")}</button>
      </Form>
    </>
  );
}
