import type { CSSProperties } from "react";
import { useTexts } from "./i18n";

export type CompetencyCellState = "verified" | "expiring" | "demonstrated" | "in_progress" | "expired" | "missing" | "not_required";

/** Colour plus a symbol plus words: the state never rests on colour alone. */
const LOOK: Record<CompetencyCellState, { symbol: string; style: CSSProperties; name: string }> = {
  verified: { symbol: "✓", name: "competency.status.legend.verified", style: { background: "#ecfdf3", color: "#05603a", borderColor: "#05603a" } },
  expiring: { symbol: "!", name: "competency.status.legend.expiring", style: { background: "#fffaeb", color: "#93370d", borderColor: "#93370d" } },
  demonstrated: { symbol: "◐", name: "competency.status.legend.demonstrated", style: { background: "#eff8ff", color: "#1849a9", borderColor: "#1849a9" } },
  in_progress: { symbol: "…", name: "competency.status.legend.inProgress", style: { background: "#f2f4f7", color: "#344054", borderColor: "#344054" } },
  expired: { symbol: "✕", name: "competency.status.legend.expired", style: { background: "#fef3f2", color: "#b42318", borderColor: "#b42318" } },
  missing: { symbol: "○", name: "competency.status.legend.missing", style: { background: "#fff", color: "#b42318", borderColor: "#b42318", borderStyle: "dashed" } },
  not_required: { symbol: "–", name: "competency.status.legend.notRequired", style: { background: "#fff", color: "#475467", borderColor: "#d0d5dd" } },
};

const base: CSSProperties = {
  display: "inline-flex",
  gap: ".3rem",
  alignItems: "baseline",
  border: "1px solid",
  borderRadius: ".35rem",
  padding: ".1rem .4rem",
  fontSize: ".85rem",
  lineHeight: 1.3,
};

/** The badge; `label` is the module's English description, shown in the reader's language. */
export function CompetencyBadge({ state, label }: { state: CompetencyCellState; label: string }) {
  const { message } = useTexts();
  const look = LOOK[state];
  return (
    <span style={{ ...base, ...look.style }} data-state={state}>
      <span aria-hidden="true">{look.symbol}</span>
      <span>{message(label)}</span>
    </span>
  );
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
  const look = LOOK[state];
  return (
    <span style={{ ...base, ...look.style }} data-state={state}>
      <span aria-hidden="true">{look.symbol}</span>
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
