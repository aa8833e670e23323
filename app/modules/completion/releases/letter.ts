import { DateTime } from "luxon";
import { PDFDocument, rgb, type PDFFont, type PDFPage } from "pdf-lib";
import { translatorFor } from "~/i18n/catalog";
import { DEFAULT_LOCALE, languageOf, type Locale } from "~/i18n/locales";
import { decimalIn, embedFonts, pdfSafe, type EmbeddableFonts } from "../certificate";
import { evaluateCompletion, type CompletionCriteria, type CriteriaMark, type CriteriaSession } from "../criteria";
import { DISCHARGE_REASON_LABELS } from "../schema";
import { attendedMinutes } from "~/modules/metrics/definitions";
import { orderedShares, type ShareItem } from "./statement";

/**
 * An attendance letter / progress report to the recipient of a release of information. Pure: the
 * caller passes the sessions, marks, outcome, criteria, zone and `now`. A section is written only
 * for an item the release allows — what is not allowed is never computed into the letter at all.
 */
export type LetterSection = { item: ShareItem; heading: string; lines: string[] };

export type LetterFacts = {
  reference: string;
  organizationName: string;
  organizationContact: string;
  issuedOn: string;
  recipient: { name: string; organization: string; contact: string };
  participantName: string;
  programName: string;
  groupName: string;
  purpose: string;
  release: { signedOn: string; expiresOn: string; method: "in_app" | "paper" };
  sections: LetterSection[];
  issuedBy: string;
  part2Notice: string | null;
  /**
   * The language the letter was written in (the participant's users.locale when it was issued),
   * frozen with its facts so every copy reads the same. Letters issued before it existed: English.
   * The 42 CFR 2.32 notice is the rule's own English text in every language.
   */
  locale?: Locale;
};

type SessionRow = CriteriaSession & { endsAt: Date };
type Outcome = { outcome: "completed" | "discharged" | "transferred"; endedOn: string; endedAt: Date; reason: keyof typeof DISCHARGE_REASON_LABELS | null } | null;

const ATTENDED = new Set(["present", "late", "left_early"]);
const spanish = (locale: Locale) => languageOf(locale) === "es";
const day = (at: Date, zone: string, locale: Locale = DEFAULT_LOCALE) =>
  spanish(locale) ? DateTime.fromJSDate(at, { zone }).setLocale("es").toFormat("ccc d LLL yyyy") : DateTime.fromJSDate(at, { zone }).setLocale("en-US").toFormat("ccc, LLL d, yyyy");
/** A civil date written out in full: "March 2, 2027", "2 de marzo de 2027". */
export const civil = (iso: string, locale: Locale = DEFAULT_LOCALE) =>
  DateTime.fromISO(iso, { zone: "UTC" }).setLocale(spanish(locale) ? "es" : "en-US").toLocaleString(DateTime.DATE_FULL);

