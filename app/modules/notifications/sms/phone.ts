/**
 * Mobile numbers: what a person types → E.164 (`+14155550132`), with libphonenumber-js's full
 * metadata so a landline, toll-free or premium number is refused (it cannot receive texts).
 * Pure: no database, no environment.
 */
import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js/max";

export type PhoneResult = { ok: true; e164: string; display: string } | { ok: false; message: string };

/** Types that can receive a text; FIXED_LINE_OR_MOBILE is how North American numbers are classed. */
const TEXTABLE = new Set(["MOBILE", "FIXED_LINE_OR_MOBILE"]);

/** Whether a two-letter code is a country libphonenumber knows (the organisation's default country). */
export const isCountryCode = (code: string): code is CountryCode => /^[A-Z]{2}$/.test(code) && isSupportedCountry(code);

/**
 * Validates and normalises a mobile number. A number written without `+country code` is read in
 * `defaultCountry` (the organisation's, e.g. "US").
 */
export function normalizeMobileNumber(input: string, defaultCountry: string): PhoneResult {
  const text = input.trim();
  if (text === "") return { ok: false, message: "Enter your mobile number." };
  if (text.length > 40 || !/^[0-9+().\-\s]+$/.test(text)) {
    return { ok: false, message: "Enter a mobile number using digits (you may use spaces, dashes, brackets and a leading +)." };
  }
  const country = isCountryCode(defaultCountry) ? defaultCountry : "US";
  const parsed = parsePhoneNumberFromString(text, country);
  if (!parsed || !parsed.isValid()) {
    return { ok: false, message: `That is not a valid phone number. Write it as you would dial it in your country, or with + and the country code (like +1 415 555 0132).` };
  }
  const type = parsed.getType();
  if (type !== undefined && !TEXTABLE.has(type)) {
    return { ok: false, message: "That number cannot receive text messages (it is a landline or a toll-free number). Enter a mobile number." };
  }
  return { ok: true, e164: parsed.number, display: displayNumber(parsed.number) };
}

/** Countries named with "the" in a sentence ("in the United States"). */
const WITH_THE = new Set(["US", "GB", "AE", "NL", "PH", "BS", "DO", "CF", "GM", "MV", "MH", "SB", "KY", "VG", "VI", "TC", "FO", "CK", "CD", "CG", "KM", "SC", "VA"]);

function countryInSentence(code: string): string {
  let name = code;
  try {
    name = new Intl.DisplayNames(["en"], { type: "region" }).of(code) ?? code;
  } catch {
    // an unknown code is shown as it is
  }
  return WITH_THE.has(code) ? `the ${name}` : name;
}

/**
 * Whether a normalised number belongs to a country we text (`allowed`: two-letter codes). Codes are
 * not sent to other countries' mobiles (SMS pumping and toll fraud). The refusal to show, or null.
 */
export function countryRefusal(e164: string, allowed: readonly string[]): string | null {
  const country = parsePhoneNumberFromString(e164)?.country;
  if (country && allowed.includes(country)) return null;
  const names = allowed.map(countryInSentence);
  const list = names.length <= 1 ? (names[0] ?? "our country") : `${names.slice(0, -1).join(", ")} or ${names[names.length - 1]}`;
  return `We can text only mobile numbers in ${list}. Enter a mobile number from there.`;
}

/** An E.164 number as people read it: national style for North America, international otherwise. */
export function displayNumber(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return e164;
  return parsed.countryCallingCode === "1" ? parsed.formatNational() : parsed.formatInternational();
}

/** The last digits only, for places that must not show the whole number (the admin's text viewer). */
export const maskedNumber = (e164: string) => `•••${e164.slice(-4)}`;
