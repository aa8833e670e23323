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
  const decimal = (value: number, digits: number) => (language === "en" ? value.toFixed(digits) : new Intl.NumberFormat(language, { minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: false }).format(value));
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${decimal(n / 1024, 0)} KB`;
  return `${decimal(n / (1024 * 1024), 1)} MB`;
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
