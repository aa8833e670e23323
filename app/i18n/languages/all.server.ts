import type { Language } from "~/i18n/locales";
import type { LanguageResources } from "~/i18n/resources";
import { resources as en } from "./en";
import { resources as es } from "./es";

/**
 * Every language's texts, for the server (pages, emails, texts, PDFs, CSV headers) and tests.
 * A `.server` module: the browser build leaves it out and loads the page's language alone.
 */
export const ALL_LANGUAGES: Record<Language, LanguageResources> = { en, es };
