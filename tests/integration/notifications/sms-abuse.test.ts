import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, asc, desc, eq } from "drizzle-orm";
import { appUrl } from "~/config.server";
import { db } from "~/db/client.server";
import { enrolments, organizations, sessions } from "~/db/schema";
import { smsInboundMessages, smsOutbox, userPhones } from "~/db/tables/sms";
import { addPhone, confirmPhone, enqueueText, processSmsOutbox, removePhone, resendCode, setSmsChoices } from "~/modules/notifications/sms/mutations.server";
import { twilioSignature } from "~/modules/notifications/sms/signature";
import { twilioTransport } from "~/modules/notifications/sms/transport.server";
import { pruneOldRecords } from "~/modules/notifications/retention.server";
import { recordConsent } from "~/modules/consent/mutations.server";
import { cancelSession } from "~/modules/groups/mutations.server";
import { queueReminderTexts } from "~/modules/notifications/sms/jobs.server";
import * as detailsPage from "~/routes/admin.organization";
import * as webhook from "~/routes/webhooks.sms";
import { clearSmsProvider, startFakeTwilio, useSmsProvider } from "../../factories/fake-twilio";
import { callRoute } from "../../factories/requests";
import { postOrganization } from "../../factories/versioned-saves";
import { createOrgScenario, createPerson, type Person, type Scenario } from "../../factories/scenario";

/**
 * Abuse of the text-message channel found in review: a number that texted STOP must stay stopped
 * whoever adds it, codes must not be sprayed at any number anywhere, every opt-out word carriers
 * honour must count, and a captured signed inbound text must not be replayable.
 */
const SID = `AC${"3c".repeat(16)}`;
const TOKEN = "abuse-test-auth-token-0123456789";
const FROM = "+15550007777";

async function lastCode(person: Person): Promise<string> {
  const rows = await db.select().from(smsOutbox).where(and(eq(smsOutbox.userId, person.id), eq(smsOutbox.kind, "code"))).orderBy(desc(smsOutbox.id)).limit(1);
  const code = /\b(\d{6})\b/.exec(rows[0]?.body ?? "")?.[1];
  if (!code) throw new Error(`no code in ${rows[0]?.body}`);
  return code;
}

async function postInbound(fields: Record<string, string>) {
  const request = new Request(`${appUrl()}/webhooks/sms`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": twilioSignature(TOKEN, `${appUrl()}/webhooks/sms`, Object.entries(fields)) },
    body: new URLSearchParams(fields).toString(),
  });
  return webhook.action({ request, params: {}, context: {} } as never);
}

let sidCounter = 0;
const messageSid = () => `SM${String(++sidCounter).padStart(8, "0")}${"a".repeat(24)}`;

