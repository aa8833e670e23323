import { crc32 } from "node:zlib";

/**
 * A logo as it is stored and served: the image's own pixels and nothing else. Pure: bytes in,
 * bytes out (no database, no clock).
 *
 * The first bytes say PNG or JPEG, but a file can still carry things a header image must not:
 * a declared size of 60000 × 60000 pixels that every member's browser would try to decode, text
 * and EXIF metadata (an author's name, a phone's GPS position) copied byte for byte onto every
 * page, or another file appended after the image's end. So the image's structure is read, its
 * size checked, and it is written back with only the chunks or segments that draw it.
 */
export const MAX_LOGO_SIDE = 2000;

export type CleanLogo = { type: "image/png" | "image/jpeg"; width: number; height: number; bytes: Uint8Array };
export type LogoProblem = { problem: string };

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Chunks that draw a PNG (critical ones and colour/transparency information); text, EXIF, time and unknown chunks are dropped. */
const PNG_KEPT = new Set(["IHDR", "PLTE", "IDAT", "IEND", "tRNS", "gAMA", "cHRM", "sRGB", "iCCP", "sBIT", "pHYs", "bKGD"]);

const BROKEN = "This image file is damaged or incomplete; export it again as a PNG or JPEG.";

function sizeProblem(width: number, height: number): LogoProblem | null {
  if (width < 1 || height < 1) return { problem: BROKEN };
  if (width > MAX_LOGO_SIDE || height > MAX_LOGO_SIDE) {
    return { problem: `This image is ${width} × ${height} pixels; a logo may be at most ${MAX_LOGO_SIDE} pixels on each side.` };
  }
  return null;
}

export function cleanPng(bytes: Uint8Array): CleanLogo | LogoProblem {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 8 || PNG_SIGNATURE.some((b, i) => bytes[i] !== b)) return { problem: BROKEN };
  const kept: Uint8Array[] = [bytes.subarray(0, 8)];
  let at = 8;
  let width = 0;
  let height = 0;
  let sawData = false;
  for (let index = 0; ; index++) {
    if (at + 12 > bytes.length) return { problem: BROKEN };
    const length = view.getUint32(at);
    const end = at + 12 + length;
    if (end > bytes.length) return { problem: BROKEN };
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    if (crc32(bytes.subarray(at + 4, at + 8 + length)) !== view.getUint32(at + 8 + length)) return { problem: BROKEN };
    if (index === 0) {
      if (type !== "IHDR" || length !== 13) return { problem: BROKEN };
      width = view.getUint32(at + 8);
      height = view.getUint32(at + 12);
      const tooBig = sizeProblem(width, height);
      if (tooBig) return tooBig;
    }
    if (type === "IDAT") sawData = true;
    if (PNG_KEPT.has(type)) kept.push(bytes.subarray(at, end));
    at = end;
    // Anything after the image's end (another file appended) is left out.
    if (type === "IEND") break;
  }
  if (!sawData) return { problem: BROKEN };
  return { type: "image/png", width, height, bytes: concat(kept) };
}

/** JPEG segments that draw the image: JFIF (APP0), Adobe colour (APP14), tables, frame, restart interval. */
function jpegSegmentKept(marker: number): boolean {
  if (marker === 0xe0 || marker === 0xee) return true;
  if (marker >= 0xe1 && marker <= 0xef) return false; // APP1 EXIF/XMP … APP15
  if (marker === 0xfe) return false; // comment
  return true;
}

const isStartOfFrame = (m: number) => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;

export function cleanJpeg(bytes: Uint8Array): CleanLogo | LogoProblem {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return { problem: BROKEN };
  const kept: Uint8Array[] = [bytes.subarray(0, 2)];
  let at = 2;
  let width = 0;
  let height = 0;
  for (;;) {
    if (at + 4 > bytes.length || bytes[at] !== 0xff) return { problem: BROKEN };
    const marker = bytes[at + 1];
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    const length = (bytes[at + 2] << 8) | bytes[at + 3];
    const end = at + 2 + length;
    if (length < 2 || end > bytes.length) return { problem: BROKEN };
    if (isStartOfFrame(marker)) {
      if (length < 7) return { problem: BROKEN };
      height = (bytes[at + 5] << 8) | bytes[at + 6];
      width = (bytes[at + 7] << 8) | bytes[at + 8];
      const tooBig = sizeProblem(width, height);
      if (tooBig) return tooBig;
    }
    if (marker === 0xda) {
      // Start of scan: the compressed image follows, up to the end-of-image marker. Later scans
      // (progressive JPEG) and their tables are part of it; anything after the last end-of-image
      // marker is left out.
      if (!width || !height) return { problem: BROKEN };
      let last = -1;
      for (let i = bytes.length - 2; i >= end; i--) {
        if (bytes[i] === 0xff && bytes[i + 1] === 0xd9) {
          last = i;
          break;
        }
      }
      if (last < 0) return { problem: BROKEN };
      kept.push(bytes.subarray(at, last + 2));
      return { type: "image/jpeg", width, height, bytes: concat(kept) };
    }
    if (jpegSegmentKept(marker)) kept.push(bytes.subarray(at, end));
    at = end;
  }
}

export function cleanLogoImage(bytes: Uint8Array, type: "image/png" | "image/jpeg"): CleanLogo | LogoProblem {
  return type === "image/png" ? cleanPng(bytes) : cleanJpeg(bytes);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
