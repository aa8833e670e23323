/** Voice settings as read: the organisation's settings row and its feedback questions. */
import { and, asc, eq, sql, type SQL } from "drizzle-orm";
import { db, type Executor } from "~/db/client.server";
import { feedbackQuestions, voiceSettings } from "~/db/tables/voice";
import { DEFAULT_RESPONSE_DAYS } from "./concerns";

// ───────────────────────── settings ─────────────────────────

export async function getVoiceSettings(ex: Executor, organizationId: string) {
  const [row] = await ex.select().from(voiceSettings).where(eq(voiceSettings.organizationId, organizationId));
  return { concernResponseDays: row?.concernResponseDays ?? DEFAULT_RESPONSE_DAYS, feedbackWindowDays: row?.feedbackWindowDays ?? DEFAULT_FEEDBACK_WINDOW_DAYS };
}

/** How many days after a session its feedback stays open, unless the organisation set otherwise. */
export const DEFAULT_FEEDBACK_WINDOW_DAYS = 14;

/**
 * When feedback on sessions that ended by then closes — `at` less the organisation's feedback
 * window (getVoiceSettings' value), in SQL: a query can use it without reading the setting first.
 */
export function feedbackOpenSince(organizationId: string, at: Date): SQL {
  const days = sql`coalesce((select ${voiceSettings.feedbackWindowDays} from ${voiceSettings} where ${voiceSettings.organizationId} = ${organizationId}), ${DEFAULT_FEEDBACK_WINDOW_DAYS})`;
  // Whole days of 86,400 s (not calendar days, which would follow the database session's zone).
  return sql`(${at.toISOString()}::timestamptz - make_interval(secs => ${days} * 86400))`;
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
