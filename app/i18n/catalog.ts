import i18next, { type i18n, type TFunction } from "i18next";
import ICU from "i18next-icu";
import enAuth from "~/locales/en/auth.json";
import enCommon from "~/locales/en/common.json";
import enEmail from "~/locales/en/email.json";
import enMy from "~/locales/en/my.json";
import enProfile from "~/locales/en/profile.json";
import enPublic from "~/locales/en/public.json";
import enRegistration from "~/locales/en/registration.json";
import enVoice from "~/locales/en/voice.json";
import esAuth from "~/locales/es/auth.json";
import esCommon from "~/locales/es/common.json";
import esEmail from "~/locales/es/email.json";
import esMy from "~/locales/es/my.json";
import esProfile from "~/locales/es/profile.json";
import esPublic from "~/locales/es/public.json";
import esRegistration from "~/locales/es/registration.json";
import esVoice from "~/locales/es/voice.json";
import esMessages from "~/locales/es/messages.json";
import { DEFAULT_LOCALE, languageOf, type Language, type Locale } from "~/i18n/locales";

/**
 * The message catalogs, one JSON file per area and language under app/locales/<language>/, each
 * file a top-level key ("auth.login.title" is auth.json's login.title). They are bundled into the
 * server and the browser build alike, so a page's texts need no network round trip and the
 * browser hydrates with exactly the catalog the server rendered with. Messages are ICU
 * MessageFormat ("{count, plural, one {# seat} other {# seats}}").
 */
export const CATALOGS: Record<Language, Record<string, unknown>> = {
  en: { auth: enAuth, common: enCommon, email: enEmail, my: enMy, profile: enProfile, public: enPublic, registration: enRegistration, voice: enVoice },
  es: { auth: esAuth, common: esCommon, email: esEmail, my: esMy, profile: esProfile, public: esPublic, registration: esRegistration, voice: esVoice },
};

/**
 * Sentences the server writes in English (validation errors, refusals raised by modules) with
 * their translation, keyed by the English text; "{name}" in a key stands for any text, repeated
 * in the translation. English pages keep the server's text byte for byte.
 */
export const MESSAGE_TRANSLATIONS: Record<Exclude<Language, "en">, Record<string, string>> = {
  es: esMessages,
};

const instances = new Map<Locale, i18n>();

/**
 * The i18next instance for a locale (built once per locale: the catalogs are constants, so this
 * holds no state that differs between instances of the app). Initialised synchronously.
 */
export function i18nFor(locale: Locale): i18n {
  let instance = instances.get(locale);
  if (!instance) {
    instance = i18next.createInstance();
    instance.use(new ICU()).init({
      lng: locale,
      fallbackLng: languageOf(DEFAULT_LOCALE),
      supportedLngs: [...Object.keys(CATALOGS), locale],
      load: "all",
      resources: Object.fromEntries(Object.entries(CATALOGS).map(([language, translation]) => [language, { translation }])),
      initAsync: false,
      returnNull: false,
      interpolation: { escapeValue: false },
      react: { useSuspense: false },
    });
    instances.set(locale, instance);
  }
  return instance;
}

/** The translate function for one locale, for texts written outside React (emails, calendars). */
export function translatorFor(locale: Locale): TFunction {
  return i18nFor(locale).t;
}

const patternCache = new Map<string, { pattern: RegExp; names: string[] }>();

function compile(template: string) {
  let entry = patternCache.get(template);
  if (!entry) {
    const names: string[] = [];
    const source = template
      .split(/(\{[a-zA-Z]+\})/)
      .map((part) => {
        const name = /^\{([a-zA-Z]+)\}$/.exec(part)?.[1];
        if (name) {
          names.push(name);
          return "(.+?)";
        }
        return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      })
      .join("");
    entry = { pattern: new RegExp(`^${source}$`, "s"), names };
    patternCache.set(template, entry);
  }
  return entry;
}

/**
 * A sentence the server wrote in English, in the reader's language: the exact entry, else the
 * first template it fits ("At most {max} characters."), else the English sentence unchanged.
 */
export function translateMessage(message: string, locale: Locale): string {
  const language = languageOf(locale);
  if (language === "en") return message;
  const table = MESSAGE_TRANSLATIONS[language];
  const exact = table[message];
  if (exact !== undefined) return exact;
  for (const [template, translation] of Object.entries(table)) {
    if (!template.includes("{")) continue;
    const { pattern, names } = compile(template);
    const match = pattern.exec(message);
    if (!match) continue;
    return names.reduce((text, name, index) => text.split(`{${name}}`).join(match[index + 1]), translation);
  }
  return message;
}
