import { randomBytes } from "node:crypto";
import { and, eq, isNull, like } from "drizzle-orm";
import type { ParsedMail } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appUrl } from "~/config.server";
import { db } from "~/db/client.server";
import { emailOutbox, users } from "~/db/schema";
import { requestPasswordReset, signUpParticipant, updateProfile } from "~/modules/auth/mutations.server";
import { queueReminders } from "~/modules/calendar/mutations.server";
import { processOutbox, UNCONFIRMED_ADDRESS_REASON } from "~/modules/notifications/mutations.server";
import { createTransport } from "~/modules/notifications/transport.server";
import { registerForGroup } from "~/modules/registration/mutations.server";
import * as confirmPage from "~/routes/confirm-email.$token";
import * as registerRoute from "~/routes/groups.$groupId.register";
import * as resetPage from "~/routes/reset-password.$token";
import * as rosterRoute from "~/routes/sessions.$sessionId.roster";
import { createSessionAt, minutes, setAttendanceSettings } from "../../factories/attendance";
import { createEmptyGroup, intake } from "../../factories/registration";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, PASSWORD, type Scenario } from "../../factories/scenario";
import { startSmtpServer } from "../../factories/smtp";

/**
 * An address nobody confirmed received the app's person-addressed email: a walk-in's address a
 * facilitator typed (a typo is a stranger's mailbox), or an address someone signed up with and
 * never confirmed (perhaps another person's). Registered on their behalf by staff, such a "person"
 * was then sent the registration email and session reminders — in a recovery group, that outs
 * someone to whoever reads that mailbox. Now an email to an account goes only once its address is
 * confirmed (given up with the reason, never retried). Nothing is sent to a walk-in's typed address
 * to offer confirming it either (its link would hand a stranger, at a mistyped address, this
 * person's record): its owner confirms it with "Forgot your password?" (a never-confirmed
 * account's reset), and after that the next message goes. Checked on what a real SMTP server receives.
 */
let s: Scenario;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let walkInSessionId: string;

beforeAll(async () => {
  s = await createOrgScenario();
  smtp = await startSmtpServer();
  await setAttendanceSettings(s, s.group.id, { allowWalkIns: true });
  walkInSessionId = (await createSessionAt(s.group.id, s.org.id, minutes(new Date(), -5))).id;
}, 60_000);
afterAll(async () => {
  await smtp?.close();
});

async function deliver() {
  await processOutbox({ transport: createTransport(smtp.url), now: () => new Date(Date.now() + 1000) });
}
/** What the SMTP server was asked to deliver to `address` (envelope recipients). */
function receivedBy(address: string): ParsedMail[] {
  return smtp.messages.filter((_, i) => smtp.envelopes[i].to.includes(address));
}
const tag = () => randomBytes(3).toString("hex");

/** A group with one session two hours from now (inside the default 24-hour reminder lead), and a second one to come. */
async function groupWithSessionSoon(name: string) {
  const group = await createEmptyGroup(s, 5, name);
  await createSessionAt(group.id, s.org.id, minutes(new Date(), 120));
  return group;
}

/** The account's messages of a kind (dedupe key prefix) as the outbox holds them. */
async function outboxFor(userId: string, prefix: string) {
  return db
    .select()
    .from(emailOutbox)
    .where(and(eq(emailOutbox.toUserId, userId), like(emailOutbox.dedupeKey, `${prefix}%`)));
}

/** Registered by a manager on the person's behalf, then reminded of the session two hours away; the outbox is sent. */
async function registerAndRemind(personId: string, name: string) {
  const group = await groupWithSessionSoon(name);
  await registerForGroup(s.manager, group.id, intake({ participantId: personId }), { baseUrl: appUrl() });
  await queueReminders(new Date());
  await deliver();
  return group;
}

