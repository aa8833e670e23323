import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { db } from "~/db/client.server";
import { dismissAbsenceAlert } from "~/modules/attendance/mutations.server";
import { openAbsenceAlerts, runnableGroups, sessionsMissingAttendance, todaysSessions } from "~/modules/attendance/alerts/queries.server";
import { alertActionSchema } from "~/modules/attendance/schema";
import { canManage, STAFF_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { TodaySessions } from "~/ui/attendance-today";
import { ErrorSummary } from "~/ui/form";
import { When } from "~/ui/time";
import { attempt, formFailure, parseForm } from "~/web/http.server";
import { pageTitle, useTexts } from "~/ui/i18n";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "attendance.home.pageTitle") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  const now = new Date();
  const [today, alerts, missing, groups] = await Promise.all([
    todaysSessions(user, now, { all: true }),
    openAbsenceAlerts(user),
    sessionsMissingAttendance(db, now, { organizationId: user.organizationId, user }),
    runnableGroups(user),
  ]);
  return { today, alerts, missing, groups, zone: user.timezone, manager: canManage(user.role) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  const form = await parseForm(request, alertActionSchema);
  if (!form.ok) return formFailure(form);
  const result = await attempt(form.values, () => dismissAbsenceAlert(user, form.data.alertId));
  if (!result.ok) return result.response;
  return redirect("/attendance");
}

export default function AttendanceHome() {
  const { today, alerts, missing, groups, zone, manager } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const { t } = useTexts();
  return (
    <>
      <h1>{t("attendance.home.title")}</h1>
      <ErrorSummary data={data} />
      <TodaySessions sessions={today} zone={zone} heading={manager ? t("attendance.home.todayOrganisation") : t("attendance.home.todayMine")} />
      <section aria-labelledby="alerts">
        <h2 id="alerts">{t("attendance.home.alerts")}</h2>
        {alerts.length === 0 ? <p>{t("attendance.home.noAlerts")}</p> : null}
        <ul className="session-list">
          {alerts.map((a) => (
            <li key={a.id} className="card">
              <strong>{a.name}</strong>
              {t("attendance.home.missed", { count: a.absences, group: a.groupName })}
              <p className="muted">
                {t("attendance.home.suggestion")}
                <When at={a.createdAt} zone={zone} />
                {t("attendance.home.raisedEnd")}
              </p>
              {/* A <div>, not a <p>: a form inside a paragraph closes it in the HTML parser, so the browser's tree no longer matches React's and every alert fails hydration. */}
              <div className="row">
                <Link to={`/sessions/${a.lastSessionId}/roster`}>{t("attendance.home.lastRoster")}</Link>
                <Form method="post">
                  <input type="hidden" name="intent" value="dismiss" />
                  <input type="hidden" name="alertId" value={a.id} />
                  <button type="submit" className="secondary">
                    {t("attendance.home.done")}
                    <span className="visually-hidden">{t("attendance.home.doneWith", { name: a.name })}</span>
                  </button>
                </Form>
              </div>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="missing">
        <h2 id="missing">{t("attendance.home.missing")}</h2>
        {missing.length === 0 ? <p>{t("attendance.home.noMissing")}</p> : null}
        <ul>
          {missing.map((m) => (
            <li key={m.id}>
              <Link to={`/sessions/${m.id}/roster`}>
                {m.groupName}, <When at={m.startsAt} zone={zone} />
              </Link>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="groups">
        <h2 id="groups">{t("attendance.home.groups")}</h2>
        {groups.length === 0 ? <p>{t("attendance.home.noGroups")}</p> : null}
        <ul>
          {groups.map((g) => (
            <li key={g.id}>
              <Link to={`/groups/${g.id}/attendance`}>{g.name}</Link>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
