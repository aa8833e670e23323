import { and, eq, isNotNull, lt, or } from "drizzle-orm";
import { derivedResults } from "~/db/tables/derived";
import { sentForms } from "~/db/tables/forms";
import { smsInboundMessages, smsOutbox } from "~/db/tables/sms";
import { db } from "~/db/client.server";
import { authSessions, emailConfirmationTokens, emailOutbox, jobRuns, loginAttempts, passwordResetTokens, rateLimitEvents } from "~/db/schema";

const DAY = 86_400_000;

/** How long operational records are kept (README "Run in production" lists them). The audit trail is never pruned. */
export const RETENTION = {
  sentMailDays: 90,
  failedMailDays: 180,
  loginAttemptsDays: 30,
  rateLimitEventsDays: 2,
  expiredTokensDays: 7,
  jobRunsDays: 7,
  /** Stored figures not recomputed for this long (e.g. a dashboard filter nobody chose again): the next view recomputes them. */
  derivedResultsDays: 30,
  /** Handled inbound texts' MessageSids, kept so a replayed signed post is recognised and ignored. */
  inboundTextIdsDays: 30,
  /** One-time form tokens already acted on (a repeat of the same form arrives within seconds; a page left open for a day is sent as new). */
  sentFormsDays: 2,
} as const;

/** Deletes what is past its retention period. Idempotent; the worker runs it once per tick for the cluster. */
export async function pruneOldRecords(now: Date) {
  const before = (days: number) => new Date(now.getTime() - days * DAY);
  const counts = {
    mail: (
      await db
        .delete(emailOutbox)
        .where(
          or(
            and(eq(emailOutbox.status, "sent"), lt(emailOutbox.sentAt, before(RETENTION.sentMailDays))),
            and(eq(emailOutbox.status, "failed"), lt(emailOutbox.createdAt, before(RETENTION.failedMailDays))),
          ),
        )
        .returning({ id: emailOutbox.id })
    ).length,
    texts: (
      await db
        .delete(smsOutbox)
        .where(
          or(
            and(eq(smsOutbox.status, "sent"), lt(smsOutbox.sentAt, before(RETENTION.sentMailDays))),
            and(eq(smsOutbox.status, "failed"), lt(smsOutbox.createdAt, before(RETENTION.failedMailDays))),
          ),
        )
        .returning({ id: smsOutbox.id })
    ).length,
    inboundTextIds: (
      await db.delete(smsInboundMessages).where(lt(smsInboundMessages.receivedAt, before(RETENTION.inboundTextIdsDays))).returning({ sid: smsInboundMessages.messageSid })
    ).length,
    loginAttempts: (await db.delete(loginAttempts).where(lt(loginAttempts.at, before(RETENTION.loginAttemptsDays))).returning({ id: loginAttempts.id })).length,
    rateLimitEvents: (await db.delete(rateLimitEvents).where(lt(rateLimitEvents.at, before(RETENTION.rateLimitEventsDays))).returning({ id: rateLimitEvents.id })).length,
    sessions: (await db.delete(authSessions).where(lt(authSessions.expiresAt, now)).returning({ id: authSessions.idHash })).length,
    resetTokens: (
      await db
        .delete(passwordResetTokens)
        .where(lt(passwordResetTokens.expiresAt, before(RETENTION.expiredTokensDays)))
        .returning({ id: passwordResetTokens.tokenHash })
    ).length,
    confirmationTokens: (
      await db
        .delete(emailConfirmationTokens)
        .where(lt(emailConfirmationTokens.expiresAt, before(RETENTION.expiredTokensDays)))
        .returning({ id: emailConfirmationTokens.tokenHash })
    ).length,
    derivedResults: (
      await db.delete(derivedResults).where(lt(derivedResults.computedAt, before(RETENTION.derivedResultsDays))).returning({ kind: derivedResults.kind })
    ).length,
    sentForms: (await db.delete(sentForms).where(lt(sentForms.createdAt, before(RETENTION.sentFormsDays))).returning({ token: sentForms.token })).length,
    jobRuns: (await db.delete(jobRuns).where(and(isNotNull(jobRuns.startedAt), lt(jobRuns.startedAt, before(RETENTION.jobRunsDays)))).returning({ slot: jobRuns.slot })).length,
  };
  return counts;
}
