import { config } from "~/config.server";
import { randomUUID } from "node:crypto";
import { sql, type SQL } from "drizzle-orm";
import { db, type Executor } from "~/db/client.server";
import { emailOutbox, users, type OutboxAttachment } from "~/db/schema";
import { isPlaceholderEmail, WALK_IN_EMAIL_DOMAIN } from "~/modules/attendance/walk-ins";
import { MANAGING_ROLES } from "~/modules/auth/policy";
import { hasConsent } from "~/modules/consent/queries.server";
import type { ConsentKind } from "~/modules/consent/wording";
import { nextAttemptDelayMs, nextStatusAfterFailure } from "./backoff";
import type { MailTransport } from "./transport.server";

export type RenderedEmail = { subject: string; text: string; html: string };

export const MAIL_FROM = () => config().mailFrom;

/**
 * Queues one email in the caller's transaction, so it is sent only if the write commits.
 * With a `dedupeKey` the message is queued at most once, ever (reminders, alerts).
 * Returns false when a message with that key already exists, and for a walk-in's placeholder
 * address (nothing is ever queued to it: it is not anyone's mailbox).
 *
 * A message for a person's account names it (`toUser`; a reminder's or seat email's person and a
 * staff email's recipient count as named): it goes to the account's address at send time, so an
 * email change confirmed while it waits is followed, and it does not go when the account has no
 * real address any more, nor while its address was never confirmed by its owner (a walk-in's typed
 * address, an unconfirmed sign-up's). Without one, `to` is a literal address, kept whatever happens to the
 * account that uses it — only for messages that are about that very address (a new address's
 * confirmation, the notice to the old one, an invitation, a sign-up or reset asked for with it).
 */
export async function enqueueEmail(
  tx: Executor,
  message: RenderedEmail & {
    /** The address as it is now (for an account, its current address). */
    to: string;
    /** The account it is addressed to (its user id): sent to the account's address when it goes. */
    toUser?: string;
    organizationId: string | null;
    attachments?: OutboxAttachment[];
    dedupeKey?: string;
    notBefore?: Date;
    /** When it is recorded as queued, if not now (a message about an anonymous act: the hour only). */
    queuedAt?: Date;
    /** A session reminder: its person, session and the start it states, checked again when it goes (processOutbox). */
    reminder?: { userId: string; sessionId: string; startsAt: Date };
    /** A waiting-list seat: the person, the enrolment and the offer's deadline it states (null: a seat given at once), checked again when it goes. */
    seat?: { userId: string; enrolmentId: string; offerExpiresAt: Date | null };
    /** A staff email about a person (and their group, if it is about one): it goes only while the recipient still has a current relationship with them. */
    about?: { userId: string; recipientId: string; groupId: string | null };
    /** A part of the text that needs the person's consent (for `about.groupId`): the rendering without it, sent instead if that consent has ended by then. */
    consentPart?: { kind: SendTimeConsent; without: RenderedEmail };
  },
): Promise<boolean> {
  if (message.consentPart && !message.about) throw new Error("enqueueEmail: a consent part needs the person it is about");
  if (isPlaceholderEmail(message.to)) return false;
  const toUserId = message.toUser ?? message.about?.recipientId ?? message.reminder?.userId ?? message.seat?.userId ?? null;
  const named = [message.toUser, message.about?.recipientId, message.reminder?.userId, message.seat?.userId].filter((id): id is string => !!id);
  if (named.some((id) => id !== toUserId)) throw new Error("enqueueEmail: the message names two different recipients");
  const rows = await tx
    .insert(emailOutbox)
    .values({
      organizationId: message.organizationId,
      toAddress: message.to,
      toUserId,
      subject: message.subject,
      textBody: message.text,
      htmlBody: message.html,
      attachments: message.attachments ?? [],
      dedupeKey: message.dedupeKey ?? null,
      messageId: `<${randomUUID()}@group-sessions.local>`,
      ...(message.notBefore ? { nextAttemptAt: message.notBefore } : {}),
      ...(message.queuedAt ? { createdAt: message.queuedAt } : {}),
      ...(message.reminder ? { userId: message.reminder.userId, sessionId: message.reminder.sessionId, sessionStartsAt: message.reminder.startsAt } : {}),
      ...(message.seat ? { userId: message.seat.userId, enrolmentId: message.seat.enrolmentId, offerExpiresAt: message.seat.offerExpiresAt } : {}),
      ...(message.about ? { userId: message.about.userId, recipientId: message.about.recipientId, groupId: message.about.groupId } : {}),
      ...(message.consentPart ? { consentKind: message.consentPart.kind, withoutConsent: message.consentPart.without } : {}),
    })
    .onConflictDoNothing({ target: emailOutbox.dedupeKey })
    .returning({ id: emailOutbox.id });
  return rows.length > 0;
}

