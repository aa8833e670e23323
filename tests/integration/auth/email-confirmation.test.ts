import { afterAll, describe, expect, it } from "vitest";
import { and, desc, eq, isNull } from "drizzle-orm";
import { db } from "~/db/client.server";
import { appUrl } from "~/config.server";
import { emailConfirmationTokens, emailOutbox, users } from "~/db/schema";
import { changePassword, confirmEmail, createInvitation, requestPasswordReset, resetPassword, signIn } from "~/modules/auth/mutations.server";
import * as people from "~/routes/admin.people";
import * as confirm from "~/routes/confirm-email.$token";
import * as invite from "~/routes/invite.$token";
import * as signup from "~/routes/o.$slug.signup";
import * as profile from "~/routes/profile";
import { FORM, form, rawRequest } from "../../factories/http";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, PASSWORD, type Scenario } from "../../factories/scenario";
import { startAppServer, type AppServer } from "../../setup/app-server";

const mailsTo = (address: string) => db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, address)).orderBy(desc(emailOutbox.id));
const linkToken = (text: string) => {
  const match = new RegExp(`${appUrl()}/confirm-email/([A-Za-z0-9_-]+)`).exec(text);
  if (!match) throw new Error(`no confirmation link in:\n${text}`);
  return match[1];
};
const signUp = (s: Scenario, email: string, password = "a-long-password") =>
  callRoute(signup, {
    path: `/o/${s.org.slug}/signup`,
    params: { slug: s.org.slug },
    form: { name: "Nora New", email, timezone: "Europe/London", password, confirmPassword: password },
  });

describe("sign-up does not reveal whether an address has an account", () => {
  it("answers a new address and a taken one the same, without signing in", async () => {
    const s = await createOrgScenario();
    const fresh = await signUp(s, "nora@example.org");
    const taken = await signUp(s, s.participant.email.toUpperCase());
    expect(fresh.status).toBe(200);
    expect(taken.status).toBe(fresh.status);
    expect(fresh.data).toEqual({ ok: true, sentTo: "nora@example.org" });
    expect(taken.data).toEqual({ ok: true, sentTo: s.participant.email });
    expect(fresh.headers?.get("set-cookie") ?? null).toBeNull();

    // The new account waits for its address to be confirmed.
    const [nora] = await db.select().from(users).where(eq(users.email, "nora@example.org"));
    expect(nora.emailConfirmedAt).toBeNull();
    const [mail] = await mailsTo("nora@example.org");
    expect(mail.subject).toBe("Confirm your email address");
    const token = linkToken(mail.textBody);
    const stored = await db.select().from(emailConfirmationTokens).where(eq(emailConfirmationTokens.userId, nora.id));
    expect(stored).toHaveLength(1);
    expect(stored[0].tokenHash).not.toBe(token);
    expect(stored[0].expiresAt.getTime() - stored[0].createdAt.getTime()).toBe(24 * 3600_000);

    // The owner of the taken address is told instead; their account is untouched.
    const [notice] = await mailsTo(s.participant.email);
    expect(notice.subject).toBe("Someone tried to create an account with your address");
    expect(notice.textBody).toContain(`${appUrl()}/forgot-password`);
    expect(await db.select().from(users).where(eq(users.email, s.participant.email))).toHaveLength(1);
  });

  it("confirms the address and signs the person in when the link is followed, once", async () => {
    const s = await createOrgScenario();
    await signUp(s, "oren@example.org");
    const token = linkToken((await mailsTo("oren@example.org"))[0].textBody);
    const page = await callRoute(confirm, { path: `/confirm-email/${token}`, params: { token } });
    expect(page.data).toEqual({ email: "oren@example.org", purpose: "signup", organization: s.org.name, signedIn: false, next: "/home" });
    // The link proves the mailbox; the password chosen at sign-up proves the person who signed up.
    const done = await callRoute(confirm, { path: `/confirm-email/${token}`, params: { token }, form: { password: "a-long-password" } });
    expect(done.status).toBe(302);
    expect(done.location).toBe("/home");
    expect(done.headers!.get("set-cookie")).toMatch(/^gs_session=/);
    const [oren] = await db.select().from(users).where(eq(users.email, "oren@example.org"));
    expect(oren.emailConfirmedAt).not.toBeNull();
    const again = await callRoute(confirm, { path: `/confirm-email/${token}`, params: { token }, form: { password: "a-long-password" } });
    expect(again.status).toBe(400);
    expect((await callRoute(confirm, { path: `/confirm-email/${token}`, params: { token } })).data).toEqual({ email: null, purpose: null, organization: null, signedIn: false, next: "/home" });
  });

  it("refuses a link older than 24 hours", async () => {
    const s = await createOrgScenario();
    await signUp(s, "late@example.org");
    const token = linkToken((await mailsTo("late@example.org"))[0].textBody);
    await expect(confirmEmail({ token, password: "a-long-password", now: new Date(Date.now() + 24 * 3600_000 + 60_000) })).rejects.toThrow(/expired or was already used/);
  });

  it("shows staff which members have not confirmed their address", async () => {
    const s = await createOrgScenario();
    await signUp(s, "quinn@example.org");
    const [quinn] = await db.select().from(users).where(eq(users.email, "quinn@example.org"));
    const out = await callRoute(people, { path: "/admin/people", cookie: s.admin.cookie });
    const data = out.data as { unconfirmed: string[] };
    expect(data.unconfirmed).toEqual([quinn.id]);
  });

  it("confirms the address of a person who accepts an invitation", async () => {
    const s = await createOrgScenario();
    await createInvitation({ actor: s.admin, email: "ivy@example.org", role: "facilitator", baseUrl: appUrl() });
    const token = /invite\/([A-Za-z0-9_-]+)/.exec((await mailsTo("ivy@example.org"))[0].textBody)![1];
    const out = await callRoute(invite, {
      path: `/invite/${token}`,
      params: { token },
      form: { name: "Ivy", timezone: "UTC", password: "a-long-password", confirmPassword: "a-long-password" },
    });
    expect(out.status).toBe(302);
    const [ivy] = await db.select().from(users).where(eq(users.email, "ivy@example.org"));
    expect(ivy.emailConfirmedAt).not.toBeNull();
  });
});

