import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { appUrl } from "~/config.server";
import { db } from "~/db/client.server";
import { enrolments } from "~/db/schema";
import { smsOutbox, userPhones } from "~/db/tables/sms";
import { acceptOffer, declineOffer, registerForGroup, updateWaitlistSettings, withdrawEnrolment } from "~/modules/registration/mutations.server";
import { processSmsOutbox, setSmsChoices } from "~/modules/notifications/sms/mutations.server";
import { twilioTransport } from "~/modules/notifications/sms/transport.server";
import { clearSmsProvider, startFakeTwilio, useSmsProvider } from "../../factories/fake-twilio";
import { createEmptyGroup, intake } from "../../factories/registration";
import { createOrgScenario, createPerson } from "../../factories/scenario";

/**
 * Hostile review (dec 6b, HBN3): a waiting-list offer made at 23:00 (the person's zone) is texted
 * at 08:00 ("a seat is held for you until …"). If the person declined or accepted it on the site
 * overnight, or withdrew from the group, the text still went the next morning: the send-time check
 * (e5983dd) looked at reminders and check-in links only.
 */
const SID = `AC${"3f".repeat(16)}`;
const TOKEN = "test-auth-token-held-offers";
const FROM = "+15550009997";
/** 23:00 in New York (EST): quiet hours; the offer's text waits until 08:00 (13:00 UTC). */
const ELEVEN_PM = new Date("2027-01-12T04:00:00Z");
const EIGHT_AM = new Date("2027-01-12T13:00:00Z");

