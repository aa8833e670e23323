import { beforeEach, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { db } from "~/db/client.server";
import { emailOutbox, rateLimitEvents, users } from "~/db/schema";
import { createInvitation, findOpenInvitation, requestPasswordReset, resetTokenIsUsable } from "~/modules/auth/mutations.server";
import { consumeRateLimit, RATE_LIMITS, type RateLimitName } from "~/modules/auth/rate-limits.server";
import * as forgot from "~/routes/forgot-password";
import * as invite from "~/routes/invite.$token";
import * as reset from "~/routes/reset-password.$token";
import * as signup from "~/routes/o.$slug.signup";
import * as profile from "~/routes/profile";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, PASSWORD } from "../../factories/scenario";

// callRoute sends no client address: every request here comes from "unknown".
async function fill(name: RateLimitName) {
  await db.insert(rateLimitEvents).values(Array.from({ length: RATE_LIMITS[name].limit }, () => ({ key: `${name}:unknown`, at: new Date() })));
}
const formError = (data: unknown) => (data as { formError: string }).formError;

beforeEach(async () => {
  await db.delete(rateLimitEvents);
});

describe("rate limits on forms that send mail or set passwords", () => {
  it("lets no more than the limit through when requests arrive in parallel", async () => {
    const results = await Promise.all(Array.from({ length: 25 }, () => consumeRateLimit("signup", "203.0.113.9")));
    expect(results.filter((r) => r.ok)).toHaveLength(10);
    const refused = results.find((r) => !r.ok);
    expect(refused && !refused.ok ? refused.message : "").toMatch(/^Too many requests: 10 accounts were created from your network in the last hour\. Try again in \d+ minutes?\.$/);
    expect(await db.select().from(rateLimitEvents).where(eq(rateLimitEvents.key, "signup:203.0.113.9"))).toHaveLength(10);
    // Other addresses and other forms are counted apart.
    expect((await consumeRateLimit("signup", "203.0.113.10")).ok).toBe(true);
    expect((await consumeRateLimit("forgot-password", "203.0.113.9")).ok).toBe(true);
  });

  it("lets requests through again once the hour has passed, pruning old rows", async () => {
    const t0 = new Date("2027-03-01T10:00:00Z");
    for (let i = 0; i < 20; i++) await consumeRateLimit("reset-password", "198.51.100.1", t0);
    expect((await consumeRateLimit("reset-password", "198.51.100.1", new Date(t0.getTime() + 59 * 60_000))).ok).toBe(false);
    expect((await consumeRateLimit("reset-password", "198.51.100.1", new Date(t0.getTime() + 61 * 60_000))).ok).toBe(true);
    expect(await db.select().from(rateLimitEvents).where(eq(rateLimitEvents.key, "reset-password:198.51.100.1"))).toHaveLength(1);
  });

  it("answers forgot-password with 429 over the limit and sends nothing", async () => {
    const s = await createOrgScenario();
    const outcomes = await Promise.all(
      Array.from({ length: 12 }, (_, i) => callRoute(forgot, { path: "/forgot-password", form: { email: `someone-${i}@nowhere.example` } })),
    );
    expect(outcomes.filter((o) => o.status === 200)).toHaveLength(10);
    expect(outcomes.filter((o) => o.status === 429)).toHaveLength(2);
    const out = await callRoute(forgot, { path: "/forgot-password", form: { email: s.participant.email } });
    expect(out.status).toBe(429);
    expect(out.headers!.get("retry-after")).toMatch(/^\d+$/);
    expect(formError(out.data)).toMatch(/^Too many requests: 10 password reset emails/);
    expect(await db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, s.participant.email))).toHaveLength(0);
  });

  it("answers sign-up with 429 over the limit and creates no account", async () => {
    const s = await createOrgScenario();
    await fill("signup");
    const out = await callRoute(signup, {
      path: `/o/${s.org.slug}/signup`,
      params: { slug: s.org.slug },
      form: { name: "Late Larry", email: "larry@test.example", timezone: "UTC", password: "a-long-password", confirmPassword: "a-long-password" },
    });
    expect(out.status).toBe(429);
    expect(formError(out.data)).toMatch(/^Too many requests/);
    expect(await db.select().from(users).where(eq(users.email, "larry@test.example"))).toHaveLength(0);
  });

  it("answers a new password on a reset link with 429 over the limit and keeps the link usable", async () => {
    const s = await createOrgScenario();
    await requestPasswordReset({ email: s.manager.email, baseUrl: "https://app.example" });
    const [mail] = await db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, s.manager.email));
    const token = /reset-password\/([A-Za-z0-9_-]+)/.exec(mail.textBody)![1];
    await fill("reset-password");
    const out = await callRoute(reset, { path: `/reset-password/${token}`, params: { token }, form: { password: "a-brand-new-password", confirmPassword: "a-brand-new-password" } });
    expect(out.status).toBe(429);
    expect(await resetTokenIsUsable(token)).toBe(true);
  });

  it("answers an invitation acceptance with 429 over the limit and keeps the invitation open", async () => {
    const s = await createOrgScenario();
    await createInvitation({ actor: s.admin, email: "newcomer@test.example", role: "facilitator", baseUrl: "https://app.example" });
    const [mail] = await db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, "newcomer@test.example"));
    const token = /invite\/([A-Za-z0-9_-]+)/.exec(mail.textBody)![1];
    await fill("accept-invitation");
    const out = await callRoute(invite, {
      path: `/invite/${token}`,
      params: { token },
      form: { name: "New Comer", timezone: "UTC", password: "a-long-password", confirmPassword: "a-long-password" },
    });
    expect(out.status).toBe(429);
    expect(await findOpenInvitation(token)).not.toBeNull();
    expect((await db.select({ n: sql<number>`count(*)::int` }).from(users).where(eq(users.email, "newcomer@test.example")))[0].n).toBe(0);
  });

  it("limits how often a signed-in person's current password can be tried on the profile", async () => {
    const s = await createOrgScenario();
    const change = (currentPassword: string) =>
      callRoute(profile, {
        path: "/profile",
        cookie: s.participant.cookie,
        form: { intent: "password", currentPassword, newPassword: "a-brand-new-password", confirmPassword: "a-brand-new-password" },
      });
    const guesses = await Promise.all(Array.from({ length: 12 }, (_, i) => change(`guess-number-${i}`)));
    expect(guesses.filter((o) => o.status === 400)).toHaveLength(10);
    expect(guesses.filter((o) => o.status === 429)).toHaveLength(2);
    const right = await change(PASSWORD);
    expect(right.status).toBe(429);
    expect(formError(right.data)).toMatch(/^Too many requests: 10 password checks were made for your account in the last hour/);
  });
});
