import type { CSSProperties } from "react";

export type CompetencyCellState = "verified" | "expiring" | "demonstrated" | "in_progress" | "expired" | "missing" | "not_required";

/** Colour plus a symbol plus words: the state never rests on colour alone. */
const LOOK: Record<CompetencyCellState, { symbol: string; style: CSSProperties; name: string }> = {
  verified: { symbol: "✓", name: "Verified", style: { background: "#ecfdf3", color: "#05603a", borderColor: "#05603a" } },
  expiring: { symbol: "!", name: "Expiring soon", style: { background: "#fffaeb", color: "#93370d", borderColor: "#93370d" } },
  demonstrated: { symbol: "◐", name: "Demonstrated, awaiting verification", style: { background: "#eff8ff", color: "#1849a9", borderColor: "#1849a9" } },
  in_progress: { symbol: "…", name: "In progress", style: { background: "#f2f4f7", color: "#344054", borderColor: "#344054" } },
  expired: { symbol: "✕", name: "Expired", style: { background: "#fef3f2", color: "#b42318", borderColor: "#b42318" } },
  missing: { symbol: "○", name: "Missing (required)", style: { background: "#fff", color: "#b42318", borderColor: "#b42318", borderStyle: "dashed" } },
  not_required: { symbol: "–", name: "Not required", style: { background: "#fff", color: "#475467", borderColor: "#d0d5dd" } },
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

export function CompetencyBadge({ state, label }: { state: CompetencyCellState; label: string }) {
  const look = LOOK[state];
  return (
    <span style={{ ...base, ...look.style }} data-state={state}>
      <span aria-hidden="true">{look.symbol}</span>
      <span>{label}</span>
    </span>
  );
}

export function CompetencyLegend() {
  return (
    <ul aria-label="What the states mean" style={{ display: "flex", flexWrap: "wrap", gap: ".5rem", listStyle: "none", padding: 0 }}>
      {(Object.keys(LOOK) as CompetencyCellState[]).map((state) => (
        <li key={state}>
          <CompetencyBadge state={state} label={LOOK[state].name} />
        </li>
      ))}
    </ul>
  );
}

/** A wide table that scrolls sideways on a phone, reachable by keyboard. */
export const scrollRegion: CSSProperties = { overflowX: "auto", maxWidth: "100%" };
