import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";

/**
 * The fonts every PDF of the app embeds: DejaVu Sans (from the npm package dejavu-fonts-ttf),
 * which covers Latin-1, Latin Extended-A and B, Vietnamese, Greek and Cyrillic — so "José Núñez",
 * "Zoë" and "Łukasz" print as written (the 14 standard PDF fonts know only WinAnsi). Only the
 * glyphs used are embedded (a subset of a few kilobytes). Read once per process: the files never
 * change while it runs.
 */
export type PdfFonts = { regular: Uint8Array; bold: Uint8Array };

let loading: Promise<PdfFonts> | null = null;

export function pdfFonts(): Promise<PdfFonts> {
  if (!loading) {
    const require = createRequire(import.meta.url);
    const file = (name: string) => readFile(require.resolve(`dejavu-fonts-ttf/ttf/${name}`)).then((b) => new Uint8Array(b));
    loading = Promise.all([file("DejaVuSans.ttf"), file("DejaVuSans-Bold.ttf")]).then(([regular, bold]) => ({ regular, bold }));
    loading.catch(() => {
      loading = null;
    });
  }
  return loading;
}
