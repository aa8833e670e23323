import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, desc, eq } from "drizzle-orm";
import { db } from "~/db/client.server";
import { memberships } from "~/db/schema";
import { smsOutbox } from "~/db/tables/sms";
import { addPhone, confirmPhone, enqueueText, removePhone, setSmsChoices } from "~/modules/notifications/sms/mutations.server";
import { smsSettings } from "~/modules/notifications/sms/queries.server";
import { appUrl } from "~/config.server";
import { organizations } from "~/db/schema";
import { twilioSignature } from "~/modules/notifications/sms/signature";
import * as webhook from "~/routes/webhooks.sms";
import { clearSmsProvider, startFakeTwilio, useSmsProvider } from "../../factories/fake-twilio";
import { createOrgScenario, createPerson, type Person, type Scenario } from "../../factories/scenario";

/**
 * Hostile review (dec 5): a person who belongs to two organisations (a recovery group's agency
 * and, say, a job-training one) keeps one mobile number per organisation. The number they give
 * the second organisation (here a family phone) must never receive the first organisation's
 * texts, whose sender name alone can disclose treatment on a shared phone's lock screen; and the
 * second organisation's profile must show and manage its own number, not silently the first's.
 */
const SID = `AC${"5d".repeat(16)}`;
const TOKEN = "two-orgs-test-auth-token-0123456";
const FROM = "+15550004444";

async function lastCodeTo(userId: string, organizationId: string): Promise<string> {
  const rows = await db
    .select()
    .from(smsOutbox)
    .where(and(eq(smsOutbox.userId, userId), eq(smsOutbox.organizationId, organizationId), eq(smsOutbox.kind, "code")))
    .orderBy(desc(smsOutbox.id))
    .limit(1);
  const code = /\b(\d{6})\b/.exec(rows[0]?.body ?? "")?.[1];
  if (!code) throw new Error(`no code in ${rows[0]?.body}`);
  return code;
}

describe("text messages for a person in two organisations", () => {
  let a: Scenario;
  let b: Scenario;
  let fake: Awaited<ReturnType<typeof startFakeTwilio>>;
  let inA: Person;
  let inB: Person;
  const personal = "+14155550123";
  const family = "+14155550188";

  beforeAll(async () => {
    fake = await startFakeTwilio();
    useSmsProvider(fake.url, { sid: SID, token: TOKEN, from: FROM });
    [a, b] = await Promise.all([createOrgScenario(), createOrgScenario()]);
    inA = await createPerson(a.org, "participant");
    await db.insert(memberships).values({ userId: inA.id, organizationId: b.org.id, role: "participant" });
    inB = { ...inA, organizationId: b.org.id, organizationSlug: b.org.slug, organizationName: b.org.name };
    // In the first organisation: the personal mobile, confirmed, with session reminders.
    await addPhone(inA, personal);
    expect(await confirmPhone(inA, await lastCodeTo(inA.id, a.org.id))).toEqual({ ok: true });
    await setSmsChoices(inA, ["sms_session_reminders"]);
  });
  afterAll(async () => {
    await fake.close();
    clearSmsProvider();
  });

  it("the number given to the second organisation never receives the first organisation's texts, and each profile shows its own number", async () => {
    // The second organisation's profile has no number yet: the person gives the family phone there.
    expect((await smsSettings(inB, new Date())).phone).toBeNull();
    await addPhone(inB, family);
    expect(await confirmPhone(inB, await lastCodeTo(inA.id, b.org.id))).toEqual({ ok: true });
    expect((await smsSettings(inB, new Date())).phone).toMatchObject({ confirmed: true, display: expect.stringContaining("555-0188") });

    // The first organisation still has (and texts) the personal mobile, not the family phone.
    expect((await smsSettings(inA, new Date())).phone).toMatchObject({ confirmed: true, display: expect.stringContaining("555-0123") });
    const now = new Date();
    expect(await enqueueText(db, { organizationId: a.org.id, userId: inA.id, kind: "reminder", consentKind: "sms_session_reminders", body: "A: reminder", dedupeKey: `two-orgs:${now.getTime()}`, now })).toBe(true);
    const [queued] = await db.select().from(smsOutbox).where(and(eq(smsOutbox.userId, inA.id), eq(smsOutbox.organizationId, a.org.id), eq(smsOutbox.kind, "reminder")));
    expect(queued.toNumber).toBe(personal);
  });

  it("removing the number in one organisation leaves the other organisation's number and choices", async () => {
    await removePhone(inB);
    expect((await smsSettings(inB, new Date())).phone).toBeNull();
    const first = await smsSettings(inA, new Date());
    expect(first.phone).toMatchObject({ confirmed: true, display: expect.stringContaining("555-0123") });
    expect(first.kinds.find((k) => k.kind === "sms_session_reminders")?.on).toBe(true);
  });
});

