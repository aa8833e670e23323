import { config } from "~/config.server";
import { randomUUID } from "node:crypto";
import { sql, type SQL } from "drizzle-orm";
import { db, type Executor } from "~/db/client.server";
import { emailOutbox, type OutboxAttachment } from "~/db/schema";
import { isPlaceholderEmail } from "~/modules/attendance/walk-ins";
import { nextAttemptDelayMs, nextStatusAfterFailure } from "./backoff";
import type { MailTransport } from "./transport.server";

export type RenderedEmail = { subject: string; text: string; html: string };

export const MAIL_FROM = () => config().mailFrom;

/**
 * Queues one email in the caller's transaction, so it is sent only if the write commits.
 * With a `dedupeKey` the message is queued at most once, ever (reminders, alerts).
 * Returns false when a message with that key already exists, and for a walk-in's placeholder
 * address (nothing is ever queued to it: it is not anyone's mailbox).
 */
export async function enqueueEmail(
  tx: Executor,
  message: RenderedEmail & {
    to: string;
    organizationId: string | null;
    attachments?: OutboxAttachment[];
    dedupeKey?: string;
    notBefore?: Date;
    /** When it is recorded as queued, if not now (a message about an anonymous act: the hour only). */
    queuedAt?: Date;
    /** A session reminder: its person, session and the start it states, checked again when it goes (processOutbox). */
    reminder?: { userId: string; sessionId: string; startsAt: Date };
  },
): Promise<boolean> {
  if (isPlaceholderEmail(message.to)) return false;
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
      ...(message.queuedAt ? { createdAt: message.queuedAt } : {}),
      ...(message.reminder ? { userId: message.reminder.userId, sessionId: message.reminder.sessionId, sessionStartsAt: message.reminder.startsAt } : {}),
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
  withdrawn: boolean;
};

/**
 * The one rule for a message about a session (an email or text reminder, a check-in link), checked
 * when it goes — it may have waited for the end of quiet hours or for a retry: true when its session
 * was cancelled (or deleted) or no longer starts at the time the message states, or the person is
 * no longer enrolled in its group. (A session under way is "held" once attendance is recorded: a
 * check-in link retried then still goes.) `table` names the outbox row (its user_id, session_id,
 * session_starts_at); false for a message about no session.
 */
export function sessionNoLongerAsWritten(table: OutboxTable): SQL {
  const t = sql.raw(table);
  return sql`(${t}.session_id is not null and not exists (
    select 1 from sessions s join enrolments e on e.group_id = s.group_id and e.user_id = ${t}.user_id and e.status = 'enrolled'
    where s.id = ${t}.session_id and s.status <> 'cancelled' and s.starts_at = ${t}.session_starts_at))`;
}

/** A message given up at send time because what it says is no longer true (not a delivery failure: never retried). */
export class WithdrawnMessageError extends Error {}

/** How long a claimed message stays claimed: a worker that dies mid-send leaves it to be retried after this. */
export const SEND_LEASE_MS = 2 * 60_000;

/**
 * How long a live worker keeps renewing the lease of one send. SMTP's timeouts are per step (a
 * server that answers every step just inside them can take minutes), so the lease is renewed while
 * the send is in progress; past this a send is treated as lost, like a worker that died.
 */
export const SEND_RENEW_LIMIT_MS = 10 * 60_000;

