import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { appUrl } from "~/config.server";
import { STAFF_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { clearCriteria, recordOutcome, setCriteria, undoOutcome } from "~/modules/completion/mutations.server";
import { civilDate } from "~/modules/completion/outcome";
import { assertCanRecordOutcomes, groupCompletionPage } from "~/modules/completion/queries.server";
import { completionActionSchema } from "~/modules/completion/schema";
import { GroupCompletion } from "~/ui/completion-group";
import { attempt, formFailure, formVersion, parseForm, parseId } from "~/web/http.server";
import { revalidateWhenStale } from "~/ui/versions";
import { pageTitle } from "~/ui/i18n";
import { confirmRecordedView } from "~/web/recorded-view.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: data ? pageTitle(matches, "manage.completion.pageTitle", { name: data.group.name }) : pageTitle(matches, "manage.completion.pageTitleNone") },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  confirmRecordedView(request, user);
  const now = new Date();
  const page = await groupCompletionPage(user, parseId(params.groupId), now);
  return { ...page, today: civilDate(now, page.group.timezone) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  const groupId = parseId(params.groupId);
  await assertCanRecordOutcomes(user, groupId); // 404 / 403 before reading the form
  const formData = await request.formData();
  const form = await parseForm(request, completionActionSchema, formData);
  if (!form.ok) return formFailure(form);
  const input = form.data;
  const now = new Date();
  const owner = { kind: "group" as const, id: groupId };
  // The criteria's version the page was opened on: a save after someone else changed them is refused (nothing saved, entries kept).
  const version = formVersion(formData);
  const result = await attempt(form.values, async (): Promise<{ done: string; promoted: number }> => {
    if (input.intent === "criteria") await setCriteria(user, owner, { minSessionsAttended: input.minSessionsAttended, maxUnexcusedAbsences: input.maxUnexcusedAbsences }, now, { version });
    else if (input.intent === "clear-criteria") await clearCriteria(user, owner, { version });
    else if (input.intent === "outcome") return { done: input.intent, promoted: (await recordOutcome(user, groupId, input, { now, baseUrl: appUrl() })).promoted.length };
    else {
      // No seat free for them: back on the waiting list, said so on the page.
      const undone = await undoOutcome(user, groupId, input.outcomeId, { now, baseUrl: appUrl() });
      return { done: undone.status === "waitlisted" ? "undo-outcome-waitlisted" : input.intent, promoted: 0 };
    }
    return { done: input.intent, promoted: 0 };
  });
  if (!result.ok) return result.response;
  return redirect(`/groups/${groupId}/completion?done=${result.value.done}&promoted=${result.value.promoted}`);
}

export const shouldRevalidate = revalidateWhenStale;

export default function GroupCompletionRoute() {
  const page = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  return <GroupCompletion page={page} data={data} params={params} />;
}
