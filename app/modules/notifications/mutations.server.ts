import { config } from "~/config.server";
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { db, type Executor } from "~/db/client.server";
import { emailOutbox, type OutboxAttachment } from "~/db/schema";
import { nextAttemptDelayMs, nextStatusAfterFailure } from "./backoff";
import type { MailTransport } from "./transport.server";

export type RenderedEmail = { subject: string; text: string; html: string };

export const MAIL_FROM = () => config().mailFrom;

/**
 * Queues one email in the caller's transaction, so it is sent only if the write commits.
 * With a `dedupeKey` the message is queued at most once, ever (reminders, alerts).
 * Returns false when a message with that key already exists.
 */
export async function enqueueEmail(
  tx: Executor,
  message: RenderedEmail & {
    to: string;
    organizationId: string | null;
    attachments?: OutboxAttachment[];
    dedupeKey?: string;
    notBefore?: Date;
  },
): Promise<boolean> {
  const rows = await tx
    .insert(emailOutbox)
    .values({
      organizationId: message.organizationId,
      toAddress: message.to,
      subject: message.subject,
      textBody: message.text,
      htmlBody: message.html,
      attachments: message.attachments ?? [],
      dedupeKey: message.dedupeKey ?? null,
      messageId: `<${randomUUID()}@group-sessions.local>`,
      ...(message.notBefore ? { nextAttemptAt: message.notBefore } : {}),
    })
    .onConflictDoNothing({ target: emailOutbox.dedupeKey })
    .returning({ id: emailOutbox.id });
  return rows.length > 0;
}

type OutboxRow = {
  id: number;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  attachments: OutboxAttachment[];
  message_id: string;
  attempts: number;
};

/**
 * Sends due messages one at a time. Each message is claimed with SELECT … FOR UPDATE SKIP LOCKED
 * and stays locked until its outcome is committed, so two workers (or app instances) never send
 * the same message; a sent message is never picked again. Failures are retried with backoff.
 */
export async function processOutbox(options: { transport: MailTransport; now?: () => Date; limit?: number }) {
  const now = options.now ?? (() => new Date());
  const limit = options.limit ?? 50;
  let sent = 0;
  let failed = 0;
  for (let i = 0; i < limit; i++) {
    const outcome = await db.transaction(async (tx) => {
      const at = now();
      const rows = (await tx.execute(sql`
        select id, to_address, subject, text_body, html_body, attachments, message_id, attempts
        from email_outbox
        where status = 'pending' and next_attempt_at <= ${at.toISOString()}::timestamptz
        order by next_attempt_at, id
        limit 1
        for update skip locked`)) as unknown as OutboxRow[];
      const row = rows[0];
      if (!row) return "empty" as const;
      const attempts = row.attempts + 1;
      try {
        await options.transport.send({
          from: MAIL_FROM(),
          to: row.to_address,
          subject: row.subject,
          text: row.text_body,
          html: row.html_body,
          messageId: row.message_id,
          attachments: row.attachments,
        });
        await tx.execute(sql`
          update email_outbox set status = 'sent', attempts = ${attempts}, sent_at = ${now().toISOString()}::timestamptz, last_error = ''
          where id = ${row.id}`);
        return "sent" as const;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const next = new Date(now().getTime() + nextAttemptDelayMs(attempts));
        await tx.execute(sql`
          update email_outbox set attempts = ${attempts}, status = ${nextStatusAfterFailure(attempts)},
            last_error = ${message.slice(0, 500)}, next_attempt_at = ${next.toISOString()}::timestamptz
          where id = ${row.id}`);
        return "failed" as const;
      }
    });
    if (outcome === "empty") break;
    if (outcome === "sent") sent++;
    else failed++;
  }
  return { sent, failed };
}
