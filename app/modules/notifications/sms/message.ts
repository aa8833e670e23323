/**
 * Text-message bodies: GSM-7 detection, segment counting and the short messages the app sends.
 * No health details in a text: no group name (it may itself disclose, e.g. a recovery group), only
 * the organisation's name, a time, and a link to the app where the person signs in. Pure.
 */

/** The GSM 03.38 basic character set (one septet each) and its extension table (two septets each). */
const GSM7_BASIC =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
const GSM7_EXTENDED = "^{}\\[~]|€\f";

export type Encoding = "GSM-7" | "UCS-2";

/** GSM-7 when every character is in the GSM alphabet; otherwise the whole text goes as UCS-2. */
export function encodingOf(text: string): Encoding {
  for (const ch of text) if (!GSM7_BASIC.includes(ch) && !GSM7_EXTENDED.includes(ch)) return "UCS-2";
  return "GSM-7";
}

/** Length in the encoding's units: septets (extension characters count twice) or UTF-16 code units. */
export function encodedLength(text: string): number {
  if (encodingOf(text) === "UCS-2") return text.length;
  let n = 0;
  for (const ch of text) n += GSM7_EXTENDED.includes(ch) ? 2 : 1;
  return n;
}

/** How many SMS segments a text takes: 160/153 septets (GSM-7) or 70/67 characters (UCS-2). */
export function segmentCount(text: string): number {
  const length = encodedLength(text);
  const [single, multi] = encodingOf(text) === "GSM-7" ? [160, 153] : [70, 67];
  if (length <= single) return 1;
  return Math.ceil(length / multi);
}

/** Characters that commonly sneak in from names and would force UCS-2, replaced by GSM-7 ones. */
const PLAIN: Record<string, string> = { "\u2018": "'", "\u2019": "'", "\u201C": '"', "\u201D": '"', "\u2013": "-", "\u2014": "-", "\u2026": "...", "\u00A0": " ", "\u202F": " ", "\u2009": " " };
export const plainText = (text: string) => text.replace(/[\u2018\u2019\u201C\u201D\u2013\u2014\u2026\u00A0\u202F\u2009]/g, (c) => PLAIN[c] ?? c);

/** The longest text sent as one GSM-7 segment. */
export const SINGLE_SEGMENT = 160;

/**
 * `{name}: {rest}`, with the organisation's name shortened (then dropped) when the whole would
 * not fit in one segment; the rest (time, link) is never cut. Typographic quotes and dashes in the
 * name become plain ones so an apostrophe does not double the cost.
 */
export function withSender(organizationName: string, rest: string): string {
  const body = plainText(rest);
  const name = plainText(organizationName).trim();
  const room = SINGLE_SEGMENT - encodedLength(`: ${body}`);
  if (name && encodedLength(name) <= room) return `${name}: ${body}`;
  // Shortened to the room left, with "..." (GSM-7) — unless too little of it would remain to recognise.
  const chars = [...name];
  let short = "";
  for (const ch of chars) {
    if (encodedLength(`${short}${ch}...`) > room) break;
    short += ch;
  }
  return short.trim().length >= 6 ? `${short.trimEnd()}...: ${body}` : body;
}

/** The name a text starts with: the organisation's neutral sender name when set, else its name. */
export const senderNameOf = (org: { name: string; smsSenderName: string }) => (org.smsSenderName.trim() !== "" ? org.smsSenderName.trim() : org.name);

export type SmsKind = "code" | "reminder" | "offer" | "session_change" | "checkin";

export const confirmationCodeText = (organizationName: string, code: string) =>
  withSender(organizationName, `your code is ${code}. It expires in 10 minutes. If you did not ask for it, ignore this text.`);

export const reminderText = (input: { organizationName: string; when: string; url: string }) =>
  withSender(input.organizationName, `reminder, your group meets ${input.when}. ${input.url} Reply STOP to opt out`);

export const seatGivenText = (input: { organizationName: string; url: string }) =>
  withSender(input.organizationName, `a seat opened and you are now enrolled. Details: ${input.url} Reply STOP to opt out`);

export const offerText = (input: { organizationName: string; until: string; url: string }) =>
  withSender(input.organizationName, `a seat is held for you until ${input.until}. Accept or decline: ${input.url} Reply STOP to opt out`);

export const sessionChangeText = (input: { organizationName: string; change: "cancelled" | "moved"; when: string; newWhen?: string; url: string }) =>
  withSender(
    input.organizationName,
    input.change === "cancelled"
      ? `your session ${input.when} is cancelled. ${input.url} Reply STOP to opt out`
      : `your session ${input.when} moved to ${input.newWhen ?? "a new time"}. ${input.url} Reply STOP to opt out`,
  );

export const checkInText = (input: { organizationName: string; when: string; url: string }) =>
  withSender(input.organizationName, `check-in is open for your ${input.when} session: ${input.url} Reply STOP to opt out`);

export const helpText = (input: { organizationName: string; contactPhone: string; contactEmail: string; url: string }) => {
  const reach = [input.contactPhone, input.contactEmail].filter((v) => v.trim() !== "").join(" or ");
  return withSender(input.organizationName, `group session texts. Help: ${reach || input.url}. Reply STOP to end texts, START to resume.`);
};
