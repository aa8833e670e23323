/**
 * The organisation's crisis text as structured steps: one step per line, with the first phone
 * number or short code in it made callable (tel: link). Pure.
 */
export type CrisisStep = { text: string; tel: string | null; sms: boolean };

const PHONE = /(\+?\d[\d\s().-]{5,}\d)|\b(911|988|211|311|741741)\b/;

export function crisisSteps(text: string): CrisisStep[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const match = PHONE.exec(line);
      const digits = match ? match[0].replace(/[^\d+]/g, "") : "";
      // "Text 741741" (or in Spanish "envíe un mensaje de texto al 741741"): a text, unless it says to call too.
      return { text: line, tel: digits.length >= 3 ? digits : null, sms: /\b(text|texto)\b/i.test(line) && !/\b(call|llame|llamar)\b/i.test(line) };
    });
}
