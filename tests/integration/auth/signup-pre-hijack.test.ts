import { describe, expect, it } from "vitest";
import { and, desc, eq, isNull } from "drizzle-orm";
import { appUrl } from "~/config.server";
import { db } from "~/db/client.server";
import { auditEvents, authSessions, emailConfirmationTokens, emailOutbox, memberships, rateLimitEvents, users } from "~/db/schema";
import { createInvitation, requestPasswordReset, resetPassword, signIn } from "~/modules/auth/mutations.server";
import { createAuthSession } from "~/modules/auth/session.server";
import { verifyPassword } from "~/modules/auth/tokens.server";
import * as confirm from "~/routes/confirm-email.$token";
import * as invite from "~/routes/invite.$token";
import * as signup from "~/routes/o.$slug.signup";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Scenario } from "../../factories/scenario";

/**
 * Someone signs up first with another person's address (finding 3 and 2 of the 6 Dec review):
 * nothing of that sign-up may survive the owner's own — not its password, name, zone, language or
 * organisation, nor any session — and the owner following a link they did not ask for must not
 * give the account a password they never chose.
 */

const ATTACKER = { name: "Attacker Chosen Name", timezone: "Asia/Tokyo", locale: "es-ES", password: "attackers-secret-42" };
const OWNER = { name: "Vera Owner", timezone: "America/Chicago", locale: "en-GB", password: "veras-own-password-7" };
type SignUp = typeof ATTACKER;

async function signUpAt(s: Scenario, email: string, who: SignUp) {
  const out = await callRoute(signup, {
    path: `/o/${s.org.slug}/signup`,
    params: { slug: s.org.slug },
    form: { name: who.name, email, timezone: who.timezone, locale: who.locale, password: who.password, confirmPassword: who.password },
  });
  expect(out.data).toEqual({ ok: true, sentTo: email });
  const [mail] = await db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, email)).orderBy(desc(emailOutbox.id)).limit(1);
  const token = new RegExp(`${appUrl()}/confirm-email/([A-Za-z0-9_-]+)`).exec(mail.textBody)![1];
  return { token, mail };
}

const follow = (token: string, password: string | undefined, ip = "192.0.2.10") =>
  callRoute(confirm, {
    path: `/confirm-email/${token}`,
    params: { token },
    form: password === undefined ? {} : { password },
    headers: { "x-client-ip": ip },
  });
const account = async (email: string) => (await db.select().from(users).where(eq(users.email, email)))[0];
const membershipsOf = async (userId: string) =>
  (await db.select({ organizationId: memberships.organizationId, role: memberships.role }).from(memberships).where(eq(memberships.userId, userId))).map(
    (m) => `${m.organizationId}:${m.role}`,
  );
const errorsOf = (data: unknown) => (data as { errors: Record<string, string[]> }).errors;

