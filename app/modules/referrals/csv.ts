/**
 * Reading RFC 4180 CSV (the directory import), pure; every file the app writes comes from
 * `~/modules/export/csv`. Fields are separated by commas and records by CRLF (LF and lone CR are
 * accepted on input); a field containing a comma, quote, CR or LF is enclosed in double quotes,
 * and a quote inside is doubled. Each record carries the line number on which it starts, so
 * errors can point at the line a person sees in their spreadsheet or editor.
 */

export type CsvRecord = { line: number; fields: string[] };
export type CsvError = { line: number; message: string };
export type CsvParse = { ok: true; records: CsvRecord[] } | { ok: false; errors: CsvError[] };

export function parseCsv(text: string): CsvParse {
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // byte-order mark from spreadsheet exports
  const records: CsvRecord[] = [];
  const errors: CsvError[] = [];
  let fields: string[] = [];
  let field = "";
  let line = 1;
  let recordLine = 1;
  let i = 0;
  let quoted = false; // inside a quoted field
  let wasQuoted = false; // the current field was quoted (only a separator may follow the closing quote)
  let atFieldStart = true;

  const endField = () => {
    fields.push(field);
    field = "";
    wasQuoted = false;
    atFieldStart = true;
  };
  const endRecord = () => {
    endField();
    // A completely empty line (one empty unquoted field) is skipped, as spreadsheets leave them.
    if (!(fields.length === 1 && fields[0] === "")) records.push({ line: recordLine, fields });
    fields = [];
  };

  while (i < input.length) {
    const c = input[i];
    if (quoted) {
      if (c === '"') {
        if (input[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      if (c === "\r" || c === "\n") {
        if (c === "\r" && input[i + 1] === "\n") {
          field += "\r\n";
          i += 2;
        } else {
          field += c;
          i++;
        }
        line++;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"') {
      if (atFieldStart) {
        quoted = true;
        wasQuoted = true;
        atFieldStart = false;
        i++;
        continue;
      }
      errors.push({ line, message: wasQuoted ? "Unexpected text after a closing quote." : "A quote appears inside an unquoted field; enclose the field in quotes and double the quote." });
      // Skip to the end of this line to resynchronise.
      while (i < input.length && input[i] !== "\n" && input[i] !== "\r") i++;
      fields = [];
      field = "";
      wasQuoted = false;
      atFieldStart = true;
      continue;
    }
    if (c === ",") {
      endField();
      i++;
      continue;
    }
    if (c === "\r" || c === "\n") {
      endRecord();
      i += c === "\r" && input[i + 1] === "\n" ? 2 : 1;
      line++;
      recordLine = line;
      continue;
    }
    if (wasQuoted) {
      errors.push({ line, message: "Unexpected text after a closing quote." });
      while (i < input.length && input[i] !== "\n" && input[i] !== "\r") i++;
      fields = [];
      field = "";
      wasQuoted = false;
      atFieldStart = true;
      continue;
    }
    field += c;
    atFieldStart = false;
    i++;
  }
  if (quoted) errors.push({ line: recordLine, message: "A quoted field is not closed (missing closing quote)." });
  else if (field !== "" || fields.length > 0 || wasQuoted) endRecord();
  return errors.length ? { ok: false, errors } : { ok: true, records };
}
