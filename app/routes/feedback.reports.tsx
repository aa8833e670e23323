import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { canManage, STAFF_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { feedbackReport } from "~/modules/voice/queries.server";
import { parseDateRange } from "~/modules/voice/schema";
import { Field, Select } from "~/ui/form";
import { When } from "~/ui/time";
import { FeedbackSummaryView } from "~/ui/voice-parts";
import { invariantResponse, parseId } from "~/web/http.server";

export const meta: MetaFunction = () => [{ title: "Feedback reports · Group Sessions" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  const q = new URL(request.url).searchParams;
  const range = parseDateRange(q.get("from"), q.get("to"));
  invariantResponse(!range.error, range.error ?? "", 400);
  const groupId = q.get("group") ? parseId(q.get("group")!) : null;
  const sessionId = q.get("session") ? parseId(q.get("session")!) : null;
  const report = await feedbackReport(user, { groupId, sessionId, from: range.from, to: range.to }, new Date());
  return { report, zone: user.timezone, groupId, sessionId, canSettings: canManage(user.role) };
}

export default function FeedbackReports() {
  const { report, zone, groupId, sessionId, canSettings } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Session feedback</h1>
      <p className="muted">
        Anything from fewer than 5 responses is withheld so nobody can be identified. Anonymous answers are released in
        batches of 5 or when a session&apos;s feedback window closes.
        {canSettings ? (
          <>
            {" "}
            <Link to="/feedback/settings">Edit the questions</Link>
          </>
        ) : null}
      </p>
      <Form method="get" className="row">
        <Select
          name="group"
          label="Group"
          defaultValue={groupId ?? ""}
          options={[{ value: "", label: "All my groups" }, ...report.groups.map((g) => ({ value: g.id, label: g.name }))]}
        />
        <Field name="from" label="From" type="date" defaultValue={report.period.from} />
        <Field name="to" label="To" type="date" defaultValue={report.period.to} />
        <div className="field">
          <button type="submit">Show</button>
        </div>
      </Form>
      <h2>{sessionId ? "This session" : groupId ? "This group" : "All sessions"}, {report.period.from} to {report.period.to}</h2>
      <FeedbackSummaryView summary={report.overall} />
      {!groupId && report.perGroup.length > 1 ? (
        <>
          <h2>By group</h2>
          {report.perGroup.map((g) => (
            <section key={g.groupId} aria-labelledby={`g-${g.groupId}`}>
              <h3 id={`g-${g.groupId}`}>
                <Link to={`?group=${g.groupId}&from=${report.period.from}&to=${report.period.to}`}>{g.groupName}</Link>
              </h3>
              <FeedbackSummaryView summary={g.summary} headingLevel={4} />
            </section>
          ))}
        </>
      ) : null}
      <h2>Trend by session</h2>
      {report.trend.length === 0 ? <p>No feedback in this period.</p> : null}
      {report.trend.length ? (
        <table>
          <thead>
            <tr>
              <th scope="col">Session</th>
              {report.questions.map((q) => (
                <th scope="col" key={q.id}>
                  {q.prompt}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {report.trend.map((t) => (
              <tr key={t.key}>
                <td>
                  <Link to={`?group=${groupId ?? ""}&session=${t.key}&from=${report.period.from}&to=${report.period.to}`}>
                    {t.groupName}, <When at={t.startsAt} zone={zone} />
                  </Link>
                </td>
                {t.averages ? (
                  report.questions.map((q) => <td key={q.id}>{t.averages?.[q.id]?.toFixed(2) ?? "—"}</td>)
                ) : (
                  <td colSpan={report.questions.length} className="muted">
                    {t.withheldReason}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}
