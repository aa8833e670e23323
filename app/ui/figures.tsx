import type { ReactNode } from "react";

/**
 * Headline figure cards at the top of a dashboard. Each card shows a value the page already
 * computed for the table below it (the caller passes that same value; never a second computation
 * that could disagree), and `data-figure` names it so a test can compare the card with the table.
 */
export type Figure = { key: string; label: string; value: ReactNode; note?: ReactNode; tone?: "ok" | "warning" | "danger"; href?: string };

export function FigureCards({ label, figures }: { label: string; figures: Figure[] }) {
  return (
    <ul className="figures" aria-label={label}>
      {figures.map((f) => (
        <li key={f.key}>
          <div className={`figure${f.tone ? ` is-${f.tone}` : ""}`} data-figure={f.key}>
            <span className="figure-label">{f.label}</span>
            <span className="figure-value">{f.value}</span>
            {f.note ? <span className="figure-note">{f.note}</span> : null}
          </div>
        </li>
      ))}
    </ul>
  );
}
