/**
 * Server-rendered inline SVG charts (no chart library, no script: the CSP allows none). Each chart
 * is an image with a title and a text summary for screen readers, followed by the same figures as
 * a table, so nobody depends on seeing the picture.
 */
import type { TFunction } from "i18next";
import { useTexts } from "~/ui/i18n";

export type ChartSeries = { name: string; color: string; format: (v: number | null) => string };
/** `label` names the period in full (table, description); `tick` is its short form under the axis. */
export type ChartPoint = { label: string; tick?: string; values: (number | null)[] };

const WIDTH = 720;
const HEIGHT = 300;
/** Room for the value axis's name (left, turned) and the period axis's name and legend (below). */
const PAD = { left: 84, right: 16, top: 16, bottom: 76 };
const TEXT = "#1a1d21";
const FONT = 13;

function niceMax(max: number): number {
  if (max <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * magnitude >= max) return step * magnitude;
  return 10 * magnitude;
}

/** Gridlines with values, period ticks, and both axes named (the SVG is aria-hidden here: the table below has the figures). */
function Axes({ max, format, points, xLabel, yLabel }: { max: number; format: (v: number) => string; points: ChartPoint[]; xLabel: string; yLabel: string }) {
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const plotW = WIDTH - PAD.left - PAD.right;
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  const every = Math.max(1, Math.ceil(points.length / 8));
  const step = plotW / Math.max(1, points.length);
  const bottom = HEIGHT - PAD.bottom;
  return (
    <g aria-hidden="true">
      {ticks.map((t) => {
        const y = PAD.top + plotH * (1 - t);
        return (
          <g key={t}>
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y} y2={y} stroke={t === 0 ? "#667085" : "#d0d5dd"} />
            <text x={PAD.left - 8} y={y + 4} textAnchor="end" fontSize={FONT} fill={TEXT}>
              {format(max * t)}
            </text>
          </g>
        );
      })}
      <line x1={PAD.left} x2={PAD.left} y1={PAD.top} y2={bottom} stroke="#667085" />
      {points.map((p, i) =>
        i % every === 0 ? (
          <text key={i} x={PAD.left + step * (i + 0.5)} y={bottom + 18} textAnchor="middle" fontSize={FONT} fill={TEXT}>
            {p.tick ?? p.label}
          </text>
        ) : null,
      )}
      <text x={PAD.left + plotW / 2} y={bottom + 40} textAnchor="middle" fontSize={FONT} fontWeight="600" fill={TEXT} data-axis="x">
        {xLabel}
      </text>
      <text transform={`translate(18 ${PAD.top + plotH / 2}) rotate(-90)`} textAnchor="middle" fontSize={FONT} fontWeight="600" fill={TEXT} data-axis="y">
        {yLabel}
      </text>
    </g>
  );
}

function Legend({ series }: { series: ChartSeries[] }) {
  if (series.length < 2) return null;
  return (
    <g aria-hidden="true">
      {series.map((s, i) => (
        <g key={s.name} transform={`translate(${PAD.left + i * 180}, ${HEIGHT - 8})`}>
          <rect width="12" height="12" y="-10" fill={s.color} />
          <text x="18" fontSize={FONT} fill={TEXT}>
            {s.name}
          </text>
        </g>
      ))}
    </g>
  );
}

