import { describe, expect, it } from "vitest";
import { suppressCells } from "~/modules/demographics/suppression";

/** What someone can still work out: the total (when shown) minus the cells shown. */
function recoverable(counts: number[]): { hiddenSum: number | null; hiddenHolding: number } {
  const s = suppressCells(counts);
  const total = counts.reduce((a, c) => a + c, 0);
  const shownSum = counts.reduce((a, c, i) => a + (s.hidden[i] ? 0 : c), 0);
  return { hiddenSum: s.totalHidden ? null : total - shownSum, hiddenHolding: counts.filter((c, i) => s.hidden[i] && c > 0).length };
}

describe("small-cell suppression with complementary suppression", () => {
  it("shows every cell when none is between 1 and 4 (zeros describe no one)", () => {
    expect(suppressCells([12, 0, 7, 5])).toEqual({ hidden: [false, false, false, false], reason: [null, null, null, null], totalHidden: false });
  });

  it("hides a small cell and the next smallest cell, so total minus the shown cells is not the small cell", () => {
    const s = suppressCells([20, 3, 9, 12]);
    expect(s.reason).toEqual([null, "small", "complementary", null]);
    expect(s.totalHidden).toBe(false);
    // total − shown = 12: the sum of two hidden cells, not the 3.
    expect(recoverable([20, 3, 9, 12])).toEqual({ hiddenSum: 12, hiddenHolding: 2 });
  });

  it("keeps hiding until the hidden cells hold at least 5 people together", () => {
    const s = suppressCells([1, 1, 1, 30]);
    expect(s.hidden).toEqual([true, true, true, true]);
    expect(s.reason).toEqual(["small", "small", "small", "complementary"]);
    expect(suppressCells([2, 2, 6, 40]).reason).toEqual(["small", "small", "complementary", null]);
  });

  it("does not use a zero cell as the complement (hiding a zero protects nothing)", () => {
    expect(suppressCells([0, 4, 0, 8, 6]).reason).toEqual([null, "small", null, null, "complementary"]);
  });

  it("hides the total when it is under 5, or when the hidden cells could still be read from it", () => {
    expect(suppressCells([3, 0, 1]).totalHidden).toBe(true);
    expect(suppressCells([0, 0, 0]).totalHidden).toBe(false);
    // A cell hidden for another reason (forced) and alone holding anyone: total − shown = that cell.
    expect(suppressCells([7, 0], { forced: [true, false] })).toEqual({ hidden: [true, false], reason: ["complementary", null], totalHidden: true });
  });

  it("forced cells that hold no one need no complement (subtraction reveals only that they hold no one)", () => {
    expect(suppressCells([8, 0, 0], { forced: [false, true, true] })).toEqual({ hidden: [false, true, true], reason: [null, "complementary", "complementary"], totalHidden: false });
  });

  it("a forced cell counts as hidden and gets its complement like a small one", () => {
    expect(suppressCells([6, 8, 10], { forced: [false, true, false] }).reason).toEqual(["complementary", "complementary", null]);
  });

  it("never lets one hidden cell be recovered, over many random breakdowns", () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let t = 0; t < 2000; t++) {
      const counts = Array.from({ length: 2 + rand(7) }, () => (rand(3) === 0 ? rand(5) : rand(30)));
      const s = suppressCells(counts);
      counts.forEach((c, i) => {
        if (c > 0 && c < 5) expect(s.hidden[i]).toBe(true);
      });
      const r = recoverable(counts);
      if (r.hiddenSum !== null && s.hidden.some(Boolean) && r.hiddenSum > 0) {
        expect(r.hiddenHolding).toBeGreaterThanOrEqual(2);
        expect(r.hiddenSum).toBeGreaterThanOrEqual(5);
      }
    }
  });

  it("a protected cell (1–4 away from another report's) is hidden even at 0 or 5 and more, and takes a complement", () => {
    // 0 protected: hidden with the smallest other cell holding someone, so total − shown is two cells.
    expect(suppressCells([0, 6, 9], { protect: [true, false, false] })).toEqual({ hidden: [true, true, false], reason: ["complementary", "complementary", null], totalHidden: false });
    // 12 protected: one hidden cell alone would be total − shown.
    expect(suppressCells([12, 6, 9], { protect: [true, false, false] }).hidden).toEqual([true, true, false]);
    // The only cell, protected: the total is hidden too.
    expect(suppressCells([12], { protect: [true] })).toMatchObject({ hidden: [true], totalHidden: true });
    // Without protection a forced 0 still needs no complement (a derived column's empty cell).
    expect(suppressCells([0, 6, 9], { forced: [true, false, false] }).hidden).toEqual([true, false, false]);
  });
});
