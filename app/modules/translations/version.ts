import { versionedForm } from "~/modules/forms/versions";

/**
 * The version of one of the organisation's texts in one language as the translations page showed
 * it (modules/forms/versions.ts): the translation its form sends back ("" before any). Two managers
 * translating the same group description each send their whole text: the second save is refused
 * instead of writing its old text over the first's. A change to the text as written (the English
 * default) is no conflict: the form does not send it.
 */
export const STALE_TRANSLATION =
  "This translation was changed by someone else after you opened this page, so nothing was saved. The form keeps your text and the translation as it is saved now is shown above it: compare them, then save again.";

export const translationForm = versionedForm(["text"] as const, (translation: string) => ({ text: translation }), STALE_TRANSLATION);
