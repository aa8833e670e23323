/**
 * Text messages: a person's mobile number and its confirmation code, their choices per kind (each
 * a consent record), the sms_outbox (queued in the caller's transaction, at most once per dedupe
 * key, sent by the shared drainOutbox), and the inbound STOP/START/HELP keywords.
 */
import { createHmac, randomInt, timingSafeEqual } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import { appUrl, config } from "~/config.server";
import { db, lockKeys, type Executor } from "~/db/client.server";
import { organizations, rateLimitEvents, users } from "~/db/schema";
import { consents } from "~/db/tables/consent";
import { smsInboundMessages, smsOptOuts, smsOutbox, userPhones } from "~/db/tables/sms";
import { audit } from "~/modules/audit/mutations.server";
import { log } from "~/modules/log.server";
import type { CurrentUser } from "~/modules/auth/policy";
import { recordConsent } from "~/modules/consent/mutations.server";
import { SMS_CONSENT_KINDS, type SmsConsentKind } from "~/modules/consent/wording";
import { UserInputError } from "~/modules/errors";
import { drainOutbox, whyNoLongerTrue } from "../mutations.server";
import { keywordOf } from "./keywords";
import { dateStyleOf, formatInZone } from "~/modules/time/zoned";
import { confirmationCodeText, helpText, offerText, seatGivenText, senderNameOf, sessionChangeText, type SmsKind } from "./message";
import { countryRefusal, isCountryCode, normalizeMobileNumber } from "./phone";
import { sendTextAt } from "./quiet-hours";
import type { SmsIntent } from "./schema";
import { isPermanentSmsFailure, PermanentSmsError, type SmsTransport } from "./transport.server";

export const CODE_TTL_MS = 10 * 60_000;
export const MAX_CODE_TRIES = 5;
/** A new code at most once a minute, and at most 5 in an hour. */
export const RESEND_GAP_MS = 60_000;
export const MAX_CODES_PER_HOUR = 5;
/** Codes to one number in an hour, whichever accounts and organisations ask (harassment, SMS pumping). */
export const MAX_CODES_PER_NUMBER_PER_HOUR = 3;

const iso = (d: Date) => sql`${d.toISOString()}::timestamptz`;

/** What a person is told when the number they enter (or confirm, or choose texts for) texted STOP. */
export function stoppedNumberMessage(): string {
  return `This number texted STOP; text START to ${config().sms?.from ?? "the number our texts come from"} first, then try again.`;
}

/** Whether the number texted STOP (the opt-out belongs to the number, whoever's account it is on). */
export async function numberStopped(tx: Executor, e164: string): Promise<boolean> {
  const rows = await tx.select({ e164: smsOptOuts.e164 }).from(smsOptOuts).where(eq(smsOptOuts.e164, e164));
  return rows.length > 0;
}

/** The code kept at rest: a keyed hash bound to the person and the number it was sent to. */
export function hashCode(userId: string, e164: string, code: string): string {
  return createHmac("sha256", config().sessionSecret).update(`sms-code:${userId}:${e164}:${code}`).digest("hex");
}

/** The choice (text-message consent) each kind of text needs, when it is queued and again when it goes. */
const CONSENT_OF_KIND: Record<Exclude<SmsKind, "code">, SmsConsentKind> = {
  reminder: "sms_session_reminders",
  offer: "sms_waitlist_offers",
  session_change: "sms_session_changes",
  checkin: "sms_checkin_links",
};

/**
 * Queues one text in the caller's transaction to the person's confirmed number, only if they have
 * not texted STOP and (for every kind but the code) currently allow `consentKind`. The check and
 * the insert are one statement. With a `dedupeKey` a text is queued at most once, ever.
 * Returns whether a text was queued.
 */
