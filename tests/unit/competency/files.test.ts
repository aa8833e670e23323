import { describe, expect, it } from "vitest";
import { detectFileType, safeFileName } from "~/modules/competency/files";
import { parseRatings } from "~/modules/competency/schema";

const bytes = (...b: number[]) => new Uint8Array(b);

describe("upload type by content", () => {
  it("recognises PDF, PNG and JPEG by their first bytes", () => {
    expect(detectFileType(new TextEncoder().encode("%PDF-1.7\n..."))).toBe("application/pdf");
    expect(detectFileType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0))).toBe("image/png");
    expect(detectFileType(bytes(0xff, 0xd8, 0xff, 0xe0, 0))).toBe("image/jpeg");
  });

  it("refuses everything else, whatever it is called", () => {
    expect(detectFileType(new TextEncoder().encode("<html><script>alert(1)</script>"))).toBeNull();
    expect(detectFileType(bytes(0x50, 0x4b, 0x03, 0x04))).toBeNull(); // zip / docx
    expect(detectFileType(bytes(0x25, 0x50))).toBeNull(); // truncated
    expect(detectFileType(new Uint8Array())).toBeNull();
  });

  it("makes a header-safe name with the real extension", () => {
    expect(safeFileName("../../etc/Évaluation \"final\".exe", "application/pdf")).toBe("Evaluation-final.pdf");
    expect(safeFileName("", "image/png")).toBe("certificate.png");
    expect(safeFileName("C:\\scans\\cert.jpeg", "image/jpeg")).toBe("cert.jpg");
  });
});

describe("observation ratings", () => {
  it("reads 1–4 ratings and skips 'not observed'", () => {
    const out = parseRatings({ "rating-a": "3", "note-a": " good ", "rating-b": "" }, ["a", "b"]);
    expect(out).toEqual({ ok: true, ratings: [{ itemId: "a", rating: 3, note: "good" }] });
  });

  it("refuses out-of-scale ratings and an observation with no rating", () => {
    expect(parseRatings({ "rating-a": "5" }, ["a"])).toEqual({ ok: false, errors: { "rating-a": ["Choose a rating from 1 to 4, or not observed."] } });
    expect(parseRatings({}, ["a", "b"])).toEqual({ ok: false, errors: { "rating-a": ["Rate at least one competency you observed."] } });
  });
});