function ChartTable({ id, title, series, points }: { id: string; title: string; series: ChartSeries[]; points: ChartPoint[] }) {
  const { t } = useTexts();
  return (
    <table className="chart-table" aria-labelledby={`${id}-table-caption`}>
      <caption id={`${id}-table-caption`}>{t("metrics.chart.tableCaption", { title })}</caption>
      <thead>
        <tr>
          <th scope="col">{t("metrics.chart.period")}</th>
          {series.map((s) => (
            <th scope="col" key={s.name}>
              {s.name}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {points.map((p) => (
          <tr key={p.label}>
            <th scope="row">{p.label}</th>
            {p.values.map((v, i) => (
              <td key={i}>{series[i].format(v)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function describe(t: TFunction, series: ChartSeries[], points: ChartPoint[]): string {
  if (points.length === 0) return t("metrics.chart.noData");
  return series
    .map((s, i) => {
      const values = points.map((p) => p.values[i]).filter((v): v is number => v !== null);
      if (values.length === 0) return t("metrics.chart.seriesNoData", { name: s.name });
      const first = points.find((p) => p.values[i] !== null)!;
      const last = [...points].reverse().find((p) => p.values[i] !== null)!;
      return t("metrics.chart.seriesRange", {
        name: s.name,
        first: s.format(first.values[i]),
        firstLabel: first.label,
        last: s.format(last.values[i]),
        lastLabel: last.label,
        highest: s.format(Math.max(...values)),
      });
    })
    .join(" ");
}

/** A trend line per series (gaps where a period has no value). */
type ChartProps = { id: string; title: string; series: ChartSeries[]; points: ChartPoint[]; xLabel: string; yLabel: string };

export function LineChart({ id, title, series, points, max, xLabel, yLabel }: ChartProps & { max?: number }) {
  const { t } = useTexts();
  const all = points.flatMap((p) => p.values).filter((v): v is number => v !== null);
  const top = max ?? niceMax(Math.max(0, ...all));
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const plotW = WIDTH - PAD.left - PAD.right;
  const step = plotW / Math.max(1, points.length);
  const xy = (i: number, v: number) => [PAD.left + step * (i + 0.5), PAD.top + plotH * (1 - v / top)] as const;
  return (
    <figure className="chart" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`}>{title}</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby={`${id}-svg-title ${id}-desc`} width="100%" preserveAspectRatio="xMidYMid meet">
        <title id={`${id}-svg-title`}>{title}</title>
        <desc id={`${id}-desc`}>{`${t("metrics.chart.by", { y: yLabel, x: xLabel.toLowerCase() })} ${describe(t, series, points)}`}</desc>
        <Axes max={top} format={(v) => series[0]?.format(v) ?? String(v)} points={points} xLabel={xLabel} yLabel={yLabel} />
        {series.map((s, si) => {
          const segments: string[] = [];
          let current = "";
          points.forEach((p, i) => {
            const v = p.values[si];
            if (v === null) {
              if (current) segments.push(current);
              current = "";
              return;
            }
            const [x, y] = xy(i, v);
            current += `${current ? "L" : "M"}${x.toFixed(1)},${y.toFixed(1)} `;
          });
          if (current) segments.push(current);
          return (
            <g key={s.name} aria-hidden="true">
              {segments.map((d, k) => (
                <path key={k} d={d} fill="none" stroke={s.color} strokeWidth="2.5" />
              ))}
              {points.map((p, i) => {
                const v = p.values[si];
                if (v === null) return null;
                const [x, y] = xy(i, v);
                return <circle key={i} cx={x} cy={y} r="3.5" fill={s.color} />;
              })}
            </g>
          );
        })}
        <Legend series={series} />
      </svg>
      <ChartTable id={id} title={title} series={series} points={points} />
    </figure>
  );
}

/** Side-by-side bars per period, one per series. */
export function BarChart({ id, title, series, points, xLabel, yLabel }: ChartProps) {
  const { t } = useTexts();
  const all = points.flatMap((p) => p.values).filter((v): v is number => v !== null);
  const top = niceMax(Math.max(0, ...all));
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const plotW = WIDTH - PAD.left - PAD.right;
  const step = plotW / Math.max(1, points.length);
  const barW = Math.max(1, (step * 0.8) / Math.max(1, series.length));
  return (
    <figure className="chart" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`}>{title}</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby={`${id}-svg-title ${id}-desc`} width="100%" preserveAspectRatio="xMidYMid meet">
        <title id={`${id}-svg-title`}>{title}</title>
        <desc id={`${id}-desc`}>{`${t("metrics.chart.by", { y: yLabel, x: xLabel.toLowerCase() })} ${describe(t, series, points)}`}</desc>
        <Axes max={top} format={(v) => series[0]?.format(v) ?? String(v)} points={points} xLabel={xLabel} yLabel={yLabel} />
        <g aria-hidden="true">
          {points.map((p, i) =>
            p.values.map((v, si) => {
              if (v === null || v === 0) return null;
              const h = plotH * (v / top);
              return (
                <rect
                  key={`${i}-${si}`}
                  x={PAD.left + step * i + step * 0.1 + barW * si}
                  y={PAD.top + plotH - h}
                  width={barW}
                  height={h}
                  fill={series[si].color}
                />
              );
            }),
          )}
        </g>
        <Legend series={series} />
      </svg>
      <ChartTable id={id} title={title} series={series} points={points} />
    </figure>
  );
}