describe("changing the email address on the profile", () => {
  const details = (s: Scenario, email: string, emailPassword?: string) => ({
    intent: "profile",
    name: s.participant.name,
    email,
    timezone: "America/New_York",
    locale: "en-US",
    ...(emailPassword === undefined ? {} : { emailPassword }),
  });

  it("needs the current password", async () => {
    const s = await createOrgScenario();
    const none = await callRoute(profile, { path: "/profile", cookie: s.participant.cookie, form: details(s, "new@example.org") });
    expect(none.status).toBe(400);
    expect((none.data as { errors: Record<string, string[]> }).errors.emailPassword).toEqual(["Enter your current password to change your email address."]);
    const wrong = await callRoute(profile, { path: "/profile", cookie: s.participant.cookie, form: details(s, "new@example.org", "not-my-password") });
    expect(wrong.status).toBe(400);
    expect(JSON.stringify(wrong.data)).not.toContain("not-my-password");
    expect(await mailsTo("new@example.org")).toHaveLength(0);
  });

  it("changes the address only when the link sent to the new address is followed, and tells the old one", async () => {
    const s = await createOrgScenario();
    const out = await callRoute(profile, { path: "/profile", cookie: s.participant.cookie, form: details(s, "moved@example.org", PASSWORD) });
    expect(out.status).toBe(200);
    expect(out.data).toEqual({ ok: true, saved: "profile", emailSentTo: "moved@example.org" });
    const [still] = await db.select().from(users).where(eq(users.id, s.participant.id));
    expect(still.email).toBe(s.participant.email);
    const [notice] = await mailsTo(s.participant.email);
    expect(notice.subject).toBe("A change of your email address was asked for");
    const token = linkToken((await mailsTo("moved@example.org"))[0].textBody);
    const done = await callRoute(confirm, { path: `/confirm-email/${token}`, params: { token }, form: {} });
    expect(done.status).toBe(302);
    const [moved] = await db.select().from(users).where(eq(users.id, s.participant.id));
    expect(moved.email).toBe("moved@example.org");
    expect(moved.emailConfirmedAt).not.toBeNull();
    // The link proves the mailbox, not the person: nobody is signed in by it.
    expect(done.location).toBe("/login?emailChanged=1");
    expect(done.headers?.get("set-cookie") ?? null).toBeNull();
  });

  it("voids a pending change when the password is reset or changed, so whoever asked for it keeps nothing", async () => {
    const s = await createOrgScenario();
    // Someone with the session and password for a moment asks to move the account to their address…
    await callRoute(profile, { path: "/profile", cookie: s.participant.cookie, form: details(s, "thief@example.org", PASSWORD) });
    const stolen = linkToken((await mailsTo("thief@example.org"))[0].textBody);
    // …then the owner resets the password.
    await requestPasswordReset({ email: s.participant.email, baseUrl: appUrl() });
    const reset = /reset-password\/([A-Za-z0-9_-]+)/.exec((await mailsTo(s.participant.email))[0].textBody)![1];
    expect(await resetPassword({ token: reset, password: "owners-new-password-9" })).toBe(true);
    const late = await callRoute(confirm, { path: `/confirm-email/${stolen}`, params: { token: stolen }, form: {} });
    expect(late.status).toBe(400);
    expect(late.headers?.get("set-cookie") ?? null).toBeNull();
    const [still] = await db.select().from(users).where(eq(users.id, s.participant.id));
    expect(still.email).toBe(s.participant.email);

    // The same after a password change on the profile.
    await callRoute(profile, { path: "/profile", cookie: s.otherParticipant.cookie, form: { ...details(s, "thief2@example.org", PASSWORD), name: s.otherParticipant.name } });
    const second = linkToken((await mailsTo("thief2@example.org"))[0].textBody);
    await changePassword(s.otherParticipant, { currentPassword: PASSWORD, newPassword: "owners-other-password-8" });
    expect((await callRoute(confirm, { path: `/confirm-email/${second}`, params: { token: second }, form: {} })).status).toBe(400);
  });

  it("answers the same when the new address belongs to another account, and tells that account's owner", async () => {
    const s = await createOrgScenario();
    const out = await callRoute(profile, { path: "/profile", cookie: s.participant.cookie, form: details(s, s.manager.email, PASSWORD) });
    expect(out.status).toBe(200);
    expect(out.data).toEqual({ ok: true, saved: "profile", emailSentTo: s.manager.email });
    const [notice] = await mailsTo(s.manager.email);
    expect(notice.subject).toBe("Someone tried to use your email address");
    expect(notice.textBody).not.toMatch(/confirm-email/);
    expect(await db.select().from(emailConfirmationTokens).where(and(eq(emailConfirmationTokens.userId, s.participant.id)))).toHaveLength(0);
    const [unchanged] = await db.select().from(users).where(eq(users.id, s.participant.id));
    expect(unchanged.email).toBe(s.participant.email);
  });
});

