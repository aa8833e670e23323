import { desc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { appUrl } from "~/config.server";
import { db } from "~/db/client.server";
import { emailOutbox } from "~/db/schema";
import * as confirm from "~/routes/confirm-email.$token";
import * as signup from "~/routes/o.$slug.signup";
import { callRoute } from "../../factories/requests";
import { createOrgScenario, type Scenario } from "../../factories/scenario";

const password = "a-long-password";
async function signUpFrom(s: Scenario, email: string, redirectTo: string) {
  const page = await callRoute(signup, { path: `/o/${s.org.slug}/signup?redirectTo=${encodeURIComponent(redirectTo)}`, params: { slug: s.org.slug } });
  const carried = (page.data as { redirectTo: string }).redirectTo;
  await callRoute(signup, {
    path: `/o/${s.org.slug}/signup`,
    params: { slug: s.org.slug },
    form: { name: "Quinn Return", email, timezone: "America/Denver", password, confirmPassword: password, redirectTo: carried },
  });
  const [mail] = await db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, email)).orderBy(desc(emailOutbox.id));
  const link = new RegExp(`${appUrl()}(/confirm-email/[A-Za-z0-9_-]+(\\?\\S*)?)`).exec(mail.textBody)![1];
  return { carried, link };
}

describe("signing up from Join", () => {
  it("carries the registration's path through the emailed link and opens it once the address is confirmed", async () => {
    const s = await createOrgScenario();
    const target = `/groups/${s.group.id}/register`;
    const { carried, link } = await signUpFrom(s, "quinn@example.org", target);
    expect(carried).toBe(target);
    const url = new URL(link, appUrl());
    expect(url.searchParams.get("redirectTo")).toBe(target);
    const token = url.pathname.split("/").pop()!;
    const done = await callRoute(confirm, { path: link, params: { token }, form: { password } });
    expect(done.status).toBe(302);
    expect(done.location).toBe(target);
  });

  it("Back to the used link once signed in offers to continue to the group, not to sign in (which went home)", async () => {
    const s = await createOrgScenario();
    const target = `/groups/${s.group.id}/register`;
    const { link } = await signUpFrom(s, "quinn.back@example.org", target);
    const token = new URL(link, appUrl()).pathname.split("/").pop()!;
    const done = await callRoute(confirm, { path: link, params: { token }, form: { password } });
    const cookie = done.headers!.get("set-cookie")!.split(";")[0];
    const back = await callRoute(confirm, { path: link, params: { token }, cookie });
    expect(back.data).toMatchObject({ email: null, signedIn: true, next: target });
    // Signed out, the same used link still says to sign in.
    const stranger = await callRoute(confirm, { path: link, params: { token } });
    expect(stranger.data).toMatchObject({ email: null, signedIn: false });
  });

  it("never leaves the site: another origin or a protocol-relative path goes home", async () => {
    const s = await createOrgScenario();
    const { carried, link } = await signUpFrom(s, "rae@example.org", "//evil.example/x");
    expect(carried).toBe("/home");
    expect(link).not.toContain("redirectTo");
    const token = new URL(link, appUrl()).pathname.split("/").pop()!;
    const forged = await callRoute(confirm, { path: `/confirm-email/${token}?redirectTo=${encodeURIComponent("https://evil.example/")}`, params: { token }, form: { password } });
    expect(forged.location).toBe("/home");
  });
});
