import fontkit from "@pdf-lib/fontkit";
import { PDFDocument, rgb, type PDFFont } from "pdf-lib";
import { translatorFor } from "~/i18n/catalog";
import { DEFAULT_LOCALE, languageOf, type Locale } from "~/i18n/locales";

/**
 * The certificate of completion as a PDF (pdf-lib, pure JavaScript). Pure: everything it states
 * comes in as arguments (the facts frozen when it was issued), including the issue instant.
 */
export type CertificateFacts = {
  organizationName: string;
  participantName: string;
  programName: string;
  startedOn: string;
  completedOn: string;
  hoursAttended: string;
  verificationCode: string;
  verifyUrl: string;
  issuedAt: Date;
  logo: { contentType: string; content: Uint8Array } | null;
  /** The participant's language (users.locale): the certificate's wording. Dates stay ISO, names as entered. */
  locale?: Locale;
};

/** The TrueType fonts to embed (pdf-fonts.server.ts reads them; passed in so this file stays pure). */
export type EmbeddableFonts = { regular: Uint8Array; bold: Uint8Array };

/**
 * fontkit with its parsed fonts kept per font file: parsing DejaVu's tables again for every PDF
 * cost ~100 ms per font (a certificate took ~300 ms to render; ~40 ms with this). The parsed font
 * is only read by pdf-lib (each document makes its own subset), so one copy serves every PDF —
 * with one repair: fontkit caches each glyph object with the characters of its first request, and a
 * subset fetches the parts of a composed letter ("ú" = "u" + accent) with none. Once one document
 * had "Núñez" in bold, every later document's "u" in bold had no character behind it: it printed,
 * but readers, search, copy and screen readers lost it ("As nto" for "Asunto"). A glyph asked for
 * with its characters gets them back.
 */
type ParsedFont = ReturnType<typeof fontkit.create>;
const parsedFonts = new WeakMap<Uint8Array, ParsedFont>();
function keepingCharacters(font: ParsedFont): ParsedFont {
  const getGlyph = font.getGlyph.bind(font);
  font.getGlyph = (glyph: number, characters: number[] = []) => {
    const found = getGlyph(glyph, characters);
    if (found && characters.length > 0 && found.codePoints.length === 0) found.codePoints = characters;
    return found;
  };
  return font;
}
const sharedFontkit: typeof fontkit = {
  ...fontkit,
  create(data: Uint8Array, postscriptName?: string) {
    if (postscriptName) return fontkit.create(data, postscriptName);
    let font = parsedFonts.get(data);
    if (!font) {
      font = keepingCharacters(fontkit.create(data));
      parsedFonts.set(data, font);
    }
    return font;
  },
};

/** Embeds the regular and bold fonts as subsets (only the glyphs drawn end up in the file). */
export async function embedFonts(pdf: PDFDocument, fonts: EmbeddableFonts) {
  pdf.registerFontkit(sharedFontkit);
  const [regular, bold] = await Promise.all([pdf.embedFont(fonts.regular, { subset: true }), pdf.embedFont(fonts.bold, { subset: true })]);
  return { regular, bold };
}

/**
 * A decimal figure ("12.5", as stored) in a document's language: "12.5" in English, "12,5" in
 * Spanish (es-US too, like the app's other figures). No thousands separator (English output stays as stored). Text that is not a number is
 * returned unchanged.
 */
export function decimalIn(locale: Locale, value: string | number, digits = 1): string {
  const n = typeof value === "number" ? value : Number(value);
  if (typeof value === "string" && (value.trim() === "" || !Number.isFinite(n))) return value;
  // By language, as the app's other figures ("62,5 %" in Spanish whether US or Spain).
  return new Intl.NumberFormat(languageOf(locale) === "en" ? "en-US" : languageOf(locale), { minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: false }).format(n);
}

const ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"; // no I, L, O, U, 0, 1: read aloud and typed without confusion

/** 20 characters of the code alphabet from bytes (≈ 98 bits), shown in groups of four. */
export function codeFromBytes(bytes: Uint8Array): string {
  let out = "";
  let value = 0n;
  for (const b of bytes) value = (value << 8n) | BigInt(b);
  for (let i = 0; i < 20; i++) {
    out += ALPHABET[Number(value % BigInt(ALPHABET.length))];
    value /= BigInt(ALPHABET.length);
  }
  return out.match(/.{4}/g)!.join("-");
}

