/** Session feedback: a participant's answers (anonymous ones wait in the inbox for a shuffled release). */
import { and, eq } from "drizzle-orm";
import { db } from "~/db/client.server";
import { sessions } from "~/db/schema";
import { feedbackAnonymousInbox, feedbackNamedAnswers, feedbackQuestions, feedbackReceipts } from "~/db/tables/voice";
import { type CurrentUser } from "~/modules/auth/policy";
import { canGiveFeedback } from "../policy";
import { forbidden, notFound, UserInputError } from "~/modules/errors";
import { FEEDBACK_NOT_OPEN_YET, NOT_ATTENDED, validateRatings } from "../feedback";
import { attended, belongsToGroup } from "~/modules/voice/feedback/queries.server";
import { getVoiceSettings } from "~/modules/voice/queries.server";
import { ensureFeedbackQuestions } from "~/modules/voice/mutations.server";
import { releaseAnonymousFeedback } from "../jobs.server";

// ───────────────────────── session feedback ─────────────────────────

/**
 * Records one person's feedback for a session they attended. The receipt (primary key
 * session + person) makes it once per person, also for two submissions at the same instant.
 * An anonymous answer goes to the inbox with no person, no time and a random id; it is released
 * into the answers table later in a separate, shuffled batch (see releaseAnonymousFeedback).
 */
export async function submitFeedback(
  user: CurrentUser,
  sessionId: string,
  input: { raw: Record<string, unknown>; comment: string; anonymous: boolean },
  now: Date,
) {
  if (!canGiveFeedback(user)) forbidden("Only participants give session feedback.");
  await db.transaction(async (tx) => {
    const [session] = await tx
      .select({ id: sessions.id, groupId: sessions.groupId, endsAt: sessions.endsAt, status: sessions.status })
      .from(sessions)
      .where(and(eq(sessions.id, sessionId), eq(sessions.organizationId, user.organizationId), eq(sessions.status, "held")));
    if (!session) notFound("Session not found");
    if (!(await attended(tx, user.id, sessionId))) {
      if (await belongsToGroup(tx, user.id, session.groupId)) throw new UserInputError(NOT_ATTENDED);
      notFound("There is no feedback request for you for this session.");
    }
    const { feedbackWindowDays } = await getVoiceSettings(tx, user.organizationId);
    // The same window the page and the invitations use: from the end of the session.
    if (now.getTime() < session.endsAt.getTime()) throw new UserInputError(FEEDBACK_NOT_OPEN_YET);
    if (now.getTime() > session.endsAt.getTime() + feedbackWindowDays * 86_400_000) {
      throw new UserInputError("Feedback for this session has closed.");
    }
    await ensureFeedbackQuestions(tx, user.organizationId);
    const questions = await tx
      .select({ id: feedbackQuestions.id, prompt: feedbackQuestions.prompt })
      .from(feedbackQuestions)
      .where(and(eq(feedbackQuestions.organizationId, user.organizationId), eq(feedbackQuestions.active, true)));
    const checked = validateRatings(input.raw, questions);
    if (!checked.ok) {
      const [field, message] = Object.entries(checked.errors)[0];
      throw new UserInputError(message, `q_${field}`);
    }
    const receipt = await tx
      .insert(feedbackReceipts)
      .values({ organizationId: user.organizationId, sessionId, userId: user.id })
      .onConflictDoNothing()
      .returning({ sessionId: feedbackReceipts.sessionId });
    if (receipt.length === 0) throw new UserInputError("You have already given feedback for this session. Thank you!");
    const answer = { organizationId: user.organizationId, sessionId, groupId: session.groupId, ratings: checked.ratings, comment: input.comment };
    if (input.anonymous) await tx.insert(feedbackAnonymousInbox).values(answer);
    else await tx.insert(feedbackNamedAnswers).values({ ...answer, userId: user.id, createdAt: now });
  });
  // A separate transaction: released rows never carry the submitter's transaction id.
  const [session] = await db.select({ groupId: sessions.groupId }).from(sessions).where(eq(sessions.id, sessionId));
  if (session) await releaseAnonymousFeedback({ groupId: session.groupId, now });
}
