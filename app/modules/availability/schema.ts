import { formatCivilDate, formatClockTextIn, parseCivilDate, parseClock, WEEKDAYS, type DateStyle, type Weekday } from "~/modules/time/zoned";
import { CELLS_PER_DAY, DAY_LABELS, normaliseWindows, type Window } from "./windows";

/**
 * Parsing of the availability forms (pure). The weekly form posts parallel lists `day[]`,
 * `from[]`, `to[]`: first the plain rows (row i has ids day-i, from-i, to-i, so errors sit beside
 * the right field), then — with JavaScript — the grid's hidden inputs, which use the same names.
 * Empty rows are ignored; any bad row rejects the whole form (nothing is saved).
 */
/**
 * The most ranges one form may carry: every range the week grid can produce (alternating
 * half-hour cells give 7 × 24 = 168 runs) plus room for the plain rows.
 */
export const MAX_WINDOWS = (7 * CELLS_PER_DAY) / 2 + 32;

export type FieldErrors = Record<string, string[]>;
export type Parsed<T> = { ok: true; data: T; values: Record<string, string> } | { ok: false; errors: FieldErrors; values: Record<string, string> };

const list = (value: unknown): string[] =>
  Array.isArray(value) ? value.map((v) => String(v ?? "")) : value === undefined || value === null ? [] : [String(value)];

export function parseWeeklyForm(raw: Record<string, unknown>): Parsed<Window[]> {
  const days = list(raw.day);
  const froms = list(raw.from);
  const tos = list(raw.to);
  const rows = Math.max(days.length, froms.length, tos.length);
  const errors: FieldErrors = {};
  const values: Record<string, string> = {};
  const windows: Window[] = [];
  for (let i = 0; i < rows; i++) {
    const day = (days[i] ?? "").trim().toLowerCase();
    const from = (froms[i] ?? "").trim();
    const to = (tos[i] ?? "").trim();
    values[`day-${i}`] = day;
    values[`from-${i}`] = from;
    values[`to-${i}`] = to;
    if (day === "" && from === "" && to === "") continue;
    const row = `row ${i + 1}`;
    const problems: Array<[string, string]> = [];
    if (!(WEEKDAYS as readonly string[]).includes(day)) problems.push([`day-${i}`, `Choose a day (${row}).`]);
    const start = parseClock(from);
    const end = parseClock(to);
    if (from === "") problems.push([`from-${i}`, `Enter a start time (${row}).`]);
    else if (start === null || start >= 1440) problems.push([`from-${i}`, `Enter the start as HH:MM between 00:00 and 23:59, for example 18:00 (${row}).`]);
    if (to === "") problems.push([`to-${i}`, `Enter an end time (${row}).`]);
    else if (end === null) problems.push([`to-${i}`, `Enter the end as HH:MM between 00:00 and 24:00, for example 21:00 (${row}).`]);
    if (start !== null && start < 1440 && end !== null && start === end) {
      problems.push([`to-${i}`, `The end must differ from the start (${row}). For a window past midnight, enter an end earlier than the start.`]);
    }
    for (const [key, message] of problems) (errors[key] ??= []).push(message);
    if (problems.length === 0) windows.push({ day: day as Weekday, start: from, end: to });
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors, values };
  if (windows.length > MAX_WINDOWS) return { ok: false, errors: { _form: [`Enter at most ${MAX_WINDOWS} time ranges.`] }, values };
  return { ok: true, data: normaliseWindows(windows), values };
}

export type ExceptionInput = { startLocal: string; endLocal: string; note: string };

const MAX_EXCEPTION_DAYS = 366;

function nextDay(date: string): string {
  const d = parseCivilDate(date)!;
  return new Date(Date.UTC(d.year, d.month - 1, d.day + 1)).toISOString().slice(0, 10);
}

/** "Away from … until … (inclusive)": whole local days in the person's zone, [from 00:00, until+1 00:00). */
export function parseExceptionForm(raw: Record<string, unknown>): Parsed<ExceptionInput> {
  const from = String(raw.awayFrom ?? "").trim();
  const until = String(raw.awayUntil ?? "").trim() || from;
  const note = String(raw.note ?? "").trim();
  const values = { awayFrom: from, awayUntil: String(raw.awayUntil ?? "").trim(), note };
  const errors: FieldErrors = {};
  if (!parseCivilDate(from)) errors.awayFrom = [from === "" ? "Enter the first day you are away." : "Enter the first day as a real date (YYYY-MM-DD)."];
  if (!parseCivilDate(until)) errors.awayUntil = ["Enter the last day as a real date (YYYY-MM-DD)."];
  else if (parseCivilDate(from) && until < from) errors.awayUntil = ["The last day must be on or after the first day."];
  else if (parseCivilDate(from) && (Date.parse(until) - Date.parse(from)) / 86_400_000 >= MAX_EXCEPTION_DAYS) {
    errors.awayUntil = [`An absence can last at most ${MAX_EXCEPTION_DAYS} days.`];
  }
  if (note.length > 200) errors.note = ["Use at most 200 characters."];
  if (Object.keys(errors).length > 0) return { ok: false, errors, values };
  return { ok: true, data: { startLocal: `${from}T00:00`, endLocal: `${nextDay(until)}T00:00`, note }, values };
}

/** "15 Mar 2027 – 22 Mar 2027" for an exception stored as [start, end) local wall times. */
export function describeException(startLocal: string, endLocal: string, style: DateStyle): string {
  const fmt = (date: string) => formatCivilDate(date, style);
  const [sd, st] = startLocal.split("T");
  const [ed, et] = endLocal.split("T");
  if (st === "00:00" && et === "00:00") {
    const last = new Date(Date.parse(`${ed}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    return last === sd ? fmt(sd) : `${fmt(sd)} – ${fmt(last)}`;
  }
  return `${fmt(sd)} ${formatClockTextIn(st, style)} – ${fmt(ed)} ${formatClockTextIn(et, style)}`;
}

export const dayOptions = WEEKDAYS.map((d) => ({ value: d, label: DAY_LABELS[d] }));
