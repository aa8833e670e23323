import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { describeException, MAX_WINDOWS, parseExceptionForm, parseWeeklyForm } from "~/modules/availability/schema";
import {
  CELLS_PER_DAY,
  cellIndex,
  cellsToWindows,
  describeWindows,
  normaliseWindows,
  windowsToCells,
  type Window,
} from "~/modules/availability/windows";
import { WEEKDAYS } from "~/modules/time/zoned";

describe("weekly availability form", () => {
  it("accepts several windows a day, ignores empty rows and saves them in canonical order", () => {
    const result = parseWeeklyForm({
      day: ["thu", "", "mon", "mon"],
      from: ["18:00", "", "19:00", "09:00"],
      to: ["21:00", "", "21:00", "12:30"],
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data).toEqual([
      { day: "mon", start: "09:00", end: "12:30" },
      { day: "mon", start: "19:00", end: "21:00" },
      { day: "thu", start: "18:00", end: "21:00" },
    ]);
  });

  it("accepts an end of 24:00 and a whole day 00:00–24:00", () => {
    const result = parseWeeklyForm({ day: ["fri", "sat"], from: ["20:00", "00:00"], to: ["24:00", "24:00"] });
    expect(result).toMatchObject({ ok: true, data: [{ day: "fri", start: "20:00", end: "24:00" }, { day: "sat", start: "00:00", end: "24:00" }] });
  });

  it("splits a window past midnight at midnight (same instants, canonical form)", () => {
    const result = parseWeeklyForm({ day: "tue", from: "22:00", to: "02:00" });
    expect(result).toMatchObject({ ok: true, data: [{ day: "tue", start: "22:00", end: "24:00" }, { day: "wed", start: "00:00", end: "02:00" }] });
    const sunday = parseWeeklyForm({ day: "sun", from: "23:00", to: "01:30" });
    expect(sunday).toMatchObject({ ok: true, data: [{ day: "mon", start: "00:00", end: "01:30" }, { day: "sun", start: "23:00", end: "24:00" }] });
  });

  it("rejects an end equal to the start, beside the end field, and returns nothing to save", () => {
    const result = parseWeeklyForm({ day: ["mon", "wed"], from: ["10:00", "18:00"], to: ["12:00", "18:00"] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors)).toEqual(["to-1"]);
    expect(result.errors["to-1"][0]).toMatch(/end must differ from the start \(row 2\)/);
    expect(result.values).toMatchObject({ "day-1": "wed", "from-1": "18:00", "to-1": "18:00" });
  });

  it.each([
    [{ day: "mon", from: "25:00", to: "26:00" }, ["from-0", "to-0"]],
    [{ day: "mon", from: "24:00", to: "02:00" }, ["from-0"]],
    [{ day: "mon", from: "9am", to: "10:00" }, ["from-0"]],
    [{ day: "mon", from: "09:00", to: "10:60" }, ["to-0"]],
    [{ day: "someday", from: "09:00", to: "10:00" }, ["day-0"]],
    [{ day: "", from: "09:00", to: "" }, ["day-0", "to-0"]],
    [{ day: "mon", from: "", to: "10:00" }, ["from-0"]],
  ])("rejects bad input %j with errors on %j", (raw, keys) => {
    const result = parseWeeklyForm(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(Object.keys(result.errors).sort()).toEqual([...keys].sort());
  });

  it("accepts an empty form (no availability)", () => {
    expect(parseWeeklyForm({ day: ["", ""], from: ["", ""], to: ["", ""] })).toMatchObject({ ok: true, data: [] });
    expect(parseWeeklyForm({})).toMatchObject({ ok: true, data: [] });
  });
});

describe("normalising and describing windows", () => {
  it("unions touching and overlapping windows", () => {
    expect(normaliseWindows([
      { day: "mon", start: "18:00", end: "19:00" },
      { day: "mon", start: "19:00", end: "21:00" },
      { day: "mon", start: "20:00", end: "20:30" },
    ])).toEqual([{ day: "mon", start: "18:00", end: "21:00" }]);
  });

  it("describes runs across midnight and across the end of the week", () => {
    expect(describeWindows([
      { day: "tue", start: "22:00", end: "24:00" },
      { day: "wed", start: "00:00", end: "02:00" },
      { day: "thu", start: "09:00", end: "12:00" },
      { day: "sun", start: "23:00", end: "24:00" },
      { day: "mon", start: "00:00", end: "01:00" },
    ], "en-GB")).toEqual(["Tuesday 22:00 – Wednesday 02:00", "Thursday 09:00–12:00", "Sunday 23:00 – Monday 01:00"]);
    expect(describeWindows([{ day: "fri", start: "18:00", end: "24:00" }], "en-GB")).toEqual(["Friday 18:00–24:00"]);
  });

  it("describes windows in the reader's style: 12-hour for the US style", () => {
    expect(describeWindows([
      { day: "tue", start: "22:00", end: "24:00" },
      { day: "wed", start: "00:00", end: "02:00" },
      { day: "thu", start: "09:00", end: "12:30" },
    ], "en-US")).toEqual(["Tuesday 10:00 PM – Wednesday 2:00 AM", "Thursday 9:00 AM–12:30 PM"]);
    expect(describeWindows([{ day: "fri", start: "18:00", end: "24:00" }], "en-US")).toEqual(["Friday 6:00 PM–12:00 AM"]);
  });
});

describe("the week grid", () => {
  it("reads half-hour cells from windows and leaves other times to the plain fields", () => {
    const { cells, rest } = windowsToCells([
      { day: "mon", start: "18:00", end: "19:30" },
      { day: "sun", start: "23:30", end: "01:00" },
      { day: "wed", start: "10:15", end: "11:00" },
    ]);
    const on = cells.flatMap((v, i) => (v ? [i] : []));
    expect(on).toEqual([
      cellIndex(0, 0), cellIndex(0, 1), // Monday 00:00–01:00 (from Sunday night)
      cellIndex(0, 36), cellIndex(0, 37), cellIndex(0, 38),
      cellIndex(6, 47),
    ]);
    expect(rest).toEqual([{ day: "wed", start: "10:15", end: "11:00" }]);
  });

  it("writes one window per run of cells, ending at 24:00 at midnight", () => {
    const cells = new Array<boolean>(7 * CELLS_PER_DAY).fill(false);
    for (const slot of [36, 37, 38, 46, 47]) cells[cellIndex(3, slot)] = true;
    expect(cellsToWindows(cells)).toEqual([
      { day: "thu", start: "18:00", end: "19:30" },
      { day: "thu", start: "23:00", end: "24:00" },
    ]);
  });

  it("round-trips: cells → windows → cells, and the grid's windows pass the form parser", () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 7 * CELLS_PER_DAY, maxLength: 7 * CELLS_PER_DAY }), (cells) => {
        const windows = cellsToWindows(cells);
        expect(windowsToCells(windows)).toEqual({ cells, rest: [] });
        const parsed = parseWeeklyForm({ day: windows.map((w) => w.day), from: windows.map((w) => w.start), to: windows.map((w) => w.end) });
        expect(parsed.ok).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it("accepts the most ranges the grid can produce (every other half-hour) and refuses a form beyond the limit", () => {
    const cells = Array.from({ length: 7 * CELLS_PER_DAY }, (_, i) => i % 2 === 0);
    const windows = cellsToWindows(cells);
    expect(windows).toHaveLength(168);
    const post = (ws: Window[]) => parseWeeklyForm({ day: ws.map((w) => w.day), from: ws.map((w) => w.start), to: ws.map((w) => w.end) });
    const parsed = post(windows);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.data).toHaveLength(168);
    const tooMany = Array.from({ length: MAX_WINDOWS + 1 }, (_, i): Window => ({ day: "mon", start: clock(i * 5), end: clock(i * 5 + 1) }));
    const refused = post(tooMany);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.errors._form).toEqual([`Enter at most ${MAX_WINDOWS} time ranges.`]);
  });

  it("normalising is idempotent and keeps the covered minutes", () => {
    const window = fc
      .record({ day: fc.constantFrom(...WEEKDAYS), s: fc.integer({ min: 0, max: 1439 }), e: fc.integer({ min: 0, max: 1440 }) })
      .filter((w) => w.s !== w.e)
      .map((w): Window => ({ day: w.day, start: clock(w.s), end: clock(w.e) }));
    fc.assert(
      fc.property(fc.array(window, { maxLength: 8 }), (windows) => {
        const once = normaliseWindows(windows);
        expect(normaliseWindows(once)).toEqual(once);
        expect(coverage(once)).toEqual(coverage(windows));
      }),
      { numRuns: 200 },
    );
  });
});

