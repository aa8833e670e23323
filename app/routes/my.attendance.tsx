import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { giveApology, withdrawApology } from "~/modules/attendance/check-in/mutations.server";
import { myAttendance } from "~/modules/attendance/history/queries.server";
import { STATUS_LABELS } from "~/modules/attendance/rules";
import { apologySchema } from "~/modules/attendance/schema";
import { requireUser } from "~/modules/auth/session.server";
import { ErrorSummary, Notice } from "~/ui/form";
import { SessionTime } from "~/ui/time";
import { attempt, formFailure, parseForm } from "~/web/http.server";
import { AttendanceStyles } from "~/ui/attendance-styles";
import { useTexts, pageTitle } from "~/ui/i18n";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "my.attendance.pageTitle") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: ["participant"] });
  return { ...(await myAttendance(user, new Date())), zone: user.timezone };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, { roles: ["participant"] });
  const form = await parseForm(request, apologySchema);
  if (!form.ok) return formFailure(form);
  const data = form.data;
  const result = await attempt(form.values, async () => {
    if (data.intent === "apologise") await giveApology(user, data.sessionId, data.reason);
    else await withdrawApology(user, data.sessionId);
  });
  if (!result.ok) return result.response;
  return redirect(`/my/attendance?done=${data.intent}`);
}

export default function MyAttendance() {
  const { upcoming, history, counts, marks, zone } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const done = params.get("done");
  const { t, message } = useTexts();
  return (
    <>
      <AttendanceStyles />
      <h1>{t("my.attendance.title")}</h1>
      {done === "apologise" ? <Notice>{t("my.attendance.apologySent")}</Notice> : null}
      {done === "withdraw" ? <Notice>{t("my.attendance.apologyWithdrawn")}</Notice> : null}
      <ErrorSummary data={data} labels={{ sessionId: t("my.attendance.session"), reason: t("my.attendance.reason") }} />
      <p>
        <Link className="button" to="/checkin">
          {t("my.attendance.checkIn")}
        </Link>
      </p>
      <section aria-labelledby="my-sessions">
        <h2 id="my-sessions">{t("my.attendance.mySessions")}</h2>
        <p className="muted">{t("my.attendance.cantMake")}</p>
        {upcoming.length === 0 ? <p>{t("my.attendance.noUpcoming")}</p> : null}
        <ul className="session-list">
          {upcoming.map((s) => (
            <li key={s.sessionId} className="card">
              <strong>{s.groupName}</strong>
              <br />
              <SessionTime start={s.startsAt} end={s.endsAt} zone={zone} />
              {s.sessionStatus === "cancelled" ? <span className="status status-cancelled">{t("my.attendance.cancelled")}</span> : null}
              {s.status ? (
                <p>
                  {t("my.attendance.yourStatus", { status: message(STATUS_LABELS[s.status]) })}
                  {s.apologyReason ? ` (${s.apologyReason})` : ""}
                </p>
              ) : null}
              {s.status === "excused" && s.canApologise ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="withdraw" />
                  <input type="hidden" name="sessionId" value={s.sessionId} />
                  <button type="submit" className="secondary">
                    {t("my.attendance.canCome")}
                    <span className="visually-hidden">{t("my.attendance.toGroup", { group: s.groupName })}</span>
                  </button>
                </Form>
              ) : s.canApologise ? (
                <details>
                  <summary>
                    {t("my.attendance.sendApology")}
                    <span className="visually-hidden">{t("my.attendance.forGroup", { group: s.groupName })}</span>
                  </summary>
                  <Form method="post">
                    <input type="hidden" name="intent" value="apologise" />
                    <input type="hidden" name="sessionId" value={s.sessionId} />
                    <div className="field">
                      <label htmlFor={`reason-${s.sessionId}`}>{t("my.attendance.reasonLabel")}</label>
                      <input id={`reason-${s.sessionId}`} name="reason" type="text" maxLength={500} />
                    </div>
                    <button type="submit">{t("my.attendance.submitApology")}</button>
                  </Form>
                </details>
              ) : null}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="history">
        <h2 id="history">{t("my.attendance.history")}</h2>
        <p>{t("my.attendance.counts", { attended: counts.attended, excused: counts.excused, absent: counts.absent })}</p>
        {marks > history.length ? <p className="muted">{t("my.attendance.latestListed", { listed: history.length, marks })}</p> : null}
        {history.length === 0 ? <p>{t("my.attendance.noHistory")}</p> : null}
        <table>
          <thead>
            <tr>
              <th scope="col">{t("my.attendance.session")}</th>
              <th scope="col">{t("my.attendance.status")}</th>
            </tr>
          </thead>
          <tbody>
            {history.map((h) => (
              <tr key={h.sessionId}>
                <td>
                  {h.groupName}
                  <br />
                  <SessionTime start={h.startsAt} end={h.endsAt} zone={zone} />
                </td>
                <td>
                  {h.sessionStatus === "cancelled" ? (
                    <span className="status status-cancelled">{t("my.attendance.cancelled")}</span>
                  ) : (
                    <>
                      {message(STATUS_LABELS[h.status])}
                      {h.walkIn ? t("my.attendance.dropIn") : ""}
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
