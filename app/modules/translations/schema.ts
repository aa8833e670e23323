import { z } from "zod";
import { TRANSLATED_TEXT_KINDS } from "~/db/tables/translations";
import { LANGUAGES } from "~/i18n/locales";

/** The languages an organisation's texts can be translated into: every shipped one but English, the default's. */
export const TRANSLATION_LANGUAGES = LANGUAGES.filter((language) => language !== "en");

export const translationSchema = z
  .object({
    kind: z.enum(TRANSLATED_TEXT_KINDS, { error: "Choose which text to translate." }),
    subjectId: z.union([z.literal(""), z.string().uuid("Choose a text from the list.")], { error: "Choose a text from the list." }),
    language: z.enum(TRANSLATION_LANGUAGES as [string, ...string[]], { error: "Choose a language from the list." }),
    /** Empty: remove the translation (readers of that language see the default again). */
    text: z.string({ error: "Enter the text." }).trim().max(4000, "Use at most 4000 characters."),
  })
  .refine((v) => (v.kind === "crisis_text") === (v.subjectId === ""), { path: ["subjectId"], message: "Choose a text from the list." });
export type TranslationInput = z.infer<typeof translationSchema>;
