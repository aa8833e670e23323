import { DateTime } from "luxon";
import { PDFDocument, rgb, type PDFFont, type PDFPage } from "pdf-lib";
import { embedFonts, pdfSafe, type EmbeddableFonts } from "../certificate";
import { evaluateCompletion, type CompletionCriteria, type CriteriaMark, type CriteriaSession } from "../criteria";
import { DISCHARGE_REASON_LABELS } from "../schema";
import { orderedShares, SHARE_HEADINGS, type ShareItem } from "./statement";

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
};

type SessionRow = CriteriaSession & { endsAt: Date };
type Outcome = { outcome: "completed" | "discharged" | "transferred"; endedOn: string; endedAt: Date; reason: keyof typeof DISCHARGE_REASON_LABELS | null } | null;

const ATTENDED = new Set(["present", "late", "left_early"]);
const day = (at: Date, zone: string) => DateTime.fromJSDate(at, { zone }).setLocale("en-US").toFormat("ccc, LLL d, yyyy");
const civil = (iso: string) => DateTime.fromISO(iso, { zone: "UTC" }).setLocale("en-US").toLocaleString(DateTime.DATE_FULL);
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The sections the release allows, in the fixed order, from the enrolment's attendance and outcome. */
export function letterSections(input: {
  shares: readonly string[];
  sessions: SessionRow[];
  marks: CriteriaMark[];
  enrolmentStatus: string;
  startedOn: string;
  outcome: Outcome;
  /** A withdrawal or removal without an outcome: when the person left (their attendance stops there). */
  left?: { status: "withdrawn" | "removed"; on: string; at: Date } | null;
  criteria: CompletionCriteria | null;
  zone: string;
  now: Date;
}): LetterSection[] {
  const end = input.outcome?.endedAt ?? input.left?.at ?? null;
  const counted = input.sessions.filter((s) => s.status !== "cancelled" && s.startsAt <= input.now && (end === null || s.startsAt < end));
  const markOf = new Map(input.marks.map((m) => [m.sessionId, m.status]));
  const attended = counted.filter((s) => ATTENDED.has(markOf.get(s.id) ?? ""));
  const out: LetterSection[] = [];
  for (const item of orderedShares(input.shares)) {
    let lines: string[];
    if (item === "attendance_dates") {
      lines = attended.length ? [attended.map((s) => day(s.startsAt, input.zone)).join("; ")] : ["No session attended so far."];
    } else if (item === "attendance_totals") {
      const minutes = attended.reduce((sum, s) => sum + (s.endsAt.getTime() - s.startsAt.getTime()) / 60000, 0);
      const excused = counted.filter((s) => markOf.get(s.id) === "excused").length;
      const absent = counted.filter((s) => markOf.get(s.id) === "absent").length;
      lines = [
        `Attended ${attended.length} of the ${plural(counted.length, "session", "sessions")} held (${(Math.round(minutes / 6) / 10).toFixed(1)} hours).`,
        `Excused absences: ${excused}. Unexcused absences: ${absent}.`,
      ];
    } else if (item === "completion_status") {
      const o = input.outcome;
      lines = [
        !o
          ? input.enrolmentStatus === "enrolled"
            ? `Taking part since ${civil(input.startedOn)}; has not finished the program yet.`
            : ["waitlisted", "offered", "interested"].includes(input.enrolmentStatus)
              ? `Registered on ${civil(input.startedOn)}; waiting for a place, not taking part yet.`
              : input.left
                ? `${input.left.status === "removed" ? "Removed from" : "Withdrew from"} this group on ${civil(input.left.on)}.`
                : "No longer enrolled in this group."
          : o.outcome === "completed"
            ? `Completed the program on ${civil(o.endedOn)}.`
            : o.outcome === "transferred"
              ? `Transferred to another group of the program on ${civil(o.endedOn)}.`
              : `Discharged on ${civil(o.endedOn)}${o.reason && o.reason !== "other" ? ` (${DISCHARGE_REASON_LABELS[o.reason].toLowerCase()})` : ""}.`,
      ];
    } else {
      if (!input.criteria) {
        lines = ["The program sets no completion requirements."];
      } else {
        const p = evaluateCompletion({ criteria: input.criteria, sessions: input.sessions, marks: input.marks, now: input.now, endedAt: end });
        const rule = `Completion requires attending at least ${plural(p.required, "session", "sessions")}${p.maxUnexcusedAbsences === null ? "" : ` with no more than ${plural(p.maxUnexcusedAbsences, "unexcused absence", "unexcused absences")}`}.`;
        const status = p.met
          ? "Has met the completion requirements."
          : !p.absencesWithinLimit
            ? "Has more unexcused absences than the requirements allow."
            : !p.stillPossible
              ? "Cannot meet the requirements with the sessions left in this group."
              : `Needs ${plural(p.remaining, "more session", "more sessions")} to meet the requirements.`;
        lines = [rule, status];
      }
    }
    out.push({ item, heading: SHARE_HEADINGS[item], lines });
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
  pdf.setTitle(`Attendance letter: ${safe(f.participantName)}, ${safe(f.programName)}`);
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
  write(`Re: ${f.participantName}, ${f.programName} (${f.groupName})`, { font: bold, size: 12, gap: 8 });
  write(
    `${f.participantName} has authorised us to share the information below with you for this purpose: ${f.purpose}${/[.!?]$/.test(f.purpose.trim()) ? "" : "."} This letter states only what that release allows.`,
    { gap: 10 },
  );
  for (const section of f.sections) {
    write(section.heading, { font: bold, size: 12, gap: 2 });
    for (const line of section.lines) write(line, { gap: 2 });
    y -= 8;
  }
  write(
    `Shared under a release of information ${f.release.method === "paper" ? "signed on paper" : "signed in our app"} on ${civil(f.release.signedOn)}, valid until the end of ${civil(f.release.expiresOn)}, which the participant may revoke at any time.`,
    { size: 9, gap: 12 },
  );
  write(`${f.issuedBy}, for ${f.organizationName}`, { gap: 4 });
  write(`Letter reference ${f.reference}`, { size: 9, gap: 12 });
  if (f.part2Notice) {
    write("Prohibition on redisclosure (42 CFR 2.32)", { font: bold, size: 10, gap: 2 });
    write(f.part2Notice, { size: 9 });
  }
  return pdf.save();
}
