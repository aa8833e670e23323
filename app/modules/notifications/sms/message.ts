/**
 * Text-message bodies: GSM-7 detection, segment counting and the short messages the app sends.
 * No health details in a text: no group name (it may itself disclose, e.g. a recovery group), only
 * the organisation's name, a time, and a link to the app where the person signs in. Pure.
 */
import { translatorFor } from "~/i18n/catalog";
import { DEFAULT_LOCALE, type Locale } from "~/i18n/locales";

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

/** The translate function for a text's recipient (users.locale; US English when unknown). */
const textsFor = (locale: Locale | undefined) => translatorFor(locale ?? DEFAULT_LOCALE);

/*
 * The bodies below are written in the recipient's language (documents.sms.* in the catalogs). The
 * Spanish ones avoid letters outside GSM-7 (á, í, ó, ú) where a plain word says the same, so a text
 * stays one 160-septet segment; a Spanish date can still carry one ("sáb"), and then withSender and
 * segmentCount count it as UCS-2 as for any other text.
 */
export const confirmationCodeText = (organizationName: string, code: string, locale?: Locale) =>
  withSender(organizationName, textsFor(locale)("documents.sms.code", { code }));

export const reminderText = (input: { organizationName: string; when: string; url: string; locale?: Locale }) =>
  withSender(input.organizationName, textsFor(input.locale)("documents.sms.reminder", { when: input.when, url: input.url }));

export const seatGivenText = (input: { organizationName: string; url: string; locale?: Locale }) =>
  withSender(input.organizationName, textsFor(input.locale)("documents.sms.seatGiven", { url: input.url }));

export const offerText = (input: { organizationName: string; until: string; url: string; locale?: Locale }) =>
  withSender(input.organizationName, textsFor(input.locale)("documents.sms.offer", { until: input.until, url: input.url }));

export const sessionChangeText = (input: { organizationName: string; change: "cancelled" | "moved"; when: string; newWhen?: string; url: string; locale?: Locale }) => {
  const t = textsFor(input.locale);
  const values = { when: input.when, url: input.url };
  return withSender(
    input.organizationName,
    input.change === "cancelled"
      ? t("documents.sms.cancelled", values)
      : input.newWhen
        ? t("documents.sms.moved", { ...values, newWhen: input.newWhen })
        : t("documents.sms.movedNewTime", values),
  );
};

export const checkInText = (input: { organizationName: string; when: string; url: string; locale?: Locale }) =>
  withSender(input.organizationName, textsFor(input.locale)("documents.sms.checkIn", { when: input.when, url: input.url }));

export const helpText = (input: { organizationName: string; contactPhone: string; contactEmail: string; url: string; locale?: Locale }) => {
  const t = textsFor(input.locale);
  const [first, second] = [input.contactPhone, input.contactEmail].filter((v) => v.trim() !== "");
  const reach = second !== undefined ? t("documents.sms.or", { first, second }) : (first ?? input.url);
  return withSender(input.organizationName, t("documents.sms.help", { reach }));
};
