import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from "react";
import {
  CELL_MINUTES,
  CELLS_PER_DAY,
  cellIndex,
  cellsToWindows,
  describeWindows,
  windowsToCells,
  type Window,
} from "~/modules/availability/windows";
import { formatClockIn, WEEKDAYS, type Weekday } from "~/modules/time/zoned";
import { useDateStyle } from "./time";
import type { ActionErrors } from "./form";
import { useTexts } from "./i18n";

/** A weekday's name in the reader's language (catalog keys). */
export const DAY_NAME: Record<Weekday, string> = {
  mon: "participant.availability.days.mon",
  tue: "participant.availability.days.tue",
  wed: "participant.availability.days.wed",
  thu: "participant.availability.days.thu",
  fri: "participant.availability.days.fri",
  sat: "participant.availability.days.sat",
  sun: "participant.availability.days.sun",
};

/**
 * Weekly availability editor. Without JavaScript: plain rows (day + from + to) with a few empty
 * rows to add more. With JavaScript: a week grid of half-hour cells (role="grid": arrow keys move,
 * Space toggles, Shift+arrows extend, mouse drag paints) that writes the same `day[]`/`from[]`/`to[]`
 * inputs, plus plain rows for times not on a half hour. Plain rows come first in the form so row i
 * keeps the ids day-i/from-i/to-i that the server's errors point at.
 */
export function AvailabilityEditor({ windows, data, zone }: { windows: Window[]; data?: ActionErrors; zone: string }) {
  const [enhanced, setEnhanced] = useState(false);
  const { t } = useTexts();
  useEffect(() => setEnhanced(true), []);
  const split = useMemo(() => windowsToCells(windows), [windows]);
  const [cells, setCells] = useState<boolean[]>(split.cells);
  useEffect(() => setCells(split.cells), [split]);
  const plain = enhanced ? split.rest : windows;
  const submittedRows = data?.values ? Object.keys(data.values).filter((k) => k.startsWith("day-")).length : 0;
  const rows = enhanced ? Math.max(plain.length + 2, 2) : Math.max(plain.length, submittedRows) + 4;
  return (
    <>
      {enhanced ? <WeekGrid cells={cells} onChange={setCells} zone={zone} /> : null}
      <fieldset>
        <legend>{enhanced ? t("participant.availability.grid.exactTimes") : t("participant.availability.grid.weeklyTimes")}</legend>
        <p className="hint muted">
          {enhanced ? t("participant.availability.grid.exactHint") : t("participant.availability.grid.rowsHint")}
          {t("participant.availability.grid.rowsHelp", { zone: zone.replace(/_/g, " ") })}
        </p>
        <table className="avail-rows">
          <thead>
            <tr>
              <th scope="col">{t("participant.availability.grid.day")}</th>
              <th scope="col">{t("participant.availability.grid.from")}</th>
              <th scope="col">{t("participant.availability.grid.to")}</th>
            </tr>
          </thead>
          <tbody>
            {Array.from({ length: rows }, (_, i) => (
              <PlainRow key={`${enhanced}-${i}`} index={i} window={plain[i]} data={data} />
            ))}
          </tbody>
        </table>
      </fieldset>
      {enhanced
        ? cellsToWindows(cells).map((w, i) => (
            <span key={i} hidden>
              <input type="hidden" name="day[]" value={w.day} />
              <input type="hidden" name="from[]" value={w.start} />
              <input type="hidden" name="to[]" value={w.end} />
            </span>
          ))
        : null}
    </>
  );
}

