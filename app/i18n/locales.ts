/**
 * The languages and regions a person can choose (users.locale). The language picks the texts
 * (app/locales/<language>/); the region picks how dates and times are written: en-US and es-US
 * use the 12-hour clock, en-GB and es-ES the 24-hour clock. Pure: no request, no clock.
 */
export const LOCALES = ["en-US", "en-GB", "es-ES", "es-US"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en-US";

/** The languages whose catalogs ship (app/locales/<language>/*.json). */
export const LANGUAGES = ["en", "es"] as const;
export type Language = (typeof LANGUAGES)[number];

/** Each choice named in its own language, so a reader finds theirs whatever the page's language. */
export const LOCALE_LABELS: Record<Locale, string> = {
  "en-US": "English (United States) — Mon, Mar 15, 2027, 6:00 PM",
  "en-GB": "English (24-hour) — Mon 15 Mar 2027, 18:00",
  "es-ES": "Español (24 horas) — lun 15 mar 2027, 18:00",
  "es-US": "Español (Estados Unidos) — lun 15 mar 2027, 6:00 p. m.",
};

/** The short names the header's language switch offers to signed-out visitors. */
export const LOCALE_SHORT_LABELS: Record<Locale, string> = {
  "en-US": "English (US)",
  "en-GB": "English (UK)",
  "es-ES": "Español (España)",
  "es-US": "Español (EE. UU.)",
};

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/** A stored or sent value as a locale; anything unknown (or missing) is the default. */
export function localeOf(value: string | null | undefined): Locale {
  return isLocale(value) ? value : DEFAULT_LOCALE;
}

export function languageOf(locale: Locale): Language {
  return locale.startsWith("es") ? "es" : "en";
}

/** True for the 12-hour clock regions. */
export function usesTwelveHourClock(locale: Locale): boolean {
  return locale === "en-US" || locale === "es-US";
}

/**
 * The best supported locale for an Accept-Language header, or null when it names none of ours.
 * Only ever a default (the sign-up form's preselected choice, a signed-out page's language):
 * the header is the browser's guess and is never stored or trusted for anything else.
 * Spanish: es-ES → es-ES; any other Spanish ("es", "es-MX", "es-419") → es-US, the Latin-American
 * texts with the 12-hour clock the app's US agencies use. English: en-GB and regions that write
 * the 24-hour clock (en-IE, en-AU, en-NZ, en-IN, en-ZA) → en-GB; any other English → en-US.
 */
export function negotiateLocale(header: string | null | undefined): Locale | null {
  if (!header) return null;
  const ranges = header
    .slice(0, 500)
    .split(",")
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(";");
      const q = params.map((p) => /^\s*q=([01](?:\.\d{0,3})?)\s*$/.exec(p)).find(Boolean);
      return { tag: tag.trim().toLowerCase(), q: q ? Number(q[1]) : 1, index };
    })
    .filter((r) => r.tag && r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranges) {
    const [language, region = ""] = tag.split("-");
    if (language === "es") return region === "es" ? "es-ES" : "es-US";
    if (language === "en") return ["gb", "ie", "au", "nz", "in", "za"].includes(region) ? "en-GB" : "en-US";
  }
  return null;
}
