/** Voice settings: the organisation's feedback questions and its concern and feedback windows. */
import { and, asc, eq, sql } from "drizzle-orm";
import { db, type Executor } from "~/db/client.server";
import { feedbackQuestions, voiceSettings } from "~/db/tables/voice";
import { audit } from "~/modules/audit/mutations.server";
import type { CurrentUser } from "~/modules/auth/policy";
import { canEditVoiceSettings } from "./policy";
import { forbidden, NO_VERSION_ANSWERS, StaleSave, UnversionedSave } from "~/modules/errors";
import { getVoiceSettings } from "./queries.server";
import { voiceSettingsChangedSince, voiceSettingsVersion } from "./version";
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

export const STALE_VOICE_SETTINGS =
  "These feedback settings were changed by someone else after you opened this page, so nothing was saved. The form keeps your entries and the settings as they are saved now are shown above it: compare them, then save again.";

/**
 * Saves the rating questions and the two windows. `version`: the settings' version the page was
 * opened on (voiceSettingsVersion), compared while the organisation's questions are locked: settings
 * changed by someone else since are refused (StaleSave, naming what changed), and so is `null`, a
 * form that named none (UnversionedSave); callers outside a form pass no `version`.
 */
export async function saveVoiceSettings(
  user: CurrentUser,
  input: { questions: string[]; concernResponseDays: number; feedbackWindowDays: number },
  options: { version?: string | null } = {},
) {
  if (!canEditVoiceSettings(user)) forbidden();
  await db.transaction(async (tx) => {
    // One save of the organisation's questions at a time (the lock that gives the defaults): the second sees the first's.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`voice.questions:${user.organizationId}`}))`);
    if (options.version !== undefined) {
      // As the page read them (before any default questions are given).
      const questions = await tx
        .select({ prompt: feedbackQuestions.prompt })
        .from(feedbackQuestions)
        .where(and(eq(feedbackQuestions.organizationId, user.organizationId), eq(feedbackQuestions.active, true)))
        .orderBy(asc(feedbackQuestions.position));
      const saved = { questions: questions.map((q) => q.prompt), ...(await getVoiceSettings(tx, user.organizationId)) };
      if (options.version === null) throw new UnversionedSave(NO_VERSION_ANSWERS, voiceSettingsVersion(saved));
      const changed = voiceSettingsChangedSince(options.version, saved);
      if (changed.length) throw new StaleSave(STALE_VOICE_SETTINGS, voiceSettingsVersion(saved), changed);
    }
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
