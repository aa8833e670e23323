import type { CSSProperties } from "react";
import { useTexts } from "./i18n";

export type CompetencyCellState = "verified" | "expiring" | "demonstrated" | "in_progress" | "expired" | "missing" | "not_required";

/**
 * Colour plus a symbol plus words: the state never rests on colour alone. The colours are
 * app.css's `.competency-badge[data-state=…]` (a class, not an inline style per badge: the matrix
 * of a big organisation has hundreds of them).
 */
const LOOK: Record<CompetencyCellState, { symbol: string; name: string }> = {
  verified: { symbol: "✓", name: "competency.status.legend.verified" },
  expiring: { symbol: "!", name: "competency.status.legend.expiring" },
  demonstrated: { symbol: "◐", name: "competency.status.legend.demonstrated" },
  in_progress: { symbol: "…", name: "competency.status.legend.inProgress" },
  expired: { symbol: "✕", name: "competency.status.legend.expired" },
  missing: { symbol: "○", name: "competency.status.legend.missing" },
  not_required: { symbol: "–", name: "competency.status.legend.notRequired" },
};

/** The badge; `label` is the module's English description, shown in the reader's language. */
export function CompetencyBadge({ state, label }: { state: CompetencyCellState; label: string }) {
  const { message } = useTexts();
  return <LegendBadge state={state} label={message(label)} />;
}

export function CompetencyLegend() {
  const { t } = useTexts();
  return (
    <ul aria-label={t("competency.status.legendLabel")} style={{ display: "flex", flexWrap: "wrap", gap: ".5rem", listStyle: "none", padding: 0 }}>
      {(Object.keys(LOOK) as CompetencyCellState[]).map((state) => (
        <li key={state}>
          <LegendBadge state={state} label={t(LOOK[state].name)} />
        </li>
      ))}
    </ul>
  );
}

/** A badge whose label is already in the reader's language. */
function LegendBadge({ state, label }: { state: CompetencyCellState; label: string }) {
  return (
    <span className="competency-badge" data-state={state}>
      <span aria-hidden="true">{LOOK[state].symbol}</span>
      <span>{label}</span>
    </span>
  );
}

/**
 * A wide table that scrolls sideways on a phone, reachable by keyboard. Positioned, so that
 * visually hidden (absolutely positioned) button names in its far columns are clipped by it
 * instead of widening the page.
 */
export const scrollRegion: CSSProperties = { overflowX: "auto", maxWidth: "100%", position: "relative" };