let sid = 0;
async function postInbound(fields: Record<string, string>) {
  const request = new Request(`${appUrl()}/webhooks/sms`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": twilioSignature(TOKEN, `${appUrl()}/webhooks/sms`, Object.entries(fields)) },
    body: new URLSearchParams(fields).toString(),
  });
  return webhook.action({ request, params: {}, context: {} } as never);
}

/**
 * A family phone shared by two people in two organisations: whoever texts HELP from it must not
 * learn that the other uses an organisation (a recovery agency's name or contact details, on the
 * lock screen of the phone they share); nor may a number someone merely typed (never confirmed)
 * make HELP name that organisation to the number's real owner.
 */
describe("HELP from a number shared across organisations", () => {
  let a: Scenario;
  let b: Scenario;
  let fake: Awaited<ReturnType<typeof startFakeTwilio>>;
  const shared = "+14155550166";
  beforeAll(async () => {
    fake = await startFakeTwilio();
    useSmsProvider(fake.url, { sid: SID, token: TOKEN, from: FROM });
    [a, b] = await Promise.all([createOrgScenario(), createOrgScenario()]);
    await db.update(organizations).set({ name: "Riverside Opioid Recovery", contactEmail: "help@riverside-recovery.example", contactPhone: "+1 415 555 0100" }).where(eq(organizations.id, a.org.id));
    await db.update(organizations).set({ name: "Northside Job Club", contactEmail: "jobs@northside.example" }).where(eq(organizations.id, b.org.id));
  });
  afterAll(async () => {
    await fake.close();
    clearSmsProvider();
  });

  it("names no organisation when the number is confirmed in two; names the one organisation when it is the only one", async () => {
    const inRecovery = await createPerson(a.org, "participant");
    await addPhone(inRecovery, shared);
    expect(await confirmPhone(inRecovery, await lastCodeTo(inRecovery.id, a.org.id))).toEqual({ ok: true });
    const alone = await (await postInbound({ AccountSid: SID, From: shared, To: FROM, Body: "HELP", MessageSid: `SM${String(++sid).padStart(32, "0")}` })).text();
    expect(alone).toContain("Riverside Opioid Recovery");

    const inJobs = await createPerson(b.org, "participant");
    await addPhone(inJobs, shared);
    expect(await confirmPhone(inJobs, await lastCodeTo(inJobs.id, b.org.id))).toEqual({ ok: true });
    const both = await (await postInbound({ AccountSid: SID, From: shared, To: FROM, Body: "HELP", MessageSid: `SM${String(++sid).padStart(32, "0")}` })).text();
    expect(both).toContain("<Message>");
    for (const word of ["Riverside", "riverside", "555 0100", "555-0100", "Northside", "northside"]) expect(both).not.toContain(word);
  });

  it("a number only typed (never confirmed) in an organisation does not make HELP name it", async () => {
    const other = "+14155550167";
    const typer = await createPerson(a.org, "participant");
    await addPhone(typer, other);
    const reply = await (await postInbound({ AccountSid: SID, From: other, To: FROM, Body: "HELP", MessageSid: `SM${String(++sid).padStart(32, "0")}` })).text();
    expect(reply).toContain("<Message>");
    expect(reply).not.toContain("Riverside");
    expect(reply).not.toContain("riverside");
  });
});
