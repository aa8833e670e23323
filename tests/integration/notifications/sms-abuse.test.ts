import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, desc, eq } from "drizzle-orm";
import { appUrl } from "~/config.server";
import { db } from "~/db/client.server";
import { smsOutbox, userPhones } from "~/db/tables/sms";
import { addPhone, confirmPhone, enqueueText, processSmsOutbox, removePhone, setSmsChoices } from "~/modules/notifications/sms/mutations.server";
import { twilioSignature } from "~/modules/notifications/sms/signature";
import { twilioTransport } from "~/modules/notifications/sms/transport.server";
import { recordConsent } from "~/modules/consent/mutations.server";
import * as webhook from "~/routes/webhooks.sms";
import { startFakeTwilio } from "../../factories/fake-twilio";
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
    process.env.SMS_PROVIDER_URL = fake.url;
    process.env.SMS_ACCOUNT_SID = SID;
    process.env.SMS_AUTH_TOKEN = TOKEN;
    process.env.SMS_FROM = FROM;
    s = await createOrgScenario();
    other = await createOrgScenario();
  });
  afterAll(async () => {
    await fake.close();
    for (const k of ["SMS_PROVIDER_URL", "SMS_ACCOUNT_SID", "SMS_AUTH_TOKEN", "SMS_FROM"]) delete process.env[k];
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
});