describe("an offer text held until 08:00 is checked again when it goes", () => {
  let fake: Awaited<ReturnType<typeof startFakeTwilio>>;
  let transport: ReturnType<typeof twilioTransport>;
  beforeAll(async () => {
    fake = await startFakeTwilio();
    useSmsProvider(fake.url, { sid: SID, token: TOKEN, from: FROM });
    transport = twilioTransport({ providerUrl: fake.url, accountSid: SID, authToken: TOKEN, from: FROM });
  });
  afterAll(async () => {
    await fake.close();
    clearSmsProvider();
  });

  /** A one-seat group in offer mode: its holder leaves at 23:00 and the person waiting, who chose offers by text, is offered the seat. */
  async function heldOffer(number: string) {
    const s = await createOrgScenario();
    const group = await createEmptyGroup(s, 1, "Held offers");
    const holder = await createPerson(s.org, "participant", { timezone: "America/New_York" });
    const person = await createPerson(s.org, "participant", { timezone: "America/New_York" });
    await db.insert(userPhones).values({ userId: person.id, organizationId: s.org.id, e164: number, confirmedAt: new Date() });
    await setSmsChoices(person, ["sms_waitlist_offers"]);
    for (const p of [holder, person]) await registerForGroup(p, group.id, intake(), { baseUrl: appUrl() });
    await updateWaitlistSettings(s.manager, group.id, { mode: "offer", offerHours: 48, shareNamesWithGroup: false }, { baseUrl: appUrl() });
    const [holding] = await db.select({ id: enrolments.id }).from(enrolments).where(and(eq(enrolments.groupId, group.id), eq(enrolments.userId, holder.id)));
    await withdrawEnrolment(holder, holding.id, { baseUrl: appUrl(), now: ELEVEN_PM });
    const [offer] = await db.select().from(enrolments).where(and(eq(enrolments.groupId, group.id), eq(enrolments.userId, person.id)));
    expect(offer.status).toBe("offered");
    const [row] = await db.select().from(smsOutbox).where(and(eq(smsOutbox.userId, person.id), eq(smsOutbox.kind, "offer")));
    expect(row.nextAttemptAt).toEqual(EIGHT_AM);
    return { person, enrolmentId: offer.id, row, sent: () => fake.requests.filter((r) => r.form.To === number) };
  }

  it("an offer still open goes at 08:00", async () => {
    const { sent } = await heldOffer("+14155550401");
    await processSmsOutbox({ transport, now: () => EIGHT_AM });
    expect(sent()).toHaveLength(1);
    expect(sent()[0].form.Body).toMatch(/seat is held for you until/);
  });

  it("an offer declined overnight is not texted", async () => {
    const { person, enrolmentId, row, sent } = await heldOffer("+14155550402");
    await declineOffer(person, enrolmentId, { baseUrl: appUrl(), now: new Date(ELEVEN_PM.getTime() + 3_600_000) });
    await processSmsOutbox({ transport, now: () => EIGHT_AM });
    expect(sent()).toHaveLength(0);
    const [after] = await db.select().from(smsOutbox).where(eq(smsOutbox.id, row.id));
    expect(after.status).toBe("failed");
    expect(after.lastError).toMatch(/offer/);
  });

  it("an offer accepted overnight is not texted (it asks them to answer)", async () => {
    const { person, enrolmentId, sent } = await heldOffer("+14155550403");
    await acceptOffer(person, enrolmentId, { now: new Date(ELEVEN_PM.getTime() + 3_600_000) });
    await processSmsOutbox({ transport, now: () => EIGHT_AM });
    expect(sent()).toHaveLength(0);
  });

  it("an offer given up overnight (the person left the waiting list) is not texted", async () => {
    const { person, enrolmentId, sent } = await heldOffer("+14155550404");
    await withdrawEnrolment(person, enrolmentId, { baseUrl: appUrl(), now: new Date(ELEVEN_PM.getTime() + 3_600_000) });
    await processSmsOutbox({ transport, now: () => EIGHT_AM });
    expect(sent()).toHaveLength(0);
  });

  it("migration 0065: an offer text queued before texts carried their offer gets it (or is given up if the offer changed)", async () => {
    const file = readFileSync(path.resolve("drizzle/0065_steep_goliath.sql"), "utf8");
    const update = file.split("--> statement-breakpoint").find((st) => st.includes('UPDATE "sms_outbox"'))!;
    const { enrolmentId, row, sent } = await heldOffer("+14155550406");
    // As written before: no enrolment, no deadline; a second (older) text for an earlier offer.
    await db.update(smsOutbox).set({ enrolmentId: null, offerExpiresAt: null }).where(eq(smsOutbox.id, row.id));
    const [older] = await db
      .insert(smsOutbox)
      .values({ organizationId: row.organizationId, userId: row.userId, toNumber: row.toNumber, body: "older offer", kind: "offer", dedupeKey: row.dedupeKey!.replace(/:\d+$/, `:${ELEVEN_PM.getTime() - 86_400_000}`), nextAttemptAt: EIGHT_AM })
      .returning();
    await db.execute(sql.raw(update.replace(/;\s*$/, ` AND o."organization_id" = '${row.organizationId}';`)));
    const [current] = await db.select().from(smsOutbox).where(eq(smsOutbox.id, row.id));
    expect(current).toMatchObject({ enrolmentId, offerExpiresAt: new Date(ELEVEN_PM.getTime() + 48 * 3_600_000) });
    const [old] = await db.select().from(smsOutbox).where(eq(smsOutbox.id, older.id));
    expect(old.enrolmentId).toBe(enrolmentId);
    await processSmsOutbox({ transport, now: () => EIGHT_AM });
    expect(sent().map((r) => r.form.Body)).toEqual([row.body]);
  });

  it("an offer that lapsed before a retry is not texted", async () => {
    const { row, sent } = await heldOffer("+14155550405");
    // Say the provider was down at 08:00 and the retry comes after the deadline (48 h).
    const late = new Date(ELEVEN_PM.getTime() + 49 * 3_600_000);
    await db.update(smsOutbox).set({ nextAttemptAt: late }).where(eq(smsOutbox.id, row.id));
    await processSmsOutbox({ transport, now: () => late });
    expect(sent()).toHaveLength(0);
  });
});
