import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { MANAGING_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { incidentLog } from "~/modules/records/queries.server";
import { CivilDate, When } from "~/ui/time";
import { pageTitle, useTexts } from "~/ui/i18n";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "records.incidents.pageTitle") }];

const STATUSES = ["open", "closed", "all"] as const;

/** Incidents and crises recorded from group notes (PA-CSE 6.03), for managers: open ones first. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const asked = new URL(request.url).searchParams.get("status");
  const status = STATUSES.find((s) => s === asked) ?? "open";
  const log = await incidentLog(user, { status });
  return { status, incidents: log.rows, total: log.total, zone: user.timezone };
}

export default function IncidentLog() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTexts();
  return (
    <>
      <h1>{t("records.incidents.title")}</h1>
      <p>{t("records.incidents.intro")}</p>
      <Form method="get" className="row">
        <div className="field">
          <label htmlFor="status">{t("records.incidents.show")}</label>
          <select id="status" name="status" defaultValue={d.status}>
            <option value="open">{t("records.incidents.open")}</option>
            <option value="closed">{t("records.incidents.closed")}</option>
            <option value="all">{t("records.incidents.all")}</option>
          </select>
        </div>
        <button type="submit">{t("records.incidents.show")}</button>
      </Form>
      {d.incidents.length === 0 ? <p>{t("records.incidents.none", { status: d.status })}</p> : null}
      {d.total > d.incidents.length ? <p className="notice info">{t("records.incidents.cut", { shown: d.incidents.length, total: d.total })}</p> : null}
      <ul aria-label={t("records.incidents.list")}>
        {d.incidents.map((i) => (
          <li key={i.id} className="card">
            <h2>
              <Link to={`/incidents/${i.id}`}>
                {i.groupName}: {i.whatHappened.length > 80 ? `${i.whatHappened.slice(0, 80)}…` : i.whatHappened}
              </Link>
            </h2>
            <p>
              <span className={`status ${i.status === "open" ? "badge-warn" : "badge-ok"}`}>{i.status === "open" ? t("records.shared.open") : t("records.shared.closed")}</span>
              {t("records.incidents.session")}
              <When at={i.sessionStart} zone={d.zone} />
            </p>
            <p className="muted">
              {t("records.incidents.recordedBy", { name: i.reportedBy ?? t("records.shared.formerStaff") })}
              <When at={i.createdAt} zone={d.zone} />
              {t("records.incidents.actions", { count: i.actions, open: i.actionsOpen })}
              {i.nextDue ? (
                <>
                  {t("records.incidents.nextDue")}
                  <CivilDate date={i.nextDue} />
                </>
              ) : null}
              .
            </p>
          </li>
        ))}
      </ul>
    </>
  );
}
