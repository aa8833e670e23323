import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { DateTime } from "luxon";
import { recordPaperSheet } from "~/modules/attendance/roster/mutations.server";
import { recordRosterViewed } from "~/modules/audit/mutations.server";
import { getRoster } from "~/modules/attendance/roster/queries.server";
import { ATTENDANCE_STATUSES, canRecordAttendance } from "~/modules/attendance/rules";
import { paperSheetSchema } from "~/modules/attendance/schema";
import { STAFF_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { ErrorSummary, Field } from "~/ui/form";
import { SessionTime } from "~/ui/time";
import { attempt, formFailure, parseForm, parseId } from "~/web/http.server";
import { AttendanceStyles } from "~/ui/attendance-styles";
import { STATUS_KEY } from "~/ui/attendance-labels";
import { pageTitle, useTexts } from "~/ui/i18n";
import { confirmRecordedView } from "~/web/recorded-view.server";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "attendance.paper.pageTitle") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  confirmRecordedView(request, user);
  const now = new Date();
  const { session, rows } = await getRoster(user, parseId(params.sessionId), now);
  await recordRosterViewed(user, session.groupId, rows.map((r) => r.userId), "paper_sheet");
  return {
    session: { id: session.id, groupName: session.groupName, startsAt: session.startsAt, endsAt: session.endsAt, timezone: session.timezone, status: session.status },
    canMark: canRecordAttendance(now, session),
    rows: rows.map((r) => ({
      userId: r.userId,
      name: r.name,
      status: r.status,
      arrivedAt: r.arrivedAt ? DateTime.fromJSDate(r.arrivedAt, { zone: session.timezone }).toFormat("HH:mm") : "",
    })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  const sessionId = parseId(params.sessionId);
  const form = await parseForm(request, paperSheetSchema);
  if (!form.ok) return formFailure(form);
  const result = await attempt(form.values, () => recordPaperSheet(user, sessionId, form.data));
  if (!result.ok) return result.response;
  return redirect(`/sessions/${sessionId}/roster?saved=paper`);
}

export default function PaperSheet() {
  const { session, rows, canMark } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const chosen = (userId: string, fallback: string | null) => data?.values?.[`status.${userId}`] ?? fallback ?? "";
  const { t } = useTexts();
  return (
    <>
      <AttendanceStyles />
      <h1>{t("attendance.paper.title", { group: session.groupName })}</h1>
      <p>
        <SessionTime start={session.startsAt} end={session.endsAt} zone={session.timezone} />
        {t("attendance.paper.zone", { zone: session.timezone.replace(/_/g, " ") })}
      </p>
      {!canMark ? <p>{session.status === "cancelled" ? t("attendance.paper.cannotCancelled") : t("attendance.paper.cannotYet")}</p> : null}
      <ErrorSummary data={data} />
      {canMark ? (
        <Form method="post" noValidate>
          {rows.map((r) => (
            <fieldset key={r.userId} className="paper-row">
              <legend>{r.name}</legend>
              <div className="checks">
                <label>
                  <input type="radio" name={`status.${r.userId}`} value="" defaultChecked={chosen(r.userId, r.status) === ""} /> {t("attendance.paper.leave")}
                </label>
                {ATTENDANCE_STATUSES.map((s) => (
                  <label key={s}>
                    <input type="radio" name={`status.${r.userId}`} value={s} defaultChecked={chosen(r.userId, r.status) === s} /> {t(STATUS_KEY[s])}
                  </label>
                ))}
              </div>
              <Field name={`arrivedAt.${r.userId}`} label={t("attendance.paper.arrival", { name: r.name })} defaultValue={r.arrivedAt} data={data} />
            </fieldset>
          ))}
          <Field name="reason" label={t("attendance.paper.reason")} hint={t("attendance.paper.reasonHint")} data={data} />
          <button type="submit">{t("attendance.paper.save")}</button>
        </Form>
      ) : null}
      <p>
        <Link to={`/sessions/${session.id}/roster`}>{t("attendance.backToRoster")}</Link>
      </p>
    </>
  );
}
