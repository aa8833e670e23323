import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, asc, desc, eq, sql } from "drizzle-orm";
import { appUrl } from "~/config.server";
import { db } from "~/db/client.server";
import { enrolments, sessions } from "~/db/schema";
import { smsOutbox, userPhones } from "~/db/tables/sms";
import { cancelSession, moveSession } from "~/modules/groups/mutations.server";
import { withdrawEnrolment } from "~/modules/registration/mutations.server";
import { queueCheckInTexts, queueReminderTexts } from "~/modules/notifications/sms/jobs.server";
import { addPhone, confirmPhone, processSmsOutbox, setSmsChoices } from "~/modules/notifications/sms/mutations.server";
import { twilioTransport } from "~/modules/notifications/sms/transport.server";
import { clearSmsProvider, startFakeTwilio, useSmsProvider } from "../../factories/fake-twilio";
import { createOrgScenario, createPerson, type Person, type Scenario } from "../../factories/scenario";

/**
 * Hostile review (dec 6b): a reminder text queued in the person's quiet hours waits until 08:00
 * (their zone), and a text that failed waits for its retry. What happened meanwhile was not looked
 * at again when it went: a session cancelled (or moved) at 23:00 was reminded at 08:00 with its old
 * time, after the "cancelled"/"moved" text; a person who turned session reminders off on their
 * profile ("change this on my profile at any time", the consent says) or withdrew from the group
 * was still texted. The send-time check looked at STOP and the number only.
 */
const SID = `AC${"2e".repeat(16)}`;
const TOKEN = "test-auth-token-held-reminders";
const FROM = "+15550009998";

describe("a reminder text held until 08:00 is checked again when it goes", () => {
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

  /** A person of a new organisation, texted reminders, with the group's second session (19:00 New York) and the reminder queued at 22:00 the evening before. */
  async function heldReminder(number: string) {
    const s: Scenario = await createOrgScenario();
    const person: Person = await createPerson(s.org, "participant", { timezone: "America/New_York" });
    await db.insert(enrolments).values({ groupId: s.group.id, userId: person.id, organizationId: s.org.id });
    await addPhone(person, number);
    const [codeRow] = await db.select().from(smsOutbox).where(and(eq(smsOutbox.userId, person.id), eq(smsOutbox.kind, "code"))).orderBy(desc(smsOutbox.id)).limit(1);
    expect(await confirmPhone(person, /\b(\d{6})\b/.exec(codeRow.body)![1])).toEqual({ ok: true });
    await setSmsChoices(person, ["sms_session_reminders"]);
    await processSmsOutbox({ transport, now: () => new Date(Date.now() + 1000) }); // the confirmation code
    const [, second] = await db.select().from(sessions).where(eq(sessions.groupId, s.group.id)).orderBy(asc(sessions.startsAt)).limit(2);
    const tenPm = new Date(second.startsAt.getTime() - 21 * 3_600_000);
    await queueReminderTexts(tenPm);
    const [row] = await db.select().from(smsOutbox).where(and(eq(smsOutbox.userId, person.id), eq(smsOutbox.kind, "reminder")));
    expect(row.nextAttemptAt).toEqual(new Date(second.startsAt.getTime() - 11 * 3_600_000)); // held until 08:00
    return { s, person, session: second, eightAm: row.nextAttemptAt, sent: () => fake.requests.filter((r) => r.form.To === number && /remind|Reminder|session/i.test(r.form.Body ?? "")) };
  }

  it("a session cancelled meanwhile is not reminded", async () => {
    const { s, session, eightAm, sent } = await heldReminder("+14155550301");
    await cancelSession(s.manager, session.id, { reason: "Room flooded", baseUrl: appUrl() });
    await processSmsOutbox({ transport, now: () => eightAm });
    expect(sent()).toHaveLength(0);
  });

  it("a session moved meanwhile is reminded with its new time, never the old one", async () => {
    const { s, session, eightAm, sent } = await heldReminder("+14155550302");
    const day = session.startsAt.toLocaleDateString("en-CA", { timeZone: "America/New_York" });
    await moveSession(s.manager, session.id, { date: day, startTime: "21:00", durationMinutes: 60, locationOverride: "", note: "", baseUrl: appUrl() });
    await processSmsOutbox({ transport, now: () => eightAm });
    await queueReminderTexts(eightAm);
    await processSmsOutbox({ transport, now: () => eightAm });
    const bodies = sent().map((r) => r.form.Body);
    expect(bodies).toHaveLength(1);
    expect(bodies[0]).toMatch(/9:00/);
    expect(bodies[0]).not.toMatch(/7:00/);
  });

  it("a person who turned reminders off meanwhile is not texted", async () => {
    const { person, eightAm, sent } = await heldReminder("+14155550303");
    await setSmsChoices(person, []);
    await processSmsOutbox({ transport, now: () => eightAm });
    expect(sent()).toHaveLength(0);
  });

  it("a person who withdrew from the group meanwhile is not texted", async () => {
    const { s, person, eightAm, sent } = await heldReminder("+14155550304");
    const [e] = await db.select({ id: enrolments.id }).from(enrolments).where(and(eq(enrolments.groupId, s.group.id), eq(enrolments.userId, person.id)));
    await withdrawEnrolment(person, e.id, { baseUrl: appUrl() });
    await processSmsOutbox({ transport, now: () => eightAm });
    expect(sent()).toHaveLength(0);
  });
});

