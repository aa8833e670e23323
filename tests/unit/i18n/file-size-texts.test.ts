import { describe, expect, test } from "vitest";
import { formatBytes } from "~/modules/competency/files";

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