describe("sign-up over HTTP", () => {
  let app: AppServer | undefined;
  afterAll(async () => {
    await app?.stop();
  });

  it("sends the same page for a new address and a taken one", async () => {
    app = await startAppServer();
    const s = await createOrgScenario();
    const post = (email: string) =>
      rawRequest(app!.baseUrl, {
        path: `/o/${s.org.slug}/signup`,
        body: form({ name: "Nora New", email, timezone: "Europe/London", password: "a-long-password", confirmPassword: "a-long-password" }),
        headers: { "content-type": FORM, origin: app!.baseUrl },
      });
    const fresh = await post("http-fresh@example.org");
    const taken = await post(s.facilitator.email);
    expect(fresh.status).toBe(200);
    expect(taken.status).toBe(200);
    expect(fresh.headers["set-cookie"]).toBeUndefined();
    const normalise = (body: string, address: string) => body.replaceAll(address, "ADDRESS").replace(/nonce="[^"]*"/g, 'nonce=""')
        .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "REQUEST-ID"); // per-request id
    expect(normalise(taken.body, s.facilitator.email)).toBe(normalise(fresh.body, "http-fresh@example.org"));
    expect(fresh.body).toContain("we sent a link to <strong>http-fresh@example.org</strong> to confirm it");
  });
});

describe("an account signed up with someone else's address cannot be kept", () => {
  it("gives the password of the mailbox owner's own sign-up, refuses sign-in before confirmation, and ends earlier sessions", async () => {
    const s = await createOrgScenario();
    const victim = "vera@example.org";
    // An attacker signs up first with Vera's address and a password of their own.
    await signUp(s, victim, "attackers-secret-42");
    const early = await signIn({ email: victim, password: "attackers-secret-42", ip: "203.0.113.9" });
    expect(early).toEqual({ ok: false, reason: "unconfirmed" });
    // Vera signs up herself, gets a link in her mailbox and follows it.
    await signUp(s, victim, "veras-own-password-7");
    const [mail] = await mailsTo(victim);
    const { userId } = await confirmEmail({ token: linkToken(mail.textBody), password: "veras-own-password-7" });
    // The attacker's password does not open the account; Vera's does.
    expect((await signIn({ email: victim, password: "attackers-secret-42", ip: "203.0.113.9" })).ok).toBe(false);
    expect(await signIn({ email: victim, password: "veras-own-password-7", ip: "198.51.100.1" })).toEqual(expect.objectContaining({ ok: true, userId }));
    // The link of the attacker's sign-up (sent to Vera too) is void now.
    const open = await db
      .select()
      .from(emailConfirmationTokens)
      .where(and(eq(emailConfirmationTokens.userId, userId), isNull(emailConfirmationTokens.usedAt)));
    expect(open).toHaveLength(0);
  });
});

describe("a double-submitted sign-up", () => {
  it("answers both submissions normally and makes one account", async () => {
    const s = await createOrgScenario();
    const [a, b] = await Promise.all([signUp(s, "twice@example.org"), signUp(s, "twice@example.org")]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(await db.select().from(users).where(eq(users.email, "twice@example.org"))).toHaveLength(1);
  });
});