function PlainRow({ index, window, data }: { index: number; window?: Window; data?: ActionErrors }) {
  const { t, message } = useTexts();
  const value = (key: string, fallback: string) => data?.values?.[`${key}-${index}`] ?? fallback;
  const errors = ["day", "from", "to"].map((k) => data?.errors?.[`${k}-${index}`]?.[0]).filter(Boolean) as string[];
  const invalid = (k: string) => (data?.errors?.[`${k}-${index}`] ? true : undefined);
  const describedBy = errors.length ? `row-${index}-error` : undefined;
  return (
    <tr>
      <td>
        <label className="visually-hidden" htmlFor={`day-${index}`}>
          {t("participant.availability.grid.dayRow", { row: index + 1 })}
        </label>
        <select id={`day-${index}`} name="day[]" defaultValue={value("day", window?.day ?? "")} aria-invalid={invalid("day")} aria-describedby={describedBy}>
          <option value="">—</option>
          {WEEKDAYS.map((d) => (
            <option key={d} value={d}>
              {t(DAY_NAME[d])}
            </option>
          ))}
        </select>
      </td>
      <td>
        <label className="visually-hidden" htmlFor={`from-${index}`}>
          {t("participant.availability.grid.fromRow", { row: index + 1 })}
        </label>
        <input id={`from-${index}`} name="from[]" type="text" inputMode="numeric" placeholder="HH:MM" size={6} defaultValue={value("from", window?.start ?? "")} aria-invalid={invalid("from")} aria-describedby={describedBy} />
      </td>
      <td>
        <label className="visually-hidden" htmlFor={`to-${index}`}>
          {t("participant.availability.grid.toRow", { row: index + 1 })}
        </label>
        <input id={`to-${index}`} name="to[]" type="text" inputMode="numeric" placeholder="HH:MM" size={6} defaultValue={value("to", window?.end ?? "")} aria-invalid={invalid("to")} aria-describedby={describedBy} />
        {errors.length ? (
          <span className="error" id={`row-${index}-error`}>
            {errors.map(message).join(" ")}
          </span>
        ) : null}
      </td>
    </tr>
  );
}

const COLS = 7;
const ROWS = CELLS_PER_DAY;

/** How far (px) a finger moves sideways on the grid before it paints instead of waiting for a tap. */
const TOUCH_SLOP = 10;

