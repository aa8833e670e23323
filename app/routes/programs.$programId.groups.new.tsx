import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { MANAGING_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { assignmentReadiness } from "~/modules/competency/assignment/queries.server";
import { createGroup } from "~/modules/groups/mutations.server";
import { getProgram, listStaffForAssignment } from "~/modules/groups/queries.server";
import { groupSchema } from "~/modules/groups/schema";
import { getOrganization } from "~/modules/orgs/queries.server";
import { GroupForm } from "~/ui/group-form";
import { attempt, formFailure, parseForm, parseId } from "~/web/http.server";
import { useTexts, pageTitle } from "~/ui/i18n";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "manage.newGroup.pageTitle") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const { program } = await getProgram(user, parseId(params.programId));
  const org = await getOrganization(user);
  return {
    program: { id: program.id, name: program.name },
    staff: await listStaffForAssignment(user),
    zone: org.timezone,
    readiness: await assignmentReadiness(user, new Date()),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const programId = parseId(params.programId);
  const form = await parseForm(request, groupSchema);
  if (!form.ok) return formFailure(form);
  const result = await attempt(form.values, () => createGroup(user, programId, form.data));
  if (!result.ok) return result.response;
  return redirect(`/groups/${result.value.id}`);
}

export default function NewGroup() {
  const { program, staff, zone, readiness } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const { t } = useTexts();
  return (
    <>
      <h1>{t("manage.newGroup.title", { program: program.name })}</h1>
      <GroupForm
        data={data}
        staff={staff}
        readiness={readiness}
        submitLabel={t("manage.newGroup.create")}
        defaults={{ name: "", kind: "class", description: "", timezone: zone, capacity: 12, location: "", onlineUrl: "", language: "en", facilitatorIds: [] }}
      />
    </>
  );
}
