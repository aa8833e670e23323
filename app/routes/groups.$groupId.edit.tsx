import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { MANAGING_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { assignmentReadiness } from "~/modules/competency/assignment/queries.server";
import { groupVersion, type EditableGroupField } from "~/modules/groups/edit-version";
import { StaleGroupError, updateGroup } from "~/modules/groups/mutations.server";
import { getGroup, listStaffForAssignment } from "~/modules/groups/queries.server";
import { groupSchema } from "~/modules/groups/schema";
import { GROUP_FIELD_LABEL_KEYS, GroupForm } from "~/ui/group-form";
import { Notice } from "~/ui/form";
import { formFailure, parseForm, parseId, UserInputError } from "~/web/http.server";
import { UnversionedSave } from "~/modules/errors";
import { appUrl } from "~/config.server";
import { useTexts, pageTitle } from "~/ui/i18n";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "manage.editGroup.pageTitle") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const group = await getGroup(user, parseId(params.groupId));
  return { group, version: groupVersion(group), staff: await listStaffForAssignment(user), readiness: await assignmentReadiness(user, new Date()) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const groupId = parseId(params.groupId);
  const form = await parseForm(request, groupSchema);
  if (!form.ok) return formFailure(form);
  // The version the page showed (its form always sends one): a save from a page opened before
  // someone else's change is refused, and so is a post that names none (a page kept open from
  // before versions, a crafted form), with the person's entries kept and the current version
  // attached, so saving again after a look works.
  try {
    await updateGroup(user, groupId, form.data, { baseUrl: appUrl(), shownVersion: form.values.version || null });
  } catch (error) {
    if (error instanceof UnversionedSave) return formFailure({ errors: { _form: [error.message] }, values: { ...form.values, version: error.current } });
    if (error instanceof StaleGroupError) {
      // Nothing was saved. The form shows the current version: what others changed, and the
      // person's own entries in every other field (with the new version, so saving again works).
      const current: Record<string, string> = { ...error.current, capacity: String(error.current.capacity), facilitatorIds: error.current.facilitatorIds.join(",") };
      const values: Record<string, string> = { ...form.values, version: error.current.version };
      for (const field of error.changed) values[field] = current[field];
      return formFailure({ errors: { _form: [error.message] }, values, details: { changed: error.changed } });
    }
    if (error instanceof UserInputError) return formFailure({ errors: { [error.field]: [error.message] }, values: form.values, details: error.details });
    throw error;
  }
  return redirect(`/groups/${groupId}`);
}


export default function EditGroup() {
  const { group, version, staff, readiness } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const { t } = useTexts();
  const changed = data && "details" in data ? ((data.details as { changed?: EditableGroupField[] }).changed ?? []) : [];
  return (
    <>
      <h1>{t("manage.editGroup.title", { name: group.name })}</h1>
      {changed.length ? (
        <Notice>{t("manage.editGroup.changedMeanwhile", { fields: changed.map((f) => t(GROUP_FIELD_LABEL_KEYS[f])).join(", ") })}</Notice>
      ) : null}
      <GroupForm
        data={data}
        staff={staff}
        readiness={readiness}
        submitLabel={t("manage.editGroup.save")}
        defaults={{ ...group, facilitatorIds: group.facilitatorIds }}
        version={version}
      />
    </>
  );
}
