import type { TFunction } from "i18next";
import { translateMessage, translatorFor } from "~/i18n/catalog";
import { isLocale, localeOf, type Locale } from "~/i18n/locales";
import { useDateStyle } from "~/ui/time";

/** The page's locale (the root's choice: the person's, or the signed-out visitor's). */
export function useLocale(): Locale {
  return useDateStyle();
}

type Texts = { t: TFunction; locale: Locale; message: (text: string) => string };
const textsByLocale = new Map<Locale, Texts>();

/**
 * Texts for a page: `t` for catalog keys, `message` for a sentence the server wrote in English.
 * The page's locale comes from the root (a context); `t` is that locale's own translate function,
 * one object per locale for the life of the process — not react-i18next's hook, which builds a
 * wrapper, state and an effect in every component that calls it (a heatmap's 336 cells each
 * called it: ~4 % of the page's server CPU for nothing). A change of language re-renders through
 * the locale context all the same.
 */
export function useTexts(): Texts {
  const locale = useLocale();
  let texts = textsByLocale.get(locale);
  if (!texts) {
    texts = { t: translatorFor(locale), locale, message: (text: string) => translateMessage(text, locale) };
    textsByLocale.set(locale, texts);
  }
  return texts;
}

/**
 * The page's language from the loaders' data: the root's choice (app/i18n/locale.server.ts), unless
 * a route's loader names the page's own (`pageLocale`, worked out with the same requestLocale and a
 * default of its own, e.g. the language an invitation was sent in); the deepest route wins.
 */
export function localeOfMatches(matches: readonly { id: string; data?: unknown }[]): Locale {
  for (const match of [...matches].reverse()) {
    const own = (match.data as { pageLocale?: unknown } | undefined)?.pageLocale;
    if (isLocale(own)) return own;
  }
  const root = matches.find((match) => match.id === "root")?.data as { locale?: string } | undefined;
  return localeOf(root?.locale);
}

/**
 * A page's <title> in the page's language, for a route's `meta` (which runs outside React): the
 * locale comes from the loaders' data among the matches.
 */
export function pageTitle(matches: readonly { id: string; data?: unknown }[], key: string, values?: Record<string, unknown>): string {
  return translatorFor(localeOfMatches(matches))(key, values ?? {});
}