export async function enqueueText(
  tx: Executor,
  input: {
    organizationId: string;
    userId: string;
    kind: Exclude<SmsKind, "code">;
    consentKind: SmsConsentKind;
    body: string;
    dedupeKey: string;
    now: Date;
    /** Not sent before this instant (quiet hours); default: as soon as the worker runs. */
    notBefore?: Date;
    /** The session the text is about and the start it states: checked again when it goes (processSmsOutbox). */
    session?: { id: string; startsAt: Date };
    /** The enrolment a seat text is about and the deadline it states (null: a seat given at once): checked again when it goes. */
    seat?: { enrolmentId: string; offerExpiresAt: Date | null };
  },
): Promise<boolean> {
  if (CONSENT_OF_KIND[input.kind] !== input.consentKind) throw new Error(`A ${input.kind} text needs the ${CONSENT_OF_KIND[input.kind]} choice, not ${input.consentKind}`);
  const due = input.notBefore && input.notBefore > input.now ? sql`${input.notBefore.toISOString()}::timestamptz` : sql`now()`;
  const sessionId = input.session?.id ?? null;
  const sessionStartsAt = input.session ? input.session.startsAt.toISOString() : null;
  const enrolmentId = input.seat?.enrolmentId ?? null;
  const offerExpiresAt = input.seat?.offerExpiresAt ? input.seat.offerExpiresAt.toISOString() : null;
  const rows = await tx.execute<{ id: number }>(sql`
    insert into ${smsOutbox} (organization_id, user_id, to_number, body, kind, dedupe_key, next_attempt_at, session_id, session_starts_at, enrolment_id, offer_expires_at)
    select p.organization_id, p.user_id, p.e164, ${input.body}, ${input.kind}, ${input.dedupeKey}, ${due}, ${sessionId}::uuid, ${sessionStartsAt}::timestamptz, ${enrolmentId}::uuid, ${offerExpiresAt}::timestamptz
    from ${userPhones} p
    where p.user_id = ${input.userId} and p.organization_id = ${input.organizationId}
      and p.confirmed_at is not null and p.stopped_at is null
      and not exists (select 1 from ${smsOptOuts} o where o.e164 = p.e164)
      and exists (
        select 1 from ${consents} c
        where c.user_id = p.user_id and c.organization_id = p.organization_id and c.kind = ${input.consentKind}
          and c.group_id is null and c.revoked_at is null and c.status = 'given'
          and (c.expires_at is null or c.expires_at > ${iso(input.now)}))
    on conflict (dedupe_key) do nothing
    returning id`);
  return rows.length > 0;
}

/** A person's number in one organisation (each organisation has its own: see user_phones). */
const ownRow = (user: { id: string; organizationId: string }) => and(eq(userPhones.userId, user.id), eq(userPhones.organizationId, user.organizationId));

type Recipient = { id: string; timezone: string; locale: string };

/** A seat from the waiting list (offered until a deadline, or given at once), texted beside the email. */
export async function textSeat(
  tx: Executor,
  input: { organizationId: string; person: Recipient; enrolmentId: string; to: "enrolled" | "offered"; offerExpiresAt: Date | null; url: string; dedupeKey: string; now: Date },
) {
  const org = await organizationName(tx, input.organizationId);
  const locale = dateStyleOf(input.person.locale);
  const body =
    input.to === "offered" && input.offerExpiresAt
      ? offerText({ organizationName: org.name, until: formatInZone(input.offerExpiresAt, input.person.timezone, locale), url: input.url, locale })
      : seatGivenText({ organizationName: org.name, url: input.url, locale });
  // Not in the person's quiet hours, unless the offer would lapse before they end.
  const notBefore = sendTextAt(input.now, input.person.timezone, input.to === "offered" ? input.offerExpiresAt : null);
  return enqueueText(tx, { organizationId: input.organizationId, userId: input.person.id, kind: "offer", consentKind: "sms_waitlist_offers", body, dedupeKey: `sms:${input.dedupeKey}`, now: input.now, notBefore, seat: { enrolmentId: input.enrolmentId, offerExpiresAt: input.to === "offered" ? input.offerExpiresAt : null } });
}

/** How long before a session a person may set off for it: a change to a session starting sooner after quiet hours end is urgent. */
const SET_OFF_HOURS = 2;

