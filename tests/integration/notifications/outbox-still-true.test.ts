import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { and, eq, inArray, like, sql } from "drizzle-orm";
import { appUrl } from "~/config.server";
import { db } from "~/db/client.server";
import { emailOutbox, enrolments, memberships } from "~/db/schema";
import { absenceAlerts } from "~/db/tables/attendance";
import { raiseAbsenceAlerts } from "~/modules/attendance/jobs.server";
import { setMembershipActive } from "~/modules/auth/mutations.server";
import { markAttendance } from "~/modules/attendance/roster/mutations.server";
import { decideOwnConsent } from "~/modules/consent/mutations.server";
import { updateGroup } from "~/modules/groups/mutations.server";
import { findParticipant } from "~/modules/metrics/queries.server";
import { sendPlanReviewReminders } from "~/modules/plans/jobs.server";
import { savePlanBasics } from "~/modules/plans/mutations.server";
import { processOutbox } from "~/modules/notifications/mutations.server";
import { createTransport } from "~/modules/notifications/transport.server";
import { declineOffer, registerForGroup, removeFromGroup, updateWaitlistSettings, withdrawEnrolment } from "~/modules/registration/mutations.server";
import { createGroup, createSessionAt, minutes } from "../../factories/attendance";
import { createEmptyGroup, intake } from "../../factories/registration";
import { createOrgScenario, createPerson, type Person, type Scenario } from "../../factories/scenario";
import { startSmtpServer } from "../../factories/smtp";
import { freePort } from "../../setup/ports";

/**
 * Hostile review (dec 6c, findings 8 and 8b): texts and email session reminders were checked again
 * when they go, other emails were not. A waiting-list offer email delayed by a mail outage still
 * said "a seat is held for you" after the person declined it, or it lapsed or was withdrawn (and
 * the "seat is yours" email of someone who had left since); an absence alert went to a facilitator
 * taken off the group meanwhile, naming the person and their missed sessions, with a contact line
 * whose consent had been revoked. One rule now (whyNoLongerTrue, beside sessionNoLongerAsWritten).
 */

/**
 * The mail server is down: every due email fails once and waits for its retry. `meanwhile`
 * happens; then the server is back and the worker runs at the retry (or at `retryAt`). Returns
 * what the server received of the messages that were waiting for `address` (one or several), and those rows after.
 */
async function throughOutage(address: string | string[], meanwhile: () => Promise<unknown>, retryAt?: (due: Date) => Date) {
  const port = await freePort();
  const transport = createTransport(`smtp://127.0.0.1:${port}?ignoreTLS=true&connectionTimeout=1000`);
  await processOutbox({ transport, now: () => new Date(Date.now() + 1000) });
  const waiting = await db.select().from(emailOutbox).where(and(inArray(emailOutbox.toAddress, [address].flat()), eq(emailOutbox.status, "pending")));
  expect(waiting.length).toBeGreaterThan(0);
  expect(waiting.every((r) => r.attempts === 1 && r.lastError !== "")).toBe(true);
  await meanwhile();
  const smtp = await startSmtpServer(port);
  try {
    const due = new Date(Math.max(...waiting.map((r) => r.nextAttemptAt.getTime())) + 1000);
    const at = retryAt ? retryAt(due) : due;
    await processOutbox({ transport, now: () => at });
    const ids = new Set(waiting.map((r) => r.messageId));
    const after = await db.select().from(emailOutbox).where(inArray(emailOutbox.id, waiting.map((r) => r.id)));
    const mails = smtp.messages.filter((m) => m.messageId && ids.has(m.messageId));
    /** The message the server received for this outbox row, if any. */
    const received = (row: { messageId: string }) => mails.find((m) => m.messageId === row.messageId);
    return { mails, rows: after, received };
  } finally {
    await smtp.close();
  }
}

