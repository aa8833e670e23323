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

/** An E.164 number as people read it: national style for North America, international otherwise. */
export function displayNumber(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return e164;
  return parsed.countryCallingCode === "1" ? parsed.formatNational() : parsed.formatInternational();
}

/** The last digits only, for places that must not show the whole number (the admin's text viewer). */
export const maskedNumber = (e164: string) => `•••${e164.slice(-4)}`;