function WeekGrid({ cells, onChange, zone }: { cells: boolean[]; onChange: (next: boolean[]) => void; zone: string }) {
  const style = useDateStyle();
  const { t } = useTexts();
  const dayName = (d: Weekday) => t(DAY_NAME[d]);
  const [focus, setFocus] = useState(() => cellIndex(0, 18)); // Monday 09:00
  const refs = useRef<Array<HTMLTableCellElement | null>>([]);
  const drag = useRef<{ paint: boolean } | null>(null);
  /**
   * A finger on the grid changes nothing until it is a tap (lifted on the cell it landed on) or a
   * sideways drag: the grid is most of a phone's screen, so people scroll the page by swiping up
   * and down on it (the browser then cancels the pointer), and each such swipe used to select the
   * cells under the finger.
   */
  const touch = useRef<{ id: number; cell: number; x: number; y: number } | null>(null);
  const focusMoved = useRef(false);
  const latest = useRef(cells);
  latest.current = cells;

  const set = useCallback(
    (indices: number[], value: boolean) => {
      const next = latest.current.slice();
      let changed = false;
      for (const i of indices) {
        if (next[i] !== value) {
          next[i] = value;
          changed = true;
        }
      }
      if (changed) onChange(next);
    },
    [onChange],
  );

  useEffect(() => {
    if (focusMoved.current) refs.current[focus]?.focus();
    focusMoved.current = false;
  }, [focus]);

  useEffect(() => {
    const stop = () => (drag.current = null);
    window.addEventListener("pointerup", stop);
    window.addEventListener("pointercancel", stop);
    return () => {
      window.removeEventListener("pointerup", stop);
      window.removeEventListener("pointercancel", stop);
    };
  }, []);

  const position = (i: number) => ({ day: Math.floor(i / ROWS), slot: i % ROWS });

  function onKeyDown(event: KeyboardEvent<HTMLTableElement>) {
    const { day, slot } = position(focus);
    let target: number | null = null;
    switch (event.key) {
      case "ArrowUp":
        target = slot > 0 ? cellIndex(day, slot - 1) : null;
        break;
      case "ArrowDown":
        target = slot < ROWS - 1 ? cellIndex(day, slot + 1) : null;
        break;
      case "ArrowLeft":
        target = day > 0 ? cellIndex(day - 1, slot) : null;
        break;
      case "ArrowRight":
        target = day < COLS - 1 ? cellIndex(day + 1, slot) : null;
        break;
      case "Home":
        target = event.ctrlKey ? cellIndex(day, 0) : cellIndex(0, slot);
        break;
      case "End":
        target = event.ctrlKey ? cellIndex(day, ROWS - 1) : cellIndex(COLS - 1, slot);
        break;
      case "PageUp":
        target = cellIndex(day, Math.max(0, slot - 4));
        break;
      case "PageDown":
        target = cellIndex(day, Math.min(ROWS - 1, slot + 4));
        break;
      case " ":
      case "Enter":
        event.preventDefault();
        set([focus], !cells[focus]);
        return;
      default:
        return;
    }
    event.preventDefault();
    if (target === null) return;
    // Shift+arrow extends: the cell moved to takes the state of the cell moved from.
    if (event.shiftKey && event.key.startsWith("Arrow")) set([target], cells[focus]);
    focusMoved.current = true;
    setFocus(target);
  }

  function cellFromPoint(x: number, y: number): number | null {
    const el = document.elementFromPoint(x, y)?.closest("[data-cell]");
    return el ? Number(el.getAttribute("data-cell")) : null;
  }

  function onPointerDown(event: PointerEvent<HTMLTableElement>) {
    if (event.button !== 0) return;
    const i = cellFromPoint(event.clientX, event.clientY);
    if (i === null) return;
    if (event.pointerType === "touch") {
      // Wait: the browser may take this finger for a scroll.
      touch.current = { id: event.pointerId, cell: i, x: event.clientX, y: event.clientY };
      return;
    }
    event.preventDefault();
    drag.current = { paint: !cells[i] };
    set([i], drag.current.paint);
    focusMoved.current = true;
    setFocus(i);
  }

  function onPointerMove(event: PointerEvent<HTMLTableElement>) {
    const finger = touch.current;
    if (finger && finger.id === event.pointerId && !drag.current) {
      const dx = Math.abs(event.clientX - finger.x);
      // Not yet a sideways drag (a vertical one becomes a scroll and is cancelled by the browser).
      if (dx < TOUCH_SLOP || dx < Math.abs(event.clientY - finger.y)) return;
      drag.current = { paint: !latest.current[finger.cell] };
      set([finger.cell], drag.current.paint);
    }
    if (!drag.current || event.buttons === 0) return;
    const i = cellFromPoint(event.clientX, event.clientY);
    if (i !== null) set([i], drag.current.paint);
  }

  function onPointerUp(event: PointerEvent<HTMLTableElement>) {
    const finger = touch.current;
    touch.current = null;
    if (!finger || finger.id !== event.pointerId || drag.current) return;
    // A tap: the finger was lifted where it landed, without scrolling or dragging.
    const i = cellFromPoint(event.clientX, event.clientY);
    if (i !== finger.cell) return;
    set([i], !latest.current[i]);
    focusMoved.current = true;
    setFocus(i);
  }

  const summary = describeWindows(cellsToWindows(cells), style, dayName);
  return (
    <section aria-labelledby="grid-title">
      <h3 id="grid-title">{t("participant.availability.grid.title")}</h3>
      <p id="grid-help" className="muted">
        {t("participant.availability.grid.help", { zone: zone.replace(/_/g, " ") })}
      </p>
      <div className="avail-grid-wrap">
        <table
          className="avail-grid"
          role="grid"
          aria-labelledby="grid-title"
          aria-describedby="grid-help"
          aria-multiselectable="true"
          onKeyDown={onKeyDown}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerCancel={() => (touch.current = null)}
        >
          <thead>
            <tr role="row">
              <th role="columnheader" scope="col">
                <span className="visually-hidden">{t("participant.availability.grid.time")}</span>
              </th>
              {WEEKDAYS.map((d) => (
                <th key={d} role="columnheader" scope="col" abbr={dayName(d)}>
                  {dayName(d).slice(0, 3)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {Array.from({ length: ROWS }, (_, slot) => {
              const label = formatClockIn(slot * CELL_MINUTES, style);
              return (
                <tr key={slot} role="row" className={slot % 2 === 0 ? "hour-start" : undefined}>
                  <th role="rowheader" scope="row">
                    {slot % 2 === 0 ? label : <span className="visually-hidden">{label}</span>}
                  </th>
                  {WEEKDAYS.map((d, day) => {
                    const i = cellIndex(day, slot);
                    return (
                      <td
                        key={d}
                        role="gridcell"
                        data-cell={i}
                        ref={(el) => {
                          refs.current[i] = el;
                        }}
                        tabIndex={i === focus ? 0 : -1}
                        aria-selected={cells[i]}
                        aria-label={t("participant.availability.grid.cell", { day: dayName(d), from: label, to: formatClockIn((slot + 1) * CELL_MINUTES, style) })}
                        onFocus={() => setFocus(i)}
                      />
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <div aria-live="polite">
        <p>
          <strong>{t("participant.availability.grid.selected")}</strong> {summary.length ? summary.join("; ") : t("participant.availability.grid.nothingYet")}.
        </p>
      </div>
      <p>
        <button type="button" className="secondary" onClick={() => onChange(new Array<boolean>(cells.length).fill(false))}>
          {t("participant.availability.grid.clear")}
        </button>
      </p>
    </section>
  );
}
