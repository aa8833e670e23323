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

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Attendance: ${data?.group.name ?? "group"} · Group Sessions` }];

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
  return (
    <>
      <h1>Attendance: {group.name}</h1>
      <p>
        <Link to={`/groups/${group.id}`}>Back to the group</Link> ·{" "}
        <a href={`/groups/${group.id}/attendance.csv`} download>
          Download all marks (CSV)
        </a>
      </p>
      {params.get("saved") ? <Notice>Settings saved.</Notice> : null}
      <section aria-labelledby="settings">
        <h2 id="settings">Settings</h2>
        {canEdit ? (
          <>
            <ErrorSummary data={data} labels={{ absenceAlertAfter: "Absences before an alert", lateAfterMinutes: "Late after" }} />
            <Form method="post" noValidate>
              <div className="checks field">
                <label>
                  <input type="checkbox" name="allowWalkIns" defaultChecked={settings.allowWalkIns} /> Allow walk-ins (people not enrolled)
                </label>
              </div>
              <Field name="absenceAlertAfter" label="Absences in a row before the facilitator is alerted" type="number" defaultValue={settings.absenceAlertAfter} data={data} min={1} max={10} />
              <Field name="lateAfterMinutes" label="Check-ins this many minutes after the start count as late" type="number" defaultValue={settings.lateAfterMinutes} data={data} min={0} max={120} />
              <button type="submit">Save settings</button>
            </Form>
          </>
        ) : (
          <ul>
            <li>Walk-ins: {settings.allowWalkIns ? "allowed" : "not allowed"}</li>
            <li>Alert after {settings.absenceAlertAfter} absences in a row</li>
            <li>Late after {settings.lateAfterMinutes} minutes</li>
          </ul>
        )}
      </section>
      <section aria-labelledby="sessions">
        <h2 id="sessions">Sessions so far</h2>
        {past.length === 0 ? <p>No sessions have started yet.</p> : null}
        <div className="table-scroll" role="region" aria-labelledby="sessions" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">Session</th>
                <th scope="col">Attended</th>
                <th scope="col">Excused</th>
                <th scope="col">Absent</th>
                <th scope="col">Walk-ins</th>
              </tr>
            </thead>
            <tbody>
              {past.map((s) => (
                <tr key={s.id}>
                  <td>
                    <Link to={`/sessions/${s.id}/roster`}>
                      <SessionTime start={s.startsAt} end={s.endsAt} zone={zone} />
                    </Link>
                    {s.status === "cancelled" ? " (cancelled)" : ""}
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
