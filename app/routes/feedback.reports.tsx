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
import { pageTitle, useTexts } from "~/ui/i18n";
import { confirmRecordedView } from "~/web/recorded-view.server";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "voice.reports.pageTitle") }];

type T = (key: string, values?: Record<string, unknown>) => string;

/** A month's name in the page's language (January, enero). */
function monthName(month: number, locale: string): string {
  return new Intl.DateTimeFormat(locale, { month: "long", timeZone: "UTC" }).format(new Date(Date.UTC(2000, month - 1, 1)));
}

/** A report period's name from its key (2026-11, 2026-Q4, 2026) in the page's language; an unknown key as given. */
function periodName(key: string, t: T, locale: string): string {
  let m = /^(\d{4})-(\d{2})$/.exec(key);
  if (m) return t("voice.reports.period.month", { month: monthName(Number(m[2]), locale), year: m[1] });
  m = /^(\d{4})-Q([1-4])$/.exec(key);
  if (m) {
    const q = Number(m[2]);
    return t("voice.reports.period.quarter", { q: m[2], year: m[1], from: monthName(q * 3 - 2, locale), to: monthName(q * 3, locale) });
  }
  m = /^(\d{4})$/.exec(key);
  if (m) return t("voice.reports.period.year", { year: m[1] });
  return key;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: STAFF_ROLES });
  confirmRecordedView(request, user);
  const parsed = reportQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  invariantResponse(parsed.success, parsed.error?.issues[0]?.message ?? "Bad report choice", 400);
  const { period, group, facilitator } = parsed.data;
  const report = await feedbackReport(user, { period, groupId: group, facilitatorId: facilitator }, new Date());
  return { report, zone: user.timezone, groupId: group, facilitatorId: group ? null : facilitator, canSettings: canManage(user.role) };
}

export default function FeedbackReports() {
  const { report, zone, groupId, facilitatorId, canSettings } = useLoaderData<typeof loader>();
  const { t, locale } = useTexts();
  const kinds = { year: t("voice.reports.years"), quarter: t("voice.reports.quarters"), month: t("voice.reports.months") } as const;
  // A batch's release month comes as the period list's label: its key, named in the page's language.
  const monthKey = new Map(report.periods.map((p) => [p.label, p.value]));
  const scope = groupId
    ? report.groups.find((g) => g.id === groupId)?.name
    : facilitatorId
      ? t("voice.reports.ledBy", { name: report.facilitators.find((f) => f.id === facilitatorId)?.name ?? t("voice.reports.thisFacilitator") })
      : t("voice.reports.allGroups");
  return (
    <>
      <h1>{t("voice.reports.title")}</h1>
      <p className="muted">
        {t("voice.reports.intro")}
        {canSettings ? (
          <>
            {" "}
            <Link to="/feedback/settings">{t("voice.reports.editQuestions")}</Link>
          </>
        ) : null}
      </p>
      <Form method="get" className="row">
        <div className="field">
          <label htmlFor="period">{t("voice.reports.period.label")}</label>
          <select id="period" name="period" defaultValue={report.period.key}>
            {(["quarter", "month", "year"] as const).map((kind) => (
              <optgroup key={kind} label={kinds[kind]}>
                {report.periods
                  .filter((p) => p.kind === kind)
                  .map((p) => (
                    <option key={p.value} value={p.value}>
                      {periodName(p.value, t, locale)}
                    </option>
                  ))}
              </optgroup>
            ))}
          </select>
        </div>
        <Select
          name="group"
          label={t("voice.reports.group")}
          defaultValue={groupId ?? ""}
          options={[{ value: "", label: t("voice.reports.allGroups") }, ...report.groups.map((g) => ({ value: g.id, label: g.name }))]}
        />
        {report.facilitators.length ? (
          <Select
            name="facilitator"
            label={t("voice.reports.facilitator")}
            defaultValue={facilitatorId ?? ""}
            options={[{ value: "", label: t("voice.reports.anyFacilitator") }, ...report.facilitators.map((f) => ({ value: f.id, label: f.name }))]}
          />
        ) : null}
        <div className="field">
          <button type="submit">{t("voice.reports.show")}</button>
        </div>
      </Form>
      <h2>
        {scope}, {periodName(report.period.key, t, locale)}
      </h2>
      <p>
        <a href={`/feedback/reports.csv?${new URLSearchParams({ period: report.period.key, ...(groupId ? { group: groupId } : {}), ...(facilitatorId ? { facilitator: facilitatorId } : {}) }).toString()}`}>
          {t("voice.reports.download")}
        </a>
      </p>
      <FeedbackSummaryView summary={report.overall} />
      {!groupId && report.perGroup.length > 1 ? (
        <>
          <h2>{t("voice.reports.byGroup")}</h2>
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
      <h2>{t("voice.reports.batches")}</h2>
      {report.trend.length === 0 ? <p>{t("voice.reports.noBatch")}</p> : null}
      {report.trend.length ? (
        <div className="table-scroll" role="region" aria-label={t("voice.reports.batchTable")} tabIndex={0}>
          <table>
          <thead>
            <tr>
              <th scope="col">{t("voice.reports.batch")}</th>
              <th scope="col">{t("voice.reports.answers")}</th>
              {report.questions.map((q) => (
                <th scope="col" key={q.id}>
                  {q.prompt}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {report.trend.map((b) => (
              <tr key={b.key}>
                <td>
                  {t("voice.reports.batchLine", { group: b.groupName, seq: String(b.seq), released: monthKey.has(b.releasedIn) ? periodName(monthKey.get(b.releasedIn)!, t, locale) : b.releasedIn })}
                  <When at={b.sessionsFrom} zone={zone} />
                  {t("voice.reports.to")}
                  <When at={b.sessionsTo} zone={zone} />)
                </td>
                <td>{b.responses}</td>
                {report.questions.map((q) => (
                  <td key={q.id}>{b.averages[q.id]?.toFixed(2) ?? t("voice.reports.withheld")}</td>
                ))}
              </tr>
            ))}
          </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}