/** The sections the release allows, in the fixed order, from the enrolment's attendance and outcome. */
export function letterSections(input: {
  shares: readonly string[];
  sessions: SessionRow[];
  /** Arrival and leaving times, where recorded, shorten the hours of a late or early mark. */
  marks: (CriteriaMark & { arrivedAt?: Date | null; leftAt?: Date | null })[];
  enrolmentStatus: string;
  /** The day the enrolment started (the letter says "since" it): earlier sessions are not the person's, unless they have a mark there. */
  startedOn: string;
  outcome: Outcome;
  /** A withdrawal or removal without an outcome: when the person left (their attendance stops there). */
  left?: { status: "withdrawn" | "removed"; on: string; at: Date } | null;
  criteria: CompletionCriteria | null;
  zone: string;
  now: Date;
  /** The letter's language (default US English). */
  locale?: Locale;
}): LetterSection[] {
  const locale = input.locale ?? DEFAULT_LOCALE;
  const t = translatorFor(locale);
  const date = (iso: string) => civil(iso, locale);
  const end = input.outcome?.endedAt ?? input.left?.at ?? null;
  const markOf = new Map(input.marks.map((m) => [m.sessionId, m.status]));
  const localDay = (at: Date) => DateTime.fromJSDate(at, { zone: input.zone }).toISODate()!;
  // "Attended N of the M sessions held" since the start the letter states: sessions before the
  // person joined are not counted against them (a mark there still counts). Held is what the
  // session's record says, as /metrics' "Sessions held" counts it: a session that ended with no
  // attendance taken is not yet recorded, and counting it read as an absence the letter's own
  // absences line did not hold ("2 of the 3 sessions held … Unexcused absences: 0").
  const counted = input.sessions.filter(
    (s) => s.status === "held" && s.startsAt <= input.now && (end === null || s.startsAt < end) && (localDay(s.startsAt) >= input.startedOn || markOf.has(s.id)),
  );
  const markRow = new Map(input.marks.map((m) => [m.sessionId, m]));
  const attended = counted.filter((s) => ATTENDED.has(markOf.get(s.id) ?? ""));
  const out: LetterSection[] = [];
  for (const item of orderedShares(input.shares)) {
    let lines: string[];
    if (item === "attendance_dates") {
      lines = attended.length ? [attended.map((s) => day(s.startsAt, input.zone, locale)).join("; ")] : [t("documents.letter.noneAttended")];
    } else if (item === "attendance_totals") {
      // The metrics' definition of time attended (as certificates and /metrics): less the time missed arriving late or leaving early.
      const minutes = attended.reduce((sum, s) => {
        const m = markRow.get(s.id)!;
        return sum + attendedMinutes({ status: m.status, arrivedAt: m.arrivedAt ?? null, leftAt: m.leftAt ?? null }, s);
      }, 0);
      const excused = counted.filter((s) => markOf.get(s.id) === "excused").length;
      const absent = counted.filter((s) => markOf.get(s.id) === "absent").length;
      lines = [
        t("documents.letter.attended", { attended: attended.length, held: counted.length, hours: decimalIn(locale, Math.round(minutes / 6) / 10) }),
        t("documents.letter.absences", { excused, absent }),
      ];
    } else if (item === "completion_status") {
      const o = input.outcome;
      lines = [
        !o
          ? input.enrolmentStatus === "enrolled"
            ? t("documents.letter.takingPart", { date: date(input.startedOn) })
            : ["waitlisted", "offered", "interested"].includes(input.enrolmentStatus)
              ? t("documents.letter.waiting", { date: date(input.startedOn) })
              : input.left
                ? t(input.left.status === "removed" ? "documents.letter.removed" : "documents.letter.withdrew", { date: date(input.left.on) })
                : t("documents.letter.notEnrolled")
          : o.outcome === "completed"
            ? t("documents.letter.completed", { date: date(o.endedOn) })
            : o.outcome === "transferred"
              ? t("documents.letter.transferred", { date: date(o.endedOn) })
              : o.reason && o.reason !== "other"
                ? t("documents.letter.dischargedBecause", { date: date(o.endedOn), reason: t(`documents.letter.reasons.${o.reason}`) })
                : t("documents.letter.discharged", { date: date(o.endedOn) }),
      ];
    } else {
      if (!input.criteria) {
        lines = [t("documents.letter.noRequirements")];
      } else {
        const p = evaluateCompletion({ criteria: input.criteria, sessions: input.sessions, marks: input.marks, now: input.now, endedAt: end });
        const rule =
          p.maxUnexcusedAbsences === null
            ? t("documents.letter.requires", { required: p.required })
            : t("documents.letter.requiresWithAbsences", { required: p.required, max: p.maxUnexcusedAbsences });
        const status = p.met
          ? t("documents.letter.met")
          : !p.absencesWithinLimit
            ? t("documents.letter.tooManyAbsences")
            : !p.stillPossible
              ? t("documents.letter.cannotMeet")
              : t("documents.letter.needs", { remaining: p.remaining });
        lines = [rule, status];
      }
    }
    out.push({ item, heading: t(`documents.letter.headings.${item}`), lines });
  }
  return out;
}

