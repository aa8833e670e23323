import { describe, expect, it } from "vitest";
import { csvRows } from "~/modules/export/csv";
import { parseCsv } from "~/modules/referrals/csv";
import { directoryToCsv, parseDirectoryCsv } from "~/modules/referrals/directory-csv";

const fields = (text: string) => {
  const r = parseCsv(text);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.records.map((x) => x.fields);
};

describe("RFC 4180 parser", () => {
  it("reads plain fields with CRLF, LF or CR line breaks, with or without a final break", () => {
    expect(fields("a,b\r\nc,d\r\n")).toEqual([["a", "b"], ["c", "d"]]);
    expect(fields("a,b\nc,d")).toEqual([["a", "b"], ["c", "d"]]);
    expect(fields("a,b\rc,d\r")).toEqual([["a", "b"], ["c", "d"]]);
  });

  it("reads quoted fields with commas, doubled quotes and line breaks", () => {
    expect(fields('"Smith, J","say ""hi""","two\r\nlines"\r\nx,y,z')).toEqual([
      ["Smith, J", 'say "hi"', "two\r\nlines"],
      ["x", "y", "z"],
    ]);
  });

  it("keeps empty fields and a quoted empty field", () => {
    expect(fields('a,,c\r\n"",b,')).toEqual([["a", "", "c"], ["", "b", ""]]);
  });

  it("skips blank lines and a byte-order mark", () => {
    expect(fields("\uFEFFa\r\n\r\nb\r\n")).toEqual([["a"], ["b"]]);
  });

  it("numbers records by the line they start on, counting line breaks inside quotes", () => {
    const r = parseCsv('h1,h2\r\n"multi\r\nline",x\r\nlast,y\r\n');
    expect(r.ok && r.records.map((x) => x.line)).toEqual([1, 2, 4]);
  });

  it("reports an unclosed quote and a stray quote with their line numbers", () => {
    expect(parseCsv('a,b\r\n"open,c\r\n')).toEqual({ ok: false, errors: [{ line: 2, message: expect.stringMatching(/not closed/) }] });
    const stray = parseCsv('a,b\r\nab"c,d\r\ne,f');
    expect(stray.ok).toBe(false);
    expect(!stray.ok && stray.errors[0].line).toBe(2);
    const after = parseCsv('a\r\nb\r\n"x"y,z');
    expect(!after.ok && after.errors[0]).toEqual({ line: 3, message: "Unexpected text after a closing quote." });
  });

  it("round-trips what it writes", () => {
    const rows = [["name", "notes"], ["A, B", 'he said "no"'], ["multi\r\nline", ""], ["plain", "x"]];
    const text = csvRows(rows);
    expect(text).toBe('name,notes\r\n"A, B","he said ""no"""\r\n"multi\r\nline",\r\nplain,x\r\n');
    expect(fields(text)).toEqual(rows);
  });
});

describe("directory CSV import", () => {
  const header = "name,location,phone,contact_person,services,languages,fees,eligibility,need_areas,website";

  it("reads valid rows, need areas separated by semicolons", () => {
    const r = parseDirectoryCsv(`${header}\r\nLegal Aid,1 Main St,(555) 010-3000,Dana,"Expungement, tenancy",English;Spanish,Free,Low income,legal;housing,https://legal.example\r\n`);
    expect(r.ok).toBe(true);
    expect(r.ok && r.rows[0]).toMatchObject({ name: "Legal Aid", needAreas: ["legal", "housing"], services: "Expungement, tenancy", line: 2 });
  });

  it("accepts a subset of columns in any order", () => {
    const r = parseDirectoryCsv("Phone,Name\r\n555-010-1234,Food Bank\r\n");
    expect(r.ok && r.rows[0]).toMatchObject({ name: "Food Bank", phone: "555-010-1234", location: "" });
  });

  it("reports every bad row by line number and imports nothing", () => {
    const text = [header, "Good,,,,,,,,,", ",no name,,,,,,,,", "Bad phone,,call me,,,,,,,", "Bad area,,,,,,,,astrology,", "short,row", "good,,,,,,,,,"].join("\r\n");
    const r = parseDirectoryCsv(text);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors.map((e) => e.line)).toEqual([3, 4, 5, 6, 7]);
    expect(!r.ok && r.errors.find((e) => e.line === 7)?.message).toMatch(/already appears on line 2/);
    expect(!r.ok && r.errors.find((e) => e.line === 6)?.message).toMatch(/2 fields; the header has 10/);
  });

  it("rejects unknown columns, a missing name column and an empty file", () => {
    expect(parseDirectoryCsv("name,colour\r\nx,red\r\n")).toEqual({ ok: false, errors: [{ line: 1, message: expect.stringMatching(/Unknown column: colour/) }] });
    expect(parseDirectoryCsv("phone\r\n555 0101 222\r\n").ok).toBe(false);
    expect(parseDirectoryCsv("").ok).toBe(false);
    expect(parseDirectoryCsv("name\r\n").ok).toBe(false);
  });

  it("exports what it imports", () => {
    const resources = [
      { name: "Clinic, North", location: "2 Elm", phone: "+1 555 010 2222", contactPerson: "", services: 'Dental "same day"', languages: "English", fees: "Sliding scale", eligibility: "", needAreas: ["primary_care_dentistry"], website: "" },
    ];
    const back = parseDirectoryCsv(directoryToCsv(resources));
    expect(back.ok && back.rows.map(({ line: _l, ...r }) => r)).toEqual(resources);
  });
});

describe("text that PostgreSQL would refuse", () => {
  it("drops NUL characters from an imported directory file", () => {
    const out = parseDirectoryCsv("name,location\nPlain\u0000words,Main street\n");
    expect(out.ok).toBe(true);
    if (out.ok) expect(out.rows[0]).toMatchObject({ name: "Plainwords", location: "Main street" });
  });
});
