/**
 * The one CSV writer (pure): every download the app offers is written here, so quoting, formula
 * neutralising, the byte-order mark, line endings and the 42 CFR 2.32 notice are the same in each.
 *
 * - RFC 4180: fields separated by commas, records by CRLF (after the last one too); a field
 *   containing a comma, quote, CR or LF is enclosed in double quotes, with quotes doubled. So is one
 *   containing a semicolon or a tab: Excel opens a .csv with the system's list separator, which is
 *   ";" in Spanish and most European settings — unquoted, "Ana;=HYPERLINK(…)" became two cells,
 *   the second a live formula that the leading-character rule below never saw.
 * - Spreadsheet formula injection (OWASP "CSV Injection"): a cell starting with = + - @, a tab or
 *   a carriage return is prefixed with a single quote and enclosed in double quotes, so Excel,
 *   LibreOffice and Google Sheets read it as text. A plain decimal number ("-3", "+0.5", "1e-3")
 *   is data a spreadsheet reads as a number without evaluating anything, so it is left as it is.
 * - A downloaded file starts with a UTF-8 byte-order mark, so Excel reads names such as "Zoë" or
 *   "Nguyễn" as UTF-8 rather than the machine's code page.
 * - Exports that name participants of a substance-use group carry the 42 CFR 2.32 notice as
 *   their first line, then an empty line, then the table.
 * - The header row is in the downloader's language (`locale`): each English column name is looked
 *   up like the server's other English sentences (app/locales/es/messages-documents.json, "{zone}"
 *   for a variable part); the data cells, ISO dates and codes stay exactly as they are, and an
 *   English header is the same bytes as without a locale.
 */
import { translateMessage } from "~/i18n/catalog";
import type { Locale } from "~/i18n/locales";
import { REDISCLOSURE_NOTICE_42_CFR_2_32 } from "~/modules/consent/wording";

export type CsvCell = string | number | boolean | Date | null | undefined;

/**
 * How many rows a download built from a page's list may hold: far more than any page shows (a
 * page stops at 200–300 rows; its download must hold every row the page stands for).
 */
export const EXPORT_ROW_LIMIT = 100_000;

export const UTF8_BOM = "\uFEFF";

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** A value a spreadsheet would read as a formula, made text by a leading single quote. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/** The inverse of neutraliseFormula, for reading back a file this app wrote (the directory import). */
export function restoreFormula(text: string): string {
  return /^'[=+\-@\t\r]/.test(text) ? text.slice(1) : text;
}

function cellText(value: CsvCell): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "boolean") return value ? "yes" : "no";
  return String(value);
}

/** One field: neutralised, and quoted when it must be (or when it was neutralised, as OWASP advises). */
export function csvField(value: CsvCell): string {
  const text = cellText(value);
  const safe = neutraliseFormula(text);
  return safe !== text || /[",;\t\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Rows to RFC 4180 text without a byte-order mark (for tests and for embedding): CRLF after every record. */
export function csvRows(rows: readonly (readonly CsvCell[])[]): string {
  return rows.map((row) => row.map(csvField).join(",")).join("\r\n") + (rows.length ? "\r\n" : "");
}

export type CsvFileOptions = {
  /** The export names participants of a substance-use (Part 2) group: the 42 CFR 2.32 notice comes first. */
  redisclosureNotice?: boolean;
  /** The downloader's locale (users.locale): the header row's language. Default: English as written. */
  locale?: Locale;
};

/** Column names in the reader's language (English ones unchanged); for a header row inside the rows too. */
export function csvHeaderIn(header: readonly string[], locale: Locale | undefined): string[] {
  return locale ? header.map((name) => translateMessage(name, locale)) : [...header];
}

/** A downloadable CSV file: byte-order mark, the 42 CFR 2.32 notice where needed, then the header and rows. */
export function csvFile(header: readonly string[], rows: readonly (readonly CsvCell[])[], options: CsvFileOptions = {}): string {
  const notice = options.redisclosureNotice ? csvRows([[`Notice (42 CFR 2.32): ${REDISCLOSURE_NOTICE_42_CFR_2_32}`], [""]]) : "";
  return UTF8_BOM + notice + csvRows([csvHeaderIn(header, options.locale), ...rows]);
}

/** The headers of a CSV download: private to this person, never cached, saved under `filename`. */
export function csvHeaders(filename: string): Record<string, string> {
  return {
    "content-type": "text/csv; charset=utf-8",
    "content-disposition": `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, "-")}"`,
    "cache-control": "private, no-store",
  };
}