describe("a waiting-list seat email delayed by a mail outage goes only while it is still true", () => {
  /** A one-seat group (offers held 48 h, or seats given at once); its holder leaves and Wendy, waiting, is offered (or given) the seat. */
  async function seatGiven(mode: "offer" | "automatic") {
    const s = await createOrgScenario();
    const group = await createEmptyGroup(s, 1, "Circle");
    const holder = await createPerson(s.org, "participant");
    const wendy = await createPerson(s.org, "participant", { name: "Wendy Waiting" });
    for (const p of [holder, wendy]) await registerForGroup(p, group.id, intake(), { baseUrl: appUrl() });
    await updateWaitlistSettings(s.manager, group.id, { mode, offerHours: 48, shareNamesWithGroup: false }, { baseUrl: appUrl() });
    const [holding] = await db.select({ id: enrolments.id }).from(enrolments).where(and(eq(enrolments.groupId, group.id), eq(enrolments.userId, holder.id)));
    const offeredAt = new Date();
    await withdrawEnrolment(holder, holding.id, { baseUrl: appUrl(), now: offeredAt });
    const [enrolment] = await db.select().from(enrolments).where(and(eq(enrolments.groupId, group.id), eq(enrolments.userId, wendy.id)));
    expect(enrolment.status).toBe(mode === "offer" ? "offered" : "enrolled");
    const [row] = await db.select().from(emailOutbox).where(like(emailOutbox.dedupeKey, `seat:${enrolment.id}:%`));
    expect(row).toMatchObject({ status: "pending", enrolmentId: enrolment.id, userId: wendy.id });
    expect(row.textBody).toMatch(mode === "offer" ? /holding it for you until/ : /seat/);
    return { s, group, wendy, enrolmentId: enrolment.id, row, offeredAt };
  }

  it("an offer still open goes at the retry", async () => {
    const { wendy, row } = await seatGiven("offer");
    const { received } = await throughOutage(wendy.email, async () => {});
    expect(received(row)?.text).toMatch(/holding it for you until/);
  });

  it("an offer declined during the outage is not sent, and the reason is kept", async () => {
    const { wendy, enrolmentId, row } = await seatGiven("offer");
    const { received, rows } = await throughOutage(wendy.email, () => declineOffer(wendy, enrolmentId, { baseUrl: appUrl() }));
    expect(received(row)).toBeUndefined();
    const after = rows.find((r) => r.id === row.id)!;
    expect(after.status).toBe("failed");
    expect(after.lastError).toMatch(/^not sent: .*offer was answered, withdrawn, lapsed/);
  });

  it("an offer withdrawn by a manager during the outage is not sent", async () => {
    const { s, group, wendy, enrolmentId, row } = await seatGiven("offer");
    const { received, rows } = await throughOutage(wendy.email, () => removeFromGroup(s.manager, group.id, { enrolmentId, reason: "Asked by phone" }, { baseUrl: appUrl() }));
    expect(received(row)).toBeUndefined();
    expect(rows.find((r) => r.id === row.id)!.status).toBe("failed");
  });

  it("an offer whose deadline passed before the retry is not sent", async () => {
    const { wendy, row, offeredAt } = await seatGiven("offer");
    const late = new Date(offeredAt.getTime() + 49 * 3_600_000);
    const { received, rows } = await throughOutage(wendy.email, async () => {}, () => late);
    expect(received(row)).toBeUndefined();
    expect(rows.find((r) => r.id === row.id)!.lastError).toMatch(/lapsed/);
  });

  it("a seat given at once goes at the retry while it is held, not after the person left", async () => {
    const held = await seatGiven("automatic");
    expect((await throughOutage(held.wendy.email, async () => {})).received(held.row)).toBeDefined();
    const left = await seatGiven("automatic");
    const { received, rows } = await throughOutage(left.wendy.email, () => withdrawEnrolment(left.wendy, left.enrolmentId, { baseUrl: appUrl() }));
    expect(received(left.row)).toBeUndefined();
    expect(rows.find((r) => r.id === left.row.id)!.lastError).toMatch(/seat given up/);
  });
});