const MARGIN = 56;
const WIDTH = 595;
const HEIGHT = 842;

/** Words laid out in lines no wider than `width` (a word longer than a line is cut). */
export function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(next, size) <= width) {
      line = next;
      continue;
    }
    if (line) lines.push(line);
    let rest = word;
    while (font.widthOfTextAtSize(rest, size) > width) {
      let cut = rest.length - 1;
      while (cut > 1 && font.widthOfTextAtSize(rest.slice(0, cut), size) > width) cut -= 1;
      lines.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    line = rest;
  }
  if (line) lines.push(line);
  return lines;
}

/** The letter as an A4 PDF: letterhead, recipient, subject, the allowed sections, signature line and the 42 CFR 2.32 notice when it applies. */
export async function renderLetterPdf(f: LetterFacts, fonts: EmbeddableFonts, issuedAt: Date): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const { regular, bold } = await embedFonts(pdf, fonts);
  const safe = (t: string) => pdfSafe(t, regular);
  const locale = f.locale ?? DEFAULT_LOCALE;
  const t = translatorFor(locale);
  pdf.setTitle(t("documents.letter.metaTitle", { participant: safe(f.participantName), program: safe(f.programName) }));
  pdf.setAuthor(safe(f.organizationName));
  pdf.setCreator("Group Sessions");
  pdf.setProducer("Group Sessions (pdf-lib)");
  pdf.setCreationDate(issuedAt);
  pdf.setModificationDate(issuedAt);
  let page: PDFPage = pdf.addPage([WIDTH, HEIGHT]);
  let y = HEIGHT - MARGIN;
  const ink = rgb(0.1, 0.1, 0.15);
  const write = (text: string, options: { font?: PDFFont; size?: number; gap?: number } = {}) => {
    const font = options.font ?? regular;
    const size = options.size ?? 11;
    for (const line of wrap(safe(text), font, size, WIDTH - 2 * MARGIN)) {
      if (y < MARGIN + size) {
        page = pdf.addPage([WIDTH, HEIGHT]);
        y = HEIGHT - MARGIN;
      }
      page.drawText(line, { x: MARGIN, y: y - size, size, font, color: ink });
      y -= size * 1.35;
    }
    y -= options.gap ?? 0;
  };
  write(f.organizationName, { font: bold, size: 16 });
  if (f.organizationContact) write(f.organizationContact, { size: 9 });
  y -= 14;
  write(f.issuedOn, { gap: 10 });
  write(f.recipient.name);
  if (f.recipient.organization) write(f.recipient.organization);
  write(f.recipient.contact, { gap: 14 });
  write(t("documents.letter.re", { participant: f.participantName, program: f.programName, group: f.groupName }), { font: bold, size: 12, gap: 8 });
  write(t("documents.letter.authorised", { participant: f.participantName, purpose: `${f.purpose}${/[.!?]$/.test(f.purpose.trim()) ? "" : "."}` }), { gap: 10 });
  for (const section of f.sections) {
    write(section.heading, { font: bold, size: 12, gap: 2 });
    for (const line of section.lines) write(line, { gap: 2 });
    y -= 8;
  }
  write(
    t(f.release.method === "paper" ? "documents.letter.sharedPaper" : "documents.letter.sharedApp", { signedOn: civil(f.release.signedOn, locale), expiresOn: civil(f.release.expiresOn, locale) }),
    { size: 9, gap: 12 },
  );
  write(t("documents.letter.signature", { issuedBy: f.issuedBy, organization: f.organizationName }), { gap: 4 });
  write(t("documents.letter.reference", { reference: f.reference }), { size: 9, gap: 12 });
  if (f.part2Notice) {
    write(t("documents.letter.part2Heading"), { font: bold, size: 10, gap: 2 });
    write(f.part2Notice, { size: 9 });
  }
  return pdf.save();
}
