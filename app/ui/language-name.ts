/**
 * A group's language as a reader says it: "en" is "English" on an English page and "inglés" on a
 * Spanish one (the group form stores a language code such as en or es). A code the browser's
 * language data does not know is shown as it was entered.
 */
export function languageName(code: string, locale: string): string {
  try {
    const name = new Intl.DisplayNames([locale], { type: "language", fallback: "none" }).of(code.trim());
    return name ?? code;
  } catch {
    return code;
  }
}
