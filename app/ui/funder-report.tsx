import type { Figure as ReportFigure, ReportRow } from "~/modules/demographics/funder-report";
import type { FunderReportView } from "~/modules/demographics/queries.server";
import { FigureCards } from "~/ui/figures";

/** A figure, or the mark of a suppressed cell (explained under the tables). */
export function FigureText({ f, digits = 0 }: { f: ReportFigure; digits?: number }) {
  if (f.hidden === "small") return <abbr title="Suppressed: fewer than 5 people">&lt;5</abbr>;
  if (f.hidden === "complementary") return <abbr title="Suppressed so that a small cell cannot be worked out from the total">*</abbr>;
  if (f.value === null) return <span className="muted">—</span>;
  return <>{digits ? f.value.toFixed(digits) : f.value.toLocaleString("en-US")}</>;
}

const rate = (r: ReportRow) => (r.completionRate === null ? "—" : `${Math.round(r.completionRate * 100)}%`);
const change = (f: ReportFigure) => (f.value !== null && f.hidden === null ? `${f.value > 0 ? "+" : ""}${f.value.toFixed(2)}` : null);

function ParticipationTable({ caption, rows, total }: { caption: string; rows: ReportRow[]; total: ReportRow }) {
  return (
    <div className="table-scroll" role="region" aria-label={caption} tabIndex={0}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Category</th>
            <th scope="col">People served</th>
            <th scope="col">New</th>
            <th scope="col">Continuing</th>
            <th scope="col">Sessions attended</th>
            <th scope="col">Participant hours</th>
            <th scope="col">Completed of ended</th>
            <th scope="col">Completion rate</th>
          </tr>
        </thead>
        <tbody>
          {[...rows, total].map((r) => (
            <tr key={r.key} data-row={r.key} className={r === total ? "total-row" : undefined}>
              <th scope="row">{r === total ? "Total" : r.label}</th>
              <td data-cell="people">
                <FigureText f={r.people} />
              </td>
              <td>
                <FigureText f={r.newPeople} />
              </td>
              <td>
                <FigureText f={r.continuing} />
              </td>
              <td>
                <FigureText f={r.attendances} />
              </td>
              <td>
                <FigureText f={r.hours} digits={1} />
              </td>
              <td>
                <FigureText f={r.completed} /> of <FigureText f={r.ended} />
              </td>
              <td>{rate(r)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function OutcomeTable({ caption, rows, total, columns }: { caption: string; rows: ReportRow[]; total: ReportRow; columns: FunderReportView["outcomeColumns"] }) {
  if (columns.length === 0) return null;
  return (
    <div className="table-scroll" role="region" aria-label={caption} tabIndex={0}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Category</th>
            {columns.map((c) => (
              <th scope="col" key={c.key}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {[...rows, total].map((r) => (
            <tr key={r.key} className={r === total ? "total-row" : undefined}>
              <th scope="row">{r === total ? "Total" : r.label}</th>
              {r.outcomes.map((o, j) => (
                <td key={columns[j].key}>
                  {change(o) ?? <FigureText f={o} />} <span className="muted">(<FigureText f={r.outcomePeople[j]} /> people)</span>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The whole report: headline cards (the total row's own values), then each dimension's tables. */
export function FunderReportTables({ report }: { report: FunderReportView }) {
  const t = report.total;
  return (
    <>
      {t.people.hidden === "complementary" ? (
        <p className="notice warning" role="note">
          This report&apos;s figures are not shown: they differ by fewer than 5 people from a report that can be run beside it (
          {report.allPrograms ? "one of this year's quarters, or a single program" : "the same period for all programs, or one of this year's quarters"}), so
          comparing the two would single someone out.
        </p>
      ) : null}
      <FigureCards
        label="Headline figures"
        figures={[
          { key: "people", label: "People served (unduplicated)", value: <FigureText f={t.people} /> },
          { key: "new", label: "New", value: <FigureText f={t.newPeople} />, note: "First enrolled in the period" },
          { key: "continuing", label: "Continuing", value: <FigureText f={t.continuing} /> },
          { key: "sessions", label: "Sessions delivered", value: report.sessionsDelivered },
          { key: "hours", label: "Hours delivered", value: report.hoursDelivered.toFixed(1) },
          { key: "completion", label: "Completion rate", value: rate(t), note: <>Completed <FigureText f={t.completed} /> of <FigureText f={t.ended} /> who ended</> },
        ]}
      />
      {report.dimensions.map((d) => (
        <section key={d.key} className="report-dimension" aria-labelledby={`dimension-${d.key}`}>
          <h2 id={`dimension-${d.key}`}>{d.label}</h2>
          <ParticipationTable caption={`${d.label}: participation and completion`} rows={d.rows} total={t} />
          <OutcomeTable caption={`${d.label}: mean change from baseline`} rows={d.rows} total={t} columns={report.outcomeColumns} />
        </section>
      ))}
      <p className="muted">
        &lt;5: fewer than 5 people, not shown. *: not shown so that a small cell cannot be worked out — by subtracting the cells shown from the total, or by
        subtracting this report from another (a year from one of its quarters, all programs from one program). ZIP codes are counted by their first 3
        digits; areas with fewer than 5 people in the year are counted together. Age is taken on 1 January of the report&apos;s year. Outcome
        change is the mean change from the first intake score to the latest later score in the period, on each measure&apos;s scale, for people served (as on
        Outcomes).
      </p>
    </>
  );
}
