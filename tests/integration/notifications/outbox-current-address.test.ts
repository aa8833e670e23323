import { and, eq, isNull, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appUrl } from "~/config.server";
import { db } from "~/db/client.server";
import { emailOutbox, enrolments, users } from "~/db/schema";
import { WALK_IN_EMAIL_DOMAIN } from "~/modules/attendance/walk-ins";
import { confirmEmail, updateProfile } from "~/modules/auth/mutations.server";
import { processOutbox } from "~/modules/notifications/mutations.server";
import { createTransport } from "~/modules/notifications/transport.server";
import { registerForGroup, updateWaitlistSettings, withdrawEnrolment } from "~/modules/registration/mutations.server";
import { createEmptyGroup, intake } from "../../factories/registration";
import { createOrgScenario, createPerson, PASSWORD, type Person, type Scenario } from "../../factories/scenario";
import { startSmtpServer } from "../../factories/smtp";

/**
 * The outbox kept the address a message was queued with. A person who moved their account to a
 * new address (profile change, confirmed by its link) while a message waited — a mail outage, a
 * quiet hour, a busy worker — still had it delivered to the old mailbox, which for someone in a
 * recovery group may be a shared family address or a former employer's. A message addressed to an
 * account now goes to the account's address at send time; messages about an address itself (the
 * new address's confirmation, the notice to the old one) keep their literal address. Checked on
 * the envelope a real SMTP server receives.
 */
let s: Scenario;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;

beforeAll(async () => {
  s = await createOrgScenario();
  smtp = await startSmtpServer();
}, 60_000);
afterAll(async () => {
  await smtp?.close();
});

async function deliver() {
  await processOutbox({ transport: createTransport(smtp.url), now: () => new Date(Date.now() + 1000) });
}
/** The envelope recipients and the To header the server received for an outbox row. */
function received(row: { messageId: string }) {
  const i = smtp.messages.findIndex((m) => m.messageId === row.messageId);
  if (i < 0) return undefined;
  return { envelopeTo: smtp.envelopes[i].to, headerTo: (smtp.messages[i].to as { text: string }).text, subject: smtp.messages[i].subject };
}
/** Moves `who` to `newEmail` the way the profile does: the change, then the link sent to the new address. */
async function changeEmail(who: Person, newEmail: string) {
  await updateProfile(who, { name: who.name, email: newEmail, timezone: who.timezone, locale: who.locale, currentPassword: PASSWORD }, { baseUrl: appUrl() });
  const [mail] = await db.select().from(emailOutbox).where(and(eq(emailOutbox.toAddress, newEmail), eq(emailOutbox.status, "pending")));
  const token = new RegExp(`${appUrl()}/confirm-email/([A-Za-z0-9_-]+)`).exec(mail.textBody)![1];
  await confirmEmail({ token });
  const [now] = await db.select({ email: users.email }).from(users).where(eq(users.id, who.id));
  expect(now.email).toBe(newEmail);
  return mail;
}

describe("a queued email addressed to an account goes to the account's address when it is sent", () => {
  it("follows an email change confirmed while it waited; the confirmation and the old address's notice keep their addresses", async () => {
    const group = await createEmptyGroup(s, 5, "Circle");
    const pat = await createPerson(s.org, "participant", { name: "Pat Moving" });
    const oldEmail = pat.email;
    await registerForGroup(pat, group.id, intake(), { baseUrl: appUrl() });
    const [registered] = await db.select().from(emailOutbox).where(and(like(emailOutbox.dedupeKey, "registered:%"), eq(emailOutbox.toUserId, pat.id)));
    expect(registered).toMatchObject({ status: "pending", toAddress: oldEmail, toUserId: pat.id });

    const newEmail = `moved-${pat.id.slice(0, 8)}@test.example`;
    const confirmation = await changeEmail(pat, newEmail);
    const [notice] = await db.select().from(emailOutbox).where(and(eq(emailOutbox.toAddress, oldEmail), eq(emailOutbox.status, "pending"), isNull(emailOutbox.toUserId)));
    expect(notice.subject).toBe("A change of your email address was asked for");

    await deliver();
    // The registration email: to the new address, envelope and header alike, and recorded so.
    expect(received(registered)).toMatchObject({ envelopeTo: [newEmail], headerTo: newEmail });
    const [after] = await db.select().from(emailOutbox).where(eq(emailOutbox.id, registered.id));
    expect(after).toMatchObject({ status: "sent", toAddress: newEmail });
    // Literal addresses: the confirmation went to the new address, the notice to the old one.
    expect(received(confirmation)?.envelopeTo).toEqual([newEmail]);
    expect(received(notice)?.envelopeTo).toEqual([oldEmail]);
    expect(smtp.envelopes.filter((e) => e.to.includes(oldEmail)).map((e) => e.messageId)).toEqual([notice.messageId]);
  });

  it("a seat email (its person named by the seat) follows the change too", async () => {
    const group = await createEmptyGroup(s, 1, "One seat");
    const holder = await createPerson(s.org, "participant");
    const wendy = await createPerson(s.org, "participant", { name: "Wendy Waiting" });
    for (const p of [holder, wendy]) await registerForGroup(p, group.id, intake(), { baseUrl: appUrl() });
    await updateWaitlistSettings(s.manager, group.id, { mode: "offer", offerHours: 48, shareNamesWithGroup: false }, { baseUrl: appUrl() });
    const [holding] = await db.select({ id: enrolments.id }).from(enrolments).where(and(eq(enrolments.groupId, group.id), eq(enrolments.userId, holder.id)));
    await withdrawEnrolment(holder, holding.id, { baseUrl: appUrl(), now: new Date() });
    const [offer] = await db.select().from(emailOutbox).where(and(like(emailOutbox.dedupeKey, "seat:%"), eq(emailOutbox.userId, wendy.id)));
    expect(offer).toMatchObject({ status: "pending", toAddress: wendy.email, toUserId: wendy.id });

    const newEmail = `wendy-${wendy.id.slice(0, 8)}@test.example`;
    await changeEmail(wendy, newEmail);
    await deliver();
    expect(received(offer)?.envelopeTo).toEqual([newEmail]);
  });

  it("is not sent when the account has no real address any more, and the reason is kept", async () => {
    const group = await createEmptyGroup(s, 5, "Gone");
    const kim = await createPerson(s.org, "participant");
    await registerForGroup(kim, group.id, intake(), { baseUrl: appUrl() });
    const [registered] = await db.select().from(emailOutbox).where(and(like(emailOutbox.dedupeKey, "registered:%"), eq(emailOutbox.toUserId, kim.id)));
    // The account's address is now a walk-in's placeholder: nobody's mailbox.
    await db.update(users).set({ email: `walk-in+${kim.id}@${WALK_IN_EMAIL_DOMAIN}` }).where(eq(users.id, kim.id));
    await deliver();
    expect(received(registered)).toBeUndefined();
    const [after] = await db.select().from(emailOutbox).where(eq(emailOutbox.id, registered.id));
    expect(after.status).toBe("failed");
    expect(after.lastError).toBe("not sent: since it was written, the account it is addressed to has no email address any more");
    expect(after.toAddress).toBe(kim.email);
  });
});
