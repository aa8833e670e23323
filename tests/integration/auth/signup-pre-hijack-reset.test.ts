import { describe, expect, it } from "vitest";
import { and, desc, eq } from "drizzle-orm";
import { db } from "~/db/client.server";
import { auditEvents, authSessions, emailOutbox, memberships, users } from "~/db/schema";
import { createAuthSession } from "~/modules/auth/session.server";
import { verifyPassword } from "~/modules/auth/tokens.server";
import { signIn } from "~/modules/auth/mutations.server";
import * as forgot from "~/routes/forgot-password";
import * as resetPage from "~/routes/reset-password.$token";
import * as signup from "~/routes/o.$slug.signup";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Scenario } from "../../factories/scenario";

/**
 * Someone signs up with another person's address (name "Attacker Chosen Name", organisation X,
 * Tokyo, Spanish) and never confirms it. The owner, instead of signing up, uses "Forgot your
 * password?". Before, the reset made the account theirs but kept the attacker's name, organisation
 * membership, zone and language. A reset of a never-confirmed account is the owner's first
 * confirmation: the page asks for their own name and zone, the language is the page's, the
 * memberships unconfirmed sign-ups created go (a staff-made one stays), and every session ends.
 */
const ATTACKER = { name: "Attacker Chosen Name", timezone: "Asia/Tokyo", locale: "es-ES", password: "attackers-secret-42" };
const OWNER = { name: "Vera Owner", timezone: "America/Chicago", password: "veras-own-password-7" };

async function attackerSignsUp(s: Scenario, email: string) {
  const out = await callRoute(signup, {
    path: `/o/${s.org.slug}/signup`,
    params: { slug: s.org.slug },
    form: { name: ATTACKER.name, email, timezone: ATTACKER.timezone, locale: ATTACKER.locale, password: ATTACKER.password, confirmPassword: ATTACKER.password },
  });
  expect(out.data).toEqual({ ok: true, sentTo: email });
}

/** The owner asks for a reset link (in English, on the forgot-password page) and reads it from their mailbox. */
async function ownersResetLink(email: string) {
  await callRoute(forgot, { path: "/forgot-password", form: { email }, headers: { "accept-language": "en-GB" } });
  const [mail] = await db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, email)).orderBy(desc(emailOutbox.id)).limit(1);
  return /reset-password\/([A-Za-z0-9_-]+)/.exec(mail.textBody)![1];
}

const open = (token: string) => callRoute(resetPage, { path: `/reset-password/${token}`, params: { token }, headers: { "accept-language": "en-GB" } });
const post = (token: string, form: Record<string, string>) => callRoute(resetPage, { path: `/reset-password/${token}`, params: { token }, form, headers: { "accept-language": "en-GB" } });
const account = async (email: string) => (await db.select().from(users).where(eq(users.email, email)))[0];
const membershipsOf = async (userId: string) => (await db.select({ organizationId: memberships.organizationId }).from(memberships).where(eq(memberships.userId, userId))).map((m) => m.organizationId);

describe("a password reset of an account someone else signed up with and never confirmed", () => {
  it("asks the owner for their own details and keeps nothing of the sign-up: not its name, organisation, zone or language; every session ends", async () => {
    const x = await createOrgScenario();
    const email = "vera-reset@example.org";
    await attackerSignsUp(x, email);
    const before = await account(email);
    expect(await membershipsOf(before.id)).toEqual([x.org.id]);
    // A session the account had somehow (none should exist before confirmation): it ends too.
    await createAuthSession(before.id, x.org.id);

    const token = await ownersResetLink(email);
    expect((await open(token)).data).toEqual({ usable: true, newPerson: true });
    // The password alone is not enough: the owner's name and zone are asked for, and nothing changes meanwhile.
    const bare = await post(token, { password: OWNER.password, confirmPassword: OWNER.password });
    expect(bare.status).toBe(400);
    expect(Object.keys((bare.data as { errors: Record<string, string[]> }).errors)).toContain("name");
    expect(await account(email)).toEqual(before);

    const done = await post(token, { name: OWNER.name, timezone: OWNER.timezone, password: OWNER.password, confirmPassword: OWNER.password });
    expect(done.status).toBe(302);
    expect(done.location).toBe("/login?reset=1&newPerson=1");
    const after = await account(email);
    expect(after).toMatchObject({ name: OWNER.name, timezone: OWNER.timezone, locale: "en-GB" });
    expect(after.emailConfirmedAt).not.toBeNull();
    expect(await verifyPassword(OWNER.password, after.passwordHash)).toBe(true);
    expect(await membershipsOf(after.id)).toEqual([]);
    expect(await db.select().from(authSessions).where(eq(authSessions.userId, after.id))).toEqual([]);
    const [event] = await db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, after.id), eq(auditEvents.action, "account.password_reset")));
    expect(event.after).toEqual({ firstConfirmation: true });
    // Signing in works and says the account belongs to no organisation yet (not X).
    expect(await signIn({ email, password: OWNER.password, ip: "192.0.2.40" })).toMatchObject({ ok: false, reason: "no-membership" });
  });

  it("keeps a membership staff created for the address (a walk-in), and drops the one the sign-up made", async () => {
    const x = await createOrgScenario();
    const y = await createOrgScenario();
    const email = "walkin-reset@example.org";
    await attackerSignsUp(y, email);
    // Then a facilitator of X records a walk-in with this address: a staff-made membership of the same account.
    const person = await account(email);
    await db.insert(memberships).values({ userId: person.id, organizationId: x.org.id, role: "participant" });
    expect((await membershipsOf(person.id)).sort()).toEqual([x.org.id, y.org.id].sort());
    const token = await ownersResetLink(email);
    expect((await post(token, { name: "Wanda Walker", timezone: "America/New_York", password: OWNER.password, confirmPassword: OWNER.password })).status).toBe(302);
    expect(await membershipsOf(person.id)).toEqual([x.org.id]);
    expect((await account(email)).name).toBe("Wanda Walker");
    expect(await signIn({ email, password: OWNER.password, ip: "192.0.2.41" })).toMatchObject({ ok: true, organizationId: x.org.id });
  });

  it("a confirmed account's reset asks only for the password and changes nothing else", async () => {
    const x = await createOrgScenario();
    const token = await ownersResetLink(x.participant.email);
    expect((await open(token)).data).toEqual({ usable: true, newPerson: false });
    const before = await account(x.participant.email);
    const done = await post(token, { name: "Ignored", timezone: "Asia/Tokyo", password: OWNER.password, confirmPassword: OWNER.password });
    expect(done.location).toBe("/login?reset=1");
    const after = await account(x.participant.email);
    expect(after).toMatchObject({ name: before.name, timezone: before.timezone, locale: before.locale });
    expect(await membershipsOf(after.id)).toEqual([x.org.id]);
  });
});
