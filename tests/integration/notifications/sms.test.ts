import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, asc, desc, eq, isNull } from "drizzle-orm";
import { appUrl } from "~/config.server";
import { db } from "~/db/client.server";
import { enrolments, sessions } from "~/db/schema";
import { consents } from "~/db/tables/consent";
import { smsOutbox, userPhones } from "~/db/tables/sms";
import { cancelSession } from "~/modules/groups/mutations.server";
import { registerForGroup, updateWaitlistSettings, withdrawEnrolment } from "~/modules/registration/mutations.server";
import { queueCheckInTexts, queueReminderTexts } from "~/modules/notifications/sms/jobs.server";
import { addPhone, confirmPhone, enqueueText, processSmsOutbox, resendCode, setSmsChoices } from "~/modules/notifications/sms/mutations.server";
import { smsSettings } from "~/modules/notifications/sms/queries.server";
import { twilioSignature } from "~/modules/notifications/sms/signature";
import { createSmsTransport, twilioTransport } from "~/modules/notifications/sms/transport.server";
import { UserInputError } from "~/modules/errors";
import * as webhook from "~/routes/webhooks.sms";
import * as statusWebhook from "~/routes/webhooks.sms-status";
import { clearSmsProvider, startFakeTwilio, useSmsProvider } from "../../factories/fake-twilio";
import { createEmptyGroup, intake } from "../../factories/registration";
import { createOrgScenario, createPerson, type Person, type Scenario } from "../../factories/scenario";

const SID = `AC${"1f".repeat(16)}`;
const TOKEN = "test-auth-token-0123456789";
const FROM = "+15550009999";

/** The newest code texted to this person (read from the outbox before it is sent). */
async function lastCode(person: Person): Promise<string> {
  const rows = await db.select().from(smsOutbox).where(and(eq(smsOutbox.userId, person.id), eq(smsOutbox.kind, "code"))).orderBy(desc(smsOutbox.id)).limit(1);
  const code = /\b(\d{6})\b/.exec(rows[0]?.body ?? "")?.[1];
  if (!code) throw new Error(`no code in ${rows[0]?.body}`);
  return code;
}

async function confirmedWithNumber(person: Person, number: string, kinds: Parameters<typeof setSmsChoices>[1]) {
  await addPhone(person, number);
  expect(await confirmPhone(person, await lastCode(person))).toEqual({ ok: true });
  if (kinds.length) await setSmsChoices(person, kinds);
}

async function textsTo(person: Person) {
  return db.select().from(smsOutbox).where(and(eq(smsOutbox.userId, person.id)));
}

