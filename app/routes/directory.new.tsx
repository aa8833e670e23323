import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { MANAGING_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { createResource } from "~/modules/referrals/mutations.server";
import { resourceSchema } from "~/modules/referrals/schema";
import { ResourceForm } from "~/ui/referrals-resource-form";
import { attempt, formFailure, parseForm } from "~/web/http.server";
import { pageTitle, useTexts } from "~/ui/i18n";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "voice.directory.new.pageTitle") }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { roles: MANAGING_ROLES });
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const form = await parseForm(request, resourceSchema);
  if (!form.ok) return formFailure(form);
  const result = await attempt(form.values, () => createResource(user, form.data));
  if (!result.ok) return result.response;
  return redirect(`/directory/${result.value.id}`);
}

export default function NewResource() {
  const data = useActionData<typeof action>();
  const { t } = useTexts();
  return (
    <>
      <h1>{t("voice.directory.new.title")}</h1>
      <ResourceForm data={data} submitLabel={t("voice.directory.new.submit")} />
    </>
  );
}
