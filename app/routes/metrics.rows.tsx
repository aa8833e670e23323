import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { MANAGING_ROLES } from "~/modules/auth/policy";
import { requireUser } from "~/modules/auth/session.server";
import { METRIC_INFO, type OutputMetric } from "~/modules/metrics/definitions";
import { auditMetricsRead } from "~/modules/metrics/mutations.server";
import { loadRows, orgContext, prepareView } from "~/modules/metrics/queries.server";
import { filterQuery, parseMetric } from "~/modules/metrics/schema";
import { CsvLink } from "~/ui/metrics-dashboard";
import { notFound } from "~/web/http.server";
import { translatorFor } from "~/i18n/catalog";
import { localeOf } from "~/i18n/locales";
import { METRIC_KEYS, useMetricsTexts } from "~/ui/metrics-texts";
import { confirmRecordedView } from "~/web/recorded-view.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = translatorFor(localeOf((matches.find((m) => m.id === "root")?.data as { locale?: string } | undefined)?.locale));
  return [{ title: t("metrics.rows.pageTitle", { label: data ? t(`metrics.metric.${METRIC_KEYS[data.metric]}.label`) : t("metrics.rows.rows") }) }];
};

const PAGE_ROWS = 500;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { roles: MANAGING_ROLES });
  confirmRecordedView(request, user);
  const metric = parseMetric(new URL(request.url).searchParams.get("metric"));
  if (!metric) notFound("Unknown figure");
  const view = await prepareView(user, request, new Date());
  const [{ people, ...table }, { rule }] = await Promise.all([loadRows(user, view, metric, view.now, PAGE_ROWS), orgContext(user.organizationId)]);
  // Recorded for each person the rows name; their ids are not sent to the page.
  await auditMetricsRead(user, "metrics.rows_viewed", metric, { period: view.period, values: view.values, rows: table.rows.length }, people);
  return { metric, label: METRIC_INFO[metric].label, definition: METRIC_INFO[metric].definition, values: view.values, period: view.period, rule, zone: view.timezone, table };
}

/** Each figure's table: its title and column heads (catalog keys), and which columns hold codes to name. */
const TABLES: Record<OutputMetric, { title: string; columns: string[] }> = {
  sessions_total: { title: "sessions", columns: ["starts", "group", "status", "cancelReason"] },
  sessions_held: { title: "sessions", columns: ["starts", "group", "status", "cancelReason"] },
  sessions_cancelled: { title: "sessions", columns: ["starts", "group", "status", "cancelReason"] },
  attendance_rate: { title: "marks", columns: ["starts", "group", "participant", "mark", "walkIn", "minutes"] },
  participant_hours: { title: "marks", columns: ["starts", "group", "participant", "mark", "walkIn", "minutes"] },
  unique_participants: { title: "attendees", columns: ["participant", "sessionsAttended", "hours"] },
  retention_rate: { title: "starters", columns: ["participant", "group", "firstSession", "attendedOfFirst", "heldSoFar", "result"] },
  waitlist_length: { title: "waitlist", columns: ["participant", "group", "queued", "urgent"] },
  median_days_to_seat: { title: "seated", columns: ["participant", "group", "queued", "seated", "daysWaited"] },
  referrals_made: { title: "referralsMade", columns: ["referredOn", "participant", "resource", "need", "outcome", "followUpOn"] },
  referrals_followed_up: { title: "referralsFollowedUp", columns: ["referredOn", "participant", "resource", "need", "outcome", "followUpOn"] },
  feedback_response_rate: { title: "feedback", columns: ["starts", "group", "attended", "answers"] },
};

/** Codes the rows hold in these columns, named in the reader's language (other values are data). */
const CODED: Record<string, Record<string, string>> = {
  status: {
    scheduled: "metrics.rows.code.scheduled",
    still_to_come: "metrics.rows.code.stillToCome",
    held: "metrics.rows.code.held",
    cancelled: "metrics.rows.code.cancelled",
  },
  mark: {
    present: "metrics.rows.code.present",
    late: "metrics.rows.code.late",
    left_early: "metrics.rows.code.leftEarly",
    excused: "metrics.rows.code.excused",
    absent: "metrics.rows.code.absent",
  },
  walkIn: { yes: "metrics.rows.code.yes", no: "metrics.rows.code.no" },
  urgent: { yes: "metrics.rows.code.yes", no: "metrics.rows.code.no" },
  result: { retained: "metrics.rows.code.retained", "in progress": "metrics.rows.code.inProgress", "not retained": "metrics.rows.code.notRetained" },
  outcome: {
    pending: "metrics.rows.code.pending",
    connected: "metrics.rows.code.connected",
    not_connected: "metrics.rows.code.notConnected",
    declined: "metrics.rows.code.declined",
    no_response: "metrics.rows.code.noResponse",
  },
  need: {
    mental_health: "metrics.rows.need.mentalHealth",
    substance_use: "metrics.rows.need.substanceUse",
    legal: "metrics.rows.need.legal",
    crisis: "metrics.rows.need.crisis",
    primary_care_dentistry: "metrics.rows.need.primaryCare",
    education_vocational: "metrics.rows.need.education",
    housing: "metrics.rows.need.housing",
    other: "metrics.rows.need.other",
  },
};

export default function MetricRows() {
  const data = useLoaderData<typeof loader>();
  const { metric, values, period, rule, zone, table } = data;
  const { t, english, periodLabel } = useMetricsTexts();
  const label = t(`metrics.metric.${METRIC_KEYS[metric]}.label`);
  // English keeps the module's definition as it was (this page names no numbers for N and M).
  const definition = english ? data.definition : t(`metrics.metric.${METRIC_KEYS[metric]}.definition`, { attended: String(rule.attended), of: String(rule.of) });
  const shape = TABLES[metric];
  const heads = { zone, attended: String(rule.attended), of: String(rule.of) };
  // English keeps the module's own heads and codes exactly as before.
  const columns = english ? table.columns : shape.columns.map((c) => t(`metrics.rows.column.${c}`, heads));
  const cell = (column: number, value: string | number | null) => {
    if (value === null) return "";
    const key = english ? undefined : CODED[shape.columns[column]]?.[String(value)];
    return key ? t(key) : value;
  };
  return (
    <>
      <p className="no-print">
        <Link to={`/metrics${filterQuery(values)}`}>{t("metrics.report.back")}</Link>
      </p>
      <h1>{t("metrics.rows.title", { label })}</h1>
      <p>
        {periodLabel(period)}. {definition}
      </p>
      <p>
        <CsvLink table="rows" values={values} extra={{ metric }} label={t("metrics.rows.download")} />
      </p>
      {table.truncated ? <p role="status">{t("metrics.rows.truncated", { count: String(table.rows.length) })}</p> : null}
      {table.rows.length === 0 ? (
        <p>{t("metrics.rows.none")}</p>
      ) : (
        <div className="table-scroll" role="region" aria-label={t("metrics.rows.region")} tabIndex={0}>
          <table>
            <caption>
              {t("metrics.rows.caption", {
                title: english ? table.title : t(`metrics.rows.table.${shape.title}`, heads),
                count: `${table.rows.length}${table.truncated ? "+" : ""}`,
              })}
            </caption>
            <thead>
              <tr>
                {columns.map((c) => (
                  <th scope="col" key={c}>
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((r, i) => (
                <tr key={i}>
                  {r.map((v, j) => (
                    <td key={j}>{cell(j, v)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
