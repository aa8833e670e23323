import { Form, Link } from "@remix-run/react";
import {
  METRIC_INFO,
  OUTPUT_METRICS,
  type DomainChange,
  type MetricFormat,
  type OutputMetric,
} from "~/modules/metrics/definitions";
import { filterQuery, type FilterValues } from "~/modules/metrics/schema";
import { describedBy, ErrorSummary, FieldShell } from "~/ui/form";
import { FigureCards } from "~/ui/figures";
import { BarChart, LineChart } from "~/ui/metrics-chart";
import { DOMAIN_KEYS, METRIC_KEYS, useMetricsTexts } from "~/ui/metrics-texts";

type Option = { id: string; name: string };

/** The GET filter form: every view is a URL that can be bookmarked and shared. */
export function MetricsFilterForm({
  action,
  values,
  errors,
  options,
  showGranularity = true,
}: {
  action: string;
  values: FilterValues;
  errors: Record<string, string[]>;
  options: { programs: Option[]; groups: Option[]; facilitators: Option[]; periods: { value: string; label: string }[] };
  showGranularity?: boolean;
}) {
  const { t, periodChoice } = useMetricsTexts();
  const select = (name: keyof FilterValues, label: string, choices: { value: string; label: string }[]) => {
    const id = `filter-${name}`;
    const error = errors[name]?.[0];
    return (
      <FieldShell name={id} label={label} error={error}>
        <select id={id} name={name} defaultValue={values[name]} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, undefined, error)}>
          {choices.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
      </FieldShell>
    );
  };
  const date = (name: "from" | "to", label: string) => {
    const id = `filter-${name}`;
    const error = errors[name]?.[0];
    return (
      <FieldShell name={id} label={label} error={error}>
        <input id={id} type="date" name={name} defaultValue={values[name]} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, undefined, error)} />
      </FieldShell>
    );
  };
  const summary = Object.fromEntries(Object.entries(errors).map(([k, v]) => [`filter-${k}`, v]));
  return (
    <Form method="get" action={action} className="card no-print" aria-label={t("metrics.filters.label")}>
      <ErrorSummary data={{ errors: summary }} labels={{ "filter-from": t("metrics.filters.firstDay"), "filter-to": t("metrics.filters.lastDay"), "filter-period": t("metrics.filters.period"), "filter-by": t("metrics.filters.showBy") }} />
      <div className="grid">
        {select("program", t("metrics.filters.program"), [{ value: "", label: t("metrics.filters.allPrograms") }, ...options.programs.map((p) => ({ value: p.id, label: p.name }))])}
        {select("group", t("metrics.filters.group"), [{ value: "", label: t("metrics.filters.allGroups") }, ...options.groups.map((g) => ({ value: g.id, label: g.name }))])}
        {select("facilitator", t("metrics.filters.facilitator"), [{ value: "", label: t("metrics.filters.allFacilitators") }, ...options.facilitators.map((f) => ({ value: f.id, label: f.name }))])}
        {select("period", t("metrics.filters.period"), options.periods.map((p) => ({ value: p.value, label: periodChoice(p) })))}
        {date("from", t("metrics.filters.firstDayCustom"))}
        {date("to", t("metrics.filters.lastDayCustom"))}
        {showGranularity
          ? select("by", t("metrics.filters.showBy"), [
              { value: "week", label: t("metrics.filters.week") },
              { value: "month", label: t("metrics.filters.month") },
              { value: "quarter", label: t("metrics.filters.quarter") },
            ])
          : null}
      </div>
      <button type="submit">{t("metrics.filters.submit")}</button>
    </Form>
  );
}

/** The small "period" GET form of pages that show one period (outcomes, a logic model's actuals). */
export function PeriodForm({ label, value, periods, error }: { label: string; value: string; periods: { value: string; label: string }[]; error?: string }) {
  const { t, periodChoice } = useMetricsTexts();
  return (
    <>
      <Form method="get" className="card row no-print" aria-label={t("metrics.filters.period")}>
        <div className="field">
          <label htmlFor="period">{label}</label>
          <select id="period" name="period" defaultValue={value}>
            {periods
              .filter((p) => p.value !== "custom")
              .map((p) => (
                <option key={p.value} value={p.value}>
                  {periodChoice(p)}
                </option>
              ))}
          </select>
        </div>
        <div className="field">
          <button type="submit">{t("metrics.filters.show")}</button>
        </div>
      </Form>
      {error ? <p className="error-text">{error}</p> : null}
    </>
  );
}

export type SummaryData = Record<OutputMetric, number | null> & { details: Partial<Record<OutputMetric, string>> };

/** The outputs a manager reads first; the cards show the very values of the outputs table below. */
const HEADLINE_OUTPUTS: OutputMetric[] = ["sessions_held", "unique_participants", "attendance_rate", "participant_hours"];

