import { MIN_CELL } from "~/modules/metrics/definitions";

/**
 * Small-cell suppression for a breakdown whose cells add up to a total that is shown: the same
 * rule as feedback and outcomes (MIN_CELL, 5 — fewer people than that are not shown), plus
 * complementary suppression so a hidden cell cannot be worked out by subtracting the cells shown
 * from the total. Pure.
 *
 * - Primary: a cell of 1 to MIN_CELL − 1 people is hidden (0 is shown: it describes no one).
 * - Complementary: while the hidden cells hold someone, but together fewer than
 *   MIN_CELL people, or fewer than two hidden cells hold anyone, the smallest shown cell that
 *   holds someone is hidden too. Then total − shown gives only the sum of at least two hidden
 *   cells, at least MIN_CELL people, never one cell's figure.
 * - A total under MIN_CELL (but above 0) is itself hidden, and so is a total from which the
 *   hidden cells could still be recovered (every cell holding someone is hidden, but they hold
 *   fewer than MIN_CELL together, or only one of them holds anyone).
 *
 * `forced` hides cells for another reason first (a derived column hides what the people column
 * hid), and the rule is then applied to this column's own counts.
 */
export type Suppressed = { hidden: boolean[]; reason: ("small" | "complementary" | null)[]; totalHidden: boolean };

export function suppressCells(counts: readonly number[], options: { forced?: readonly boolean[]; k?: number } = {}): Suppressed {
  const k = options.k ?? MIN_CELL;
  const reason: ("small" | "complementary" | null)[] = counts.map((c, i) => (c > 0 && c < k ? "small" : options.forced?.[i] ? "complementary" : null));
  const hidden = () => reason.map((r) => r !== null);
  const hiddenSum = () => counts.reduce((s, c, i) => s + (reason[i] ? c : 0), 0);
  const hiddenHolding = () => counts.filter((c, i) => reason[i] && c > 0).length;
  // Hidden cells holding no one (a forced 0) reveal nothing by subtraction: they need no complement.
  while (hiddenSum() > 0 && (hiddenSum() < k || hiddenHolding() < 2)) {
    let pick = -1;
    counts.forEach((c, i) => {
      if (!reason[i] && c > 0 && (pick < 0 || c < counts[pick])) pick = i;
    });
    if (pick < 0) break; // everyone is hidden already
    reason[pick] = "complementary";
  }
  const total = counts.reduce((s, c) => s + c, 0);
  // Hidden cells that still hold fewer than k people, or one cell alone, would be total − shown: hide the total too.
  const recoverable = reason.some((r) => r) && hiddenSum() > 0 && (hiddenSum() < k || hiddenHolding() < 2);
  return { hidden: hidden(), reason, totalHidden: (total > 0 && total < k) || recoverable };
}
