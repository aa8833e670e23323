import { useTranslation } from "react-i18next";
import { translateMessage, translatorFor } from "~/i18n/catalog";
import { localeOf, type Locale } from "~/i18n/locales";
import { useDateStyle } from "~/ui/time";

/** The page's locale (the root's choice: the person's, or the signed-out visitor's). */
export function useLocale(): Locale {
  return useDateStyle();
}

/** Texts for a page: `t` for catalog keys, `message` for a sentence the server wrote in English. */
export function useTexts() {
  const { t } = useTranslation();
  const locale = useLocale();
  return { t, locale, message: (text: string) => translateMessage(text, locale) };
}

/**
 * A page's <title> in the page's language, for a route's `meta` (which runs outside React): the
 * locale comes from the root loader's data among the matches.
 */
export function pageTitle(matches: readonly { id: string; data?: unknown }[], key: string, values?: Record<string, unknown>): string {
  const root = matches.find((match) => match.id === "root")?.data as { locale?: string } | undefined;
  return translatorFor(localeOf(root?.locale))(key, values ?? {});
}
