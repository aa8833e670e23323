/** Voice settings as read: the organisation's settings row and its feedback questions. */
import { and, asc, eq } from "drizzle-orm";
import { db, type Executor } from "~/db/client.server";
import { feedbackQuestions, voiceSettings } from "~/db/tables/voice";
import { DEFAULT_RESPONSE_DAYS } from "./concerns";

// ───────────────────────── settings ─────────────────────────

export async function getVoiceSettings(ex: Executor, organizationId: string) {
  const [row] = await ex.select().from(voiceSettings).where(eq(voiceSettings.organizationId, organizationId));
  return { concernResponseDays: row?.concernResponseDays ?? DEFAULT_RESPONSE_DAYS, feedbackWindowDays: row?.feedbackWindowDays ?? 14 };
}

/** The organisation's rating questions (given when the organisation is created; a read never writes). */
export async function listQuestions(organizationId: string, options: { includeInactive?: boolean } = {}) {
  return db
    .select({ id: feedbackQuestions.id, prompt: feedbackQuestions.prompt, active: feedbackQuestions.active })
    .from(feedbackQuestions)
    .where(
      and(eq(feedbackQuestions.organizationId, organizationId), options.includeInactive ? undefined : eq(feedbackQuestions.active, true)),
    )
    .orderBy(asc(feedbackQuestions.position));
}
