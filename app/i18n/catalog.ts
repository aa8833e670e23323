import i18next, { type i18n, type TFunction } from "i18next";
import ICU from "i18next-icu";
import { DEFAULT_LOCALE, LOCALES, languageOf, type Language, type Locale } from "~/i18n/locales";
import { fileSizeIn } from "~/modules/competency/files";

import { ALL_LANGUAGES } from "~/i18n/languages/all.server";
import type { LanguageResources } from "~/i18n/resources";
// The default language is in every bundle: most pages are English, and they hydrate at once.
import { resources as DEFAULT_LANGUAGE } from "~/i18n/languages/en";

/**
 * The message catalogs, one JSON file per area and language under app/locales/<language>/, each
 * file a top-level key ("auth.login.title" is auth.json's login.title), gathered per language in
 * app/i18n/languages/<language>.ts. Messages are ICU MessageFormat ("{count, plural, one {# seat}
 * other {# seats}}"). The server holds every language (languages/all.server.ts); the browser
 * build leaves that module out: it holds English (the default) and loads another language only
 * for a page in it (`loadLanguage`, before hydration in entry.client.tsx), so a phone downloads
 * the texts of the languages it shows, not all of them.
 */
const loaded = new Map<Language, LanguageResources>(
  ALL_LANGUAGES ? (Object.entries(ALL_LANGUAGES) as [Language, LanguageResources][]) : [[languageOf(DEFAULT_LOCALE), DEFAULT_LANGUAGE]],
);

/** Every language's catalog (server and tests; empty in the browser). */
export const CATALOGS = Object.fromEntries(Object.entries(ALL_LANGUAGES ?? {}).map(([language, r]) => [language, r.catalog])) as Record<Language, Record<string, unknown>>;

/**
 * Sentences the server writes in English (validation errors, refusals raised by modules) with
 * their translation, keyed by the English text; "{name}" in a key stands for any text, repeated
 * in the translation. English pages keep the server's text byte for byte. One file per area
 * (messages.json, messages-<area>.json), merged. (Server and tests; the browser reads its one
 * language's through `translateMessage`.)
 */
export const MESSAGE_TRANSLATIONS = { es: ALL_LANGUAGES?.es.messages ?? {} } as Record<Exclude<Language, "en">, Record<string, string>>;

const LOADERS: Record<Language, () => Promise<{ resources: LanguageResources }>> = {
  en: () => import("~/i18n/languages/en"),
  es: () => import("~/i18n/languages/es"),
};

/** Whether a language's texts are here (always on the server; English always). */
export function hasLanguage(language: Language): boolean {
  return loaded.has(language);
}

/** Makes a language's texts available (in the browser: fetches its module once). */
export async function loadLanguage(language: Language): Promise<void> {
  if (loaded.has(language)) return;
  const { resources } = await LOADERS[language]();
  loaded.set(language, resources);
  // Anything built while the language was missing was built from another one.
  instances.clear();
  translators.clear();
}

/**
 * The locale texts can be shown in now: the locale itself when its language is loaded (always
 * on the server, and for the page's language in the browser); otherwise, while a newly chosen
 * language is still loading in the browser, one that is (the page shows it for that moment
 * rather than bare keys).
 */
export function renderableLocale(locale: Locale): Locale {
  if (loaded.has(languageOf(locale)) || loaded.size === 0) return locale;
  if (loaded.has(languageOf(DEFAULT_LOCALE))) return DEFAULT_LOCALE;
  const [language] = loaded.keys();
  return LOCALES.find((l) => languageOf(l) === language) ?? locale;
}
const instances = new Map<Locale, i18n>();

/**
 * The i18next instance for a locale (built once per locale: the catalogs are constants, so this
 * holds no state that differs between instances of the app). Initialised synchronously.
 */
