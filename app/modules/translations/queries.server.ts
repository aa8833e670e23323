import { and, asc, eq, inArray } from "drizzle-orm";
import { db } from "~/db/client.server";
import { groups, organizations } from "~/db/schema";
import { translatedTexts, type TranslatedTextKind } from "~/db/tables/translations";
import { feedbackQuestions } from "~/db/tables/voice";
import { languageOf, type Locale } from "~/i18n/locales";
import type { CurrentUser } from "~/modules/auth/policy";
import { forbidden } from "~/modules/errors";
import { inLanguage } from "./fallback";
import { canTranslate } from "./policy";
import { translationForm } from "./version";

/** The organisation's translations of one kind into one language, by subject ("" for the organisation's own text). */
export async function translationsOf(organizationId: string, kind: TranslatedTextKind, language: string, subjectIds?: readonly string[]): Promise<Map<string, string>> {
  if (subjectIds && subjectIds.length === 0) return new Map();
  const rows = await db
    .select({ subjectId: translatedTexts.subjectId, text: translatedTexts.text })
    .from(translatedTexts)
    .where(
      and(
        eq(translatedTexts.organizationId, organizationId),
        eq(translatedTexts.kind, kind),
        eq(translatedTexts.language, language),
        subjectIds ? inArray(translatedTexts.subjectId, [...subjectIds]) : undefined,
      ),
    );
  return new Map(rows.map((r) => [r.subjectId ?? "", r.text]));
}

/** The organisation's crisis steps in the reader's language (its own text when none was written). */
export async function crisisTextIn(organization: { id: string; crisisText: string }, locale: Locale): Promise<string> {
  const language = languageOf(locale);
  if (language === "en") return organization.crisisText;
  return inLanguage(organization.crisisText, await translationsOf(organization.id, "crisis_text", language), null);
}

/**
 * Groups (any list with a description) with each description in the reader's language; `groupOf`
 * names the group of an item that is not itself a group (a session row's groupId).
 */
export async function describedIn<G extends { description: string }>(
  organizationId: string,
  locale: Locale,
  list: G[],
  groupOf: (item: G) => string = (item) => (item as unknown as { id: string }).id,
): Promise<G[]> {
  const language = languageOf(locale);
  if (language === "en" || list.length === 0) return list;
  const translations = await translationsOf(organizationId, "group_description", language, [...new Set(list.map(groupOf))]);
  return list.map((g) => ({ ...g, description: inLanguage(g.description, translations, groupOf(g)) }));
}

/** Feedback questions with each prompt in the reader's language. */
export async function promptsIn<Q extends { id: string; prompt: string }>(organizationId: string, locale: Locale, list: Q[]): Promise<Q[]> {
  const language = languageOf(locale);
  if (language === "en" || list.length === 0) return list;
  const translations = await translationsOf(organizationId, "feedback_question", language, list.map((q) => q.id));
  return list.map((q) => ({ ...q, prompt: inLanguage(q.prompt, translations, q.id) }));
}

/** Everything the translation page offers for one language: each text as written and its translation. */
export async function translationOverview(user: CurrentUser, language: string) {
  if (!canTranslate(user, "group_description")) forbidden("Only managers and administrators translate the organisation's texts.");
  const org = user.organizationId;
  const [orgRow] = await db.select({ crisisText: organizations.crisisText }).from(organizations).where(eq(organizations.id, org));
  const groupRows = await db.select({ id: groups.id, name: groups.name, description: groups.description }).from(groups).where(eq(groups.organizationId, org)).orderBy(asc(groups.name));
  const questionRows = await db
    .select({ id: feedbackQuestions.id, prompt: feedbackQuestions.prompt })
    .from(feedbackQuestions)
    .where(and(eq(feedbackQuestions.organizationId, org), eq(feedbackQuestions.active, true)))
    .orderBy(asc(feedbackQuestions.position));
  const [crisis, descriptions, prompts] = await Promise.all([
    translationsOf(org, "crisis_text", language),
    translationsOf(org, "group_description", language),
    translationsOf(org, "feedback_question", language),
  ]);
  // Each form carries its translation's version: a save after someone else changed it is refused (nothing saved, text kept).
  const shown = (translation: string) => ({ translation, version: translationForm.version(translation) });
  return {
    crisis: { text: orgRow?.crisisText ?? "", ...shown(crisis.get("") ?? ""), editable: canTranslate(user, "crisis_text") },
    groups: groupRows.map((g) => ({ ...g, ...shown(descriptions.get(g.id) ?? "") })),
    questions: questionRows.map((q) => ({ ...q, ...shown(prompts.get(q.id) ?? "") })),
  };
}