/**
 * Migration 0064's backfill: reminders and check-in links queued or sent before texts carried
 * their session get it (and the key the job now writes), so the job does not text them again.
 * Run again here on one organisation's rows (the statement as the migration has it).
 */
describe("migration 0064: texts already queued keep their session and are not sent twice", () => {
  it("an old reminder gets its session, start and new key; the job then queues nothing more for it", async () => {
    const file = readFileSync(path.resolve("drizzle/0064_keen_matthew_murdock.sql"), "utf8");
    const update = file.split("--> statement-breakpoint").find((st) => st.includes('UPDATE "sms_outbox"'))!;
    expect(update.trim().endsWith("::uuid;")).toBe(true);
    const s = await createOrgScenario();
    const person = await createPerson(s.org, "participant", { timezone: "America/New_York" });
    await db.insert(enrolments).values({ groupId: s.group.id, userId: person.id, organizationId: s.org.id });
    await db.insert(userPhones).values({ userId: person.id, organizationId: s.org.id, e164: "+14155550309", confirmedAt: new Date() });
    await setSmsChoices(person, ["sms_session_reminders"]);
    const [first] = await db.select().from(sessions).where(eq(sessions.groupId, s.group.id)).orderBy(asc(sessions.startsAt)).limit(1);
    const oldKey = `sms:reminder:${first.id}:${person.id}`;
    await db.insert(smsOutbox).values({ organizationId: s.org.id, userId: person.id, toNumber: "+14155550309", body: "reminder", kind: "reminder", dedupeKey: oldKey, status: "sent", sentAt: new Date() });
    await db.execute(sql.raw(update.replace(/;\s*$/, ` AND o."organization_id" = '${s.org.id}';`)));
    const [row] = await db.select().from(smsOutbox).where(and(eq(smsOutbox.userId, person.id), eq(smsOutbox.kind, "reminder")));
    expect(row).toMatchObject({ sessionId: first.id, sessionStartsAt: first.startsAt, dedupeKey: `${oldKey}:${first.startsAt.getTime()}` });
    await queueReminderTexts(new Date(first.startsAt.getTime() - 3_600_000));
    expect(await db.select({ id: smsOutbox.id }).from(smsOutbox).where(and(eq(smsOutbox.userId, person.id), eq(smsOutbox.kind, "reminder")))).toHaveLength(1);
  });
});

describe("a check-in link retried after attendance was first recorded", () => {
  it("still goes: the session is under way (held), not cancelled", async () => {
    const fake = await startFakeTwilio();
    useSmsProvider(fake.url, { sid: SID, token: TOKEN, from: FROM });
    try {
      const transport = twilioTransport({ providerUrl: fake.url, accountSid: SID, authToken: TOKEN, from: FROM });
      const s = await createOrgScenario();
      const person = await createPerson(s.org, "participant", { timezone: "America/New_York" });
      await db.insert(enrolments).values({ groupId: s.group.id, userId: person.id, organizationId: s.org.id });
      await db.insert(userPhones).values({ userId: person.id, organizationId: s.org.id, e164: "+14155550310", confirmedAt: new Date() });
      await setSmsChoices(person, ["sms_checkin_links"]);
      const [first] = await db.select().from(sessions).where(eq(sessions.groupId, s.group.id)).orderBy(asc(sessions.startsAt)).limit(1);
      await queueCheckInTexts(new Date(first.startsAt.getTime() - 10 * 60_000));
      // Attendance recorded after the start: the session is held; the link (say, retried) goes at start + 5 min.
      await db.update(sessions).set({ status: "held" }).where(eq(sessions.id, first.id));
      await processSmsOutbox({ transport, now: () => new Date(first.startsAt.getTime() + 5 * 60_000) });
      expect(fake.requests.filter((r) => r.form.To === "+14155550310")).toHaveLength(1);
    } finally {
      await fake.close();
      clearSmsProvider();
    }
  });
});
