import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { STAFF_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { canEditPlan } from "~/modules/metrics/policy";
import { findParticipant } from "~/modules/metrics/queries.server";
import { historyEntry } from "~/modules/plans/history";
import { historyTexts } from "~/ui/plan-history";
import { planHistory } from "~/modules/plans/queries.server";
import { When } from "~/ui/time";
import { pageTitle, useTexts } from "~/ui/i18n";
import { lookup } from "~/ui/lookup";
import { forbidden, parseId } from "~/web/http.server";
import { confirmRecordedView } from "~/web/recorded-view.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: data ? pageTitle(matches, "records.history.pageTitle", { name: data.participant.name }) : pageTitle(matches, "records.history.pageTitleNoName") },
];

const ROLE_KEY: Record<string, string> = {
  participant: "records.role.participant",
  facilitator: "records.role.facilitator",
  manager: "records.role.manager",
  admin: "records.role.admin",
};

/** Every change to a participant's plan, from the audit trail: who, when, before and after. Same access as the plan. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  confirmRecordedView(request, user);
  const participant = await findParticipant(user, parseId(params.userId));
  if (!canEditPlan(user, participant)) forbidden("Only managers and the facilitators of this participant's groups see their plan.");
  const events = await planHistory(user, participant);
  return { participant: { id: participant.id, name: participant.name }, events: events.map((e) => ({ entry: historyEntry(e), id: e.id, actor: e.actor, actorRole: e.actorRole, at: e.at })), zone: user.timezone };
}

export default function PlanHistory() {
  const { participant, events, zone } = useLoaderData<typeof loader>();
  const { t, locale } = useTexts();
  const role = (code: string) => (lookup(ROLE_KEY, code) ? t(ROLE_KEY[code]) : code);
  return (
    <>
      <p>
        <Link to={`/participants/${participant.id}/plan`}>{t("records.history.backToPlan")}</Link>
      </p>
      <h1>{t("records.history.title", { name: participant.name })}</h1>
      <p className="muted">{t("records.history.intro")}</p>
      {events.length === 0 ? <p>{t("records.history.none")}</p> : null}
      <ol className="history">
        {events.map(({ entry, ...e }) => ({ ...e, ...historyTexts(t, entry, locale) })).map((e) => (
          <li key={e.id} className="card">
            <p>
              <strong>{e.summary}</strong>
              <br />
              <When at={e.at} zone={zone} /> · {e.actor ? `${e.actor}${e.actorRole ? ` (${role(e.actorRole)})` : ""}` : t("records.history.system")}
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
