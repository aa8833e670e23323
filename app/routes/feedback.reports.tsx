import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { canManage, STAFF_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { feedbackReport } from "~/modules/voice/feedback/queries.server";
import { reportQuerySchema } from "~/modules/voice/schema";
import { Select } from "~/ui/form";
import { When } from "~/ui/time";
import { FeedbackSummaryView } from "~/ui/voice-parts";
import { invariantResponse } from "~/web/http.server";

export const meta: MetaFunction = () => [{ title: "Feedback reports · Group Sessions" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  const parsed = reportQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  invariantResponse(parsed.success, parsed.error?.issues[0]?.message ?? "Bad report choice", 400);
  const { period, group, facilitator } = parsed.data;
  const report = await feedbackReport(user, { period, groupId: group, facilitatorId: facilitator }, new Date());
  return { report, zone: user.timezone, groupId: group, facilitatorId: group ? null : facilitator, canSettings: canManage(user.role) };
}

export default function FeedbackReports() {
  const { report, zone, groupId, facilitatorId, canSettings } = useLoaderData<typeof loader>();
  const kinds = { year: "Years", quarter: "Quarters", month: "Months" } as const;
  const scope = groupId
    ? report.groups.find((g) => g.id === groupId)?.name
    : facilitatorId
      ? `Groups led by ${report.facilitators.find((f) => f.id === facilitatorId)?.name ?? "this facilitator"}`
      : "All my groups";
  return (
    <>
      <h1>Session feedback</h1>
      <p className="muted">
        To keep answers anonymous, they are shown only in batches of at least 5 answers from one group, released together; a
        batch counts in the month it was released. Some answers may still be waiting for their batch, and nothing is shown from
        them until it is complete.
        {canSettings ? (
          <>
            {" "}
            <Link to="/feedback/settings">Edit the questions</Link>
          </>
        ) : null}
      </p>
      <Form method="get" className="row">
        <div className="field">
          <label htmlFor="period">Period</label>
          <select id="period" name="period" defaultValue={report.period.key}>
            {(["quarter", "month", "year"] as const).map((kind) => (
              <optgroup key={kind} label={kinds[kind]}>
                {report.periods
                  .filter((p) => p.kind === kind)
                  .map((p) => (
                    <option key={p.value} value={p.value}>
                      {p.label}
                    </option>
                  ))}
              </optgroup>
            ))}
          </select>
        </div>
        <Select
          name="group"
          label="Group"
          defaultValue={groupId ?? ""}
          options={[{ value: "", label: "All my groups" }, ...report.groups.map((g) => ({ value: g.id, label: g.name }))]}
        />
        {report.facilitators.length ? (
          <Select
            name="facilitator"
            label="Facilitator"
            defaultValue={facilitatorId ?? ""}
            options={[{ value: "", label: "Any facilitator" }, ...report.facilitators.map((f) => ({ value: f.id, label: f.name }))]}
          />
        ) : null}
        <div className="field">
          <button type="submit">Show</button>
        </div>
      </Form>
      <h2>
        {scope}, {report.period.label}
      </h2>
      <p>
        <a href={`/feedback/reports.csv?${new URLSearchParams({ period: report.period.key, ...(groupId ? { group: groupId } : {}), ...(facilitatorId ? { facilitator: facilitatorId } : {}) }).toString()}`}>
          Download this report (CSV)
        </a>
      </p>
      <FeedbackSummaryView summary={report.overall} />
      {!groupId && report.perGroup.length > 1 ? (
        <>
          <h2>By group</h2>
          {report.perGroup.map((g) => (
            <section key={g.groupId} aria-labelledby={`g-${g.groupId}`}>
              <h3 id={`g-${g.groupId}`}>
                <Link to={`?period=${report.period.key}&group=${g.groupId}`}>{g.groupName}</Link>
              </h3>
              <FeedbackSummaryView summary={g.summary} headingLevel={4} />
            </section>
          ))}
        </>
      ) : null}
      <h2>Batches released in this period</h2>
      {report.trend.length === 0 ? <p>No batch was released in this period.</p> : null}
      {report.trend.length ? (
        <table>
          <thead>
            <tr>
              <th scope="col">Batch</th>
              <th scope="col">Answers</th>
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
                  {t.groupName}, batch {t.seq} (released {t.releasedIn}; sessions <When at={t.sessionsFrom} zone={zone} /> to{" "}
                  <When at={t.sessionsTo} zone={zone} />)
                </td>
                <td>{t.responses}</td>
                {report.questions.map((q) => (
                  <td key={q.id}>{t.averages[q.id]?.toFixed(2) ?? "Withheld"}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}