export function HeadlineOutputs({ summary }: { summary: SummaryData }) {
  const { t, figure } = useMetricsTexts();
  return (
    <FigureCards
      label={t("metrics.dashboard.headline")}
      figures={HEADLINE_OUTPUTS.map((key) => ({
        key,
        label: t(`metrics.metric.${METRIC_KEYS[key]}.label`),
        value: figure(summary[key], METRIC_INFO[key].format as MetricFormat),
      }))}
    />
  );
}

export function OutputsTable({ summary, values, rule }: { summary: SummaryData; values: FilterValues; rule: { attended: number; of: number } }) {
  const { t, figure, detail } = useMetricsTexts();
  return (
    // Wide on a phone (figure, value, what it counts, rows link): the table scrolls, not the page.
    <div className="table-scroll" role="region" aria-label={t("metrics.dashboard.outputsCaption")} tabIndex={0}>
      <table className="outputs-table">
        <caption className="visually-hidden">{t("metrics.dashboard.outputsCaption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("metrics.dashboard.figure")}</th>
            <th scope="col">{t("metrics.dashboard.value")}</th>
            <th scope="col">{t("metrics.dashboard.behind")}</th>
            <th scope="col" className="no-print">
              {t("metrics.dashboard.rows")}
            </th>
          </tr>
        </thead>
        <tbody>
          {OUTPUT_METRICS.map((key) => {
            const info = METRIC_INFO[key];
            const label = t(`metrics.metric.${METRIC_KEYS[key]}.label`);
            const definition = t(`metrics.metric.${METRIC_KEYS[key]}.definition`, { attended: String(rule.attended), of: String(rule.of) });
            return (
              <tr key={key}>
                <th scope="row">
                  {label}
                  <br />
                  <span className="muted" style={{ fontWeight: 400, fontSize: ".85rem" }}>
                    {definition}
                  </span>
                </th>
                <td data-metric={key}>{figure(summary[key], info.format as MetricFormat)}</td>
                <td>{detail(summary, key)}</td>
                <td className="no-print">
                  <Link to={`/metrics/rows${filterQuery(values, { metric: key })}`}>
                    {t("metrics.dashboard.seeRows")}<span className="visually-hidden">{t("metrics.dashboard.seeRowsBehind", { label })}</span>
                  </Link>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export function OutcomesTable({ outcomes, scale }: { outcomes: (Omit<DomainChange, "people"> & { people: number | null; complementary?: boolean })[]; scale: { min: number; max: number; description: string } }) {
  const { t } = useMetricsTexts();
  return (
    <div className="table-scroll" role="region" aria-label={t("metrics.outcomes.region")} tabIndex={0}>
      <table>
        <caption>{t("metrics.outcomes.caption", { min: String(scale.min), max: String(scale.max), description: scale.description })}</caption>
        <OutcomeChangeHead first={t("metrics.outcomes.domain")} />
        <tbody>
          {outcomes.map((o) => (
            <tr key={o.domain}>
              <th scope="row">{DOMAIN_KEYS[o.domain] ? t(DOMAIN_KEYS[o.domain]) : o.label}</th>
              <OutcomeChangeCells change={o} peopleCell={{ "data-domain": o.domain }} />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

type Trend = { bucket: string; label: string; sessionsHeld: number; sessionsCancelled: number; attendanceRate: number | null; participantHours: number; uniqueParticipants: number }[];

const PERIOD_AXIS = { week: "metrics.trends.axisWeek", month: "metrics.trends.axisMonth", quarter: "metrics.trends.axisQuarter" } as const;

export function TrendCharts({ trend, by }: { trend: Trend; by: keyof typeof PERIOD_AXIS }) {
  const { t, figure, bucket } = useMetricsTexts();
  const pct = (v: number | null) => figure(v, "percent");
  const count = (v: number | null) => figure(v, "count");
  const hours = (v: number | null) => figure(v, "hours");
  const xLabel = t(PERIOD_AXIS[by] ?? "metrics.trends.axisPeriod");
  const at = (p: Trend[number]) => bucket(p.bucket, by, p.label);
  return (
    <>
      <LineChart
        id="chart-attendance"
        title={t("metrics.trends.attendanceTitle")}
        xLabel={xLabel}
        yLabel={t("metrics.trends.attendanceAxis")}
        max={1}
        series={[{ name: t("metrics.trends.attendanceSeries"), color: "#1d4ed8", format: pct }]}
        points={trend.map((p) => ({ ...at(p), values: [p.attendanceRate] }))}
      />
      <BarChart
        id="chart-sessions"
        title={t("metrics.trends.sessionsTitle")}
        xLabel={xLabel}
        yLabel={t("metrics.trends.sessionsAxis")}
        series={[
          { name: t("metrics.trends.held"), color: "#1d4ed8", format: count },
          { name: t("metrics.trends.cancelled"), color: "#b42318", format: count },
        ]}
        points={trend.map((p) => ({ ...at(p), values: [p.sessionsHeld, p.sessionsCancelled] }))}
      />
      <LineChart
        id="chart-people"
        title={t("metrics.trends.peopleTitle")}
        xLabel={xLabel}
        yLabel={t("metrics.trends.peopleAxis")}
        series={[{ name: t("metrics.trends.peopleSeries"), color: "#067647", format: count }]}
        points={trend.map((p) => ({ ...at(p), values: [p.uniqueParticipants] }))}
      />
      <BarChart
        id="chart-hours"
        title={t("metrics.trends.hoursTitle")}
        xLabel={xLabel}
        yLabel={t("metrics.trends.hoursAxis")}
        series={[{ name: t("metrics.trends.hoursSeries"), color: "#6941c6", format: hours }]}
        points={trend.map((p) => ({ ...at(p), values: [p.participantHours] }))}
      />
    </>
  );
}

export function CsvLink({ table, values, label, extra = {} }: { table: string; values: FilterValues; label: string; extra?: Record<string, string> }) {
  return (
    <a className="no-print" href={`/metrics/export.csv${filterQuery(values, { table, ...extra })}`} download>
      {label}
    </a>
  );
}

/** The column heads of an outcome-change table; `first` names what each row measures (a domain, a measure). */
export function OutcomeChangeHead({ first }: { first: string }) {
  const { t } = useMetricsTexts();
  return (
    <thead>
      <tr>
        <th scope="col">{first}</th>
        <th scope="col">{t("metrics.outcomes.people")}</th>
        <th scope="col">{t("metrics.outcomes.baseline")}</th>
        <th scope="col">{t("metrics.outcomes.latest")}</th>
        <th scope="col">{t("metrics.outcomes.change")}</th>
        <th scope="col">{t("metrics.outcomes.improved")}</th>
      </tr>
    </thead>
  );
}

/** `complementary`: hidden because another view could be subtracted from it (outcome-views.ts): no count either. */
type OutcomeChange = { people: number | null; suppressed: boolean; complementary?: boolean; baselineMean: number | null; latestMean: number | null; meanChange: number | null; improved: number | null };

/**
 * The cells of one outcome row after its name: people behind it, then baseline, latest, change and
 * how many improved — or, below 5 people, one cell saying why nothing is shown. Shared by the five
 * PA-CSE 1.02 domains and the organisation's own measures, so both withhold the same way.
 */
export function OutcomeChangeCells({ change: o, peopleCell }: { change: OutcomeChange; peopleCell: Record<`data-${string}`, string> }) {
  const { t, figure } = useMetricsTexts();
  return (
    <>
      <td {...peopleCell}>{o.complementary ? t("metrics.outcomes.withheldCount") : o.suppressed ? (o.people === 0 ? "0" : t("metrics.outcomes.fewerThan5")) : o.people}</td>
      {o.suppressed ? (
        <td colSpan={4} className="muted">
          {o.complementary ? t("metrics.outcomes.complementary") : o.people === 0 ? t("metrics.outcomes.noneMeasured") : t("metrics.outcomes.notShown")}
        </td>
      ) : (
        <>
          <td>{figure(o.baselineMean, "change").replace("+", "")}</td>
          <td>{figure(o.latestMean, "change").replace("+", "")}</td>
          <td>{figure(o.meanChange, "change")}</td>
          <td>{t("metrics.outcomes.improvedOf", { improved: String(o.improved), people: String(o.people) })}</td>
        </>
      )}
    </>
  );
}

type Withheld = { withheld: "period" | "running" | "scope"; lastQuarter: { key: string; label: string; from: string; to: string } };

/**
 * In place of outcome figures a view may not show (outcome-views.ts): why, the last quarter that
 * has ended for the same program (or all programs), and the funder report.
 */
export function OutcomesWithheld({ section, values, path }: { section: Withheld; values: FilterValues; path: string }) {
  const { t, periodLabel } = useMetricsTexts();
  const quarter = filterQuery({ period: section.lastQuarter.key, program: section.withheld === "scope" ? "" : values.program, by: values.by });
  return (
    <p data-outcomes-withheld={section.withheld}>
      {t(`metrics.outcomes.withheld.${section.withheld}`)}{" "}
      <Link to={`${path}${quarter}`}>{t("metrics.outcomes.withheld.lastQuarter", { quarter: periodLabel(section.lastQuarter) })}</Link>
      {" · "}
      <Link to="/metrics/funder">{t("metrics.outcomes.withheld.funder")}</Link>
    </p>
  );
}
