import { sql } from "drizzle-orm";
import { bigserial, check, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, organizations, outboxStatusEnum, users } from "~/db/schema";

/**
 * A person's mobile number for text messages, one per person in each organisation, in E.164
 * (`+15551234567`): someone in two organisations gives each its own number (or the same one, confirmed
 * in each), so the number given to one (a family phone) never receives the other's texts, whose sender
 * name alone may disclose treatment on a lock screen.
 * Texts go only to a confirmed number (`confirmed_at`) that has not answered STOP (`stopped_at`).
 * The confirmation code is kept only as a keyed hash, with its expiry, the tries left counted in
 * PostgreSQL (`code_attempts`, at most 5) and when it was last sent (resends are throttled).
 */
export const userPhones = pgTable(
  "user_phones",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    e164: text("e164").notNull(),
    confirmedAt: timestamp("confirmed_at", { withTimezone: true }),
    /** The person texted STOP (or an equivalent): no text of any kind until START. */
    stoppedAt: timestamp("stopped_at", { withTimezone: true }),
    codeHash: text("code_hash"),
    codeExpiresAt: timestamp("code_expires_at", { withTimezone: true }),
    codeAttempts: integer("code_attempts").notNull().default(0),
    codeSentAt: timestamp("code_sent_at", { withTimezone: true }),
    /** Codes sent in the current hour window (`code_window_start`), for the resend limit. */
    codeSends: integer("code_sends").notNull().default(0),
    codeWindowStart: timestamp("code_window_start", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "user_phones_user_org_pk", columns: [t.userId, t.organizationId] }),
    index("user_phones_e164").on(t.e164),
    check("user_phones_e164_format", sql`${t.e164} ~ '^\\+[1-9][0-9]{6,14}$'`),
    check("user_phones_code_attempts", sql`${t.codeAttempts} between 0 and 5`),
  ],
);

/**
 * Numbers that texted STOP (or an equivalent), whoever's account they are on: the opt-out belongs
 * to the number, not to an account, so removing a number, adding it to another account or
 * another organisation does not lift it. Only START from that number deletes the row. Every code,
 * queued text and send checks it.
 */
export const smsOptOuts = pgTable(
  "sms_opt_outs",
  {
    e164: text("e164").primaryKey(),
    stoppedAt: timestamp("stopped_at", { withTimezone: true }).notNull(),
  },
  (t) => [check("sms_opt_outs_e164_format", sql`${t.e164} ~ '^\\+[1-9][0-9]{6,14}$'`)],
);

/**
 * Inbound texts already handled, by the provider's MessageSid: a captured signed post replayed
 * later (a START after a newer STOP) is recognised and ignored. Kept 30 days (retention.server.ts).
 */
export const smsInboundMessages = pgTable(
  "sms_inbound_messages",
  {
    messageSid: text("message_sid").primaryKey(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("sms_inbound_messages_received_at").on(t.receivedAt)],
);

/**
 * Outgoing text messages: the same outbox design as email_outbox (queued in the transaction that
 * causes them, at most once per dedupe key, claimed with SKIP LOCKED and a lease, retried with
 * backoff). `kind` names what the text is about (code, reminder, offer, change, check-in).
 */
export const smsOutbox = pgTable(
  "sms_outbox",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    organizationId: uuid("organization_id").references(() => organizations.id, { onDelete: "cascade" }),
    userId: uuid("user_id").references(() => users.id, { onDelete: "set null" }),
    toNumber: text("to_number").notNull(),
    body: text("body").notNull(),
    kind: text("kind").notNull(),
    dedupeKey: text("dedupe_key"),
    status: outboxStatusEnum("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    lastError: text("last_error").notNull().default(""),
    /** The provider's id for the message (Twilio's SM… sid), or the file name written. */
    providerId: text("provider_id"),
    /**
     * What the provider last reported about delivery (status callback): queued, sending, sent,
     * delivered, undelivered or failed; null until it reports (and always for the file transport).
     */
    deliveryStatus: text("delivery_status"),
    deliveryUpdatedAt: timestamp("delivery_updated_at", { withTimezone: true }),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    /**
     * The session a reminder or check-in link is about, and its start when the text was written
     * (the text states it). Checked again when the text goes — it may wait for the end of quiet
     * hours or a retry: a session since cancelled, moved or deleted, or left by the person, is not
     * texted. No foreign key: a deleted session must stop the text, not erase the record of it.
     */
    sessionId: uuid("session_id"),
    sessionStartsAt: timestamp("session_starts_at", { withTimezone: true }),
    /**
     * The enrolment a seat text (kind 'offer') is about, and the deadline it states (null: a seat
     * given at once). Checked again when it goes (quiet hours, a retry): an offer since declined,
     * accepted, withdrawn, lapsed or replaced by another, or a seat since given up, is not texted.
     * No foreign key, as for the session.
     */
    enrolmentId: uuid("enrolment_id"),
    offerExpiresAt: timestamp("offer_expires_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("sms_outbox_dedupe_key").on(t.dedupeKey),
    index("sms_outbox_due").on(t.status, t.nextAttemptAt),
    index("sms_outbox_org_id").on(t.organizationId, t.id),
    index("sms_outbox_provider_id").on(t.providerId),
  ],
);
