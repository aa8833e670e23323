/** One Intl.DisplayNames per reader's locale (the app has four; building one is the costly part). */
const namers = new Map<string, Intl.DisplayNames | null>();

function namerFor(locale: string): Intl.DisplayNames | null {
  let namer = namers.get(locale);
  if (namer === undefined) {
    try {
      namer = new Intl.DisplayNames([locale], { type: "language", fallback: "none" });
    } catch {
      namer = null;
    }
    // Bounded whatever callers pass: a locale not kept is simply built again.
    if (namers.size < 16) namers.set(locale, namer);
  }
  return namer;
}

/**
 * A group's language as a reader says it: "en" is "English" on an English page and "inglés" on a
 * Spanish one (the group form stores a language code such as en or es). A code the browser's
 * language data does not know is shown as it was entered.
 */
export function languageName(code: string, locale: string): string {
  const namer = namerFor(locale);
  if (!namer) return code;
  try {
    return namer.of(code.trim()) ?? code;
  } catch {
    return code;
  }
}