/**
 * A session moved or cancelled, texted beside the email (the group is not named: see message.ts).
 * Not in the person's quiet hours, unless the session (its old or new start) begins within
 * SET_OFF_HOURS after they end — they may be about to set off; a change to next week's session
 * waits for the morning.
 */
export async function textSessionChange(
  tx: Executor,
  input: { organizationId: string; person: Recipient; sessionId: string; change: "cancelled" | "moved"; oldStart: Date; newStart?: Date; url: string; now: Date },
) {
  const org = await organizationName(tx, input.organizationId);
  const style = dateStyleOf(input.person.locale);
  const body = sessionChangeText({
    organizationName: org.name,
    change: input.change,
    when: formatInZone(input.oldStart, input.person.timezone, style),
    newWhen: input.newStart ? formatInZone(input.newStart, input.person.timezone, style) : undefined,
    url: input.url,
    locale: style,
  });
  // Once per person per change: the same move (to the same start) or cancellation is texted once.
  const key = `sms:session-change:${input.sessionId}:${input.person.id}:${input.change}:${input.newStart?.toISOString() ?? ""}`;
  const earliest = Math.min(input.oldStart.getTime(), (input.newStart ?? input.oldStart).getTime());
  const notBefore = sendTextAt(input.now, input.person.timezone, new Date(earliest - SET_OFF_HOURS * 3_600_000));
  return enqueueText(tx, { organizationId: input.organizationId, userId: input.person.id, kind: "session_change", consentKind: "sms_session_changes", body, dedupeKey: key, now: input.now, notBefore });
}

/** The name texts start with (the neutral sender name when set) and the country numbers are read in. */
async function organizationName(tx: Executor, organizationId: string) {
  const [org] = await tx.select({ name: organizations.name, smsSenderName: organizations.smsSenderName, defaultCountry: organizations.defaultCountry }).from(organizations).where(eq(organizations.id, organizationId));
  return org ? { name: senderNameOf(org), defaultCountry: org.defaultCountry } : { name: "", defaultCountry: "US" };
}

