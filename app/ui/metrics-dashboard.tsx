import { Form, Link } from "@remix-run/react";
import {
  formatFigure,
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
    <Form method="get" action={action} className="card no-print" aria-label="Filters">
      <ErrorSummary data={{ errors: summary }} labels={{ "filter-from": "First day", "filter-to": "Last day", "filter-period": "Period", "filter-by": "Show by" }} />
      <div className="grid">
        {select("program", "Program", [{ value: "", label: "All programs" }, ...options.programs.map((p) => ({ value: p.id, label: p.name }))])}
        {select("group", "Group", [{ value: "", label: "All groups" }, ...options.groups.map((g) => ({ value: g.id, label: g.name }))])}
        {select("facilitator", "Facilitator", [{ value: "", label: "All facilitators" }, ...options.facilitators.map((f) => ({ value: f.id, label: f.name }))])}
        {select("period", "Period", options.periods)}
        {date("from", "First day (custom range)")}
        {date("to", "Last day (custom range)")}
        {showGranularity
          ? select("by", "Show by", [
              { value: "week", label: "Week" },
              { value: "month", label: "Month" },
              { value: "quarter", label: "Quarter" },
            ])
          : null}
      </div>
      <button type="submit">Show figures</button>
    </Form>
  );
}

/** The small "period" GET form of pages that show one period (outcomes, a logic model's actuals). */
export function PeriodForm({ label, value, periods, error }: { label: string; value: string; periods: { value: string; label: string }[]; error?: string }) {
  return (
    <>
      <Form method="get" className="card row no-print" aria-label="Period">
        <div className="field">
          <label htmlFor="period">{label}</label>
          <select id="period" name="period" defaultValue={value}>
            {periods
              .filter((p) => p.value !== "custom")
              .map((p) => (
                <option key={p.value} value={p.value}>
                  {p.label}
                </option>
              ))}
          </select>
        </div>
        <div className="field">
          <button type="submit">Show</button>
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
  return (
    <FigureCards
      label="Headline figures for the period"
      figures={HEADLINE_OUTPUTS.map((key) => ({
        key,
        label: METRIC_INFO[key].label,
        value: formatFigure(summary[key], METRIC_INFO[key].format as MetricFormat),
      }))}
    />
  );
}

export function OutputsTable({ summary, values, rule }: { summary: SummaryData; values: FilterValues; rule: { attended: number; of: number } }) {
  return (
    // Wide on a phone (figure, value, what it counts, rows link): the table scrolls, not the page.
    <div className="table-scroll" role="region" aria-label="Outputs for the period" tabIndex={0}>
      <table className="outputs-table">
        <caption className="visually-hidden">Outputs for the period</caption>
        <thead>
          <tr>
            <th scope="col">Figure</th>
            <th scope="col">Value</th>
            <th scope="col">Behind the figure</th>
            <th scope="col" className="no-print">
              Rows
            </th>
          </tr>
        </thead>
        <tbody>
          {OUTPUT_METRICS.map((key) => {
            const info = METRIC_INFO[key];
            const definition = key === "retention_rate" ? info.definition.replace("N of", `${rule.attended} of`).replace("first M", `first ${rule.of}`) : info.definition;
            return (
              <tr key={key}>
                <th scope="row">
                  {info.label}
                  <br />
                  <span className="muted" style={{ fontWeight: 400, fontSize: ".85rem" }}>
                    {definition}
                  </span>
                </th>
                <td data-metric={key}>{formatFigure(summary[key], info.format as MetricFormat)}</td>
                <td>{summary.details[key] ?? ""}</td>
                <td className="no-print">
                  <Link to={`/metrics/rows${filterQuery(values, { metric: key })}`}>
                    See rows<span className="visually-hidden"> behind {info.label}</span>
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

export function OutcomesTable({ outcomes, scale }: { outcomes: DomainChange[]; scale: { min: number; max: number; description: string } }) {
  return (
    <div className="table-scroll" role="region" aria-label="Change from baseline" tabIndex={0}>
      <table>
        <caption>
          Change from baseline, scale {scale.min}–{scale.max} ({scale.description}). Figures for fewer than 5 people are not shown.
        </caption>
        <OutcomeChangeHead first="Domain" />
        <tbody>
          {outcomes.map((o) => (
            <tr key={o.domain}>
              <th scope="row">{o.label}</th>
              <OutcomeChangeCells change={o} peopleCell={{ "data-domain": o.domain }} />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

type Trend = { label: string; sessionsHeld: number; sessionsCancelled: number; attendanceRate: number | null; participantHours: number; uniqueParticipants: number }[];

const pct = (v: number | null) => formatFigure(v, "percent");
const count = (v: number | null) => formatFigure(v, "count");
const hours = (v: number | null) => formatFigure(v, "hours");

const PERIOD_AXIS = { week: "Week starting", month: "Month", quarter: "Quarter" } as const;

export function TrendCharts({ trend, by }: { trend: Trend; by: keyof typeof PERIOD_AXIS }) {
  const xLabel = PERIOD_AXIS[by] ?? "Period";
  return (
    <>
      <LineChart
        id="chart-attendance"
        title="Attendance rate"
        xLabel={xLabel}
        yLabel="Attendance rate (%)"
        max={1}
        series={[{ name: "Attendance rate", color: "#1d4ed8", format: pct }]}
        points={trend.map((t) => ({ label: t.label, values: [t.attendanceRate] }))}
      />
      <BarChart
        id="chart-sessions"
        title="Sessions held and cancelled"
        xLabel={xLabel}
        yLabel="Sessions"
        series={[
          { name: "Held", color: "#1d4ed8", format: count },
          { name: "Cancelled", color: "#b42318", format: count },
        ]}
        points={trend.map((t) => ({ label: t.label, values: [t.sessionsHeld, t.sessionsCancelled] }))}
      />
      <LineChart
        id="chart-people"
        title="Unique participants"
        xLabel={xLabel}
        yLabel="People"
        series={[{ name: "Unique participants", color: "#067647", format: count }]}
        points={trend.map((t) => ({ label: t.label, values: [t.uniqueParticipants] }))}
      />
      <BarChart
        id="chart-hours"
        title="Participant-hours"
        xLabel={xLabel}
        yLabel="Hours"
        series={[{ name: "Participant-hours", color: "#6941c6", format: hours }]}
        points={trend.map((t) => ({ label: t.label, values: [t.participantHours] }))}
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
  return (
    <thead>
      <tr>
        <th scope="col">{first}</th>
        <th scope="col">People</th>
        <th scope="col">Mean at baseline</th>
        <th scope="col">Mean latest</th>
        <th scope="col">Mean change</th>
        <th scope="col">Improved</th>
      </tr>
    </thead>
  );
}

type OutcomeChange = { people: number; suppressed: boolean; baselineMean: number | null; latestMean: number | null; meanChange: number | null; improved: number | null };

/**
 * The cells of one outcome row after its name: people behind it, then baseline, latest, change and
 * how many improved — or, below 5 people, one cell saying why nothing is shown. Shared by the five
 * PA-CSE 1.02 domains and the organisation's own measures, so both withhold the same way.
 */
export function OutcomeChangeCells({ change: o, peopleCell }: { change: OutcomeChange; peopleCell: Record<`data-${string}`, string> }) {
  return (
    <>
      <td {...peopleCell}>{o.suppressed ? (o.people === 0 ? "0" : "fewer than 5") : o.people}</td>
      {o.suppressed ? (
        <td colSpan={4} className="muted">
          {o.people === 0 ? "No one measured at baseline and again in this period." : "Not shown: fewer than 5 people."}
        </td>
      ) : (
        <>
          <td>{formatFigure(o.baselineMean, "change").replace("+", "")}</td>
          <td>{formatFigure(o.latestMean, "change").replace("+", "")}</td>
          <td>{formatFigure(o.meanChange, "change")}</td>
          <td>
            {o.improved} of {o.people}
          </td>
        </>
      )}
    </>
  );
}
