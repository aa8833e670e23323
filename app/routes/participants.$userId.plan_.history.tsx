import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { STAFF_ROLES } from "~/modules/auth/policy";
import { ROLE_LABELS } from "~/modules/audit/disclosures";
import { requireUser } from "~/modules/auth/session.server";
import { canEditPlan } from "~/modules/metrics/policy";
import { findParticipant } from "~/modules/metrics/queries.server";
import { describeHistoryEvent } from "~/modules/plans/history";
import { planHistory } from "~/modules/plans/queries.server";
import { When } from "~/ui/time";
import { forbidden, parseId } from "~/web/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Plan history of ${data?.participant.name ?? "a participant"} · Group Sessions` }];

/** Every change to a participant's plan, from the audit trail: who, when, before and after. Same access as the plan. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  const participant = await findParticipant(user, parseId(params.userId));
  if (!canEditPlan(user, participant)) forbidden("Only managers and the facilitators of this participant's groups see their plan.");
  const events = await planHistory(user, participant);
  return { participant: { id: participant.id, name: participant.name }, events: events.map((e) => ({ ...describeHistoryEvent(e), id: e.id, actor: e.actor, actorRole: e.actorRole, at: e.at })), zone: user.timezone };
}

export default function PlanHistory() {
  const { participant, events, zone } = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to={`/participants/${participant.id}/plan`}>Back to the plan</Link>
      </p>
      <h1>Plan history: {participant.name}</h1>
      <p className="muted">Every change to the plan, its goals and objectives, newest first, with what it was before.</p>
      {events.length === 0 ? <p>No changes yet.</p> : null}
      <ol className="history">
        {events.map((e) => (
          <li key={e.id} className="card">
            <p>
              <strong>{e.summary}</strong>
              <br />
              <When at={e.at} zone={zone} /> · {e.actor ? `${e.actor}${e.actorRole ? ` (${ROLE_LABELS[e.actorRole] ?? e.actorRole})` : ""}` : "The system"}
            </p>
            {e.details.length ? (
              <ul>
                {e.details.map((d, i) => (
                  <li key={i}>{d}</li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ol>
    </>
  );
}
