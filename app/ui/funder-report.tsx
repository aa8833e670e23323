import type { Figure as ReportFigure, ReportRow } from "~/modules/demographics/funder-report";
import type { FunderReportView } from "~/modules/demographics/queries.server";
import { FigureCards } from "~/ui/figures";
import { DOMAIN_KEYS, figureIn, useMetricsTexts } from "~/ui/metrics-texts";

/** The report's dimensions and fixed categories by key (catalog keys); other categories are the organisation's own names. */
const DIMENSION_KEY: Record<string, string> = {
  age: "metrics.funder.dimension.age",
  gender: "metrics.funder.dimension.gender",
  race: "metrics.funder.dimension.race",
  language: "metrics.funder.dimension.language",
  zip: "metrics.funder.dimension.zip",
  veteran: "metrics.funder.dimension.veteran",
  payer: "metrics.funder.dimension.payer",
};
const SHARED_CELLS: Record<string, string> = {
  prefer_not_to_say: "metrics.funder.cell.preferNot",
  not_recorded: "metrics.funder.cell.notRecorded",
  two_or_more: "metrics.funder.cell.twoOrMore",
  other_zip: "metrics.funder.cell.otherZip",
};
const CELL_KEY: Record<string, Record<string, string>> = {
  age: {
    under_18: "metrics.funder.cell.age.under18",
    "18_24": "metrics.funder.cell.age.a18",
    "25_34": "metrics.funder.cell.age.a25",
    "35_44": "metrics.funder.cell.age.a35",
    "45_54": "metrics.funder.cell.age.a45",
    "55_64": "metrics.funder.cell.age.a55",
    "65_plus": "metrics.funder.cell.age.a65",
  },
  gender: {
    woman: "metrics.funder.cell.gender.woman",
    man: "metrics.funder.cell.gender.man",
    transgender_woman: "metrics.funder.cell.gender.transgenderWoman",
    transgender_man: "metrics.funder.cell.gender.transgenderMan",
    non_binary: "metrics.funder.cell.gender.nonBinary",
    another: "metrics.funder.cell.gender.another",
  },
  language: {
    english: "metrics.funder.cell.language.english",
    spanish: "metrics.funder.cell.language.spanish",
    chinese: "metrics.funder.cell.language.chinese",
    tagalog: "metrics.funder.cell.language.tagalog",
    vietnamese: "metrics.funder.cell.language.vietnamese",
    arabic: "metrics.funder.cell.language.arabic",
    french: "metrics.funder.cell.language.french",
    korean: "metrics.funder.cell.language.korean",
    russian: "metrics.funder.cell.language.russian",
    haitian_creole: "metrics.funder.cell.language.haitianCreole",
    portuguese: "metrics.funder.cell.language.portuguese",
    hindi: "metrics.funder.cell.language.hindi",
    asl: "metrics.funder.cell.language.asl",
    another: "metrics.funder.cell.language.another",
  },
  veteran: { veteran: "metrics.funder.cell.veteran.veteran", not_veteran: "metrics.funder.cell.veteran.notVeteran" },
  payer: {
    medicaid: "metrics.funder.cell.payer.medicaid",
    medicare: "metrics.funder.cell.payer.medicare",
    private: "metrics.funder.cell.payer.private",
    other_public: "metrics.funder.cell.payer.otherPublic",
    uninsured: "metrics.funder.cell.payer.uninsured",
    other: "metrics.funder.cell.payer.other",
  },
};

type Translate = (key: string, values?: Record<string, unknown>) => string;
function useCellLabel(dimension: string) {
  const { t, english } = useMetricsTexts();
  const tt = t as unknown as Translate;
  return (row: ReportRow, total: ReportRow) => {
    if (row === total) return tt("metrics.funder.total");
    if (english) return row.label;
    const key = CELL_KEY[dimension]?.[row.key] ?? SHARED_CELLS[row.key];
    return key ? tt(key) : row.label;
  };
}

/** A figure, or the mark of a suppressed cell (explained under the tables). */
export function FigureText({ f, digits = 0 }: { f: ReportFigure; digits?: number }) {
  const { t, english, locale } = useMetricsTexts();
  if (f.hidden === "small") return <abbr title={t("metrics.funder.suppressedSmall")}>&lt;5</abbr>;
  if (f.hidden === "complementary") return <abbr title={t("metrics.funder.suppressedComplementary")}>*</abbr>;
  if (f.value === null) return <span className="muted">—</span>;
  if (!english) return <>{digits ? figureIn(locale, f.value, "hours").replace(" h", "") : figureIn(locale, f.value, "count")}</>;
  return <>{digits ? f.value.toFixed(digits) : f.value.toLocaleString("en-US")}</>;
}

function useFormats() {
  const { english, locale } = useMetricsTexts();
  const rate = (r: ReportRow) => (r.completionRate === null ? "—" : english ? `${Math.round(r.completionRate * 100)}%` : `${Math.round(r.completionRate * 100)} %`);
  const change = (f: ReportFigure) =>
    f.value !== null && f.hidden === null ? (english ? `${f.value > 0 ? "+" : ""}${f.value.toFixed(2)}` : figureIn(locale, Math.round(f.value * 100) / 100, "change")) : null;
  return { rate, change };
}

