import { NEED_AREAS } from "~/modules/registration/schema";
import { csvFile, restoreFormula } from "~/modules/export/csv";
import { parseCsv, type CsvError } from "./csv";
import { resourceSchema, type ResourceInput } from "./schema";

/** The directory file format: one header line, then one resource per record. */
export const DIRECTORY_COLUMNS = [
  "name",
  "location",
  "phone",
  "contact_person",
  "services",
  "languages",
  "fees",
  "eligibility",
  "need_areas",
  "website",
] as const;
type Column = (typeof DIRECTORY_COLUMNS)[number];

const FIELD: Record<Column, keyof ResourceInput> = {
  name: "name",
  location: "location",
  phone: "phone",
  contact_person: "contactPerson",
  services: "services",
  languages: "languages",
  fees: "fees",
  eligibility: "eligibility",
  need_areas: "needAreas",
  website: "website",
};

const normaliseHeader = (h: string) => h.trim().toLowerCase().replace(/[\s-]+/g, "_");

export type DirectoryImport = { ok: true; rows: (ResourceInput & { line: number })[] } | { ok: false; errors: CsvError[] };

/**
 * Parses and validates a whole directory file. Any bad row makes the whole import fail with
 * every problem listed by line number (nothing is imported from a file with a bad row).
 */
export function parseDirectoryCsv(text: string): DirectoryImport {
  // NUL characters (a binary file, a broken export) are never meant and PostgreSQL refuses them.
  const parsed = parseCsv(text.replace(/\u0000/g, ""));
  if (!parsed.ok) return parsed;
  const [header, ...records] = parsed.records;
  if (!header) return { ok: false, errors: [{ line: 1, message: "The file is empty. The first line must name the columns, for example: name,location,phone." }] };
  const columns = header.fields.map(normaliseHeader);
  const errors: CsvError[] = [];
  const unknown = columns.filter((c) => !(DIRECTORY_COLUMNS as readonly string[]).includes(c));
  if (unknown.length) errors.push({ line: header.line, message: `Unknown column${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")}. Use: ${DIRECTORY_COLUMNS.join(", ")}.` });
  const repeated = columns.filter((c, i) => columns.indexOf(c) !== i);
  if (repeated.length) errors.push({ line: header.line, message: `Column named twice: ${[...new Set(repeated)].join(", ")}.` });
  if (!columns.includes("name")) errors.push({ line: header.line, message: "The header needs a name column." });
  if (errors.length) return { ok: false, errors };
  if (records.length === 0) return { ok: false, errors: [{ line: header.line, message: "The file has a header but no resources." }] };

  const rows: (ResourceInput & { line: number })[] = [];
  const seen = new Map<string, number>();
  for (const record of records) {
    if (record.fields.length !== columns.length) {
      errors.push({ line: record.line, message: `This line has ${record.fields.length} fields; the header has ${columns.length}.` });
      continue;
    }
    const raw: Record<string, unknown> = {};
    columns.forEach((column, index) => {
      const value = restoreFormula(record.fields[index]);
      const key = FIELD[column as Column];
      raw[key] = key === "needAreas" ? value.split(/[;|]/).map((s) => normaliseHeader(s)).filter(Boolean) : value;
    });
    const result = resourceSchema.safeParse(raw);
    if (!result.success) {
      for (const issue of result.error.issues) {
        const column = DIRECTORY_COLUMNS.find((c) => FIELD[c] === issue.path[0]) ?? String(issue.path[0] ?? "");
        const hint = column === "need_areas" ? ` Use: ${NEED_AREAS.join("; ")}.` : "";
        errors.push({ line: record.line, message: `${column}: ${issue.message}${hint}` });
      }
      continue;
    }
    const key = result.data.name.toLowerCase();
    if (seen.has(key)) {
      errors.push({ line: record.line, message: `"${result.data.name}" already appears on line ${seen.get(key)}.` });
      continue;
    }
    seen.set(key, record.line);
    rows.push({ ...result.data, line: record.line });
  }
  return errors.length ? { ok: false, errors: errors.sort((a, b) => a.line - b.line) } : { ok: true, rows };
}

export function directoryToCsv(resources: readonly (Omit<ResourceInput, "needAreas"> & { needAreas: readonly string[] })[]): string {
  return csvFile(
    DIRECTORY_COLUMNS,
    resources.map((r) => DIRECTORY_COLUMNS.map((c) => (c === "need_areas" ? r.needAreas.join(";") : String(r[FIELD[c]] ?? "")))),
  );
}
