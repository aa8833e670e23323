import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { MANAGING_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { assignmentReadiness } from "~/modules/competency/assignment/queries.server";
import { updateGroup } from "~/modules/groups/mutations.server";
import { getGroup, listStaffForAssignment } from "~/modules/groups/queries.server";
import { groupSchema } from "~/modules/groups/schema";
import { GroupForm } from "~/ui/group-form";
import { attempt, formFailure, parseForm, parseId } from "~/web/http.server";
import { appUrl } from "~/config.server";
import { useTexts, pageTitle } from "~/ui/i18n";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "manage.editGroup.pageTitle") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const group = await getGroup(user, parseId(params.groupId));
  return { group, staff: await listStaffForAssignment(user), readiness: await assignmentReadiness(user, new Date()) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const groupId = parseId(params.groupId);
  const form = await parseForm(request, groupSchema);
  if (!form.ok) return formFailure(form);
  const result = await attempt(form.values, () => updateGroup(user, groupId, form.data, { baseUrl: appUrl() }));
  if (!result.ok) return result.response;
  return redirect(`/groups/${groupId}`);
}

export default function EditGroup() {
  const { group, staff, readiness } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const { t } = useTexts();
  return (
    <>
      <h1>{t("manage.editGroup.title", { name: group.name })}</h1>
      <GroupForm data={data} staff={staff} readiness={readiness} submitLabel={t("manage.editGroup.save")} defaults={{ ...group, facilitatorIds: group.facilitatorIds }} />
    </>
  );
}