describe("a sign-up made first with the owner's address", () => {
  it("is void once the owner signs up: its link confirms nothing, and the owner's confirmation applies the owner's sign-up whole and ends every session", async () => {
    const x = await createOrgScenario();
    const y = await createOrgScenario();
    const email = "vera@example.org";
    const first = await signUpAt(x, email, ATTACKER);
    const second = await signUpAt(y, email, OWNER);
    // The owner's own email greets them by the name they typed, in the language they chose.
    expect(second.mail.textBody).toContain("Vera Owner");
    expect(second.mail.textBody).not.toContain(ATTACKER.name);
    const before = await account(email);
    // A session the account somehow had before its address was proven (none should exist).
    await createAuthSession(before.id, x.org.id);

    // The first (attacker's) link: refused as used, with either password; nothing changes.
    expect((await callRoute(confirm, { path: `/confirm-email/${first.token}`, params: { token: first.token } })).data).toMatchObject({ email: null });
    for (const password of [ATTACKER.password, OWNER.password]) {
      const refused = await follow(first.token, password);
      expect(refused.status).toBe(400);
      expect(errorsOf(refused.data)._form).toEqual(["This link has expired or was already used."]);
      expect(refused.headers?.get("set-cookie") ?? null).toBeNull();
    }
    expect(await account(email)).toEqual(before);
    expect(await membershipsOf(before.id)).toEqual([`${x.org.id}:participant`]);

    // The second (owner's) link with the owner's password.
    const page = await callRoute(confirm, { path: `/confirm-email/${second.token}`, params: { token: second.token } });
    expect(page.data).toMatchObject({ email, purpose: "signup", organization: y.org.name });
    const done = await follow(second.token, OWNER.password);
    expect(done.status).toBe(302);
    expect(done.headers!.get("set-cookie")).toMatch(/^gs_session=/);
    const after = await account(email);
    expect(after.emailConfirmedAt).not.toBeNull();
    expect({ name: after.name, timezone: after.timezone, locale: after.locale }).toEqual({ name: OWNER.name, timezone: OWNER.timezone, locale: OWNER.locale });
    expect(await verifyPassword(OWNER.password, after.passwordHash)).toBe(true);
    expect(await verifyPassword(ATTACKER.password, after.passwordHash)).toBe(false);
    // A member of the owner's organisation only: the attacker's sign-up's membership is gone.
    expect(await membershipsOf(after.id)).toEqual([`${y.org.id}:participant`]);
    // Only the session the link just opened, in the owner's organisation.
    const sessions = await db.select().from(authSessions).where(eq(authSessions.userId, after.id));
    expect(sessions.map((r) => r.organizationId)).toEqual([y.org.id]);
    // The attacker's password never works; the owner's opens Y.
    expect((await signIn({ email, password: ATTACKER.password, ip: "203.0.113.9" })).ok).toBe(false);
    expect(await signIn({ email, password: OWNER.password, ip: "198.51.100.1" })).toEqual({ ok: true, userId: after.id, organizationId: y.org.id });
    // No link of the account is open, and the first one still confirms nothing.
    expect(await db.select().from(emailConfirmationTokens).where(and(eq(emailConfirmationTokens.userId, after.id), isNull(emailConfirmationTokens.usedAt)))).toEqual([]);
    expect((await follow(first.token, ATTACKER.password)).status).toBe(400);
    // Y's trail records the sign-up taking effect there.
    const trail = await db.select({ action: auditEvents.action }).from(auditEvents).where(and(eq(auditEvents.organizationId, y.org.id), eq(auditEvents.subjectId, after.id)));
    expect(trail.map((e) => e.action).sort()).toEqual(["account.email_confirm", "account.signup"]);
  });

  it("cannot be confirmed by the owner following its link: the password chosen at that sign-up is asked for, and nothing changes without it", async () => {
    const x = await createOrgScenario();
    const email = "unasked@example.org";
    const { token } = await signUpAt(x, email, ATTACKER);
    const before = await account(email);
    // The owner, who never signed up, opens the email and tries their usual password (or none).
    const none = await follow(token, undefined);
    expect(none.status).toBe(400);
    expect(errorsOf(none.data).password).toEqual(["Enter the password you chose when you created your account."]);
    const guess = await follow(token, OWNER.password);
    expect(guess.status).toBe(400);
    expect(errorsOf(guess.data).password).toEqual([
      "That is not the password chosen when this account was created. Try again, or create your account again to get a new link.",
    ]);
    expect(guess.headers?.get("set-cookie") ?? null).toBeNull();
    expect(await account(email)).toEqual(before);
    expect(await db.select().from(authSessions).where(eq(authSessions.userId, before.id))).toEqual([]);
    // The attacker's password still opens nothing: the account stays unconfirmed.
    expect(await signIn({ email, password: ATTACKER.password, ip: "203.0.113.9" })).toEqual({ ok: false, reason: "unconfirmed" });
    // The link is still there for whoever holds both the mailbox and that password (a typo is not fatal).
    expect((await callRoute(confirm, { path: `/confirm-email/${token}`, params: { token } })).data).toMatchObject({ email, purpose: "signup", organization: x.org.name });
  });

  it("counts wrong passwords on confirmation pages per address, and gives back the right one's", async () => {
    const x = await createOrgScenario();
    const email = "counted@example.org";
    const { token } = await signUpAt(x, email, OWNER);
    const ip = "192.0.2.77";
    for (let i = 0; i < 19; i++) expect((await follow(token, "not-the-password-1", ip)).status).toBe(400);
    const done = await follow(token, OWNER.password, ip);
    expect(done.status).toBe(302);
    expect(await db.select().from(rateLimitEvents).where(eq(rateLimitEvents.key, `confirm-email:${ip}`))).toHaveLength(19);
    const other = await signUpAt(x, "counted2@example.org", OWNER);
    expect((await follow(other.token, "not-the-password-1", ip)).status).toBe(400);
    const refused = await follow(other.token, OWNER.password, ip);
    expect(refused.status).toBe(429);
    expect((await account("counted2@example.org")).emailConfirmedAt).toBeNull();
  });

  it("keeps a membership staff created for the address (a walk-in) and adds the organisation signed up at", async () => {
    const x = await createOrgScenario();
    const y = await createOrgScenario();
    const email = "walkin@example.org";
    // A facilitator of X recorded this person as a walk-in with their address: unconfirmed, no password.
    const [person] = await db.insert(users).values({ email, name: "Wanda Walk-in", timezone: "America/New_York" }).returning();
    await db.insert(memberships).values({ userId: person.id, organizationId: x.org.id, role: "participant" });
    const { token } = await signUpAt(y, email, OWNER);
    expect((await follow(token, OWNER.password)).status).toBe(302);
    expect((await membershipsOf(person.id)).sort()).toEqual([`${x.org.id}:participant`, `${y.org.id}:participant`].sort());
    expect((await account(email)).name).toBe(OWNER.name);
  });

  it("is void after the owner resets the password instead", async () => {
    const x = await createOrgScenario();
    const email = "resetter@example.org";
    const { token } = await signUpAt(x, email, ATTACKER);
    await requestPasswordReset({ email, baseUrl: appUrl() });
    const [mail] = await db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, email)).orderBy(desc(emailOutbox.id)).limit(1);
    const reset = /reset-password\/([A-Za-z0-9_-]+)/.exec(mail.textBody)![1];
    // The account never had a confirmed owner: the reset is the owner's first confirmation, with their own details (signup-pre-hijack-reset.test.ts).
    expect(await resetPassword({ token: reset, password: OWNER.password, newPerson: { name: OWNER.name, timezone: OWNER.timezone, locale: "en-GB" } })).toBe("new-person");
    const late = await follow(token, ATTACKER.password);
    expect(late.status).toBe(400);
    expect(errorsOf(late.data)._form).toEqual(["This link has expired or was already used."]);
    expect(await verifyPassword(OWNER.password, (await account(email)).passwordHash)).toBe(true);
  });

  it("does not stop the owner accepting an invitation: the invitee claims the unconfirmed account as a new person", async () => {
    const x = await createOrgScenario();
    const y = await createOrgScenario();
    const email = "invited@example.org";
    const { token: attackers } = await signUpAt(x, email, ATTACKER);
    await createInvitation({ actor: y.admin, email, role: "facilitator", baseUrl: appUrl() });
    const [mail] = await db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, email)).orderBy(desc(emailOutbox.id)).limit(1);
    const token = /invite\/([A-Za-z0-9_-]+)/.exec(mail.textBody)![1];
    // Before: "You already have an account: enter its password" — the attacker's, which the owner never knew.
    const page = await callRoute(invite, { path: `/invite/${token}`, params: { token } });
    expect((page.data as { invitation: { hasAccount: boolean } }).invitation.hasAccount).toBe(false);
    const accepted = await callRoute(invite, {
      path: `/invite/${token}`,
      params: { token },
      form: { name: OWNER.name, timezone: OWNER.timezone, password: OWNER.password, confirmPassword: OWNER.password },
    });
    expect(accepted.status).toBe(302);
    const after = await account(email);
    expect(after.emailConfirmedAt).not.toBeNull();
    expect({ name: after.name, timezone: after.timezone }).toEqual({ name: OWNER.name, timezone: OWNER.timezone });
    expect(await verifyPassword(OWNER.password, after.passwordHash)).toBe(true);
    expect(await membershipsOf(after.id)).toEqual([`${y.org.id}:facilitator`]);
    expect((await signIn({ email, password: ATTACKER.password, ip: "203.0.113.9" })).ok).toBe(false);
    expect((await follow(attackers, ATTACKER.password)).status).toBe(400);
  });
});
