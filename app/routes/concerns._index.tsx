import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { canManage } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { listConcerns } from "~/modules/voice/concerns/queries.server";
import { When } from "~/ui/time";
import { pageTitle, useTexts } from "~/ui/i18n";
import { CONCERN_STATUS_KEY, CONCERN_SUBJECT_KEY } from "~/ui/voice-labels";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "voice.concerns.pageTitle") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const all = await listConcerns(user, new Date());
  const handled = canManage(user.role) ? all.filter((c) => !c.mine) : [];
  const answered = handled.map((c) => c.hoursToFirstResponse).filter((h): h is number => h !== null);
  return {
    zone: user.timezone,
    manager: canManage(user.role),
    mine: all.filter((c) => c.mine),
    handled,
    overdue: handled.filter((c) => c.overdue).length,
    averageHours: answered.length ? Math.round((answered.reduce((a, b) => a + b, 0) / answered.length) * 10) / 10 : null,
  };
}

export default function Concerns() {
  const { zone, manager, mine, handled, overdue, averageHours } = useLoaderData<typeof loader>();
  const { t } = useTexts();
  return (
    <>
      <h1>{t("voice.concerns.title")}</h1>
      <p>{t("voice.concerns.intro")}</p>
      <p>
        <Link className="button" to="/concerns/new">
          {t("voice.concerns.raise")}
        </Link>
      </p>
      {manager ? (
        <section aria-labelledby="to-handle">
          <h2 id="to-handle">{t("voice.concerns.toHandle")}</h2>
          <p>
            {t("voice.concerns.overdueCount", { count: overdue })}
            {averageHours === null ? t("voice.concerns.noResponses") : t("voice.concerns.hours", { count: averageHours })}.
          </p>
          {handled.length ? (
            <p>
              <a href="/concerns/export.csv">{t("voice.concerns.download")}</a>
            </p>
          ) : null}
          {handled.length === 0 ? <p>{t("voice.concerns.none")}</p> : null}
          {handled.length ? (
            <div className="table-scroll" role="region" aria-label={t("voice.concerns.toHandle")} tabIndex={0}>
              <table>
              <thead>
                <tr>
                  <th scope="col">{t("voice.concerns.head.concern")}</th>
                  <th scope="col">{t("voice.concerns.head.about")}</th>
                  <th scope="col">{t("voice.concerns.head.received")}</th>
                  <th scope="col">{t("voice.concerns.head.status")}</th>
                </tr>
              </thead>
              <tbody>
                {handled.map((c) => (
                  <tr key={c.id}>
                    <td>
                      <Link to={`/concerns/${c.id}`}>{c.summary}</Link>
                      <br />
                      <span className="muted">{c.anonymous ? t("voice.concerns.anonymous") : c.submitterName}</span>
                    </td>
                    <td>
                      {t(CONCERN_SUBJECT_KEY[c.subject])}
                      {c.groupName ? `: ${c.groupName}` : ""}
                    </td>
                    <td>
                      <When at={c.receivedAt} zone={zone} />
                    </td>
                    <td>
                      {t(CONCERN_STATUS_KEY[c.status])}
                      {c.overdue ? (
                        <>
                          {" "}
                          <span className="status status-cancelled">{t("voice.concerns.overdue")}</span>
                        </>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
              </table>
            </div>
          ) : null}
        </section>
      ) : null}
      <section aria-labelledby="mine">
        <h2 id="mine">{t("voice.concerns.mine")}</h2>
        <p className="muted">{t("voice.concerns.mineHint")}</p>
        {mine.length === 0 ? <p>{t("voice.concerns.noneMine")}</p> : null}
        <ul>
          {mine.map((c) => (
            <li key={c.id}>
              <Link to={`/concerns/${c.id}`}>{c.summary}</Link> — {t(CONCERN_STATUS_KEY[c.status])}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