async function postInbound(fields: Record<string, string>, signature?: string, route: { action: typeof webhook.action } = webhook, path = "/webhooks/sms") {
  const body = new URLSearchParams(fields).toString();
  const sig = signature ?? twilioSignature(TOKEN, `${appUrl()}${path}`, Object.entries(fields));
  // The request arrives at whatever Host the client says; the signature is checked against APP_URL.
  const request = new Request(`http://attacker.example${path}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": sig },
    body,
  });
  try {
    return await route.action({ request, params: {}, context: {} } as never);
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

describe("text messages", () => {
  let s: Scenario;
  let fake: Awaited<ReturnType<typeof startFakeTwilio>>;
  beforeAll(async () => {
    fake = await startFakeTwilio();
    useSmsProvider(fake.url, { sid: SID, token: TOKEN, from: FROM });
    s = await createOrgScenario();
  });
  afterAll(async () => {
    await fake.close();
    clearSmsProvider();
  });

  it("normalises the number, stores only a hash of the code, and confirms with it", async () => {
    const person = await createPerson(s.org, "participant");
    await expect(addPhone(person, "555-01")).rejects.toThrow(/not a valid phone number/);
    expect(await db.select().from(userPhones).where(eq(userPhones.userId, person.id))).toHaveLength(0);
    await addPhone(person, "(415) 555-0101");
    const [phone] = await db.select().from(userPhones).where(eq(userPhones.userId, person.id));
    const code = await lastCode(person);
    expect(phone.e164).toBe("+14155550101");
    expect(phone.confirmedAt).toBeNull();
    expect(phone.codeHash).not.toContain(code);
    expect(phone.codeHash).toMatch(/^[0-9a-f]{64}$/);
    const wrong = code === "000000" ? "111111" : "000000";
    expect(await confirmPhone(person, wrong)).toEqual({ ok: false, message: "That code is not right. 4 tries left." });
    expect(await confirmPhone(person, code)).toEqual({ ok: true });
    const [after] = await db.select().from(userPhones).where(eq(userPhones.userId, person.id));
    expect(after.confirmedAt).not.toBeNull();
    expect(after.codeHash).toBeNull();
  });

  it("counts code tries atomically: of 12 parallel wrong codes exactly 5 are tried, and then even the right code is refused", async () => {
    const person = await createPerson(s.org, "participant");
    await addPhone(person, "+1 415 555 0102");
    const code = await lastCode(person);
    const wrong = Array.from({ length: 12 }, (_, i) => String((Number(code) + 1 + i) % 1_000_000).padStart(6, "0"));
    const outcomes = await Promise.allSettled(wrong.map((w) => confirmPhone(person, w)));
    const counted = outcomes.filter((o) => o.status === "fulfilled" && o.value.ok === false);
    const refused = outcomes.filter((o) => o.status === "rejected" && o.reason instanceof UserInputError && /Too many wrong codes/.test(o.reason.message));
    expect(counted).toHaveLength(5);
    expect(refused).toHaveLength(7);
    const [phone] = await db.select().from(userPhones).where(eq(userPhones.userId, person.id));
    expect(phone.codeAttempts).toBe(5);
    await expect(confirmPhone(person, code)).rejects.toThrow(/Too many wrong codes/);
    expect((await db.select().from(userPhones).where(eq(userPhones.userId, person.id)))[0].confirmedAt).toBeNull();
  });

  it("expires a code after 10 minutes and throttles new codes (one a minute, three an hour to one number, five an hour per person)", async () => {
    const person = await createPerson(s.org, "participant");
    const t0 = new Date(Date.now() + 60_000);
    await addPhone(person, "415-555-0103", t0);
    const first = await lastCode(person);
    await expect(resendCode(person, new Date(t0.getTime() + 30_000))).rejects.toThrow(/Wait a minute/);
    await expect(confirmPhone(person, first, new Date(t0.getTime() + 10 * 60_000 + 1))).rejects.toThrow(/expired/);
    for (let i = 1; i <= 2; i++) await resendCode(person, new Date(t0.getTime() + i * 61_000));
    // A fourth code to the same number within the hour is refused (sms-abuse.test.ts: across accounts too)…
    await expect(resendCode(person, new Date(t0.getTime() + 3 * 61_000))).rejects.toThrow(/This number has had 3 codes in the last hour/);
    // …and the person's own limit still holds across numbers: five codes an hour in all.
    await addPhone(person, "415-555-0104", new Date(t0.getTime() + 3 * 61_000));
    await resendCode(person, new Date(t0.getTime() + 4 * 61_000));
    await expect(addPhone(person, "415-555-0106", new Date(t0.getTime() + 5 * 61_000))).rejects.toThrow(/at most 5 codes an hour/);
    expect((await textsTo(person)).filter((t) => t.kind === "code")).toHaveLength(5);
    // The newest code works (the earlier ones no longer do).
    const newest = await lastCode(person);
    expect(await confirmPhone(person, newest, new Date(t0.getTime() + 5 * 61_000))).toEqual({ ok: true });
  });

  it("texts reminders only to confirmed, opted-in numbers that did not text STOP, once per session", async () => {
    const optedIn = await createPerson(s.org, "participant");
    const notOptedIn = await createPerson(s.org, "participant");
    const unconfirmed = await createPerson(s.org, "participant");
    const otherKind = await createPerson(s.org, "participant");
    await db.insert(enrolments).values(
      [optedIn, notOptedIn, unconfirmed, otherKind].map((p) => ({ groupId: s.group.id, userId: p.id, organizationId: s.org.id })),
    );
    await confirmedWithNumber(optedIn, "+14155550111", ["sms_session_reminders"]);
    await confirmedWithNumber(notOptedIn, "+14155550112", []);
    await confirmedWithNumber(otherKind, "+14155550114", ["sms_session_changes"]);
    // Opted in, then changed the number: the new one is not confirmed, so nothing goes to it.
    await confirmedWithNumber(unconfirmed, "+14155550113", ["sms_session_reminders"]);
    await addPhone(unconfirmed, "+14155550199", new Date(Date.now() + 120_000));

    const [first] = await db.select().from(sessions).where(eq(sessions.groupId, s.group.id)).orderBy(asc(sessions.startsAt)).limit(1);
    const now = new Date(first.startsAt.getTime() - 3_600_000);
    const run1 = await queueReminderTexts(now);
    const run2 = await queueReminderTexts(new Date(now.getTime() + 60_000));
    expect(run1.queued).toBe(1);
    expect(run2.queued).toBe(0);
    const reminders = (await db.select().from(smsOutbox).where(eq(smsOutbox.kind, "reminder")));
    expect(reminders.map((r) => r.userId)).toEqual([optedIn.id]);
    expect(reminders[0].toNumber).toBe("+14155550111");
    expect(reminders[0].body).toContain(`${appUrl()}/groups/${s.group.id}`);
    expect(reminders[0].body).not.toContain(s.group.name);
    expect(reminders[0].body.length).toBeLessThanOrEqual(160);

    // Check-in links: nobody opted in to them, so none (the job still runs once check-in opens).
    expect((await queueCheckInTexts(new Date(first.startsAt.getTime() - 10 * 60_000))).queued).toBe(0);

    // A cancelled session is texted to the one who chose session changes, once.
    await cancelSession(s.manager, first.id, { reason: "Room flooded", baseUrl: appUrl() });
    const changes = await db.select().from(smsOutbox).where(eq(smsOutbox.kind, "session_change"));
    expect(changes.map((c) => c.userId)).toEqual([otherKind.id]);
    expect(changes[0].body).toMatch(/is cancelled/);
    expect(changes[0].body).not.toContain("Room flooded");
  });

  it("holds a reminder queued in the person's quiet hours until 08:00 their time", async () => {
    const person = await createPerson(s.org, "participant", { timezone: "America/New_York" });
    await db.insert(enrolments).values({ groupId: s.group.id, userId: person.id, organizationId: s.org.id });
    await confirmedWithNumber(person, "+14155550181", ["sms_session_reminders"]);
    const transport = twilioTransport({ providerUrl: fake.url, accountSid: SID, authToken: TOKEN, from: FROM });
    await processSmsOutbox({ transport, now: () => new Date(Date.now() + 1000) }); // the confirmation code
    // The second session (19:00 New York): the job runs at 22:00 the evening before, 21 h ahead.
    const [, second] = await db.select().from(sessions).where(eq(sessions.groupId, s.group.id)).orderBy(asc(sessions.startsAt)).limit(2);
    const tenPm = new Date(second.startsAt.getTime() - 21 * 3_600_000);
    await queueReminderTexts(tenPm);
    const [row] = await db.select().from(smsOutbox).where(and(eq(smsOutbox.userId, person.id), eq(smsOutbox.kind, "reminder")));
    expect(row.nextAttemptAt).toEqual(new Date(second.startsAt.getTime() - 11 * 3_600_000)); // 08:00 the same day
    const before = fake.requests.length;
    await processSmsOutbox({ transport, now: () => new Date(row.nextAttemptAt.getTime() - 60_000) });
    expect(fake.requests.slice(before).filter((r) => r.form.To === "+14155550181")).toHaveLength(0);
    await processSmsOutbox({ transport, now: () => row.nextAttemptAt });
    expect(fake.requests.slice(before).filter((r) => r.form.To === "+14155550181")).toHaveLength(1);
  });

  it("texts a seat offered from the waiting list, with its deadline, to the person who chose offers (and not to one who did not)", async () => {
    const group = await createEmptyGroup(s, 2, "Offers by text");
    const holders = [await createPerson(s.org, "participant"), await createPerson(s.org, "participant")];
    const wantsOffers = await createPerson(s.org, "participant");
    const noOffers = await createPerson(s.org, "participant");
    await confirmedWithNumber(wantsOffers, "+14155550171", ["sms_waitlist_offers"]);
    await confirmedWithNumber(noOffers, "+14155550172", ["sms_session_reminders"]);
    for (const p of [...holders, noOffers, wantsOffers]) await registerForGroup(p, group.id, intake(), { baseUrl: appUrl() });
    await updateWaitlistSettings(s.manager, group.id, { mode: "offer", offerHours: 48, shareNamesWithGroup: false }, { baseUrl: appUrl() });
    // Both seats free up: both waiting people are offered one; only the one who chose offers gets a text.
    for (const holder of holders) {
      const [holding] = await db.select({ id: enrolments.id }).from(enrolments).where(and(eq(enrolments.groupId, group.id), eq(enrolments.userId, holder.id)));
      await withdrawEnrolment(holder, holding.id, { baseUrl: appUrl(), now: new Date("2027-05-01T12:00:00Z") });
    }
    const offered = await db.select({ userId: enrolments.userId }).from(enrolments).where(and(eq(enrolments.groupId, group.id), eq(enrolments.status, "offered")));
    expect(offered.map((o) => o.userId).sort()).toEqual([wantsOffers.id, noOffers.id].sort());
    const offers = await db.select().from(smsOutbox).where(eq(smsOutbox.kind, "offer"));
    expect(offers.map((o) => o.userId)).toEqual([wantsOffers.id]);
    // Deadline in the person's zone (New York), the link to My groups, one segment, no group name.
    expect(offers[0].body).toContain("a seat is held for you until Mon, May 3, 2027, 8:00 AM EDT");
    expect(offers[0].body).toContain(`${appUrl()}/my/groups`);
    expect(offers[0].body).not.toContain("Offers by text");
    expect(offers[0].body.length).toBeLessThanOrEqual(160);
  });

  it("sends through the provider with retries and backoff, exactly once, and fails a refused message at once", async () => {
    const person = await createPerson(s.org, "participant");
    await confirmedWithNumber(person, "+14155550121", ["sms_session_reminders"]);
    await processSmsOutbox({ transport: twilioTransport({ providerUrl: fake.url, accountSid: SID, authToken: TOKEN, from: FROM }), now: () => new Date(Date.now() + 1000) });
    fake.requests.length = 0;
    let failuresLeft = 2;
    const flaky = await startFakeTwilio({
      respond: () => (failuresLeft-- > 0 ? { status: 503, body: { code: 20503, message: "Service unavailable" } } : { status: 201, body: { sid: `SM${"ab".repeat(16)}` } }),
    });
    try {
      const transport = twilioTransport({ providerUrl: flaky.url, accountSid: SID, authToken: TOKEN, from: FROM });
      expect(await enqueueText(db, { organizationId: s.org.id, userId: person.id, kind: "reminder", consentKind: "sms_session_reminders", body: "Hello", dedupeKey: "test:retry", now: new Date() })).toBe(true);
      // The same dedupe key again: nothing more is queued.
      expect(await enqueueText(db, { organizationId: s.org.id, userId: person.id, kind: "reminder", consentKind: "sms_session_reminders", body: "Hello", dedupeKey: "test:retry", now: new Date() })).toBe(false);
      let clock = new Date(Date.now() + 1000);
      const now = () => clock;
      expect(await processSmsOutbox({ transport, now })).toEqual({ sent: 0, failed: 1 });
      const [afterOne] = await db.select().from(smsOutbox).where(eq(smsOutbox.dedupeKey, "test:retry"));
      expect(afterOne).toMatchObject({ status: "pending", attempts: 1 });
      expect(afterOne.lastError).toMatch(/503/);
      expect(afterOne.nextAttemptAt.getTime()).toBe(clock.getTime() + 30_000);
      // Not due yet.
      expect(await processSmsOutbox({ transport, now })).toEqual({ sent: 0, failed: 0 });
      clock = new Date(clock.getTime() + 31_000);
      expect(await processSmsOutbox({ transport, now })).toEqual({ sent: 0, failed: 1 });
      clock = new Date(clock.getTime() + 61_000);
      // Two workers race: one sends it.
      const [a, b] = await Promise.all([processSmsOutbox({ transport, now }), processSmsOutbox({ transport, now })]);
      expect(a.sent + b.sent).toBe(1);
      clock = new Date(clock.getTime() + 3_600_000);
      expect(await processSmsOutbox({ transport, now })).toEqual({ sent: 0, failed: 0 });
      expect(flaky.requests).toHaveLength(3);
      const req = flaky.requests[2];
      expect(req.method).toBe("POST");
      expect(req.path).toBe(`/2010-04-01/Accounts/${SID}/Messages.json`);
      expect(req.authorization).toBe(`Basic ${Buffer.from(`${SID}:${TOKEN}`).toString("base64")}`);
      expect(req.form).toEqual({ To: "+14155550121", From: FROM, Body: "Hello" });
      const [sent] = await db.select().from(smsOutbox).where(eq(smsOutbox.dedupeKey, "test:retry"));
      expect(sent).toMatchObject({ status: "sent", attempts: 3, providerId: `SM${"ab".repeat(16)}` });
    } finally {
      await flaky.close();
    }

    const refusing = await startFakeTwilio({ respond: () => ({ status: 400, body: { code: 21211, message: "The 'To' number is not a valid phone number." } }) });
    try {
      await enqueueText(db, { organizationId: s.org.id, userId: person.id, kind: "reminder", consentKind: "sms_session_reminders", body: "Hi", dedupeKey: "test:refused", now: new Date() });
      const transport = twilioTransport({ providerUrl: refusing.url, accountSid: SID, authToken: TOKEN, from: FROM });
      expect(await processSmsOutbox({ transport, now: () => new Date(Date.now() + 1000) })).toEqual({ sent: 0, failed: 1 });
      const [row] = await db.select().from(smsOutbox).where(eq(smsOutbox.dedupeKey, "test:refused"));
      expect(row).toMatchObject({ status: "failed", attempts: 1 });
      expect(row.lastError).toMatch(/400 \(code 21211\)/);
    } finally {
      await refusing.close();
    }
  });

  it("gives up on a provider that does not answer within the timeout, keeping the message for a retry", async () => {
    const person = await createPerson(s.org, "participant");
    await confirmedWithNumber(person, "+14155550131", ["sms_session_reminders"]);
    await processSmsOutbox({ transport: twilioTransport({ providerUrl: fake.url, accountSid: SID, authToken: TOKEN, from: FROM }), now: () => new Date(Date.now() + 1000) });
    const hanging = await startFakeTwilio();
    hanging.setHang(true);
    try {
      await enqueueText(db, { organizationId: s.org.id, userId: person.id, kind: "reminder", consentKind: "sms_session_reminders", body: "Hi", dedupeKey: "test:hang", now: new Date() });
      const transport = twilioTransport({ providerUrl: hanging.url, accountSid: SID, authToken: TOKEN, from: FROM, timeoutMs: 300 });
      const started = Date.now();
      expect(await processSmsOutbox({ transport, now: () => new Date(Date.now() + 1000) })).toEqual({ sent: 0, failed: 1 });
      expect(Date.now() - started).toBeLessThan(3000);
      const [row] = await db.select().from(smsOutbox).where(eq(smsOutbox.dedupeKey, "test:hang"));
      expect(row.status).toBe("pending");
      expect(row.lastError).toMatch(/timeout|aborted/i);
    } finally {
      await hanging.close();
    }
  });

  it("asks the provider for delivery reports and records them (signed only, never moving back)", async () => {
    const person = await createPerson(s.org, "participant");
    await confirmedWithNumber(person, "+14155550191", []);
    const before = fake.requests.length;
    // The configured transport (SMS_* set above) asks for reports at APP_URL/webhooks/sms-status.
    await processSmsOutbox({ transport: createSmsTransport(), now: () => new Date(Date.now() + 1000) });
    const request = fake.requests.slice(before).find((r) => r.form.To === "+14155550191")!;
    expect(request.form.StatusCallback).toBe(`${appUrl()}/webhooks/sms-status`);
    const [code] = await db.select().from(smsOutbox).where(and(eq(smsOutbox.userId, person.id), eq(smsOutbox.kind, "code")));
    expect(code.providerId).toMatch(/^SM[0-9]{32}$/);
    expect(code.body).not.toMatch(/\d{6}/); // the sent code is blanked in the outbox
    const report = (status: string) => ({ AccountSid: SID, MessageSid: code.providerId!, MessageStatus: status, To: "+14155550191" });
    const state = async () => (await db.select().from(smsOutbox).where(eq(smsOutbox.id, code.id)))[0].deliveryStatus;

    expect((await postInbound(report("delivered"), "forged", statusWebhook, "/webhooks/sms-status")).status).toBe(403);
    expect(await state()).toBeNull();
    expect((await postInbound(report("sent"), undefined, statusWebhook, "/webhooks/sms-status")).status).toBe(204);
    expect(await state()).toBe("sent");
    await postInbound(report("delivered"), undefined, statusWebhook, "/webhooks/sms-status");
    expect(await state()).toBe("delivered");
    // A late "sending" or "sent" does not move it back, nor does a made-up state change it.
    await postInbound(report("sending"), undefined, statusWebhook, "/webhooks/sms-status");
    await postInbound(report("undelivered"), undefined, statusWebhook, "/webhooks/sms-status");
    await postInbound(report("exploded"), undefined, statusWebhook, "/webhooks/sms-status");
    expect(await state()).toBe("delivered");
  });

  it("refuses an inbound text with a missing or wrong signature and changes nothing", async () => {
    const person = await createPerson(s.org, "participant");
    await confirmedWithNumber(person, "+14155550141", ["sms_session_reminders", "sms_waitlist_offers"]);
    const fields = { AccountSid: SID, From: "+14155550141", To: FROM, Body: "STOP", MessageSid: `SM${"0".repeat(32)}` };
    const before = await db.select().from(consents).where(eq(consents.userId, person.id));
    for (const signature of ["", "bm90IGEgc2lnbmF0dXJl", twilioSignature("another-token-0000000", `${appUrl()}/webhooks/sms`, Object.entries(fields)), twilioSignature(TOKEN, "http://attacker.example/webhooks/sms", Object.entries(fields))]) {
      const res = await postInbound(fields, signature);
      expect(res.status).toBe(403);
    }
    // Signed, but a changed field (another sender) breaks the signature.
    const signed = twilioSignature(TOKEN, `${appUrl()}/webhooks/sms`, Object.entries(fields));
    expect((await postInbound({ ...fields, From: "+14155550142" }, signed)).status).toBe(403);
    const [phone] = await db.select().from(userPhones).where(eq(userPhones.userId, person.id));
    expect(phone.stoppedAt).toBeNull();
    expect(await db.select().from(consents).where(eq(consents.userId, person.id))).toEqual(before);
  });

  it("STOP ends every kind of text at once (recorded as consent withdrawals, shown on the profile); START restores them; HELP answers", async () => {
    const person = await createPerson(s.org, "participant");
    await confirmedWithNumber(person, "+14155550151", ["sms_session_reminders", "sms_session_changes", "sms_checkin_links"]);
    // A text queued before the STOP…
    await enqueueText(db, { organizationId: s.org.id, userId: person.id, kind: "reminder", consentKind: "sms_session_reminders", body: "Before stop", dedupeKey: "test:before-stop", now: new Date() });

    const stop = await postInbound({ AccountSid: SID, From: "+14155550151", To: FROM, Body: " stop " });
    expect(stop.status).toBe(200);
    expect(await stop.text()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response></Response>');
    const [phone] = await db.select().from(userPhones).where(eq(userPhones.userId, person.id));
    expect(phone.stoppedAt).not.toBeNull();
    const current = await db.select().from(consents).where(and(eq(consents.userId, person.id), isNull(consents.revokedAt)));
    expect(current.map((c) => [c.kind, c.status, c.source]).sort()).toEqual([
      ["sms_checkin_links", "refused", "sms_keyword"],
      ["sms_session_changes", "refused", "sms_keyword"],
      ["sms_session_reminders", "refused", "sms_keyword"],
    ]);
    expect(current.every((c) => c.wording.startsWith("I agree to receive text messages"))).toBe(true);
    // …is not sent, and nothing new is queued.
    const transport = twilioTransport({ providerUrl: fake.url, accountSid: SID, authToken: TOKEN, from: FROM });
    const sentBefore = fake.requests.length;
    await processSmsOutbox({ transport, now: () => new Date(Date.now() + 1000) });
    expect(fake.requests.slice(sentBefore).filter((r) => r.form.To === "+14155550151")).toHaveLength(0);
    const [held] = await db.select().from(smsOutbox).where(eq(smsOutbox.dedupeKey, "test:before-stop"));
    expect(held.status).toBe("failed");
    expect(held.lastError).toMatch(/STOP/);
    expect(await enqueueText(db, { organizationId: s.org.id, userId: person.id, kind: "reminder", consentKind: "sms_session_reminders", body: "After stop", dedupeKey: "test:after-stop", now: new Date() })).toBe(false);
    // The profile says so, and choosing texts again is refused until START.
    const settings = await smsSettings(person, new Date());
    expect(settings.phone?.stoppedAt).not.toBeNull();
    expect(settings.kinds.every((k) => !k.on)).toBe(true);
    await expect(setSmsChoices(person, ["sms_session_reminders"])).rejects.toThrow(/You texted STOP/);

    const help = await postInbound({ AccountSid: SID, From: "+14155550151", To: FROM, Body: "HELP" });
    const helpText = await help.text();
    expect(helpText).toContain(`<Message>${s.org.name}: `);
    expect(helpText).toMatch(/Reply STOP to end texts, START to resume/);

    const start = await postInbound({ AccountSid: SID, From: "+14155550151", To: FROM, Body: "UNSTOP" });
    expect(start.status).toBe(200);
    const restarted = await smsSettings(person, new Date());
    expect(restarted.phone?.stoppedAt).toBeNull();
    expect(restarted.kinds.filter((k) => k.on).map((k) => k.kind).sort()).toEqual(["sms_checkin_links", "sms_session_changes", "sms_session_reminders"]);
    expect(restarted.history.slice(0, 3).every((h) => h.source === "sms_keyword" && h.status === "given")).toBe(true);
  });
});
