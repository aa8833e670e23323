import { describe, expect, test } from "vitest";
import { translateMessage } from "~/i18n/catalog";
import { checkUploadedFile, fileSizeIn, formatBytes } from "~/modules/competency/files";

/** File sizes on pages (curriculum materials, upload hints) in the reader's language (issue 18 leftover). */
describe("file sizes", () => {
  test("English as before; Spanish with the decimal comma", () => {
    expect(formatBytes(5 * 1024 * 1024)).toBe("5.0 MB");
    expect(formatBytes(1536 * 1024, "en")).toBe("1.5 MB");
    expect(formatBytes(1536 * 1024, "es")).toBe("1,5 MB");
    expect(formatBytes(5 * 1024 * 1024, "es")).toBe("5,0 MB");
    expect(formatBytes(512 * 1024, "es")).toBe("512 KB");
    expect(formatBytes(900, "es")).toBe("900 bytes");
  });
});

/**
 * Upload refusals are sentences the server writes in English with English sizes ("2.5 MB"); the
 * reader's translation writes the sizes as their language does (the decimal comma in Spanish).
 */
describe("upload refusals", () => {
  const tooLarge = checkUploadedFile({ name: "scan.pdf", bytes: new Uint8Array(Math.round(2.5 * 1024 * 1024)) }, { maxBytes: 2 * 1024 * 1024 });
  const refusal = tooLarge.ok ? "" : tooLarge.message;

  test("English keeps the server's sentence byte for byte", () => {
    expect(refusal).toBe("This file is 2.5 MB; the limit is 2.0 MB.");
    expect(translateMessage(refusal, "en-US")).toBe(refusal);
    expect(translateMessage(refusal, "en-GB")).toBe(refusal);
  });

  test("Spanish (Spain and United States) reads the sizes with the decimal comma, as formatBytes writes them", () => {
    for (const locale of ["es-ES", "es-US"] as const) {
      expect(translateMessage(refusal, locale)).toBe("Este archivo pesa 2,5 MB; el límite es 2,0 MB.");
      expect(translateMessage(`This file is larger than ${formatBytes(5 * 1024 * 1024)}. Upload a smaller PDF, PNG or JPEG.`, locale)).toBe(
        `Este archivo supera ${formatBytes(5 * 1024 * 1024, "es")}. Suba un PDF, PNG o JPEG más pequeño.`,
      );
      expect(translateMessage(`This image is ${formatBytes(1536 * 1024)}; a logo may be at most ${formatBytes(1024 * 1024)}.`, locale)).toBe(
        "Esta imagen ocupa 1,5 MB; un logotipo puede ocupar como máximo 1,0 MB.",
      );
    }
  });

  test("only a whole filled-in size is rewritten: other numbers and texts are left as written", () => {
    expect(fileSizeIn("es", "12.5 MB")).toBe("12,5 MB");
    expect(fileSizeIn("es", "512 KB")).toBe("512 KB");
    expect(fileSizeIn("es", "900 bytes")).toBe("900 bytes");
    expect(fileSizeIn("en", "2.5 MB")).toBe("2.5 MB");
    expect(fileSizeIn("es", "Report 2.5 MB")).toBe("Report 2.5 MB");
    expect(fileSizeIn("es", "2.5")).toBe("2.5");
    expect(fileSizeIn("es", "v1.2 MB draft")).toBe("v1.2 MB draft");
  });
});
