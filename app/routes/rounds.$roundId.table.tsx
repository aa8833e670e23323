import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DAY_LABELS } from "~/modules/availability/windows";
import { requireUser } from "~/modules/auth/session.server";
import { roundPageData } from "~/modules/scheduling/queries.server";
import { formatClockTextIn, type Weekday } from "~/modules/time/zoned";
import { useDateStyle } from "~/ui/time";
import { parseId } from "~/web/http.server";
import { recordRosterViewed } from "~/modules/audit/mutations.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Times for ${data?.round.group.name ?? "a round"} (table) · Group Sessions` }];

/** The heatmap as a ranked table: every candidate time with its counts (and names, for staff). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { round, slots, staff } = await roundPageData(user, parseId(params.roundId), new Date());
  if (staff) await recordRosterViewed(user, round.group.id, staff.invitees.map((i) => i.id), "scheduling_round");
  return { round, slots, showNames: staff !== null };
}

export default function RoundTable() {
  const { round, slots, showNames } = useLoaderData<typeof loader>();
  const style = useDateStyle();
  return (
    <>
      <h1>Candidate times for {round.group.name}</h1>
      <p>
        Best first. Times are in {round.group.timezone.replace(/_/g, " ")} time; {round.invited === 1 ? "1 person was" : `${round.invited} people were`} asked.{" "}
        <Link to={`/rounds/${round.id}`}>Back to the heatmap</Link>
      </p>
      <table>
        <caption className="visually-hidden">Candidate weekly times ranked by how many people can attend every session</caption>
        <thead>
          <tr>
            <th scope="col">Weekly time</th>
            <th scope="col">Sessions</th>
            <th scope="col">Free for every session</th>
            <th scope="col">Free for some sessions</th>
            {showNames ? <th scope="col">Facilitators free</th> : null}
          </tr>
        </thead>
        <tbody>
          {slots.map((s) => {
            const names = "names" in s ? s.names : null;
            return (
              <tr key={`${s.day}@${s.start}`}>
                <th scope="row">
                  {DAY_LABELS[s.day as Weekday]} {formatClockTextIn(s.start, style)}
                </th>
                <td>{s.occurrences}</td>
                <td>
                  {s.available}
                  {names && names.available.length ? `: ${names.available.join(", ")}` : ""}
                </td>
                <td>
                  {s.partial}
                  {names && names.partial.length ? `: ${names.partial.join(", ")}` : ""}
                </td>
                {showNames ? <td>{names?.facilitators.join(", ") || "none"}</td> : null}
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}
