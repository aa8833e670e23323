import { and, eq, sql } from "drizzle-orm";
import { db, type Executor } from "~/db/client.server";
import { groups } from "~/db/schema";
import { translatedTexts } from "~/db/tables/translations";
import { feedbackQuestions } from "~/db/tables/voice";
import { audit } from "~/modules/audit/mutations.server";
import type { CurrentUser } from "~/modules/auth/policy";
import { forbidden, notFound } from "~/modules/errors";
import { canTranslate } from "./policy";
import type { TranslationInput } from "./schema";
import { translationForm } from "./version";

/** The group or question the text belongs to must be this organisation's (404 otherwise, like a missing one). */
async function assertSubject(tx: Executor, organizationId: string, input: TranslationInput) {
  if (input.kind === "crisis_text") return;
  const table = input.kind === "group_description" ? groups : input.kind === "feedback_question" ? feedbackQuestions : null;
  if (!table) notFound("That text cannot be translated here.");
  const [row] = await tx.select({ id: table.id }).from(table).where(and(eq(table.id, input.subjectId), eq(table.organizationId, organizationId)));
  if (!row) notFound("Text not found");
}

/**
 * Writes (or, with an empty text, removes) one of the organisation's texts in one language, in one
 * transaction with its audit event (before and after). Returns whether anything changed.
 * `version` is the one the page was opened on (translationForm.version): a save from a page opened
 * before a colleague changed this translation would write the old text back, so it is refused
 * (StaleSave); `null` (a form that named none) is refused too (UnversionedSave); callers outside a
 * form pass none. Compared under a lock on this text in this language (there may be no row to lock yet).
 */
export async function saveTranslation(user: CurrentUser, input: TranslationInput, now = new Date(), options: { version?: string | null } = {}): Promise<boolean> {
  if (!canTranslate(user, input.kind)) forbidden(input.kind === "crisis_text" ? "Only an administrator changes the crisis steps." : "Only managers and administrators translate the organisation's texts.");
  return db.transaction(async (tx) => {
    await assertSubject(tx, user.organizationId, input);
    const subjectId = input.subjectId || null;
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`translation:${user.organizationId}:${input.kind}:${subjectId ?? ""}:${input.language}`}, 0))`);
    const where = and(
      eq(translatedTexts.organizationId, user.organizationId),
      eq(translatedTexts.kind, input.kind),
      subjectId ? eq(translatedTexts.subjectId, subjectId) : undefined,
      eq(translatedTexts.language, input.language),
    );
    const [current] = await tx.select({ id: translatedTexts.id, subjectId: translatedTexts.subjectId, text: translatedTexts.text }).from(translatedTexts).where(where).for("update");
    const before = current && (current.subjectId ?? null) === subjectId ? current.text : "";
    // A save that changes nothing loses nothing (even from a page opened before a colleague's change).
    if (before === input.text) return false;
    translationForm.assertUnchanged(options.version, before);
    if (!input.text) {
      await tx.delete(translatedTexts).where(eq(translatedTexts.id, current!.id));
    } else {
      await tx
        .insert(translatedTexts)
        .values({ organizationId: user.organizationId, kind: input.kind, subjectId, language: input.language, text: input.text, updatedBy: user.id, updatedAt: now })
        .onConflictDoUpdate({
          target: [translatedTexts.organizationId, translatedTexts.kind, translatedTexts.subjectId, translatedTexts.language],
          set: { text: input.text, updatedBy: user.id, updatedAt: now },
        });
    }
    await audit(tx, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: "translation.save",
      subjectType: input.kind === "crisis_text" ? "organization" : input.kind === "group_description" ? "group" : "feedback_question",
      subjectId: subjectId ?? user.organizationId,
      before: { language: input.language, text: before },
      after: { language: input.language, text: input.text },
    });
    return true;
  });
}