/** SMTP answered 5xx: the message can never be delivered as it is (unknown mailbox, refused). */
export function isPermanentFailure(error: unknown): boolean {
  const code = (error as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === "number" && code >= 500 && code < 600;
}

/** The outbox tables (same status, attempts, next_attempt_at, last_error, sent_at columns). */
export type OutboxTable = "email_outbox" | "sms_outbox";

/**
 * Sends due messages of one outbox one at a time. A message is first claimed in a short
 * transaction (attempts counted, a lease set) with FOR UPDATE SKIP LOCKED, so two workers or
 * instances never take the same one; then it is sent with no transaction or lock held (a hanging
 * server holds nothing in PostgreSQL); then the outcome is recorded. Temporary failures retry with
 * backoff; a permanent refusal (`isPermanent`) fails the message at once, the error kept.
 * Shared by email (processOutbox) and text messages (processSmsOutbox).
 */
export async function drainOutbox<Row extends { id: number; attempts: number }>(options: {
  table: OutboxTable;
  /** The columns `send` needs, as a SQL list (`id` and `attempts` are always returned). */
  columns: SQL;
  send: (row: Row) => Promise<{ providerId?: string } | void>;
  isPermanent: (error: unknown) => boolean;
  /** Log event name on a failed attempt (mail.send_failed, sms.send_failed). */
  failureEvent: string;
  now?: () => Date;
  limit?: number;
  /** The claim's lease (SEND_LEASE_MS); renewed every third of it while the send is in progress. */
  leaseMs?: number;
}) {
  const now = options.now ?? (() => new Date());
  const limit = options.limit ?? 50;
  const leaseMs = options.leaseMs ?? SEND_LEASE_MS;
  const table = sql.identifier(options.table);
  let sent = 0;
  let failed = 0;
  for (let i = 0; i < limit; i++) {
    const at = now();
    const rows = await db.execute<Row>(sql`
      update ${table} set attempts = attempts + 1, next_attempt_at = ${new Date(at.getTime() + leaseMs).toISOString()}::timestamptz
      where id = (
        select id from ${table}
        where status = 'pending' and next_attempt_at <= ${at.toISOString()}::timestamptz
        order by next_attempt_at, id
        limit 1
        for update skip locked)
      returning id, attempts, ${options.columns}`);
    const row = rows[0] as Row | undefined;
    if (!row) break;
    // This claim, and only this one: the attempt number is the fencing token. If the lease was
    // lost (renewal stopped) and another worker claimed the message, this worker's outcome is
    // not written over the other's (a stale "failed, retry later" would send it a third time).
    const ours = sql`id = ${row.id} and attempts = ${row.attempts} and status = 'pending'`;
    const claimedAt = Date.now();
    let renewal: Promise<unknown> = Promise.resolve();
    const renew = setInterval(() => {
      if (Date.now() - claimedAt > SEND_RENEW_LIMIT_MS) return clearInterval(renew);
      renewal = renewal
        .then(() => db.execute(sql`update ${table} set next_attempt_at = ${new Date(now().getTime() + leaseMs).toISOString()}::timestamptz where ${ours}`))
        .catch((error) => console.error(JSON.stringify({ level: "error", event: "outbox.lease_renewal_failed", table: options.table, outboxId: row.id, error: String(error).slice(0, 300) })));
    }, Math.max(50, Math.floor(leaseMs / 3)));
    renew.unref();
    const settle = async () => {
      clearInterval(renew);
      await renewal;
    };
    try {
      const result = await options.send(row).finally(settle);
      const providerId = result && result.providerId ? sql`, provider_id = ${result.providerId}` : sql``;
      const recorded = await db.execute(sql`
        update ${table} set status = 'sent', sent_at = ${now().toISOString()}::timestamptz, last_error = ''${providerId}
        where ${ours} returning id`);
      if (recorded.length === 0) console.error(JSON.stringify({ level: "error", event: "outbox.lease_lost", table: options.table, outboxId: row.id, attempt: row.attempts, outcome: "sent" }));
      sent++;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const permanent = options.isPermanent(error);
      const status = permanent ? "failed" : nextStatusAfterFailure(row.attempts);
      const next = new Date(now().getTime() + nextAttemptDelayMs(row.attempts));
      console.error(JSON.stringify({ level: "error", event: options.failureEvent, outboxId: row.id, attempt: row.attempts, permanent, status, error: message.slice(0, 300) }));
      await db.execute(sql`
        update ${table} set status = ${status}, last_error = ${message.slice(0, 500)}, next_attempt_at = ${next.toISOString()}::timestamptz
        where ${ours}`);
      failed++;
    }
  }
  return { sent, failed };
}

/** Sends due email (see drainOutbox): SMTP 5xx fails a message at once, anything else retries. */
export async function processOutbox(options: { transport: MailTransport; now?: () => Date; limit?: number; leaseMs?: number }) {
  return drainOutbox<OutboxRow>({
    leaseMs: options.leaseMs,
    table: "email_outbox",
    // Withdrawn: a session reminder whose session or enrolment changed since it was written (the
    // rule texts follow), or whose person turned email reminders off on their profile meanwhile.
    columns: sql`to_address, subject, text_body, html_body, attachments, message_id,
      (${sessionNoLongerAsWritten("email_outbox")} or (email_outbox.session_id is not null and exists (
        select 1 from notification_preferences np where np.user_id = email_outbox.user_id and not np.reminders_enabled))) as withdrawn`,
    isPermanent: (error) => error instanceof WithdrawnMessageError || isPermanentFailure(error),
    failureEvent: "mail.send_failed",
    now: options.now,
    limit: options.limit,
    send: (row) => {
      if (row.withdrawn) throw new WithdrawnMessageError("not sent: since it was written, its session was cancelled or moved, or the person left the group or turned reminders off");
      return options.transport.send({
        from: MAIL_FROM(),
        to: row.to_address,
        subject: row.subject,
        text: row.text_body,
        html: row.html_body,
        messageId: row.message_id,
        attachments: row.attachments,
      });
    },
  });
}
