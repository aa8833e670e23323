import { crc32 } from "node:zlib";
import { describe, expect, it } from "vitest";
import { cleanJpeg, cleanPng, MAX_LOGO_SIDE } from "~/modules/orgs/logo-image";

/** A real 1×1 PNG and a real 16×16 JPEG (JFIF). */
const PNG = Uint8Array.from(Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64"));
const JPEG = Uint8Array.from(
  Buffer.from(
    "/9j/4AAQSkZJRgABAQEAAQABAAD/2wBDAAMCAgICAgMCAgIDAwMDBAYEBAQEBAgGBgUGCQgKCgkICQkKDA8MCgsOCwkJDRENDg8QEBEQCgwSExIQEw8QEBD/2wBDAQMDAwQDBAgEBAgQCwkLEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBD/wAARCAAQABADASIAAhEBAxEB/8QAFgABAQEAAAAAAAAAAAAAAAAABwQF/8QAJBAAAQQBBAICAwAAAAAAAAAAAQIDBAYFBwgSExEiABQJMTL/xAAVAQEBAAAAAAAAAAAAAAAAAAAABv/EACMRAAECBQMFAAAAAAAAAAAAAAECEQMEBQYhABIxFRZhgeH/2gAMAwEAAhEDEQA/ABSm0mobc8HmExLUlRzzEWPkJWW+ulrsaUVAseUgslSlH9LKuPryIKuWPZdskzXmm3fX5m2nF4GlVxx/HOpx4ks51+MiU/Iaad7UcUo4tILoS4kqcWkezS0hO/HvuRp0rO6hWnWO1UisZVuFi4GFeyEpmGepa5S5SWVPuciFKRFLgSrwetnyPIB+Vb4N9mKhQMzo5po9XLdDs9d6ZVix2VEhiL9kuNPxw2gEKcDQ/rs8AuA8VAe0vdl7VOYn+27flGAUgmITjbhSmCg3BYlyeWDkMolvw4KOp1KM6iCNvngZHwetf//Z",
    "base64",
  ),
);

function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, "latin1");
  Buffer.from(data).copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}
const join = (...parts: Uint8Array[]) => Uint8Array.from(Buffer.concat(parts.map((p) => Buffer.from(p))));
/** The 1×1 PNG with another chunk inserted after IHDR (8 + 25 bytes). */
const withChunk = (chunk: Uint8Array) => join(PNG.subarray(0, 33), chunk, PNG.subarray(33));
const text = (s: string) => new TextEncoder().encode(s);

describe("a logo is stored as its pixels only", () => {
  it("keeps a plain PNG and JPEG byte for byte, with their sizes", () => {
    expect(cleanPng(PNG)).toEqual({ type: "image/png", width: 1, height: 1, bytes: PNG });
    expect(cleanJpeg(JPEG)).toEqual({ type: "image/jpeg", width: 16, height: 16, bytes: JPEG });
  });

  it("drops a PNG's text and EXIF chunks and anything after its end", () => {
    const dirty = join(withChunk(pngChunk("tEXt", text("Author\0Dr. Jane Roe, 555-0199"))), text("<html><script>alert(1)</script>"));
    const clean = cleanPng(withChunk(pngChunk("eXIf", text("GPS 40.7,-74.0"))));
    expect(clean).toEqual({ type: "image/png", width: 1, height: 1, bytes: PNG });
    const cleaned = cleanPng(dirty);
    expect("bytes" in cleaned && Buffer.from(cleaned.bytes).equals(Buffer.from(PNG))).toBe(true);
  });

  it("drops a JPEG's EXIF (APP1) and comment segments and anything after its end", () => {
    const exif = join(Uint8Array.from([0xff, 0xe1, 0x00, 0x10]), text("Exif\0\0GPS40.7N"));
    const comment = join(Uint8Array.from([0xff, 0xfe, 0x00, 0x0a]), text("Jane Roe"));
    const dirty = join(JPEG.subarray(0, 20), exif, comment, JPEG.subarray(20), text("PK\x03\x04appended zip"));
    const cleaned = cleanJpeg(dirty);
    expect("bytes" in cleaned && Buffer.from(cleaned.bytes).equals(Buffer.from(JPEG))).toBe(true);
  });

  it("refuses images larger than the header could ever show, naming the size", () => {
    const huge = Buffer.from(PNG);
    huge.writeUInt32BE(60000, 16);
    huge.writeUInt32BE(60000, 20);
    huge.writeUInt32BE(crc32(huge.subarray(12, 29)), 29);
    expect(cleanPng(huge)).toEqual({ problem: `This image is 60000 × 60000 pixels; a logo may be at most ${MAX_LOGO_SIDE} pixels on each side.` });
    const wide = Buffer.from(JPEG);
    const sof = wide.indexOf(Buffer.from([0xff, 0xc0]));
    wide.writeUInt16BE(9000, sof + 7);
    expect(cleanJpeg(wide)).toMatchObject({ problem: expect.stringContaining("9000 × 16 pixels") });
  });

  it("refuses damaged or truncated files with a clear message instead of storing them", () => {
    const damaged = /damaged or incomplete/;
    expect(cleanPng(PNG.subarray(0, 40))).toMatchObject({ problem: expect.stringMatching(damaged) });
    const badCrc = Buffer.from(PNG);
    badCrc[20] ^= 1;
    expect(cleanPng(badCrc)).toMatchObject({ problem: expect.stringMatching(damaged) });
    expect(cleanPng(join(PNG.subarray(0, 8), text("<html>not a png</html>")))).toMatchObject({ problem: expect.stringMatching(damaged) });
    expect(cleanJpeg(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xff, 0xd9]))).toMatchObject({
      problem: expect.stringMatching(damaged),
    });
    expect(cleanJpeg(JPEG.subarray(0, JPEG.length - 2))).toMatchObject({ problem: expect.stringMatching(damaged) });
  });
});
