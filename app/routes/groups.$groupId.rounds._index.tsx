import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { STAFF_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { listGroupRounds, requirePlannableGroup } from "~/modules/scheduling/queries.server";
import { CivilDate, When } from "~/ui/time";
import { parseId } from "~/web/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Scheduling rounds · ${data?.group.name ?? "Group"} · Group Sessions` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  const group = await requirePlannableGroup(user, parseId(params.groupId));
  return { group: { id: group.id, name: group.name, timezone: group.timezone }, rounds: await listGroupRounds(user, group.id), viewerZone: user.timezone };
}

const STATUS: Record<string, string> = { open: "Open: collecting availability", published: "Published", closed: "Closed" };

export default function GroupRounds() {
  const { group, rounds, viewerZone } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Scheduling rounds for {group.name}</h1>
      <p>
        A round asks the group&apos;s enrolled and interested participants when they can meet, suggests weekly times and cohorts in the
        group&apos;s zone ({group.timezone.replace(/_/g, " ")}), and publishes them as weekly series.
      </p>
      <p className="row">
        <Link className="button" to={`/groups/${group.id}/rounds/new`}>
          New scheduling round
        </Link>
        <Link to={`/groups/${group.id}`}>Back to the group</Link>
      </p>
      {rounds.length === 0 ? (
        <p>No rounds yet.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Dates</th>
              <th scope="col">Status</th>
              <th scope="col">Answers</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {rounds.map((r) => (
              <tr key={r.id}>
                <td>
                  <Link to={`/rounds/${r.id}`}>
                    <CivilDate date={r.startDate} /> to <CivilDate date={r.endDate} />
                  </Link>
                  <span className="muted">
                    {" "}
                    · {r.durationMinutes} min, {r.sections} cohort{r.sections === 1 ? "" : "s"}
                  </span>
                </td>
                <td>{STATUS[r.status] ?? r.status}</td>
                <td>
                  {r.responded} of {r.invited}
                </td>
                <td>
                  <When at={r.createdAt} zone={viewerZone} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
