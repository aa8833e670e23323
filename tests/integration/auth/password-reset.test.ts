import { describe, expect, it } from "vitest";
import { desc, eq } from "drizzle-orm";
import { db } from "~/db/client.server";
import { auditEvents, authSessions, emailOutbox, passwordResetTokens } from "~/db/schema";
import { requestPasswordReset, resetPassword, resetTokenIsUsable, signIn } from "~/modules/auth/mutations.server";
import * as login from "~/routes/login";
import { createOrgScenario, PASSWORD } from "../../factories/scenario";
import { callRoute } from "../../factories/requests";

function tokenFromOutbox(text: string): string {
  const match = /reset-password\/([A-Za-z0-9_-]+)/.exec(text);
  if (!match) throw new Error("no reset link in the email");
  return match[1];
}

describe("password reset", () => {
  it("emails a single-use link that expires after one hour and ends existing sessions", async () => {
    const s = await createOrgScenario();
    const now = new Date("2027-03-01T10:00:00Z");
    await requestPasswordReset({ email: s.participant.email, baseUrl: "https://app.example", now });
    const [mail] = await db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, s.participant.email)).orderBy(desc(emailOutbox.id));
    expect(mail.subject).toBe("Reset your password");
    const token = tokenFromOutbox(mail.textBody);
    expect(Buffer.from(token, "base64url").length).toBeGreaterThanOrEqual(16);
    // Stored hashed only.
    const stored = await db.select().from(passwordResetTokens);
    expect(stored.some((r) => r.tokenHash === token)).toBe(false);

    expect(await resetTokenIsUsable(token, new Date(now.getTime() + 59 * 60_000))).toBe(true);
    expect(await resetTokenIsUsable(token, new Date(now.getTime() + 61 * 60_000))).toBe(false);

    const ok = await resetPassword({ token, password: "a-brand-new-password", now: new Date(now.getTime() + 60_000) });
    expect(ok).toBe(true);
    const again = await resetPassword({ token, password: "another-password-xx", now: new Date(now.getTime() + 120_000) });
    expect(again).toBe(false);
    expect(await db.select().from(authSessions).where(eq(authSessions.userId, s.participant.id))).toHaveLength(0);

    const signedIn = await signIn({ email: s.participant.email, password: "a-brand-new-password", ip: "10.0.0.1" });
    expect(signedIn.ok).toBe(true);
    const old = await signIn({ email: s.participant.email, password: PASSWORD, ip: "10.0.0.1" });
    expect(old.ok).toBe(false);
    const audit = await db.select().from(auditEvents).where(eq(auditEvents.action, "account.password_reset"));
    expect(audit).toHaveLength(1);
  });

  it("rejects an expired link", async () => {
    const s = await createOrgScenario();
    const now = new Date("2027-03-01T10:00:00Z");
    await requestPasswordReset({ email: s.manager.email, baseUrl: "https://app.example", now });
    const [mail] = await db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, s.manager.email));
    const token = tokenFromOutbox(mail.textBody);
    expect(await resetPassword({ token, password: "too-late-password", now: new Date(now.getTime() + 3_600_001) })).toBe(false);
  });

  it("sends at most 3 reset emails an hour to one account", async () => {
    const s = await createOrgScenario();
    const now = new Date("2027-03-01T10:00:00Z");
    for (let i = 0; i < 5; i++) {
      await requestPasswordReset({ email: s.facilitator.email, baseUrl: "https://app.example", now: new Date(now.getTime() + i * 60_000) });
    }
    expect(await db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, s.facilitator.email))).toHaveLength(3);
    await requestPasswordReset({ email: s.facilitator.email, baseUrl: "https://app.example", now: new Date(now.getTime() + 61 * 60_000) });
    expect(await db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, s.facilitator.email))).toHaveLength(4);
  });

  it("says nothing about whether an account exists", async () => {
    const before = await db.select().from(emailOutbox);
    await requestPasswordReset({ email: "nobody@nowhere.example", baseUrl: "https://app.example" });
    const after = await db.select().from(emailOutbox);
    expect(after.length).toBe(before.length);
  });
});

describe("sign-in throttling", () => {
  it("blocks an account after 5 failures with a clear message, without crashing", async () => {
    const s = await createOrgScenario();
    for (let i = 0; i < 5; i++) {
      const out = await callRoute(login, { path: "/login", form: { email: s.facilitator.email, password: "wrong" } });
      expect(out.status).toBe(400);
    }
    const blocked = await callRoute(login, { path: "/login", form: { email: s.facilitator.email, password: PASSWORD } });
    expect(blocked.status).toBe(429);
    expect((blocked.data as { formError: string }).formError).toMatch(/Too many attempts from this device; wait 15 minutes or reset your password/);
  });

  it("signs in with the right password and sets an HttpOnly SameSite=Lax cookie", async () => {
    const s = await createOrgScenario();
    const out = await callRoute(login, { path: "/login", form: { email: s.participant.email.toUpperCase(), password: PASSWORD } });
    expect(out.status).toBe(302);
    expect(out.location).toBe("/home");
    const cookie = out.headers!.get("set-cookie")!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
  });
});