/** Draws a code, stores its hash and queues it, if the resend limits allow (counted in the row update). */
async function issueCode(tx: Executor, user: CurrentUser, e164: string, now: Date, org: { name: string; defaultCountry: string }, replacing: boolean) {
  // Only mobiles in the organisation's country (or SMS_ALLOWED_COUNTRIES): also for a number stored before this rule.
  const notHere = countryRefusal(e164, config().smsAllowedCountries ?? [isCountryCode(org.defaultCountry) ? org.defaultCountry : "US"]);
  if (notHere) throw new UserInputError(notHere, replacing ? "phone" : "code");
  // A number that texted STOP gets no code, from any account, until START from that number.
  if (await numberStopped(tx, e164)) throw new UserInputError(stoppedNumberMessage(), replacing ? "phone" : "code");
  // Per number (across accounts and organisations) and per organisation per day, counted under
  // advisory locks taken in this order (the person's row, then the number, then the organisation),
  // so parallel requests and several instances cannot exceed them.
  const numberKey = `sms-code-number:${e164}`;
  const orgKey = `sms-code-org:${user.organizationId}`;
  await lockKeys(tx, [`rate:${numberKey}`, `rate:${orgKey}`]);
  const dayAgo = new Date(now.getTime() - 86_400_000);
  const [counts] = await tx.execute<{ to_number: number; org: number }>(sql`
    select
      (select count(*)::int from ${rateLimitEvents} where key = ${numberKey} and at > ${iso(new Date(now.getTime() - 3_600_000))}) as to_number,
      (select count(*)::int from ${rateLimitEvents} where key = ${orgKey} and at > ${iso(dayAgo)}) as org`);
  if (counts.to_number >= MAX_CODES_PER_NUMBER_PER_HOUR) {
    throw new UserInputError(`This number has had ${MAX_CODES_PER_NUMBER_PER_HOUR} codes in the last hour. Wait an hour before asking for another.`, replacing ? "phone" : "code");
  }
  if (counts.org >= config().smsCodesPerOrgPerDay) {
    log("warn", "sms.code_cap_reached", { organizationId: user.organizationId, cap: config().smsCodesPerOrgPerDay });
    throw new UserInputError("We cannot send more codes today. Try again tomorrow, or ask the staff who run your group.", replacing ? "phone" : "code");
  }
  const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
  const hourAgo = new Date(now.getTime() - 3_600_000);
  const gapAgo = new Date(now.getTime() - RESEND_GAP_MS);
  const fresh = {
    code_hash: hashCode(user.id, e164, code),
    code_expires_at: new Date(now.getTime() + CODE_TTL_MS),
  };
  // One statement decides and counts: two parallel requests cannot both pass the limit.
  const rows = await tx.execute<{ user_id: string }>(sql`
    insert into ${userPhones} (user_id, organization_id, e164, code_hash, code_expires_at, code_attempts, code_sent_at, code_sends, code_window_start)
    values (${user.id}, ${user.organizationId}, ${e164}, ${fresh.code_hash}, ${iso(fresh.code_expires_at)}, 0, ${iso(now)}, 1, ${iso(now)})
    on conflict (user_id, organization_id) do update set
      e164 = excluded.e164,
      confirmed_at = case when ${userPhones.e164} = excluded.e164 then ${userPhones.confirmedAt} else null end,
      stopped_at = case when ${userPhones.e164} = excluded.e164 then ${userPhones.stoppedAt} else null end,
      code_hash = excluded.code_hash,
      code_expires_at = excluded.code_expires_at,
      code_attempts = 0,
      code_sent_at = excluded.code_sent_at,
      code_sends = case when ${userPhones.codeWindowStart} is null or ${userPhones.codeWindowStart} <= ${iso(hourAgo)} then 1 else ${userPhones.codeSends} + 1 end,
      code_window_start = case when ${userPhones.codeWindowStart} is null or ${userPhones.codeWindowStart} <= ${iso(hourAgo)} then excluded.code_window_start else ${userPhones.codeWindowStart} end
    where (${userPhones.codeSentAt} is null or ${userPhones.codeSentAt} <= ${iso(gapAgo)})
      and (${userPhones.codeWindowStart} is null or ${userPhones.codeWindowStart} <= ${iso(hourAgo)} or ${userPhones.codeSends} < ${MAX_CODES_PER_HOUR})
    returning user_id`);
  if (rows.length === 0) {
    throw new UserInputError("We sent a code a moment ago. Wait a minute before asking for another (at most 5 codes an hour).", replacing ? "phone" : "code");
  }
  await tx.insert(smsOutbox).values({ organizationId: user.organizationId, userId: user.id, toNumber: e164, body: confirmationCodeText(org.name, code, dateStyleOf(user.locale)), kind: "code" });
  await tx.insert(rateLimitEvents).values([
    { key: numberKey, at: now },
    { key: orgKey, at: now },
  ]);
}

/**
 * The person enters a mobile number: normalised to E.164 in the organisation's default country,
 * stored unconfirmed (a changed number needs confirming again), and a 6-digit code is texted.
 */
export async function addPhone(user: CurrentUser, rawNumber: string, now = new Date()) {
  return db.transaction(async (tx) => {
    const org = await organizationName(tx, user.organizationId);
    const result = normalizeMobileNumber(rawNumber, org.defaultCountry);
    if (!result.ok) throw new UserInputError(result.message, "phone");
    const [current] = await tx.select().from(userPhones).where(ownRow(user)).for("update");
    if (current?.e164 === result.e164 && current.confirmedAt) throw new UserInputError("That number is already confirmed.", "phone");
    await issueCode(tx, user, result.e164, now, org, true);
    await audit(tx, { organizationId: user.organizationId, actorId: user.id, action: "profile.phone_add", subjectType: "user", subjectId: user.id, before: current ? { number: `…${current.e164.slice(-4)}`, confirmed: Boolean(current.confirmedAt) } : null, after: { number: `…${result.e164.slice(-4)}` } });
    return { e164: result.e164 };
  });
}

