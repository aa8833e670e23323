import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/modules/auth/session.server";
import { roundPageData } from "~/modules/scheduling/queries.server";
import { formatClockTextIn, type Weekday } from "~/modules/time/zoned";
import { useDateStyle } from "~/ui/time";
import { parseId } from "~/web/http.server";
import { recordRosterViewed } from "~/modules/audit/mutations.server";
import { useTexts, pageTitle } from "~/ui/i18n";
import { usePartialName } from "~/ui/heatmap";
import { confirmRecordedView } from "~/web/recorded-view.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: data ? pageTitle(matches, "manage.roundTable.pageTitle", { name: data.round.group.name }) : pageTitle(matches, "manage.roundTable.pageTitleNone") },
];

/** The heatmap as a ranked table: every candidate time with its counts (and names, for staff). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  confirmRecordedView(request, user);
  const { round, slots, staff } = await roundPageData(user, parseId(params.roundId), new Date());
  if (staff) await recordRosterViewed(user, round.group.id, staff.invitees.map((i) => i.id), "scheduling_round");
  return { round, slots, showNames: staff !== null };
}

export default function RoundTable() {
  const { round, slots, showNames } = useLoaderData<typeof loader>();
  const style = useDateStyle();
  const { t } = useTexts();
  const partialName = usePartialName();
  return (
    <>
      <h1 id="times-title">{t("manage.roundTable.title", { name: round.group.name })}</h1>
      <p>
        {t("manage.roundTable.intro", { zone: round.group.timezone.replace(/_/g, " "), count: round.invited })}{" "}
        <Link to={`/rounds/${round.id}`}>{t("manage.roundTable.back")}</Link>
      </p>
      <div className="table-scroll" role="region" aria-labelledby="times-title" tabIndex={0}>
        <table>
          <caption className="visually-hidden">{t("manage.roundTable.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("manage.roundTable.weeklyTime")}</th>
              <th scope="col">{t("manage.roundTable.sessions")}</th>
              <th scope="col">{t("manage.roundTable.freeAll")}</th>
              <th scope="col">{t("manage.roundTable.freeSome")}</th>
              {showNames ? <th scope="col">{t("manage.roundTable.facilitatorsFree")}</th> : null}
            </tr>
          </thead>
          <tbody>
            {slots.map((s) => {
              const names = "names" in s ? s.names : null;
              return (
                <tr key={`${s.day}@${s.start}`}>
                  <th scope="row">
                    {t(`manage.weekdays.${s.day as Weekday}`)} {formatClockTextIn(s.start, style)}
                  </th>
                  <td>{s.occurrences}</td>
                  <td>
                    {s.available}
                    {names && names.available.length ? `: ${names.available.join(", ")}` : ""}
                  </td>
                  <td>
                    {s.partial}
                    {names && names.partial.length ? `: ${names.partial.map(partialName).join(", ")}` : ""}
                  </td>
                  {showNames ? <td>{names?.facilitators.join(", ") || t("manage.roundTable.none")}</td> : null}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