describe("an absence alert delayed by a mail outage goes only to someone still entitled to it", () => {
  /** "Recovery Circle B", led by F; Paula (who allows facilitators her contact) absent at its two last sessions: the alert is queued to F. */
  async function alertQueued(): Promise<{ s: Scenario; group: Awaited<ReturnType<typeof createGroup>>; paula: Person; row: typeof emailOutbox.$inferSelect }> {
    const s = await createOrgScenario();
    const group = await createGroup(s, { kind: "peer_recovery_group", name: "Recovery Circle B", facilitatorId: s.facilitator.id });
    const paula = await createPerson(s.org, "participant", { name: "Paula Absentee" });
    await registerForGroup(paula, group.id, intake({ consentRosterSharing: true }), { baseUrl: appUrl() });
    const start = new Date(Date.now() + 7 * 86_400_000);
    const list = [];
    for (let i = 0; i < 2; i++) list.push(await createSessionAt(group.id, s.org.id, minutes(start, i * 7 * 24 * 60)));
    for (const session of list) await markAttendance(s.facilitator, session.id, { userId: paula.id, status: "absent" }, minutes(session.startsAt, 20));
    expect((await raiseAbsenceAlerts(minutes(list[1].endsAt, 10))).raised).toBe(1);
    const [alert] = await db.select().from(absenceAlerts).where(eq(absenceAlerts.groupId, group.id));
    const [row] = await db.select().from(emailOutbox).where(eq(emailOutbox.dedupeKey, `attendance:absence-alert:${alert.id}:${s.facilitator.id}`));
    expect(row).toMatchObject({ status: "pending", userId: paula.id, groupId: group.id, recipientId: s.facilitator.id, consentKind: "facilitator_contact" });
    expect(row.textBody).toContain(paula.email);
    return { s, group, paula, row };
  }

  it("an alert still true goes at the retry, with the contact line", async () => {
    const { s, paula, row } = await alertQueued();
    const mail = (await throughOutage(s.facilitator.email, async () => {})).received(row)!;
    expect(mail.text).toContain("Paula Absentee");
    expect(mail.text).toContain(paula.email);
  });

  it("a facilitator taken off the group during the outage is not sent it (the reason is kept)", async () => {
    const { s, group, row } = await alertQueued();
    const { received, rows } = await throughOutage(s.facilitator.email, () =>
      updateGroup(s.manager, group.id, {
        name: group.name,
        kind: group.kind,
        description: group.description,
        timezone: group.timezone,
        capacity: group.capacity,
        location: group.location,
        onlineUrl: group.onlineUrl,
        language: group.language,
        facilitatorIds: [s.otherFacilitator.id],
        overrideReason: "Covering while their training is booked",
      }),
    );
    expect(received(row)).toBeUndefined();
    const after = rows.find((r) => r.id === row.id)!;
    expect(after.status).toBe("failed");
    expect(after.lastError).toMatch(/^not sent: .*no longer leads a group the person is in/);
  });

  it("a contact the person stopped sharing during the outage is left out: the alert goes without it", async () => {
    const { s, group, paula, row } = await alertQueued();
    const { received, rows } = await throughOutage(s.facilitator.email, () => decideOwnConsent(paula, { groupId: group.id, kind: "facilitator_contact", intent: "revoke" }));
    const mail = received(row)!;
    expect(mail.text).toContain("Paula Absentee");
    expect(mail.text).not.toContain(paula.email);
    expect(String(mail.html)).not.toContain(paula.email);
    expect(mail.text).toContain("not agreed to share their contact details");
    // The record of what was sent is the email as it went.
    const after = rows.find((r) => r.id === row.id)!;
    expect(after).toMatchObject({ status: "sent", consentKind: null, withoutConsent: null });
    expect(`${after.textBody}${after.htmlBody}`).not.toContain(paula.email);
  });
});

describe("a plan review reminder to staff delayed by a mail outage goes only to someone still entitled to it", () => {
  // A plan's reviews are the managers' (metrics/policy.ts planReach): the staff copy goes to the managers.
  it("a manager deactivated during the outage is not sent it; the participant's own copy still goes", async () => {
    const s = await createOrgScenario();
    const owner = await findParticipant(s.manager, s.participant.id);
    await savePlanBasics(s.manager, owner, { strengths: "", barriers: "", needs: "", nextReviewOn: "2027-05-10" }, "2027-04-01", new Date("2027-04-01T12:00:00Z"));
    await sendPlanReviewReminders(new Date("2027-05-03T14:00:00Z"));
    const rows = await db.select().from(emailOutbox).where(and(like(emailOutbox.dedupeKey, "plans:review-due:%"), eq(emailOutbox.organizationId, s.org.id)));
    const staffRow = rows.find((r) => r.toAddress === s.manager.email)!;
    const ownRow = rows.find((r) => r.toAddress === s.participant.email)!;
    expect(staffRow).toMatchObject({ userId: s.participant.id, recipientId: s.manager.id, groupId: null });
    expect(ownRow.recipientId).toBeNull();
    const [managership] = await db.select({ id: memberships.id }).from(memberships).where(and(eq(memberships.userId, s.manager.id), eq(memberships.organizationId, s.org.id)));
    const taken = await throughOutage([s.manager.email, s.participant.email], () => setMembershipActive(s.admin, { membershipId: managership.id, active: false }));
    expect(taken.received(staffRow)).toBeUndefined();
    expect(taken.rows.find((r) => r.id === staffRow.id)!.lastError).toMatch(/nor manages the organisation/);
    expect(taken.received(ownRow)?.subject).toBe("Your plan review is due on 2027-05-10");
  });
});

/**
 * Migration 0069's backfill: seat emails and absence alerts queued before email carried what they
 * depend on get it from their dedupe keys. Run again here on one organisation's rows (the
 * statements as the migration has them).
 */