describe("away dates", () => {
  it("stores an inclusive range of whole local days as [first 00:00, day after last 00:00)", () => {
    expect(parseExceptionForm({ awayFrom: "2027-03-15", awayUntil: "2027-03-22", note: "Holiday" })).toMatchObject({
      ok: true,
      data: { startLocal: "2027-03-15T00:00", endLocal: "2027-03-23T00:00", note: "Holiday" },
    });
    expect(parseExceptionForm({ awayFrom: "2027-12-31", awayUntil: "" })).toMatchObject({
      ok: true,
      data: { startLocal: "2027-12-31T00:00", endLocal: "2028-01-01T00:00" },
    });
    expect(describeException("2027-03-15T00:00", "2027-03-23T00:00", "en-GB")).toBe("Mon 15 Mar 2027 – Mon 22 Mar 2027");
    expect(describeException("2027-03-15T00:00", "2027-03-23T00:00", "en-US")).toBe("Mon, Mar 15, 2027 – Mon, Mar 22, 2027");
    expect(describeException("2027-03-15T09:30", "2027-03-15T17:00", "en-US")).toBe("Mon, Mar 15, 2027 9:30 AM – Mon, Mar 15, 2027 5:00 PM");
  });

  it("rejects a last day before the first and unreal dates", () => {
    expect(parseExceptionForm({ awayFrom: "2027-03-15", awayUntil: "2027-03-14" })).toMatchObject({ ok: false, errors: { awayUntil: ["The last day must be on or after the first day."] } });
    expect(parseExceptionForm({ awayFrom: "2027-02-30", awayUntil: "2027-03-01" })).toMatchObject({ ok: false, errors: { awayFrom: [expect.stringMatching(/real date/)] } });
    expect(parseExceptionForm({ awayFrom: "", awayUntil: "" }).ok).toBe(false);
  });
});

function clock(m: number) {
  return `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
}

/** Covered minutes of the week, as a set (reference implementation, minute by minute). */
function coverage(windows: ReadonlyArray<Window>): number[] {
  const on = new Set<number>();
  for (const w of windows) {
    const [sh, sm] = w.start.split(":").map(Number);
    const [eh, em] = w.end.split(":").map(Number);
    const s = sh * 60 + sm;
    const e = eh * 60 + em;
    const base = WEEKDAYS.indexOf(w.day) * 1440;
    const length = e > s ? e - s : e + 1440 - s;
    for (let t = 0; t < length; t++) on.add((base + s + t) % (7 * 1440));
  }
  return [...on].sort((a, b) => a - b);
}