/** A new code for the number waiting to be confirmed (throttled like the first). */
export async function resendCode(user: CurrentUser, now = new Date()) {
  await db.transaction(async (tx) => {
    const [current] = await tx.select().from(userPhones).where(ownRow(user)).for("update");
    if (!current || current.confirmedAt) throw new UserInputError("There is no number waiting for a code. Add your mobile number first.", "code");
    const org = await organizationName(tx, user.organizationId);
    await issueCode(tx, user, current.e164, now, org, false);
  });
}

/**
 * Confirms the number with the texted code. Each try is counted in the same statement that checks
 * the limit (at most 5, even for parallel requests); the code expires after 10 minutes.
 */
export async function confirmPhone(user: CurrentUser, rawCode: string, now = new Date()) {
  const code = rawCode.replace(/\s+/g, "");
  if (!/^\d{6}$/.test(code)) throw new UserInputError("Enter the 6-digit code from the text message.", "code");
  return db.transaction(async (tx) => {
    const counted = await tx.execute<{ e164: string; code_hash: string; code_attempts: number }>(sql`
      update ${userPhones} set code_attempts = code_attempts + 1
      where user_id = ${user.id} and organization_id = ${user.organizationId} and confirmed_at is null and code_hash is not null
        and code_expires_at > ${iso(now)} and code_attempts < ${MAX_CODE_TRIES}
      returning e164, code_hash, code_attempts`);
    const row = counted[0];
    if (!row) {
      const [current] = await tx.select().from(userPhones).where(ownRow(user));
      if (!current) throw new UserInputError("Add your mobile number first.", "code");
      if (current.confirmedAt) throw new UserInputError("Your number is already confirmed.", "code");
      if (current.codeAttempts >= MAX_CODE_TRIES) throw new UserInputError("Too many wrong codes. Ask for a new code.", "code");
      throw new UserInputError("That code has expired. Ask for a new code.", "code");
    }
    const expected = Buffer.from(row.code_hash);
    const actual = Buffer.from(hashCode(user.id, row.e164, code));
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
      const left = MAX_CODE_TRIES - row.code_attempts;
      // The counted try is kept: a wrong code ends this transaction normally, not by rollback.
      return { ok: false as const, message: left > 0 ? `That code is not right. ${left} ${left === 1 ? "try" : "tries"} left.` : "That code is not right, and that was the last try. Ask for a new code." };
    }
    await tx
      .update(userPhones)
      .set({ confirmedAt: now, codeHash: null, codeExpiresAt: null, codeAttempts: 0 })
      .where(ownRow(user));
    await audit(tx, { organizationId: user.organizationId, actorId: user.id, action: "profile.phone_confirm", subjectType: "user", subjectId: user.id, before: null, after: { number: `…${row.e164.slice(-4)}` } });
    return { ok: true as const };
  });
}

/** Current yes/no per text kind (organisation-wide rows), for one person. */
async function currentSmsChoices(tx: Executor, user: { id: string; organizationId: string }) {
  const rows = await tx
    .select({ kind: consents.kind, status: consents.status, source: consents.source })
    .from(consents)
    .where(and(eq(consents.userId, user.id), eq(consents.organizationId, user.organizationId), isNull(consents.groupId), isNull(consents.revokedAt)));
  return rows.filter((r): r is typeof r & { kind: SmsConsentKind } => (SMS_CONSENT_KINDS as readonly string[]).includes(r.kind));
}

/**
 * Saves which kinds of text the person wants: each change is one consent record (given or
 * refused) with the exact wording shown. Needs a confirmed number that has not texted STOP.
 */