export function i18nFor(requested: Locale): i18n {
  const locale = renderableLocale(requested);
  let instance = instances.get(locale);
  if (!instance) {
    instance = i18next.createInstance();
    instance.use(new ICU()).init({
      lng: locale,
      fallbackLng: languageOf(DEFAULT_LOCALE),
      supportedLngs: [...loaded.keys(), locale],
      load: "all",
      resources: Object.fromEntries([...loaded].map(([language, r]) => [language, { translation: r.catalog }])),
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
 * The names a message uses only as a plain `{name}` argument (not as the subject of a plural,
 * select, number, date or tag): a text value there is pasted in as it is, so the message can be
 * formatted once with stand-ins and the values put in afterwards. An option the message does not
 * name as an argument (`defaultValue`, `context`…) means something to i18next itself, so a call
 * with one as text is never templated.
 */
function plainArgumentsOf(message: string): Set<string> {
  const plain = new Set<string>();
  const other = new Set<string>();
  for (const match of message.matchAll(/\{\s*([A-Za-z0-9_]+)\s*([,}])/g)) (match[2] === "}" ? plain : other).add(match[1]);
  for (const match of message.matchAll(/<\/?([A-Za-z0-9_]+)\s*\/?>/g)) other.add(match[1]);
  for (const name of other) plain.delete(name);
  return plain;
}

/** Stand-in for the i-th text value while a template is formatted (private-use characters). */
const standIn = (index: number) => `\uE000${index}\uE001`;
const STAND_INS = /\uE000(\d+)\uE001/g;

/**
 * The text for a key whose values are all numbers (or none) is a pure function of the key and the
 * numbers: kept, so a table's thousand "present" labels or a heatmap's cell sentences are
 * formatted once, not through i18next's lookup and ICU formatting each time (~25 µs a call). A
 * call with text values (a person's or group's name) that the message uses as plain arguments
 * keeps only the template — the text formatted with stand-ins for the names — and puts the names
 * into a copy of it: no one's data stays in memory. At most 20,000 texts per locale, dropped all at
 * once when full.
 */
function keepingTranslator(original: TFunction, messageOf: (key: string) => string | undefined): TFunction {
  // i18next's overloads, called with what the caller passed.
  const t = original as unknown as (key: unknown, options?: unknown) => unknown;
  const kept = new Map<string, string>();
  const plainArguments = new Map<string, Set<string>>();
  const plainOf = (key: string) => {
    let plain = plainArguments.get(key);
    if (!plain) {
      const message = messageOf(key);
      plain = message === undefined ? new Set() : plainArgumentsOf(message);
      plainArguments.set(key, plain);
    }
    return plain;
  };
  const translate = (key: unknown, options?: unknown): unknown => {
    if (typeof key !== "string") return t(key, options);
    let cacheKey = key;
    let texts: string[] | null = null;
    let templateOptions: Record<string, unknown> | null = null;
    if (options !== undefined) {
      if (options === null || typeof options !== "object") return t(key, options);
      for (const [name, value] of Object.entries(options)) {
        if (typeof value === "string") {
          if (!plainOf(key).has(name)) return t(key, options);
          texts ??= [];
          templateOptions ??= { ...(options as Record<string, unknown>) };
          templateOptions[name] = standIn(texts.length);
          cacheKey += `\u0000${name}=\u0001${texts.length}`;
          texts.push(value);
          continue;
        }
        if (typeof value !== "number" && typeof value !== "boolean" && value !== undefined) return t(key, options);
        cacheKey += `\u0000${name}=${String(value)}`;
      }
    }
    let text = kept.get(cacheKey);
    if (text === undefined) {
      const result = t(key, templateOptions ?? options);
      if (typeof result !== "string") return texts ? t(key, options) : result;
      text = result;
      if (kept.size >= 20_000) kept.clear();
      kept.set(cacheKey, text);
    }
    if (!texts) return text;
    const values = texts;
    return text.replace(STAND_INS, (_, index: string) => values[Number(index)]);
  };
  return translate as TFunction;
}

const translators = new Map<Locale, TFunction>();

/** The translate function for one locale (pages' useTexts, emails, calendars). */
export function translatorFor(requested: Locale): TFunction {
  const locale = renderableLocale(requested);
  let t = translators.get(locale);
  if (!t) {
    const instance = i18nFor(locale);
    const messageOf = (key: string) => {
      for (const code of instance.languages ?? [locale]) {
        const message: unknown = instance.getResource(code, "translation", key);
        if (typeof message === "string") return message;
      }
      return undefined;
    };
    t = keepingTranslator(instance.t, messageOf);
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
const templateOrder = new WeakMap<Record<string, string>, [string, string][]>();

/**
 * A language's templates ("{count} days", "Verified, expires in {count} days"), most specific
 * first: the one with the most fixed text wins when several fit a sentence (the areas' message
 * files are merged, and a short template from one must not catch another's longer sentence).
 */
function templatesOf(table: Record<string, string>): [string, string][] {
  let ordered = templateOrder.get(table);
  if (!ordered) {
    const fixed = (template: string) => template.replace(/\{[a-zA-Z]+\}/g, "").length;
    ordered = Object.entries(table)
      .filter(([template]) => template.includes("{"))
      .sort(([a], [b]) => fixed(b) - fixed(a));
    templateOrder.set(table, ordered);
  }
  return ordered;
}

export function translateMessage(message: string, locale: Locale): string {
  const language = languageOf(locale);
  if (language === "en") return message;
  const table = loaded.get(language)?.messages ?? {};
  const exact = table[message];
  if (exact !== undefined) return exact;
  for (const [template, translation] of templatesOf(table)) {
    const { pattern, names } = compile(template);
    const match = pattern.exec(message);
    if (!match) continue;
    // A filled-in file size ("2.5 MB") reads as the language writes it ("2,5 MB").
    return names.reduce((text, name, index) => text.split(`{${name}}`).join(fileSizeIn(language, match[index + 1])), translation);
  }
  return message;
}
