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
 *
 * `protect` hides cells whose figure must not be known even when it is 0 or 5 or more (the
 * funder report's cells that differ by 1 to 4 from the same cell of an enclosing period or of
 * all programs): each counts as a hidden cell that needs its complement, so it cannot be worked
 * out as total − shown.
 */
export type Suppressed = { hidden: boolean[]; reason: ("small" | "complementary" | null)[]; totalHidden: boolean };

export function suppressCells(counts: readonly number[], options: { forced?: readonly boolean[]; protect?: readonly boolean[]; k?: number } = {}): Suppressed {
  const k = options.k ?? MIN_CELL;
  const reason: ("small" | "complementary" | null)[] = counts.map((c, i) => (c > 0 && c < k ? "small" : options.forced?.[i] || options.protect?.[i] ? "complementary" : null));
  const hidden = () => reason.map((r) => r !== null);
  const hiddenSum = () => counts.reduce((s, c, i) => s + (reason[i] ? c : 0), 0);
  // Hidden cells holding no one (a forced 0) reveal nothing by subtraction: they need no complement — unless protected.
  const needy = (c: number, i: number) => reason[i] !== null && (c > 0 || options.protect?.[i] === true);
  const hiddenHolding = () => counts.filter(needy).length;
  const exposed = () => (hiddenSum() > 0 || hiddenHolding() > 0) && (hiddenSum() < k || hiddenHolding() < 2);
  while (exposed()) {
    let pick = -1;
    counts.forEach((c, i) => {
      if (!reason[i] && c > 0 && (pick < 0 || c < counts[pick])) pick = i;
    });
    if (pick < 0) break; // everyone is hidden already
    reason[pick] = "complementary";
  }
  const total = counts.reduce((s, c) => s + c, 0);
  // Hidden cells that still hold fewer than k people, or one cell alone, would be total − shown: hide the total too.
  const recoverable = reason.some((r) => r) && exposed();
  return { hidden: hidden(), reason, totalHidden: (total > 0 && total < k) || recoverable };
}
