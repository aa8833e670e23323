import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireUser } from "~/modules/auth/session.server";
import { dischargeSummary } from "~/modules/completion/queries.server";
import { DischargeSummary } from "~/ui/completion-summary";
import { parseId } from "~/web/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Discharge summary: ${data?.summary.person ?? ""} · Group Sessions` }];

/** The participant themselves, a manager, or a current facilitator of the group (the staff view is a disclosure). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const summary = await dischargeSummary(user, parseId(params.enrolmentId), new Date());
  return { summary, zone: user.timezone };
}

export default function DischargeSummaryRoute() {
  const { summary, zone } = useLoaderData<typeof loader>();
  return <DischargeSummary summary={summary} zone={zone} />;
}
