/** Voice settings: the organisation's feedback questions and its concern and feedback windows. */
import { eq, sql } from "drizzle-orm";
import { db, type Executor } from "~/db/client.server";
import { feedbackQuestions, voiceSettings } from "~/db/tables/voice";
import { audit } from "~/modules/audit/mutations.server";
import type { CurrentUser } from "~/modules/auth/policy";
import { canEditVoiceSettings } from "./policy";
import { forbidden } from "~/modules/errors";
import { DEFAULT_QUESTIONS } from "./feedback";

// ───────────────────────── settings and questions ─────────────────────────

/** Gives an organisation the default rating questions the first time they are needed. */
export async function ensureFeedbackQuestions(ex: Executor, organizationId: string) {
  const [any] = await ex
    .select({ id: feedbackQuestions.id })
    .from(feedbackQuestions)
    .where(eq(feedbackQuestions.organizationId, organizationId))
    .limit(1);
  if (any) return;
  const insert = async (tx: Executor) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`voice.questions:${organizationId}`}))`);
    const [again] = await tx.select({ id: feedbackQuestions.id }).from(feedbackQuestions).where(eq(feedbackQuestions.organizationId, organizationId)).limit(1);
    if (again) return;
    await tx.insert(feedbackQuestions).values(DEFAULT_QUESTIONS.map((prompt, position) => ({ organizationId, prompt, position })));
  };
  await (ex === db ? db.transaction(insert) : insert(ex));
}

export async function saveVoiceSettings(
  user: CurrentUser,
  input: { questions: string[]; concernResponseDays: number; feedbackWindowDays: number },
) {
  if (!canEditVoiceSettings(user)) forbidden();
  await db.transaction(async (tx) => {
    await ensureFeedbackQuestions(tx, user.organizationId);
    const existing = await tx.select().from(feedbackQuestions).where(eq(feedbackQuestions.organizationId, user.organizationId));
    const before = existing.filter((q) => q.active).sort((a, b) => a.position - b.position).map((q) => q.prompt);
    // Questions keep their id while their wording is unchanged, so earlier answers stay comparable.
    await tx.update(feedbackQuestions).set({ active: false }).where(eq(feedbackQuestions.organizationId, user.organizationId));
    for (const [position, prompt] of input.questions.entries()) {
      const same = existing.find((q) => q.prompt.toLowerCase() === prompt.toLowerCase());
      if (same) await tx.update(feedbackQuestions).set({ active: true, position, prompt }).where(eq(feedbackQuestions.id, same.id));
      else await tx.insert(feedbackQuestions).values({ organizationId: user.organizationId, prompt, position });
    }
    await tx
      .insert(voiceSettings)
      .values({ organizationId: user.organizationId, concernResponseDays: input.concernResponseDays, feedbackWindowDays: input.feedbackWindowDays })
      .onConflictDoUpdate({
        target: voiceSettings.organizationId,
        set: { concernResponseDays: input.concernResponseDays, feedbackWindowDays: input.feedbackWindowDays },
      });
    await audit(tx, {
      organizationId: user.organizationId,
      actorId: user.id,
      action: "voice.settings.update",
      subjectType: "organization",
      subjectId: user.organizationId,
      before: { questions: before },
      after: input,
    });
  });
}
