/**
 * The organisation's own text in the reader's language: its translation when one was written,
 * else the text as the organisation wrote it (its default). Pure.
 */
export function inLanguage(defaultText: string, translations: ReadonlyMap<string, string>, subjectId: string | null): string {
  const translated = translations.get(subjectId ?? "");
  return translated && translated.trim() ? translated : defaultText;
}
