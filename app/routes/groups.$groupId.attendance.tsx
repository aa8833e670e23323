import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { updateAttendanceSettings } from "~/modules/attendance/mutations.server";
import { groupAttendance } from "~/modules/attendance/history/queries.server";
import { settingsSchema } from "~/modules/attendance/schema";
import { canManage, STAFF_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { ErrorSummary, Field, Notice } from "~/ui/form";
import { SessionTime } from "~/ui/time";
import { attempt, formFailure, parseForm, parseId } from "~/web/http.server";
import { pageTitle, useTexts } from "~/ui/i18n";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: pageTitle(matches, "attendance.group.pageTitle", { group: data?.group.name ?? pageTitle(matches, "attendance.group.groupFallback") }) },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  const result = await groupAttendance(user, parseId(params.groupId));
  return { ...result, zone: user.timezone, canEdit: canManage(user.role), now: new Date() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  const groupId = parseId(params.groupId);
  const form = await parseForm(request, settingsSchema);
  if (!form.ok) return formFailure(form);
  const result = await attempt(form.values, () => updateAttendanceSettings(user, groupId, form.data));
  if (!result.ok) return result.response;
  return redirect(`/groups/${groupId}/attendance?saved=1`);
}

export default function GroupAttendance() {
  const { group, settings, sessions, zone, canEdit, now } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const past = sessions.filter((s) => new Date(s.startsAt).getTime() <= new Date(now).getTime()).reverse();
  const { t } = useTexts();
  return (
    <>
      <h1>{t("attendance.group.title", { group: group.name })}</h1>
      <p>
        <Link to={`/groups/${group.id}`}>{t("attendance.backToGroup")}</Link> ·{" "}
        <a href={`/groups/${group.id}/attendance.csv`} download>
          {t("attendance.group.csv")}
        </a>
      </p>
      {params.get("saved") ? <Notice>{t("attendance.group.saved")}</Notice> : null}
      <section aria-labelledby="settings">
        <h2 id="settings">{t("attendance.group.settings")}</h2>
        {canEdit ? (
          <>
            <ErrorSummary data={data} labels={{ absenceAlertAfter: t("attendance.group.field.absenceAlertAfter"), lateAfterMinutes: t("attendance.group.field.lateAfterMinutes") }} />
            <Form method="post" noValidate>
              <div className="checks field">
                <label>
                  <input type="checkbox" name="allowWalkIns" defaultChecked={settings.allowWalkIns} /> {t("attendance.group.allowWalkIns")}
                </label>
              </div>
              <Field name="absenceAlertAfter" label={t("attendance.group.absenceAlertAfter")} type="number" defaultValue={settings.absenceAlertAfter} data={data} min={1} max={10} />
              <Field name="lateAfterMinutes" label={t("attendance.group.lateAfterMinutes")} type="number" defaultValue={settings.lateAfterMinutes} data={data} min={0} max={120} />
              <button type="submit">{t("attendance.group.save")}</button>
            </Form>
          </>
        ) : (
          <ul>
            <li>{settings.allowWalkIns ? t("attendance.group.walkInsAllowed") : t("attendance.group.walkInsNotAllowed")}</li>
            <li>{t("attendance.group.alertAfter", { count: settings.absenceAlertAfter })}</li>
            <li>{t("attendance.group.lateAfter", { count: settings.lateAfterMinutes })}</li>
          </ul>
        )}
      </section>
      <section aria-labelledby="sessions">
        <h2 id="sessions">{t("attendance.group.sessions")}</h2>
        {past.length === 0 ? <p>{t("attendance.group.noSessions")}</p> : null}
        <div className="table-scroll" role="region" aria-labelledby="sessions" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("attendance.group.col.session")}</th>
                <th scope="col">{t("attendance.group.col.attended")}</th>
                <th scope="col">{t("attendance.group.col.excused")}</th>
                <th scope="col">{t("attendance.group.col.absent")}</th>
                <th scope="col">{t("attendance.group.col.walkIns")}</th>
              </tr>
            </thead>
            <tbody>
              {past.map((s) => (
                <tr key={s.id}>
                  <td>
                    <Link to={`/sessions/${s.id}/roster`}>
                      <SessionTime start={s.startsAt} end={s.endsAt} zone={zone} />
                    </Link>
                    {s.status === "cancelled" ? t("attendance.group.cancelled") : ""}
                  </td>
                  <td>{s.attended}</td>
                  <td>{s.excused}</td>
                  <td>{s.absent}</td>
                  <td>{s.walkIns}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