export async function setSmsChoices(user: CurrentUser, chosen: readonly SmsConsentKind[], now = new Date()) {
  await db.transaction(async (tx) => {
    const [phone] = await tx.select().from(userPhones).where(ownRow(user)).for("update");
    if (!phone?.confirmedAt) throw new UserInputError("Confirm your mobile number before choosing texts.", "kinds");
    if (phone.stoppedAt || (await numberStopped(tx, phone.e164))) throw new UserInputError("You texted STOP, so we send you no texts. Text START to the same number to receive them again.", "kinds");
    const current = await currentSmsChoices(tx, user);
    for (const kind of SMS_CONSENT_KINDS) {
      const wants = chosen.includes(kind);
      const has = current.find((c) => c.kind === kind)?.status === "given";
      // Only changes are recorded: a yes to give, or a yes to end (never asked and not wanted: nothing).
      // The record keeps the words the person read on /profile, in their language.
      if (wants !== has) await recordConsent(tx, { organizationId: user.organizationId, userId: user.id, groupId: null, kind, status: wants ? "given" : "refused", source: "self", recordedBy: user.id, now, locale: dateStyleOf(user.locale) });
    }
  });
}

/** Removes the number: no texts of any kind; each current yes is ended as a refusal on record. */
export async function removePhone(user: CurrentUser, now = new Date()) {
  await db.transaction(async (tx) => {
    const [phone] = await tx.delete(userPhones).where(ownRow(user)).returning({ e164: userPhones.e164 });
    if (!phone) throw new UserInputError("There is no mobile number to remove.", "phone");
    for (const c of await currentSmsChoices(tx, user)) {
      if (c.status === "given") await recordConsent(tx, { organizationId: user.organizationId, userId: user.id, groupId: null, kind: c.kind, status: "refused", source: "self", recordedBy: user.id, now });
    }
    await audit(tx, { organizationId: user.organizationId, actorId: user.id, action: "profile.phone_remove", subjectType: "user", subjectId: user.id, before: { number: `…${phone.e164.slice(-4)}` }, after: null });
  });
}

/**
 * An inbound text (verified webhook). STOP and its equivalents end every kind of text for every
 * person with that number at once (stopped_at, and each current yes recorded as a refusal by
 * keyword); START/UNSTOP lift the stop and restore exactly the kinds the stop ended; HELP answers
 * with the organisation's name and how to reach it. Returns the reply to send back, if any.
 */