describe("migration 0069: seat emails and absence alerts already queued are checked when they go", () => {
  const statements = readFileSync(path.resolve("drizzle/0069_outbox_still_true.sql"), "utf8")
    .split("--> statement-breakpoint")
    .filter((st) => st.includes('UPDATE "email_outbox"'));
  const backfill = async (organizationId: string) => {
    for (const st of statements) await db.execute(sql.raw(st.replace(/;\s*$/, ` AND o."organization_id" = '${organizationId}';`)));
  };
  const asBefore = { userId: null, enrolmentId: null, offerExpiresAt: null, recipientId: null, groupId: null, consentKind: null, withoutConsent: null };

  it("an offer email gets its enrolment and deadline (an older offer's email gets none that can match) and is then given up once declined", async () => {
    const s0 = await createOrgScenario();
    const group = await createEmptyGroup(s0, 1, "Backfill");
    const holder = await createPerson(s0.org, "participant");
    const wendy = await createPerson(s0.org, "participant");
    for (const p of [holder, wendy]) await registerForGroup(p, group.id, intake(), { baseUrl: appUrl() });
    await updateWaitlistSettings(s0.manager, group.id, { mode: "offer", offerHours: 48, shareNamesWithGroup: false }, { baseUrl: appUrl() });
    const [holding] = await db.select({ id: enrolments.id }).from(enrolments).where(and(eq(enrolments.groupId, group.id), eq(enrolments.userId, holder.id)));
    const offeredAt = new Date();
    await withdrawEnrolment(holder, holding.id, { baseUrl: appUrl(), now: offeredAt });
    const [offer] = await db.select().from(enrolments).where(and(eq(enrolments.groupId, group.id), eq(enrolments.userId, wendy.id)));
    const [row] = await db.select().from(emailOutbox).where(like(emailOutbox.dedupeKey, `seat:${offer.id}:%`));
    await db.update(emailOutbox).set(asBefore).where(eq(emailOutbox.id, row.id));
    const [older] = await db
      .insert(emailOutbox)
      .values({ organizationId: s0.org.id, toAddress: wendy.email, subject: "older offer", textBody: "t", htmlBody: "h", dedupeKey: row.dedupeKey!.replace(/:\d+$/, `:${offeredAt.getTime() - 86_400_000}`), messageId: "<older@test>" })
      .returning();
    await backfill(s0.org.id);
    const [current] = await db.select().from(emailOutbox).where(eq(emailOutbox.id, row.id));
    expect(current).toMatchObject({ userId: wendy.id, enrolmentId: offer.id, offerExpiresAt: new Date(offeredAt.getTime() + 48 * 3_600_000) });
    const [old] = await db.execute<{ enrolment_id: string; never: boolean }>(sql`select enrolment_id, offer_expires_at = '-infinity' as never from email_outbox where id = ${older.id}`);
    expect(old).toEqual({ enrolment_id: offer.id, never: true });
    const { received } = await throughOutage(wendy.email, () => declineOffer(wendy, offer.id, { baseUrl: appUrl() }));
    expect(received(row)).toBeUndefined();
    expect(received(older)).toBeUndefined();
  });

  it("an absence alert gets its person, group and recipient, and depends on the contact consent only if it carries the contact", async () => {
    const s0 = await createOrgScenario();
    const group = await createGroup(s0, { kind: "peer_recovery_group", name: "Backfill circle", facilitatorId: s0.facilitator.id });
    const paula = await createPerson(s0.org, "participant");
    await registerForGroup(paula, group.id, intake({ consentRosterSharing: true }), { baseUrl: appUrl() });
    const start = new Date(Date.now() + 7 * 86_400_000);
    const list = [];
    for (let i = 0; i < 2; i++) list.push(await createSessionAt(group.id, s0.org.id, minutes(start, i * 7 * 24 * 60)));
    for (const session of list) await markAttendance(s0.facilitator, session.id, { userId: paula.id, status: "absent" }, minutes(session.startsAt, 20));
    await raiseAbsenceAlerts(minutes(list[1].endsAt, 10));
    const [row] = await db.select().from(emailOutbox).where(and(like(emailOutbox.dedupeKey, "attendance:absence-alert:%"), eq(emailOutbox.organizationId, s0.org.id)));
    await db.update(emailOutbox).set(asBefore).where(eq(emailOutbox.id, row.id));
    await backfill(s0.org.id);
    const [after] = await db.select().from(emailOutbox).where(eq(emailOutbox.id, row.id));
    expect(after).toMatchObject({ userId: paula.id, groupId: group.id, recipientId: s0.facilitator.id, consentKind: "facilitator_contact" });
    // Without the contact in its text, it depends on no consent.
    await db.update(emailOutbox).set({ ...asBefore, textBody: "no contact here" }).where(eq(emailOutbox.id, row.id));
    await backfill(s0.org.id);
    const [plain] = await db.select().from(emailOutbox).where(eq(emailOutbox.id, row.id));
    expect(plain).toMatchObject({ recipientId: s0.facilitator.id, consentKind: null });
  });
});