type OutboxRow = {
  id: number;
  to_address: string;
  to_user_id: string | null;
  /** The address of the account it is addressed to, now (to_user_id; null when there is none). */
  account_address: string | null;
  subject: string;
  text_body: string;
  html_body: string;
  attachments: OutboxAttachment[];
  message_id: string;
  attempts: number;
  reminders_off: boolean;
  no_longer_true: string | null;
  consent_gone: boolean;
  /** Addressed to an account whose address was never confirmed (accountAddressUnconfirmed). */
  address_unconfirmed: boolean;
  without_consent: RenderedEmail | null;
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

/**
 * A waiting-list seat message (email or text), checked when it goes: true when the offer it states
 * is no longer the open one (answered, withdrawn, lapsed — its deadline passed at `at` — or replaced
 * by a later offer), or a seat given at once is no longer held. `table` names the outbox row (its
 * user_id, enrolment_id, offer_expires_at); false for a message about no seat.
 */
export function seatNoLongerAsWritten(table: OutboxTable, at: Date): SQL {
  const t = sql.raw(table);
  return sql`(${t}.enrolment_id is not null and not exists (
    select 1 from enrolments e left join enrolment_details d on d.enrolment_id = e.id
    where e.id = ${t}.enrolment_id and e.user_id = ${t}.user_id
      and case when ${t}.offer_expires_at is null then e.status = 'enrolled'
               else e.status = 'offered' and d.offer_expires_at = ${t}.offer_expires_at and d.offer_expires_at > ${at.toISOString()}::timestamptz end))`;
}

/**
 * A staff email about a person, checked when it goes: true when its recipient no longer has a
 * current relationship with the person — staffRelationship (auth/policy.ts) in SQL: an active
 * manager or administrator of the person's organisation, or an active facilitator leading a group
 * the person is enrolled in now (the email's group, when it is about one). Not the person themself.
 * Texts go only to the person they are about, so this is the email outbox's alone.
 */
export function recipientNoLongerEntitled(): SQL {
  const managing = sql.raw(MANAGING_ROLES.map((r) => `'${r}'`).join(", "));
  return sql`(email_outbox.recipient_id is not null and not exists (
    select 1 from memberships m
    where m.user_id = email_outbox.recipient_id and m.organization_id = email_outbox.organization_id and m.deactivated_at is null
      and m.user_id <> email_outbox.user_id
      and exists (select 1 from memberships pm where pm.user_id = email_outbox.user_id and pm.organization_id = email_outbox.organization_id)
      and (m.role in (${managing}) or (m.role = 'facilitator' and exists (
        select 1 from enrolments e join group_facilitators gf on gf.group_id = e.group_id and gf.user_id = m.user_id
        where e.user_id = email_outbox.user_id and e.organization_id = email_outbox.organization_id and e.status = 'enrolled'
          and (email_outbox.group_id is null or e.group_id = email_outbox.group_id))))))`;
}

/**
 * An email addressed to an account (to_user_id), checked when it goes: true when the account is
 * gone or its address is a walk-in's placeholder (not anyone's mailbox). Its address otherwise is
 * the account's own at that moment (processOutbox), whatever address it was queued with.
 */
export function accountWithoutAddress(): SQL {
  return sql`(email_outbox.to_user_id is not null and not exists (
    select 1 from users u where u.id = email_outbox.to_user_id and lower(trim(u.email)) not like ${`%@${WALK_IN_EMAIL_DOMAIN}`}))`;
}

/**
 * An email addressed to an account (to_user_id) whose address nobody ever confirmed
 * (users.email_confirmed_at null): a walk-in's address typed by staff (perhaps mistyped: a
 * stranger's mailbox) or an unconfirmed sign-up's (perhaps someone else's address). Nothing
 * person-addressed goes there until its owner confirms it (a sign-up link, an invitation, an email
 * change or a password reset); messages to a literal address (to_user_id null: the sign-up
 * confirmation, an invitation, a reset) are not concerned.
 */
export function accountAddressUnconfirmed(): SQL {
  return sql`(email_outbox.to_user_id is not null and exists (
    select 1 from users u where u.id = email_outbox.to_user_id and u.email_confirmed_at is null))`;
}

/** Email reaches the person (a `users` row): a real address, not a walk-in's placeholder, that its owner confirmed — where processOutbox sends. */
export const emailReaches = () => sql<boolean>`(${users.emailConfirmedAt} is not null and ${users.email} not ilike ${`%@${WALK_IN_EMAIL_DOMAIN}`})`;

/** A real address (not a walk-in's placeholder) that its owner never confirmed: nothing is emailed there; staff are told. */
export const emailUnconfirmed = () => sql<boolean>`(${users.emailConfirmedAt} is null and ${users.email} not ilike ${`%@${WALK_IN_EMAIL_DOMAIN}`})`;

/** Why an email to an account whose address was never confirmed is given up (never retried). */
export const UNCONFIRMED_ADDRESS_REASON = "not sent: the account's email address was never confirmed by its owner";

/**
 * The one "still true, still entitled" rule for a queued message, checked when it goes (it may have
 * waited for the end of quiet hours or for a retry after an outage): the reason it is no longer
 * true — its session changed (sessionNoLongerAsWritten), its seat offer is no longer open or its
 * seat no longer held (seatNoLongerAsWritten), or, for a staff email about a person, its recipient
 * no longer has a current relationship with them (recipientNoLongerEntitled), or an email's account
 * has no real address any more (accountWithoutAddress) — or null. Shared by the email and text outboxes.
 */
export function whyNoLongerTrue(table: OutboxTable, at: Date): SQL {
  const staff = table === "email_outbox" ? sql`when ${recipientNoLongerEntitled()} then 'the recipient no longer leads a group the person is in, nor manages the organisation'` : sql``;
  const address = table === "email_outbox" ? sql`when ${accountWithoutAddress()} then 'the account it is addressed to has no email address any more'` : sql``;
  return sql`(case
    ${address}
    when ${sessionNoLongerAsWritten(table)} then 'its session was cancelled or moved, or the person left the group'
    when ${seatNoLongerAsWritten(table, at)} then 'the offer was answered, withdrawn, lapsed or replaced, or the seat given up'
    ${staff}
  end)`;
}

/** The consents a part of an email may depend on, checked when it goes (enqueueEmail's consentPart). */
export const SEND_TIME_CONSENTS = ["facilitator_contact"] as const satisfies readonly ConsentKind[];
export type SendTimeConsent = (typeof SEND_TIME_CONSENTS)[number];

/** True when the consent a part of the email needs (consent_kind, of user_id for group_id) no longer stands at `at`. */
function consentNoLongerGiven(at: Date): SQL {
  const given = SEND_TIME_CONSENTS.map((kind) => sql`when ${kind} then ${hasConsent(kind, emailOutbox.userId, emailOutbox.groupId, at)}`);
  return sql`(email_outbox.consent_kind is not null and not coalesce(case email_outbox.consent_kind ${sql.join(given, sql` `)} end, false))`;
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
    // Due by `at`, a JavaScript time of whole milliseconds, stands for all of its millisecond:
    // PostgreSQL keeps microseconds, so a message queued a few microseconds into the same
    // millisecond (just before the send, on a fast machine) was not yet "due" and waited a tick.
    const at = now();
    const rows = await db.execute<Row>(sql`
      update ${table} set attempts = attempts + 1, next_attempt_at = ${new Date(at.getTime() + leaseMs).toISOString()}::timestamptz
      where id = (
        select id from ${table}
        where status = 'pending' and next_attempt_at < ${new Date(at.getTime() + 1).toISOString()}::timestamptz
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
  const at = (options.now ?? (() => new Date()))();
  return drainOutbox<OutboxRow>({
    leaseMs: options.leaseMs,
    table: "email_outbox",
    // Checked when it goes (whyNoLongerTrue): a session reminder whose session or enrolment changed
    // since it was written, a seat email whose offer is no longer open or seat no longer held, a
    // staff email about a person whose recipient no longer has a relationship with them; and a
    // reminder whose person turned email reminders off on their profile meanwhile. A part that
    // needs the person's consent (a contact line) goes only while that consent stands. An email
    // to an account whose address nobody confirmed does not go (accountAddressUnconfirmed).
    columns: sql`to_address, to_user_id, (select u.email from users u where u.id = email_outbox.to_user_id) as account_address,
      subject, text_body, html_body, attachments, message_id,
      (email_outbox.session_id is not null and exists (
        select 1 from notification_preferences np where np.user_id = email_outbox.user_id and not np.reminders_enabled)) as reminders_off,
      ${whyNoLongerTrue("email_outbox", at)} as no_longer_true,
      ${consentNoLongerGiven(at)} as consent_gone,
      ${accountAddressUnconfirmed()} as address_unconfirmed,
      without_consent`,
    isPermanent: (error) => error instanceof WithdrawnMessageError || isPermanentFailure(error),
    failureEvent: "mail.send_failed",
    now: options.now,
    limit: options.limit,
    send: async (row) => {
      if (row.no_longer_true) throw new WithdrawnMessageError(`not sent: since it was written, ${row.no_longer_true}`);
      if (row.reminders_off) throw new WithdrawnMessageError("not sent: since it was written, the person turned reminders off");
      // Never to an address its owner has not confirmed (a typed walk-in address, an unconfirmed
      // sign-up's): in a recovery program an email there can out someone to a stranger.
      if (row.address_unconfirmed) throw new WithdrawnMessageError(UNCONFIRMED_ADDRESS_REASON);
      // Addressed to an account: to its address now (an email change confirmed while the message
      // waited moves it; the old mailbox may be shared or someone else's by now). The row records
      // where it went.
      const to = row.to_user_id ? row.account_address : row.to_address;
      if (!to || isPlaceholderEmail(to)) throw new WithdrawnMessageError("not sent: since it was written, the account it is addressed to has no email address any more");
      if (to !== row.to_address) {
        await db.execute(sql`update email_outbox set to_address = ${to} where id = ${row.id} and attempts = ${row.attempts} and status = 'pending'`);
      }
      let content = { subject: row.subject, text: row.text_body, html: row.html_body };
      if (row.consent_gone) {
        if (!row.without_consent) throw new WithdrawnMessageError("not sent: since it was written, the person withdrew the consent a part of it needs");
        // Sent (and kept) without the part the person no longer allows, on this and any retry.
        content = row.without_consent;
        await db.execute(sql`
          update email_outbox set subject = ${content.subject}, text_body = ${content.text}, html_body = ${content.html}, consent_kind = null, without_consent = null
          where id = ${row.id} and attempts = ${row.attempts} and status = 'pending'`);
      }
      return options.transport.send({
        from: MAIL_FROM(),
        to,
        subject: content.subject,
        text: content.text,
        html: content.html,
        messageId: row.message_id,
        attachments: row.attachments,
      });
    },
  });
}