function ParticipationTable({ dimension, caption, rows, total }: { dimension: string; caption: string; rows: ReportRow[]; total: ReportRow }) {
  const { t } = useMetricsTexts();
  const { rate } = useFormats();
  const cellLabel = useCellLabel(dimension);
  return (
    <div className="table-scroll" role="region" aria-label={caption} tabIndex={0}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("metrics.funder.category")}</th>
            <th scope="col">{t("metrics.funder.peopleServed")}</th>
            <th scope="col">{t("metrics.funder.new")}</th>
            <th scope="col">{t("metrics.funder.continuing")}</th>
            <th scope="col">{t("metrics.funder.sessionsAttended")}</th>
            <th scope="col">{t("metrics.funder.participantHours")}</th>
            <th scope="col">{t("metrics.funder.completedOfEnded")}</th>
            <th scope="col">{t("metrics.funder.completionRate")}</th>
          </tr>
        </thead>
        <tbody>
          {[...rows, total].map((r) => (
            <tr key={r.key} data-row={r.key} className={r === total ? "total-row" : undefined}>
              <th scope="row">{cellLabel(r, total)}</th>
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
                <FigureText f={r.completed} />
                {t("metrics.funder.of")}
                <FigureText f={r.ended} />
              </td>
              <td>{rate(r)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function OutcomeTable({ dimension, caption, rows, total, columns }: { dimension: string; caption: string; rows: ReportRow[]; total: ReportRow; columns: FunderReportView["outcomeColumns"] }) {
  const { t, english } = useMetricsTexts();
  const { change } = useFormats();
  const cellLabel = useCellLabel(dimension);
  if (columns.length === 0) return null;
  return (
    <div className="table-scroll" role="region" aria-label={caption} tabIndex={0}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("metrics.funder.category")}</th>
            {columns.map((c) => (
              <th scope="col" key={c.key}>
                {!english && c.key in DOMAIN_KEYS ? t(DOMAIN_KEYS[c.key as keyof typeof DOMAIN_KEYS]) : c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {[...rows, total].map((r) => (
            <tr key={r.key} className={r === total ? "total-row" : undefined}>
              <th scope="row">{cellLabel(r, total)}</th>
              {r.outcomes.map((o, j) => (
                <td key={columns[j].key}>
                  {change(o) ?? <FigureText f={o} />}{" "}
                  <span className="muted">
                    (<FigureText f={r.outcomePeople[j]} />
                    {t("metrics.funder.people")})
                  </span>
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
  const total = report.total;
  const { t, english, figure } = useMetricsTexts();
  const { rate } = useFormats();
  const dimensionLabel = (d: { key: string; label: string }) => (!english && DIMENSION_KEY[d.key] ? t(DIMENSION_KEY[d.key]) : d.label);
  return (
    <>
      {total.people.hidden === "complementary" ? (
        <p className="notice warning" role="note">
          {t(report.allPrograms ? "metrics.funder.complementaryAll" : "metrics.funder.complementaryOne")}
        </p>
      ) : null}
      <FigureCards
        label={t("metrics.funder.headline")}
        figures={[
          { key: "people", label: t("metrics.funder.cardPeople"), value: <FigureText f={total.people} /> },
          { key: "new", label: t("metrics.funder.new"), value: <FigureText f={total.newPeople} />, note: t("metrics.funder.newNote") },
          { key: "continuing", label: t("metrics.funder.continuing"), value: <FigureText f={total.continuing} /> },
          { key: "sessions", label: t("metrics.funder.sessionsDelivered"), value: report.sessionsDelivered },
          { key: "hours", label: t("metrics.funder.hoursDelivered"), value: english ? report.hoursDelivered.toFixed(1) : figure(report.hoursDelivered, "hours").replace(" h", "") },
          {
            key: "completion",
            label: t("metrics.funder.completionRate"),
            value: rate(total),
            note: (
              <>
                {t("metrics.funder.completed")}
                <FigureText f={total.completed} />
                {t("metrics.funder.of")}
                <FigureText f={total.ended} />
                {t("metrics.funder.whoEnded")}
              </>
            ),
          },
        ]}
      />
      {report.dimensions.map((d) => (
        <section key={d.key} className="report-dimension" aria-labelledby={`dimension-${d.key}`}>
          <h2 id={`dimension-${d.key}`}>{dimensionLabel(d)}</h2>
          <ParticipationTable dimension={d.key} caption={t("metrics.funder.participationCaption", { dimension: dimensionLabel(d) })} rows={d.rows} total={total} />
          <OutcomeTable dimension={d.key} caption={t("metrics.funder.outcomeCaption", { dimension: dimensionLabel(d) })} rows={d.rows} total={total} columns={report.outcomeColumns} />
        </section>
      ))}
      <p className="muted">
        &lt;5{t("metrics.funder.notes")}
      </p>
    </>
  );
}
