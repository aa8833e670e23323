/**
 * Uploaded certificates: what a file really is, judged by its first bytes (the declared type and
 * the file name are the sender's claims, not facts).
 */
export const ACCEPTED_UPLOAD_TYPES = ["application/pdf", "image/png", "image/jpeg"] as const;
export type AcceptedUploadType = (typeof ACCEPTED_UPLOAD_TYPES)[number];

const startsWith = (bytes: Uint8Array, signature: number[]) =>
  bytes.length >= signature.length && signature.every((b, i) => bytes[i] === b);

export function detectFileType(bytes: Uint8Array): AcceptedUploadType | null {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return "application/pdf"; // %PDF-
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "image/jpeg";
  return null;
}

const EXTENSIONS: Record<AcceptedUploadType, string> = {
  "application/pdf": ".pdf",
  "image/png": ".png",
  "image/jpeg": ".jpg",
};

/**
 * A download name that is safe in a Content-Disposition header: the base name, printable ASCII
 * letters, digits, dots, dashes and underscores only, with the extension of the real type.
 */
export function safeFileName(original: string, type: AcceptedUploadType, fallback = "certificate"): string {
  const base = original.split(/[/\\]/).pop() ?? "";
  const stem = base
    .replace(/\.[^.]*$/, "")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^A-Za-z0-9._-]+/g, "-")
    .replace(/^[-.]+|[-.]+$/g, "")
    .slice(0, 80);
  return `${stem || fallback}${EXTENSIONS[type]}`;
}

/**
 * A file size: "512 bytes", "12 KB", "1.5 MB". With a Spanish `language`, the decimal comma
 * ("1,5 MB") and "bytes" as in Spanish; English as before.
 */
export function formatBytes(n: number, language: string = "en"): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${decimalIn(language, n / 1024, 0)} KB`;
  return `${decimalIn(language, n / (1024 * 1024), 1)} MB`;
}

function decimalIn(language: string, value: number, digits: number): string {
  if (language === "en") return value.toFixed(digits);
  return new Intl.NumberFormat(language, { minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: false }).format(value);
}

/**
 * A size formatBytes wrote in English ("2.5 MB", "512 KB", "900 bytes") in `language`, as
 * formatBytes(n, language) would have written it; any other text unchanged. The refusals the
 * server writes in English ("This file is 2.5 MB; the limit is 5.0 MB.") carry their sizes in
 * English: the reader's translation of the sentence (i18n/catalog.ts translateMessage) passes each
 * filled-in value through this, so a Spanish reader reads "2,5 MB" like every other size.
 */
export function fileSizeIn(language: string, text: string): string {
  const size = /^(\d+)(?:\.(\d+))? (KB|MB|bytes)$/.exec(text);
  if (!size || language === "en") return text;
  const digits = size[2]?.length ?? 0;
  return `${decimalIn(language, Number(`${size[1]}.${size[2] ?? "0"}`), digits)} ${size[3]}`;
}

/**
 * The one content check of every uploaded document (competency evidence, curriculum materials):
 * not empty, at most `maxBytes`, and really a PDF, PNG or JPEG by its first bytes. Returns the
 * real type and a safe download name, or the message to show beside the field.
 */
export function checkUploadedFile(
  file: { name: string; bytes: Uint8Array },
  options: { maxBytes: number; fallbackName?: string },
): { ok: true; type: AcceptedUploadType; fileName: string } | { ok: false; message: string } {
  if (file.bytes.byteLength === 0) return { ok: false, message: "Choose a file to upload." };
  if (file.bytes.byteLength > options.maxBytes) {
    return { ok: false, message: `This file is ${formatBytes(file.bytes.byteLength)}; the limit is ${formatBytes(options.maxBytes)}.` };
  }
  const type = detectFileType(file.bytes);
  if (!type) return { ok: false, message: "Upload a PDF, PNG or JPEG file. This file's content is not one of those, whatever its name says." };
  return { ok: true, type, fileName: safeFileName(file.name, type, options.fallbackName) };
}
