import { describe, expect, it } from "vitest";
import { and, desc, eq, isNull } from "drizzle-orm";
import { appUrl } from "~/config.server";
import { db } from "~/db/client.server";
import { emailConfirmationTokens, emailOutbox, memberships, users } from "~/db/schema";
import { verifyPassword } from "~/modules/auth/tokens.server";
import * as confirm from "~/routes/confirm-email.$token";
import * as register from "~/routes/groups.$groupId.register";
import * as signup from "~/routes/o.$slug.signup";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, PASSWORD, type Scenario } from "../../factories/scenario";

/**
 * Someone with a confirmed account at one agency signs up at another (finding 12 of the 6 Dec
 * review): the page answers as for any address, and the email offers to join the second agency
 * with the account they have — by a link that asks for that account's password.
 */

const mailsTo = (address: string) => db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, address)).orderBy(desc(emailOutbox.id));
const orgsOf = async (userId: string) =>
  (await db.select({ organizationId: memberships.organizationId, role: memberships.role }).from(memberships).where(eq(memberships.userId, userId)))
    .map((m) => `${m.organizationId}:${m.role}`)
    .sort();

async function signUpAt(s: Scenario, email: string, redirectTo: string) {
  return callRoute(signup, {
    path: `/o/${s.org.slug}/signup`,
    params: { slug: s.org.slug },
    form: { name: "Someone Typing", email, timezone: "Asia/Tokyo", password: "a-sign-up-password-1", confirmPassword: "a-sign-up-password-1", redirectTo },
  });
}

describe("signing up at another organisation with an existing account's address", () => {
  it("emails a link that joins that organisation with the account's own password and returns to the group", async () => {
    const x = await createOrgScenario();
    const y = await createOrgScenario();
    const pat = x.participant;
    const target = `/groups/${y.group.id}/register`;
    const [before] = await db.select().from(users).where(eq(users.id, pat.id));

    const answer = await signUpAt(y, pat.email, target);
    expect(answer.data).toEqual({ ok: true, sentTo: pat.email });
    // Nothing changes before the link is followed with the password.
    expect(await orgsOf(pat.id)).toEqual([`${x.org.id}:participant`]);
    const [mail] = await mailsTo(pat.email);
    expect(mail.subject).toBe("Someone tried to create an account with your address");
    expect(mail.textBody).toContain(`${appUrl()}/forgot-password`);
    expect(mail.textBody).toContain(`join ${y.org.name} with the account you have`);
    const link = new RegExp(`${appUrl()}(/confirm-email/([A-Za-z0-9_-]+)\\?redirectTo=\\S+)`).exec(mail.textBody)!;
    const [path, token] = [link[1].replace(/[.,]$/, ""), link[2]];

    const page = await callRoute(confirm, { path, params: { token } });
    expect(page.data).toMatchObject({ email: pat.email, purpose: "join", organization: y.org.name });

    // The password typed at the sign-up (not the account's) does nothing.
    const wrong = await callRoute(confirm, { path, params: { token }, form: { password: "a-sign-up-password-1" } });
    expect(wrong.status).toBe(400);
    expect((wrong.data as { errors: Record<string, string[]> }).errors.password).toEqual([
      "That is not your account's password. Try again, or choose a new one from the sign-in page (Forgot your password?).",
    ]);
    expect(await orgsOf(pat.id)).toEqual([`${x.org.id}:participant`]);

    // The account's password: a participant of Y too, signed in there, back at the group.
    const done = await callRoute(confirm, { path, params: { token }, form: { password: PASSWORD } });
    expect(done.status).toBe(302);
    expect(done.location).toBe(target);
    expect(await orgsOf(pat.id)).toEqual([`${x.org.id}:participant`, `${y.org.id}:participant`].sort());
    const cookie = done.headers!.get("set-cookie")!.split(";")[0];
    expect((await callRoute(register, { path: target, params: { groupId: y.group.id }, cookie })).status).toBe(200);
    // The account itself is as it was: name, zone, password.
    const [after] = await db.select().from(users).where(eq(users.id, pat.id));
    expect({ name: after.name, timezone: after.timezone, locale: after.locale }).toEqual({ name: before.name, timezone: before.timezone, locale: before.locale });
    expect(await verifyPassword(PASSWORD, after.passwordHash)).toBe(true);
    // Once.
    expect((await callRoute(confirm, { path, params: { token }, form: { password: PASSWORD } })).status).toBe(400);
  });

  it("offers no link to an organisation the account belongs to already", async () => {
    const x = await createOrgScenario();
    const answer = await signUpAt(x, x.participant.email, "/home");
    expect(answer.data).toEqual({ ok: true, sentTo: x.participant.email });
    const [mail] = await mailsTo(x.participant.email);
    expect(mail.textBody).not.toMatch(/confirm-email/);
    expect(await db.select().from(emailConfirmationTokens).where(and(eq(emailConfirmationTokens.userId, x.participant.id), isNull(emailConfirmationTokens.usedAt)))).toEqual([]);
  });
});
