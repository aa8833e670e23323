import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, desc, eq } from "drizzle-orm";
import { db } from "~/db/client.server";
import { memberships } from "~/db/schema";
import { smsOutbox } from "~/db/tables/sms";
import { addPhone, confirmPhone, enqueueText, removePhone, setSmsChoices } from "~/modules/notifications/sms/mutations.server";
import { smsSettings } from "~/modules/notifications/sms/queries.server";
import { startFakeTwilio } from "../../factories/fake-twilio";
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
    process.env.SMS_PROVIDER_URL = fake.url;
    process.env.SMS_ACCOUNT_SID = SID;
    process.env.SMS_AUTH_TOKEN = TOKEN;
    process.env.SMS_FROM = FROM;
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
    for (const k of ["SMS_PROVIDER_URL", "SMS_ACCOUNT_SID", "SMS_AUTH_TOKEN", "SMS_FROM"]) delete process.env[k];
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
