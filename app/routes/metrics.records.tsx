import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { MANAGING_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { todayIn } from "~/modules/metrics/queries.server";
import { contactsReport } from "~/modules/records/contacts/queries.server";
import { recordsReport } from "~/modules/records/queries.server";
import { daysOverdue } from "~/modules/records/rules";
import { CivilDate, When } from "~/ui/time";
import { pageTitle, useTexts } from "~/ui/i18n";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "metrics.records.pageTitle") }];

/** Managers: group notes overdue and incidents still open (PA-CSE 5.03, 6.03), with CSV downloads. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  const now = new Date();
  return { ...(await recordsReport(user, now)), contacts: await contactsReport(user, now), zone: user.timezone, today: todayIn(now, user.timezone), admin: user.role === "admin" };
}

export default function RecordsReport() {
  const d = useLoaderData<typeof loader>();
  const { t } = useTexts();
  return (
    <>
      <p className="no-print">
        <Link to="/metrics">{t("metrics.records.metrics")}</Link> · <Link to="/evidence">{t("metrics.dashboard.evidence")}</Link> · <Link to="/incidents">{t("metrics.records.incidentLog")}</Link>
        {d.admin ? (
          <>
            {" "}
            · <Link to="/admin/records">{t("metrics.records.adminRecords")}</Link>
          </>
        ) : null}
      </p>
      <h1>{t("metrics.records.title")}</h1>
      <h2 id="overdue">{t("metrics.records.overdue")}</h2>
      <p>
        {t("metrics.records.overdueIntro", { count: d.totals.overdue })}{" "}
        <a href="/metrics/records.csv?table=overdue">{t("metrics.records.downloadCsv")}</a>
      </p>
      {d.totals.overdue > d.overdue.length ? <p className="notice info">{t("metrics.records.overdueCut", { shown: d.overdue.length, total: d.totals.overdue })}</p> : null}
      {d.overdue.length ? (
        <div className="table-scroll" role="region" aria-labelledby="overdue" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("metrics.records.group")}</th>
                <th scope="col">{t("metrics.records.session")}</th>
                <th scope="col">{t("metrics.records.note")}</th>
                <th scope="col">{t("metrics.records.facilitators")}</th>
                <th scope="col" className="num">
                  {t("metrics.records.hoursPastDue")}
                </th>
              </tr>
            </thead>
            <tbody>
              {d.overdue.map((o) => (
                <tr key={o.sessionId}>
                  <th scope="row">
                    <Link to={`/sessions/${o.sessionId}/notes`}>{o.groupName}</Link>
                  </th>
                  <td>
                    <When at={o.startsAt} zone={d.zone} />
                  </td>
                  <td>{o.state === "missing" ? t("metrics.records.notWritten") : t("metrics.records.draft")}</td>
                  <td>{o.facilitators || t("metrics.records.noFacilitator")}</td>
                  <td className="num">{o.hoursOverdue}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <h2 id="signed">{t("metrics.records.signed")}</h2>
      {d.signed.length ? (
        <p>
          {t("metrics.records.signedIntro", { count: d.totals.signed })} <a href="/metrics/records.csv?table=signed">{t("metrics.records.downloadCsv")}</a>
        </p>
      ) : null}
      {d.totals.signed > d.signed.length ? <p className="notice info">{t("metrics.records.signedCut", { shown: d.signed.length, total: d.totals.signed })}</p> : null}
      {d.signed.length ? (
        <div className="table-scroll" role="region" aria-labelledby="signed" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("metrics.records.group")}</th>
                <th scope="col">{t("metrics.records.session")}</th>
                <th scope="col">{t("metrics.records.topic")}</th>
                <th scope="col">{t("metrics.records.signedBy")}</th>
                <th scope="col" className="num">
                  {t("metrics.records.progressNotes")}
                </th>
              </tr>
            </thead>
            <tbody>
              {d.signed.map((n) => (
                <tr key={n.sessionId}>
                  <th scope="row">
                    <Link to={`/sessions/${n.sessionId}/notes`}>{n.groupName}</Link>
                  </th>
                  <td>
                    <When at={n.startsAt} zone={d.zone} />
                  </td>
                  <td>{n.topic}</td>
                  <td>{n.signedBy ?? t("metrics.records.formerStaff")}</td>
                  <td className="num">{n.progressNotes}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t("metrics.records.noneSigned")}</p>
      )}
      <h2 id="contacts">{t("metrics.records.contacts")}</h2>
      <p>
        {t("metrics.records.contactsSince")}
        <CivilDate date={d.contacts.since} />
        {t("metrics.records.contactsFigures", { contacts: d.contacts.signed, minutes: d.contacts.minutes, people: d.contacts.people })}{" "}
        {d.contacts.drafts ? t("metrics.records.drafts", { count: d.contacts.drafts }) : t("metrics.records.noDrafts")}
      </p>
      <h2 id="incidents">{t("metrics.records.incidents")}</h2>
      <p>
        {t("metrics.records.openIncidents", { count: d.totals.incidents })} <Link to="/incidents">{t("metrics.records.incidentLog")}</Link> ·{" "}
        <a href="/metrics/records.csv?table=incidents">{t("metrics.records.downloadCsv")}</a>
      </p>
      {d.totals.incidents > d.incidents.length ? <p className="notice info">{t("metrics.records.incidentsCut", { shown: d.incidents.length, total: d.totals.incidents })}</p> : null}
      {d.incidents.length ? (
        <div className="table-scroll" role="region" aria-labelledby="incidents" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("metrics.records.incident")}</th>
                <th scope="col">{t("metrics.records.recorded")}</th>
                <th scope="col" className="num">
                  {t("metrics.records.openActions")}
                </th>
                <th scope="col">{t("metrics.records.nextDue")}</th>
              </tr>
            </thead>
            <tbody>
              {d.incidents.map((i) => (
                <tr key={i.id}>
                  <th scope="row">
                    <Link to={`/incidents/${i.id}`}>
                      {i.groupName}: {i.whatHappened.length > 60 ? `${i.whatHappened.slice(0, 60)}…` : i.whatHappened}
                    </Link>
                  </th>
                  <td>
                    <When at={i.createdAt} zone={d.zone} />
                  </td>
                  <td className="num">{i.actionsOpen}</td>
                  <td>
                    {i.nextDue ? (
                      <>
                        <CivilDate date={i.nextDue} />
                        {daysOverdue(i.nextDue, d.today) ? t("metrics.records.late", { count: daysOverdue(i.nextDue, d.today) }) : ""}
                      </>
                    ) : (
                      "—"
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}