export async function handleInboundText(input: { from: string; body: string; now: Date; optOutType?: string; messageSid?: string }): Promise<{ keyword: string; reply: string | null; people: number; repeat?: true }> {
  // Twilio's OptOutType, when sent, says what the carrier side did with the message: it decides.
  const keyword = keywordOf(input.body, input.optOutType);
  if (!/^\+[1-9]\d{6,14}$/.test(input.from)) return { keyword, reply: null, people: 0 };
  return db.transaction(async (tx) => {
    // Each provider message is handled once: a replayed signed post (a captured START after a newer
    // STOP) is ignored. Recorded in this transaction, so a failed attempt can be retried.
    if (input.messageSid) {
      const fresh = await tx.insert(smsInboundMessages).values({ messageSid: input.messageSid.slice(0, 64), receivedAt: input.now }).onConflictDoNothing().returning({ sid: smsInboundMessages.messageSid });
      if (fresh.length === 0) return { keyword, reply: null, people: 0, repeat: true as const };
    }
    const phones = await tx.select().from(userPhones).where(eq(userPhones.e164, input.from)).for("update");
    if (keyword === "help") {
      // Named only when one organisation holds the number confirmed: a phone shared by people of
      // two organisations (a family phone) must not tell one that the other is with, say, a
      // recovery agency; nor may a number someone merely typed make us name their organisation
      // to the number's real owner. Otherwise the answer names none (how to reach the app only).
      const confirmed = phones.filter((p) => p.confirmedAt !== null);
      const first = new Set(confirmed.map((p) => p.organizationId)).size === 1 ? confirmed[0] : undefined;
      const [org] = first
        ? await tx.select({ name: organizations.name, smsSenderName: organizations.smsSenderName, contactPhone: organizations.contactPhone, contactEmail: organizations.contactEmail }).from(organizations).where(eq(organizations.id, first.organizationId))
        : [];
      // In the language of the person whose number it is (US English for a number nobody has).
      const [owner] = first ? await tx.select({ locale: users.locale }).from(users).where(eq(users.id, first.userId)) : [];
      const locale = dateStyleOf(owner?.locale);
      return { keyword, people: phones.length, reply: helpText({ organizationName: org ? senderNameOf(org) : "Group Sessions", contactPhone: org?.contactPhone ?? "", contactEmail: org?.contactEmail ?? "", url: appUrl(), locale }) };
    }
    if (keyword !== "stop" && keyword !== "start") return { keyword, reply: null, people: phones.length };
    // The opt-out is the number's, kept even when no account has it (yet), and lifted only by START.
    if (keyword === "stop") await tx.insert(smsOptOuts).values({ e164: input.from, stoppedAt: input.now }).onConflictDoNothing();
    else await tx.delete(smsOptOuts).where(eq(smsOptOuts.e164, input.from));
    for (const phone of phones) {
      const person = { id: phone.userId, organizationId: phone.organizationId };
      const choices = await currentSmsChoices(tx, person);
      if (keyword === "stop") {
        if (!phone.stoppedAt) await tx.update(userPhones).set({ stoppedAt: input.now }).where(ownRow({ id: phone.userId, organizationId: phone.organizationId }));
        for (const c of choices) {
          if (c.status === "given") await recordConsent(tx, { organizationId: phone.organizationId, userId: phone.userId, groupId: null, kind: c.kind, status: "refused", source: "sms_keyword", recordedBy: phone.userId, now: input.now });
        }
      } else if (phone.stoppedAt) {
        await tx.update(userPhones).set({ stoppedAt: null }).where(ownRow({ id: phone.userId, organizationId: phone.organizationId }));
        for (const c of choices) {
          if (c.status === "refused" && c.source === "sms_keyword") await recordConsent(tx, { organizationId: phone.organizationId, userId: phone.userId, groupId: null, kind: c.kind, status: "given", source: "sms_keyword", recordedBy: phone.userId, now: input.now });
        }
      }
    }
    // The provider confirms STOP and START to the sender itself (carrier rules); we add nothing.
    return { keyword, reply: null, people: phones.length };
  });
}

/** Delivery states in the order a text passes through them (a late report never moves one back). */
export const DELIVERY_STATES = ["accepted", "queued", "sending", "sent", "delivered", "undelivered", "failed"] as const;
const FINAL = new Set(["delivered", "undelivered", "failed"]);

/**
 * A delivery report from the provider for one of our texts (by its provider id). Reports can arrive
 * out of order: a state is recorded only if it is not earlier than the one already recorded, and a
 * final state (delivered, undelivered, failed) is never replaced. Unknown states are ignored.
 */
export async function recordDeliveryStatus(input: { providerId: string; status: string; now: Date }): Promise<boolean> {
  const rank = (DELIVERY_STATES as readonly string[]).indexOf(input.status);
  if (rank < 0 || !/^(SM|MM)[0-9a-fA-F]{32}$/.test(input.providerId)) return false;
  const ranks = sql.raw(`array[${DELIVERY_STATES.map((s) => `'${s}'`).join(",")}]`);
  const rows = await db.execute(sql`
    update ${smsOutbox} set delivery_status = ${input.status}, delivery_updated_at = ${iso(input.now)}
    where provider_id = ${input.providerId}
      and (delivery_status is null
        or (delivery_status <> all(${sql.raw(`array[${[...FINAL].map((s) => `'${s}'`).join(",")}]`)})
          and array_position(${ranks}, delivery_status) <= ${rank + 1}))
    returning id`);
  return rows.length > 0;
}

type SmsRow = { id: number; attempts: number; to_number: string; body: string; kind: string; stopped: boolean | null; turned_off: boolean; no_longer_true: string | null };

/**
 * Sends due texts with the same claim/lease/backoff as email (drainOutbox). A text queued before
 * the person texted STOP, changed or removed the number is not sent (failed, with the reason kept).
 */