describe("text messages: abuse and opt-out", () => {
  let s: Scenario;
  let other: Scenario;
  let fake: Awaited<ReturnType<typeof startFakeTwilio>>;
  beforeAll(async () => {
    fake = await startFakeTwilio();
    useSmsProvider(fake.url, { sid: SID, token: TOKEN, from: FROM });
    s = await createOrgScenario();
    other = await createOrgScenario();
  });
  afterAll(async () => {
    await fake.close();
    clearSmsProvider();
  });

  it("keeps a number that texted STOP stopped: no other account can add it, removing and re-adding it does not lift the stop, and nothing queued is sent to it", async () => {
    const number = "+14155550177";
    const owner = await createPerson(s.org, "participant");
    await addPhone(owner, number);
    expect(await confirmPhone(owner, await lastCode(owner))).toEqual({ ok: true });
    await setSmsChoices(owner, ["sms_session_reminders"]);
    // Another account (another organisation) asked for a code to this number just before the STOP.
    const early = await createPerson(other.org, "participant");
    await addPhone(early, number);
    expect((await postInbound({ AccountSid: SID, From: number, To: FROM, Body: "STOP", MessageSid: messageSid() })).status).toBe(200);

    // A stranger adding the number is refused with what to do, and no code is queued.
    const stranger = await createPerson(other.org, "participant");
    await expect(addPhone(stranger, number)).rejects.toThrow(`This number texted STOP; text START to ${FROM} first`);
    expect(await db.select().from(smsOutbox).where(eq(smsOutbox.userId, stranger.id))).toHaveLength(0);
    expect(await db.select().from(userPhones).where(eq(userPhones.userId, stranger.id))).toHaveLength(0);

    // The owner removing the number and adding it again does not lift the stop either.
    await removePhone(owner);
    await expect(addPhone(owner, number, new Date(Date.now() + 120_000))).rejects.toThrow(/This number texted STOP/);

    // Nothing pending to the number goes out (the code queued for the other account before the STOP).
    const sentBefore = fake.requests.length;
    await processSmsOutbox({ transport: twilioTransport({ providerUrl: fake.url, accountSid: SID, authToken: TOKEN, from: FROM }), now: () => new Date(Date.now() + 5 * 60_000) });
    expect(fake.requests.slice(sentBefore).filter((r) => r.form.To === number)).toHaveLength(0);
    const [held] = await db.select().from(smsOutbox).where(eq(smsOutbox.userId, early.id));
    expect(held.status).toBe("failed");
    expect(held.lastError).toMatch(/STOP/);
    // Even a row that somehow still reads confirmed and not stopped gets nothing queued.
    await db.insert(userPhones).values({ userId: stranger.id, organizationId: other.org.id, e164: number, confirmedAt: new Date() });
    await recordConsent(db, { organizationId: other.org.id, userId: stranger.id, groupId: null, kind: "sms_session_reminders", status: "given", source: "self", recordedBy: stranger.id, now: new Date() });
    expect(await enqueueText(db, { organizationId: other.org.id, userId: stranger.id, kind: "reminder", consentKind: "sms_session_reminders", body: "x", dedupeKey: "abuse:stopped", now: new Date() })).toBe(false);
    await db.delete(userPhones).where(eq(userPhones.userId, stranger.id));

    // START from the number lifts it: now the owner may add it again.
    expect((await postInbound({ AccountSid: SID, From: number, To: FROM, Body: "START", MessageSid: messageSid() })).status).toBe(200);
    await addPhone(owner, number, new Date(Date.now() + 180_000));
    expect((await db.select().from(userPhones).where(eq(userPhones.userId, owner.id)))[0].stoppedAt).toBeNull();
  });

  /** Tries `tries` code texts per account to `number`, a minute and a second apart; returns the refusals' messages. */
  async function sprayCodes(people: Person[], number: string, t0: Date, tries: number) {
    const refusals: string[] = [];
    for (const p of people) {
      for (let i = 0; i < tries; i++) {
        try {
          await addPhone(p, number, new Date(t0.getTime() + i * 61_000));
        } catch (error) {
          refusals.push((error as Error).message);
        }
      }
    }
    return refusals;
  }
  const codesTo = async (number: string) => (await db.select().from(smsOutbox).where(and(eq(smsOutbox.toNumber, number), eq(smsOutbox.kind, "code")))).length;

  it("texts codes only to numbers in the organisation's country (or the configured list), never to another country's mobiles", async () => {
    const people = [await createPerson(s.org, "participant"), await createPerson(s.org, "participant"), await createPerson(s.org, "participant")];
    const refusals = await sprayCodes(people, "+2348031234567", new Date(Date.now() + 60_000), 5);
    expect(refusals).toHaveLength(15);
    expect(refusals[0]).toBe("We can text only mobile numbers in the United States. Enter a mobile number from there.");
    expect(await codesTo("+2348031234567")).toBe(0);
    expect(await db.select().from(userPhones).where(eq(userPhones.e164, "+2348031234567"))).toHaveLength(0);
    // A foreign number stored before this rule (unconfirmed) gets no new code either.
    await db.insert(userPhones).values({ userId: people[0].id, organizationId: s.org.id, e164: "+2348031234569" });
    await expect(resendCode(people[0], new Date(Date.now() + 10 * 60_000))).rejects.toThrow("We can text only mobile numbers in the United States.");
    expect(await codesTo("+2348031234569")).toBe(0);
  });

  it("sends at most 3 codes an hour to one number, across accounts and organisations, even in parallel", async () => {
    process.env.SMS_ALLOWED_COUNTRIES = "US,NG";
    try {
      const number = "+2348031234568";
      const t0 = new Date(Date.now() + 60_000);
      const people = [await createPerson(s.org, "participant"), await createPerson(other.org, "participant"), await createPerson(s.org, "participant")];
      const refusals = await sprayCodes(people, number, t0, 5);
      expect(await codesTo(number)).toBe(3);
      expect(refusals).toHaveLength(12);
      expect(refusals.every((m) => m === "This number has had 3 codes in the last hour. Wait an hour before asking for another.")).toBe(true);
      // An hour after the first, one more may go.
      await addPhone(people[2], number, new Date(t0.getTime() + 3_600_000 + 1000));
      expect(await codesTo(number)).toBe(4);

      // Six accounts at once to a fresh number: exactly three codes.
      const fresh = "+14155550188";
      const racers = await Promise.all(Array.from({ length: 6 }, () => createPerson(other.org, "participant")));
      const outcomes = await Promise.allSettled(racers.map((p) => addPhone(p, fresh, t0)));
      expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(3);
      expect(await codesTo(fresh)).toBe(3);
    } finally {
      delete process.env.SMS_ALLOWED_COUNTRIES;
    }
  });

  it("caps the code texts one organisation sends in a day (SMS_CODES_PER_ORG_PER_DAY)", async () => {
    process.env.SMS_CODES_PER_ORG_PER_DAY = "4";
    try {
      const org = await createOrgScenario();
      const t0 = new Date(Date.now() + 2 * 86_400_000);
      const people = await Promise.all(Array.from({ length: 5 }, () => createPerson(org.org, "participant")));
      for (const [i, p] of people.slice(0, 4).entries()) await addPhone(p, `+1415555020${i}`, t0);
      await expect(addPhone(people[4], "+14155550204", t0)).rejects.toThrow("We cannot send more codes today. Try again tomorrow, or ask the staff who run your group.");
      expect(await db.select().from(smsOutbox).where(and(eq(smsOutbox.organizationId, org.org.id), eq(smsOutbox.kind, "code")))).toHaveLength(4);
      // Another organisation is not held up, and a day later this one may send again.
      await addPhone(await createPerson(other.org, "participant"), "+14155550205", t0);
      await addPhone(people[4], "+14155550204", new Date(t0.getTime() + 86_400_000 + 1000));
    } finally {
      delete process.env.SMS_CODES_PER_ORG_PER_DAY;
    }
  });

  it("ends texts on every opt-out word Twilio honours (fullwidth and Spanish too) and on Twilio's OptOutType", async () => {
    const number = "+14155550166";
    const person = await createPerson(s.org, "participant");
    await addPhone(person, number);
    expect(await confirmPhone(person, await lastCode(person))).toEqual({ ok: true });
    await setSmsChoices(person, ["sms_session_reminders"]);
    const stopped = async () => (await db.select().from(userPhones).where(eq(userPhones.userId, person.id)))[0].stoppedAt !== null;
    const words: Record<string, string>[] = [{ Body: "ＳＴＯＰ" }, { Body: "REVOKE" }, { Body: "Baja" }, { Body: "opt-out" }, { Body: "Detener", OptOutType: "STOP" }];
    for (const fields of words) {
      expect((await postInbound({ AccountSid: SID, From: number, To: FROM, MessageSid: messageSid(), ...fields })).status).toBe(200);
      expect(await stopped(), JSON.stringify(fields)).toBe(true);
      expect(await enqueueText(db, { organizationId: s.org.id, userId: person.id, kind: "reminder", consentKind: "sms_session_reminders", body: "x", dedupeKey: `abuse:${fields.Body}`, now: new Date() })).toBe(false);
      expect((await postInbound({ AccountSid: SID, From: number, To: FROM, MessageSid: messageSid(), Body: "START" })).status).toBe(200);
      expect(await stopped()).toBe(false);
    }
  });

  it("ignores a replayed signed inbound text (same MessageSid): a captured START cannot lift a later STOP", async () => {
    const number = "+14155550167";
    const person = await createPerson(s.org, "participant");
    await addPhone(person, number);
    expect(await confirmPhone(person, await lastCode(person))).toEqual({ ok: true });
    await setSmsChoices(person, ["sms_session_reminders"]);
    const stopped = async () => (await db.select().from(userPhones).where(eq(userPhones.userId, person.id)))[0].stoppedAt !== null;
    const start = { AccountSid: SID, From: number, To: FROM, Body: "START", MessageSid: messageSid() };
    expect((await postInbound({ AccountSid: SID, From: number, To: FROM, Body: "STOP", MessageSid: messageSid() })).status).toBe(200);
    expect((await postInbound(start)).status).toBe(200);
    expect(await stopped()).toBe(false);
    expect((await postInbound({ AccountSid: SID, From: number, To: FROM, Body: "STOP", MessageSid: messageSid() })).status).toBe(200);
    expect(await stopped()).toBe(true);
    // The captured START again, byte for byte: answered (so the provider does not retry) and ignored.
    const replay = await postInbound(start);
    expect(replay.status).toBe(200);
    expect(await replay.text()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response></Response>');
    expect(await stopped()).toBe(true);
    expect(await enqueueText(db, { organizationId: s.org.id, userId: person.id, kind: "reminder", consentKind: "sms_session_reminders", body: "x", dedupeKey: "abuse:replay", now: new Date() })).toBe(false);

    // Handled ids are kept 30 days by the retention job, then pruned.
    const later = new Date(Date.now() + 31 * 86_400_000);
    await db.insert(smsInboundMessages).values({ messageSid: "SM-recent-for-retention", receivedAt: new Date(later.getTime() - 86_400_000) });
    await pruneOldRecords(later);
    const kept = (await db.select().from(smsInboundMessages)).map((r) => r.messageSid);
    expect(kept).toEqual(["SM-recent-for-retention"]);
  });

  it("starts every text with the organisation's neutral sender name when its administrator sets one, so a lock screen does not disclose the service", async () => {
    const r = await createOrgScenario();
    await db.update(organizations).set({ name: "Riverside Opioid Recovery", contactPhone: "(415) 555-0100" }).where(eq(organizations.id, r.org.id));
    const details = { name: "Riverside Opioid Recovery", timezone: r.org.timezone, crisisText: "Call or text 988, any time.", contactEmail: "", contactPhone: "(415) 555-0100", address: "", defaultCountry: "US" };
    const save = (smsSenderName: string) => postOrganization(r.admin.cookie, { ...details, smsSenderName });

    // The page says why one might set it; a bad name is refused beside the field and changes nothing.
    const page = await callRoute(detailsPage, { path: "/admin/organization", cookie: r.admin.cookie });
    expect(page.data).toMatchObject({ org: { smsSenderName: "" } });
    const refused = await save("Riverside <b>Center</b>");
    expect(refused.status).toBe(400);
    expect(Object.keys((refused.data as { errors: Record<string, string[]> }).errors)).toEqual(["smsSenderName"]);
    expect((await save("x".repeat(31))).status).toBe(400);
    expect((await db.select().from(organizations).where(eq(organizations.id, r.org.id)))[0].smsSenderName).toBe("");
    expect((await save("Riverside Center")).status).toBe(302);

    // The code text, a reminder, a session change and the HELP answer all start with it.
    const person = await createPerson(r.org, "participant");
    await db.insert(enrolments).values({ groupId: r.group.id, userId: person.id, organizationId: r.org.id });
    await addPhone(person, "+14155550168");
    const [codeText] = await db.select().from(smsOutbox).where(eq(smsOutbox.userId, person.id));
    expect(codeText.body).toMatch(/^Riverside Center: your code is \d{6}/);
    expect(await confirmPhone(person, await lastCode(person))).toEqual({ ok: true });
    await setSmsChoices(person, ["sms_session_reminders", "sms_session_changes"]);
    const [first] = await db.select().from(sessions).where(eq(sessions.groupId, r.group.id)).orderBy(asc(sessions.startsAt)).limit(1);
    await queueReminderTexts(new Date(first.startsAt.getTime() - 3_600_000));
    await cancelSession(r.manager, first.id, { reason: "Closed", baseUrl: appUrl() });
    const texts = await db.select().from(smsOutbox).where(eq(smsOutbox.userId, person.id));
    expect(texts.map((x) => x.kind).sort()).toEqual(["code", "reminder", "session_change"]);
    for (const x of texts) {
      // (shortened with "..." where the whole would not fit one segment, as for any name)
      expect(x.body).toMatch(/^Riverside( Center|\.\.\.): /);
      expect(x.body).not.toMatch(/Opioid|Recovery/);
    }
    const help = await postInbound({ AccountSid: SID, From: "+14155550168", To: FROM, Body: "HELP", MessageSid: messageSid() });
    expect(await help.text()).toContain("<Message>Riverside Center: group session texts. Help: (415) 555-0100.");

    // Cleared, texts name the organisation again.
    expect((await save("")).status).toBe(302);
    const other = await createPerson(r.org, "participant");
    await addPhone(other, "+14155550169");
    expect((await db.select().from(smsOutbox).where(eq(smsOutbox.userId, other.id)))[0].body).toMatch(/^Riverside Opioid Recovery: your code/);
  });

  it("records a STOP for the number when the provider refuses it as unsubscribed (Twilio 21610), so nothing more is queued to it", async () => {
    const number = "+14155550170";
    const person = await createPerson(s.org, "participant");
    await addPhone(person, number);
    expect(await confirmPhone(person, await lastCode(person))).toEqual({ ok: true });
    await setSmsChoices(person, ["sms_session_reminders"]);
    const refusing = await startFakeTwilio({ respond: () => ({ status: 400, body: { code: 21610, message: "Attempt to send to unsubscribed recipient" } }) });
    try {
      const transport = twilioTransport({ providerUrl: refusing.url, accountSid: SID, authToken: TOKEN, from: FROM });
      await processSmsOutbox({ transport, now: () => new Date(Date.now() + 5 * 60_000) });
      expect(await enqueueText(db, { organizationId: s.org.id, userId: person.id, kind: "reminder", consentKind: "sms_session_reminders", body: "x", dedupeKey: "abuse:21610", now: new Date() })).toBe(false);
      expect((await db.select().from(userPhones).where(eq(userPhones.userId, person.id)))[0].stoppedAt).not.toBeNull();
      const stranger = await createPerson(other.org, "participant");
      await expect(addPhone(stranger, number)).rejects.toThrow(/This number texted STOP/);
    } finally {
      await refusing.close();
    }
  });
});