/** Nothing person-addressed reached the address: the registration email and the reminder were given up with the reason. */
async function expectGivenUp(personId: string) {
  const messages = [...(await outboxFor(personId, "registered:")), ...(await outboxFor(personId, "reminder:"))];
  expect(messages).toHaveLength(2);
  for (const m of messages) expect(m).toMatchObject({ status: "failed", lastError: UNCONFIRMED_ADDRESS_REASON, attempts: 1 });
}

describe("a walk-in's typed address, confirmed by nobody", () => {
  it("gets no email at all while unconfirmed; once its owner confirms with “Forgot your password?”, the next reminder goes", async () => {
    const email = `wren-${tag()}@test.example`;
    const added = await callRoute(rosterRoute, {
      path: `/sessions/${walkInSessionId}/roster`,
      params: { sessionId: walkInSessionId },
      cookie: s.facilitator.cookie,
      form: { intent: "walkInNew", name: "Wren Walkin", email },
    });
    expect(added.status).toBe(302);
    // The facilitator is told that nothing is emailed there until its owner confirms it.
    expect(added.location).toContain("unconfirmed=1");
    const [wren] = await db.select().from(users).where(eq(users.email, email));
    expect(wren.emailConfirmedAt).toBeNull();
    // The roster row says so too.
    const roster = await callRoute(rosterRoute, { path: `/sessions/${walkInSessionId}/roster`, params: { sessionId: walkInSessionId }, cookie: s.facilitator.cookie });
    const rows = (roster.data as { rows: { userId: string; emailUnconfirmed: boolean }[] }).rows;
    expect(rows.find((r) => r.userId === wren.id)?.emailUnconfirmed).toBe(true);
    expect(rows.filter((r) => r.userId !== wren.id).every((r) => !r.emailUnconfirmed)).toBe(true);

    await registerAndRemind(wren.id, "Morning circle");
    await expectGivenUp(wren.id);
    // Nothing reached the address: neither those nor any offer to confirm it.
    expect(receivedBy(email)).toEqual([]);
    expect(await db.select().from(emailOutbox).where(and(eq(emailOutbox.toAddress, email), isNull(emailOutbox.toUserId)))).toEqual([]);

    // The owner asks for a password reset with the address; its link (the never-confirmed reset
    // page) asks for their own name and zone.
    await requestPasswordReset({ email, baseUrl: appUrl() });
    await deliver();
    const inbox = receivedBy(email);
    expect(inbox).toHaveLength(1);
    const token = new RegExp(`${appUrl()}/reset-password/([A-Za-z0-9_-]+)`).exec(inbox[0].text ?? "")![1];
    const open = await callRoute(resetPage, { path: `/reset-password/${token}`, params: { token } });
    expect(open.data).toEqual({ usable: true, newPerson: true });
    const done = await callRoute(resetPage, {
      path: `/reset-password/${token}`,
      params: { token },
      form: { name: "Wren Owner", timezone: "America/New_York", password: "wrens-own-passphrase-9", confirmPassword: "wrens-own-passphrase-9" },
    });
    expect(done.status).toBe(302);
    const [confirmed] = await db.select().from(users).where(eq(users.id, wren.id));
    expect(confirmed.emailConfirmedAt).not.toBeNull();
    const later = await callRoute(rosterRoute, { path: `/sessions/${walkInSessionId}/roster`, params: { sessionId: walkInSessionId }, cookie: s.facilitator.cookie });
    expect((later.data as { rows: { userId: string; emailUnconfirmed: boolean }[] }).rows.find((r) => r.userId === wren.id)?.emailUnconfirmed).toBe(false);

    // The next message goes: a reminder of another session.
    await registerAndRemind(wren.id, "Evening circle");
    const sent = (await outboxFor(wren.id, "reminder:")).filter((m) => m.status === "sent");
    expect(sent).toHaveLength(1);
    expect(receivedBy(email).map((m) => m.messageId)).toContain(sent[0].messageId);
    // The earlier reminder stays given up: it is never retried.
    expect((await outboxFor(wren.id, "reminder:")).filter((m) => m.status === "failed")).toHaveLength(1);
  });
});