export async function processSmsOutbox(options: { transport: SmsTransport; now?: () => Date; limit?: number }) {
  const atDate = (options.now ?? (() => new Date()))();
  const at = iso(atDate);
  const result = await drainOutbox<SmsRow>({
    table: "sms_outbox",
    // Stopped when the number texted STOP (whoever's account it is on), or the person's own row is
    // stopped, changed or gone. Turned off when the person no longer chooses this kind of text.
    // No longer true (whyNoLongerTrue, the rule email follows too) when what the text is about
    // changed since it was written (it may have waited for the end of quiet hours or for a retry):
    // its session was cancelled (or deleted) or no longer starts at the time it states, or the
    // person is no longer enrolled in its group (a session under way is "held" once attendance is
    // recorded: a check-in link retried then still goes while check-in is open); or a seat text's
    // offer is no longer the open one it states (answered, withdrawn, lapsed, replaced by a later
    // offer), or a seat given at once is no longer held.
    columns: sql`to_number, body, kind,
      (exists (select 1 from sms_opt_outs o where o.e164 = sms_outbox.to_number) or (select p.stopped_at is not null or p.e164 <> sms_outbox.to_number from user_phones p where p.user_id = sms_outbox.user_id and p.organization_id = sms_outbox.organization_id)) as stopped,
      (sms_outbox.kind <> 'code' and not exists (
          select 1 from consents c
          where c.user_id = sms_outbox.user_id and c.organization_id = sms_outbox.organization_id and c.group_id is null
            and c.kind::text = ${sql.raw(`case sms_outbox.kind ${Object.entries(CONSENT_OF_KIND).map(([kind, consent]) => `when '${kind}' then '${consent}'`).join(" ")} end`)}
            and c.revoked_at is null and c.status = 'given' and (c.expires_at is null or c.expires_at > ${at}))) as turned_off,
      ${whyNoLongerTrue("sms_outbox", atDate)} as no_longer_true`,
    isPermanent: isPermanentSmsFailure,
    failureEvent: "sms.send_failed",
    now: options.now,
    limit: options.limit,
    send: async (row) => {
      if (row.stopped !== false) throw new PermanentSmsError("not sent: the person texted STOP or no longer has this number");
      if (row.no_longer_true) throw new PermanentSmsError(`not sent: since it was written, ${row.no_longer_true}`);
      if (row.turned_off) throw new PermanentSmsError("not sent: since it was written, the person turned these texts off");
      try {
        return await options.transport.send({ outboxId: Number(row.id), to: row.to_number, body: row.body });
      } catch (error) {
        // The provider holds the number as opted out (Twilio 21610: a STOP we never saw, e.g. to
        // another of our numbers): recorded as that number's STOP, so nothing more is queued to it.
        if (isPermanentSmsFailure(error) && /\(code 21610\)/.test((error as Error).message)) {
          await handleInboundText({ from: row.to_number, body: "STOP", now: options.now?.() ?? new Date() });
        }
        throw error;
      }
    },
  });
  // A confirmation code is kept only as a hash: once its text is sent or given up, the copy in
  // the outbox is blanked too.
  if (result.sent + result.failed > 0) {
    await db.execute(sql`update ${smsOutbox} set body = regexp_replace(body, '[0-9]{6}', '••••••', 'g') where kind = 'code' and status <> 'pending' and body ~ '[0-9]{6}'`);
  }
  return result;
}

/** One /profile text-message intent; `ok: false` is a wrong code (the try is counted and kept). */
export async function applySmsIntent(user: CurrentUser, intent: SmsIntent, now = new Date()): Promise<{ ok: true } | { ok: false; message: string }> {
  switch (intent.intent) {
    case "phone-add":
      await addPhone(user, intent.phone, now);
      return { ok: true };
    case "phone-confirm":
      return confirmPhone(user, intent.code, now);
    case "phone-resend":
      await resendCode(user, now);
      return { ok: true };
    case "phone-remove":
      await removePhone(user, now);
      return { ok: true };
    case "sms-choices":
      await setSmsChoices(user, intent.kinds, now);
      return { ok: true };
  }
}
