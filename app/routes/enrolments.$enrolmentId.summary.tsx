import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireUser } from "~/modules/auth/session.server";
import { dischargeSummary } from "~/modules/completion/queries.server";
import { DischargeSummary } from "~/ui/completion-summary";
import { parseId } from "~/web/http.server";
import { pageTitle } from "~/ui/i18n";
import { confirmRecordedView } from "~/web/recorded-view.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: pageTitle(matches, "participant.summary.pageTitle", { name: data?.summary.person ?? "" }) }];

/** The participant themselves, a manager, or a current facilitator of the group (the staff view is a disclosure). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  confirmRecordedView(request, user);
  const summary = await dischargeSummary(user, parseId(params.enrolmentId), new Date());
  return { summary, zone: user.timezone };
}

export default function DischargeSummaryRoute() {
  const { summary, zone } = useLoaderData<typeof loader>();
  return <DischargeSummary summary={summary} zone={zone} />;
}