describe("an unconfirmed sign-up registered on behalf by a manager", () => {
  it("gets no registration email nor reminder while unconfirmed; once the sign-up link is followed, the next reminder goes", async () => {
    const email = `sid-${tag()}@test.example`;
    await signUpParticipant({ organizationSlug: s.org.slug, name: "Sid Signup", email, timezone: "America/New_York", password: "sids-passphrase-4", baseUrl: appUrl() });
    const [sid] = await db.select().from(users).where(eq(users.email, email));
    expect(sid.emailConfirmedAt).toBeNull();
    // Registering someone on their behalf, the manager sees that this address gets no email.
    const listed = async () => {
      const page = await callRoute(registerRoute, { path: `/groups/${s.group.id}/register`, params: { groupId: s.group.id }, cookie: s.manager.cookie });
      return (page.data as { participants: { id: string; emailUnconfirmed: boolean }[] }).participants;
    };
    const before = await listed();
    expect(before.find((p) => p.id === sid.id)?.emailUnconfirmed).toBe(true);
    expect(before.find((p) => p.id === s.participant.id)?.emailUnconfirmed).toBe(false);

    await registerAndRemind(sid.id, "Tuesday group");
    await expectGivenUp(sid.id);
    // Only the sign-up's own confirmation (a literal address) reached the mailbox.
    const inbox = receivedBy(email);
    expect(inbox.map((m) => m.subject)).toEqual(["Confirm your email address"]);
    const [signupMail] = await db.select().from(emailOutbox).where(and(eq(emailOutbox.toAddress, email), isNull(emailOutbox.toUserId)));
    expect(inbox[0].messageId).toBe(signupMail.messageId);

    // The owner confirms with the link and the sign-up's password.
    const token = new RegExp(`${appUrl()}/confirm-email/([A-Za-z0-9_-]+)`).exec(inbox[0].text ?? "")![1];
    const done = await callRoute(confirmPage, { path: `/confirm-email/${token}`, params: { token }, form: { password: "sids-passphrase-4" } });
    expect(done.status).toBe(302);
    expect((await listed()).find((p) => p.id === sid.id)?.emailUnconfirmed).toBe(false);

    await registerAndRemind(sid.id, "Thursday group");
    const sent = (await outboxFor(sid.id, "reminder:")).filter((m) => m.status === "sent");
    expect(sent).toHaveLength(1);
    expect(receivedBy(email).map((m) => m.messageId)).toContain(sent[0].messageId);
  });
});

describe("adding a walk-in", () => {
  it("sends nothing to the typed address, however often the person is added; without an address the facilitator is not told about one", async () => {
    const email = `quinn-${tag()}@test.example`;
    const post = (name: string, extra: Record<string, string> = {}) =>
      callRoute(rosterRoute, { path: `/sessions/${walkInSessionId}/roster`, params: { sessionId: walkInSessionId }, cookie: s.facilitator.cookie, form: { intent: "walkInNew", name, email, ...extra } });
    expect((await post("Quinn Quietname")).location).toContain("unconfirmed=1");
    expect((await post("Quinn Quietname", { differentPerson: "on" })).status).toBe(302);
    await deliver();
    expect(await db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, email))).toEqual([]);
    expect(receivedBy(email)).toEqual([]);

    // Someone else asking to move their account to that address: nothing goes there either (the
    // "address in use" notice would greet a stranger with the walk-in's name and offer a reset).
    const asker = s.otherParticipant;
    await updateProfile(asker, { name: asker.name, email, timezone: asker.timezone, locale: asker.locale, currentPassword: PASSWORD }, { baseUrl: appUrl() });
    expect(await db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, email))).toEqual([]);

    const none = await callRoute(rosterRoute, {
      path: `/sessions/${walkInSessionId}/roster`,
      params: { sessionId: walkInSessionId },
      cookie: s.facilitator.cookie,
      form: { intent: "walkInNew", name: "Nico Noaddress", email: "" },
    });
    expect(none.status).toBe(302);
    expect(none.location).not.toContain("unconfirmed=1");
  });
});
