import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { STAFF_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { listGroupRounds, requirePlannableGroup } from "~/modules/scheduling/queries.server";
import { CivilDate, When } from "~/ui/time";
import { parseId } from "~/web/http.server";
import { useTexts, pageTitle } from "~/ui/i18n";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: data ? pageTitle(matches, "manage.rounds.pageTitle", { name: data.group.name }) : pageTitle(matches, "manage.rounds.pageTitleNone") },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  const group = await requirePlannableGroup(user, parseId(params.groupId));
  return { group: { id: group.id, name: group.name, timezone: group.timezone }, rounds: await listGroupRounds(user, group.id), viewerZone: user.timezone };
}

const STATUS: Record<string, string> = { open: "manage.rounds.status.open", published: "manage.rounds.status.published", closed: "manage.rounds.status.closed" };

export default function GroupRounds() {
  const { group, rounds, viewerZone } = useLoaderData<typeof loader>();
  const { t } = useTexts();
  return (
    <>
      <h1 id="rounds-title">{t("manage.rounds.title", { name: group.name })}</h1>
      <p>{t("manage.rounds.intro", { zone: group.timezone.replace(/_/g, " ") })}</p>
      <p className="row">
        <Link className="button" to={`/groups/${group.id}/rounds/new`}>
          {t("manage.rounds.new")}
        </Link>
        <Link to={`/groups/${group.id}`}>{t("manage.rounds.back")}</Link>
      </p>
      {rounds.length === 0 ? (
        <p>{t("manage.rounds.none")}</p>
      ) : (
        <div className="table-scroll" role="region" aria-labelledby="rounds-title" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("manage.rounds.dates")}</th>
                <th scope="col">{t("manage.rounds.statusHead")}</th>
                <th scope="col">{t("manage.rounds.answers")}</th>
                <th scope="col">{t("manage.rounds.created")}</th>
              </tr>
            </thead>
            <tbody>
              {rounds.map((r) => (
                <tr key={r.id}>
                  <td>
                    <Link to={`/rounds/${r.id}`}>
                      <CivilDate date={r.startDate} /> {t("manage.rounds.to")} <CivilDate date={r.endDate} />
                    </Link>
                    <span className="muted">
                      {" "}
                      {t("manage.rounds.shape", { minutes: r.durationMinutes, count: r.sections })}
                    </span>
                  </td>
                  <td>{STATUS[r.status] ? t(STATUS[r.status]) : r.status}</td>
                  <td>{t("manage.rounds.ofInvited", { responded: r.responded, invited: r.invited })}</td>
                  <td>
                    <When at={r.createdAt} zone={viewerZone} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