/** A typed or pasted code in its canonical form (upper case, grouped), or null when it cannot be one. */
export function normaliseCode(input: string): string | null {
  const plain = input.toUpperCase().replace(/[\s-]/g, "");
  if (plain.length !== 20 || [...plain].some((c) => !ALPHABET.includes(c))) return null;
  return plain.match(/.{4}/g)!.join("-");
}

/**
 * Text the font can draw: each character it has, else its base letter without accents, else "?"
 * (so a name in a script the font lacks never breaks the PDF). DejaVu Sans has every letter of
 * Latin-1 and Latin Extended-A, so "José Núñez" and "Zoë" print as written.
 */
const characterSets = new WeakMap<number[], Set<number>>();
export function pdfSafe(text: string, font: PDFFont): string {
  const codePoints = font.getCharacterSet();
  let known = characterSets.get(codePoints);
  if (!known) {
    known = new Set(codePoints);
    characterSets.set(codePoints, known);
  }
  const has = (ch: string) => [...ch].every((c) => known.has(c.codePointAt(0)!));
  return [...text.normalize("NFC")]
    .map((ch) => {
      if (ch === "\n" || ch === "\t") return " ";
      if (has(ch)) return ch;
      const base = ch.normalize("NFD").replace(/\p{M}/gu, "");
      return base && has(base) ? base : "?";
    })
    .join("");
}

function centred(page: ReturnType<PDFDocument["addPage"]>, text: string, font: PDFFont, size: number, y: number) {
  const width = font.widthOfTextAtSize(text, size);
  const { width: pageWidth } = page.getSize();
  const fitted = width > pageWidth - 80 ? (size * (pageWidth - 80)) / width : size;
  page.drawText(text, { x: (pageWidth - font.widthOfTextAtSize(text, fitted)) / 2, y, size: fitted, font, color: rgb(0.1, 0.1, 0.15) });
}

export async function renderCertificatePdf(f: CertificateFacts, fonts: EmbeddableFonts): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const page = pdf.addPage([842, 595]); // A4 landscape
  const { regular, bold } = await embedFonts(pdf, fonts);
  const safe = (t: string) => pdfSafe(t, regular);
  const t = translatorFor(f.locale ?? DEFAULT_LOCALE);
  pdf.setTitle(t("documents.certificate.metaTitle", { program: safe(f.programName) }));
  pdf.setSubject(t("documents.certificate.metaSubject", { participant: safe(f.participantName), program: safe(f.programName), date: f.completedOn, code: f.verificationCode }));
  pdf.setAuthor(safe(f.organizationName));
  pdf.setCreator("Group Sessions");
  pdf.setProducer("Group Sessions (pdf-lib)");
  pdf.setCreationDate(f.issuedAt);
  pdf.setModificationDate(f.issuedAt);
  page.drawRectangle({ x: 24, y: 24, width: 794, height: 547, borderColor: rgb(0.2, 0.3, 0.5), borderWidth: 3 });
  let top = 520;
  if (f.logo) {
    const image = f.logo.contentType === "image/png" ? await pdf.embedPng(f.logo.content) : await pdf.embedJpg(f.logo.content);
    const scaled = image.scaleToFit(160, 70);
    page.drawImage(image, { x: (842 - scaled.width) / 2, y: top - scaled.height, width: scaled.width, height: scaled.height });
    top -= scaled.height + 20;
  }
  centred(page, safe(f.organizationName), bold, 20, top - 10);
  centred(page, safe(t("documents.certificate.title")), bold, 34, top - 70);
  centred(page, safe(t("documents.certificate.certifies")), regular, 14, top - 110);
  centred(page, safe(f.participantName), bold, 28, top - 150);
  centred(page, safe(t("documents.certificate.completed")), regular, 14, top - 185);
  centred(page, safe(f.programName), bold, 22, top - 220);
  centred(page, safe(t("documents.certificate.period", { start: f.startedOn, end: f.completedOn, hours: decimalIn(f.locale ?? DEFAULT_LOCALE, f.hoursAttended) })), regular, 14, top - 255);
  centred(page, safe(t("documents.certificate.code", { code: f.verificationCode })), bold, 13, 80);
  centred(page, safe(t("documents.certificate.check", { url: f.verifyUrl })), regular, 11, 60);
  return pdf.save();
}
