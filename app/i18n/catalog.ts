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
import enAttendance from "~/locales/en/attendance.json";
import enRecords from "~/locales/en/records.json";
import enManage from "~/locales/en/manage.json";
import enMetrics from "~/locales/en/metrics.json";
import enCompetency from "~/locales/en/competency.json";
import enAdmin from "~/locales/en/admin.json";
import enParticipant from "~/locales/en/participant.json";
import enDocuments from "~/locales/en/documents.json";
import esAttendance from "~/locales/es/attendance.json";
import esRecords from "~/locales/es/records.json";
import esManage from "~/locales/es/manage.json";
import esMetrics from "~/locales/es/metrics.json";
import esCompetency from "~/locales/es/competency.json";
import esAdmin from "~/locales/es/admin.json";
import esParticipant from "~/locales/es/participant.json";
import esDocuments from "~/locales/es/documents.json";
import esMessagesAttendance from "~/locales/es/messages-attendance.json";
import esMessagesRecords from "~/locales/es/messages-records.json";
import esMessagesManage from "~/locales/es/messages-manage.json";
import esMessagesMetrics from "~/locales/es/messages-metrics.json";
import esMessagesCompetency from "~/locales/es/messages-competency.json";
import esMessagesAdmin from "~/locales/es/messages-admin.json";
import esMessagesParticipant from "~/locales/es/messages-participant.json";
import esMessagesDocuments from "~/locales/es/messages-documents.json";
import esMessagesVoice from "~/locales/es/messages-voice.json";
import enOutcomes from "~/locales/en/outcomes.json";
import esOutcomes from "~/locales/es/outcomes.json";
import esMessagesOutcomes from "~/locales/es/messages-outcomes.json";
import { DEFAULT_LOCALE, languageOf, type Language, type Locale } from "~/i18n/locales";

/**
 * The message catalogs, one JSON file per area and language under app/locales/<language>/, each
 * file a top-level key ("auth.login.title" is auth.json's login.title). They are bundled into the
 * server and the browser build alike, so a page's texts need no network round trip and the
 * browser hydrates with exactly the catalog the server rendered with. Messages are ICU
 * MessageFormat ("{count, plural, one {# seat} other {# seats}}").
 */
export const CATALOGS: Record<Language, Record<string, unknown>> = {
  en: { auth: enAuth, common: enCommon, email: enEmail, my: enMy, profile: enProfile, public: enPublic, registration: enRegistration, voice: enVoice, attendance: enAttendance, records: enRecords, manage: enManage, metrics: enMetrics, competency: enCompetency, admin: enAdmin, participant: enParticipant, documents: enDocuments, outcomes: enOutcomes },
  es: { auth: esAuth, common: esCommon, email: esEmail, my: esMy, profile: esProfile, public: esPublic, registration: esRegistration, voice: esVoice, attendance: esAttendance, records: esRecords, manage: esManage, metrics: esMetrics, competency: esCompetency, admin: esAdmin, participant: esParticipant, documents: esDocuments, outcomes: esOutcomes },
};

/**
 * Sentences the server writes in English (validation errors, refusals raised by modules) with
 * their translation, keyed by the English text; "{name}" in a key stands for any text, repeated
 * in the translation. English pages keep the server's text byte for byte. One file per area
 * (messages.json, messages-<area>.json), merged.
 */
export const MESSAGE_TRANSLATIONS: Record<Exclude<Language, "en">, Record<string, string>> = {
  es: { ...esMessages, ...esMessagesAttendance, ...esMessagesRecords, ...esMessagesManage, ...esMessagesMetrics, ...esMessagesCompetency, ...esMessagesAdmin, ...esMessagesParticipant, ...esMessagesDocuments, ...esMessagesVoice, ...esMessagesOutcomes },
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

/**
 * The text for a key whose values are all numbers (or none) is a pure function of the key and the
 * numbers: kept, so a table's thousand "present" labels or a heatmap's cell sentences are
 * formatted once, not through i18next's lookup and ICU formatting each time (~25 µs a call). Calls
 * with any text value (a person's or group's name) are never kept: no one's data stays in memory.
 * At most 20,000 texts per locale, dropped all at once when full.
 */
function keepingTranslator(original: TFunction): TFunction {
  // i18next's overloads, called with what the caller passed.
  const t = original as unknown as (key: unknown, options?: unknown) => unknown;
  const kept = new Map<string, string>();
  const translate = (key: unknown, options?: unknown): unknown => {
    if (typeof key !== "string") return t(key, options);
    let cacheKey = key;
    if (options !== undefined) {
      if (options === null || typeof options !== "object") return t(key, options);
      for (const [name, value] of Object.entries(options)) {
        if (typeof value !== "number" && typeof value !== "boolean" && value !== undefined) return t(key, options);
        cacheKey += `\u0000${name}=${String(value)}`;
      }
    }
    let text = kept.get(cacheKey);
    if (text === undefined) {
      const result = t(key, options);
      if (typeof result !== "string") return result;
      text = result;
      if (kept.size >= 20_000) kept.clear();
      kept.set(cacheKey, text);
    }
    return text;
  };
  return translate as TFunction;
}

const translators = new Map<Locale, TFunction>();

/** The translate function for one locale (pages' useTexts, emails, calendars). */
export function translatorFor(locale: Locale): TFunction {
  let t = translators.get(locale);
  if (!t) {
    t = keepingTranslator(i18nFor(locale).t);
    translators.set(locale, t);
  }
  return t;
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
