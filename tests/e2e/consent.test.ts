import postgres from "postgres";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAccessible, expectHeading, launchBrowser, openTab, PHONE, signIn, url } from "./browser";
import { e2eApp } from "./app";

/**
 * Consent in a real browser: a participant of Fran's peer recovery circle agrees, on a phone, that
 * facilitators may see their email, and Fran's roster shows it; they revoke it and Fran's roster
 * no longer does. A fresh participant (the demo password) keeps the demo people untouched.
 */
let browser: Browser;
let sql: postgres.Sql;
let groupId: string;
const GROUP = "Tuesday Peer Recovery Circle";
const email = `rowan-${Date.now()}@example.org`;
const NAME = "Rowan Consent";

beforeAll(async () => {
  browser = await launchBrowser();
  sql = postgres(e2eApp.databaseUrl, { max: 2, onnotice: () => {} });
  const [group] = await sql<{ id: string; organization_id: string }[]>`select id, organization_id from groups where name = ${GROUP}`;
  groupId = group.id;
  const [user] = await sql<{ id: string }[]>`
    insert into users (name, email, timezone, password_hash, email_confirmed_at)
    select ${NAME}, ${email}, 'America/New_York', password_hash, now() from users where email = 'pat@riverside.example'
    returning id`;
  await sql`insert into memberships (user_id, organization_id, role) values (${user.id}, ${group.organization_id}, 'participant')`;
  await sql`insert into enrolments (group_id, user_id, organization_id, status) values (${group.id}, ${user.id}, ${group.organization_id}, 'enrolled')`;
});

afterAll(async () => {
  await browser?.close();
  await sql?.end();
});

/** Nothing wider than the phone's 390 px screen. */
async function expectNoSidewaysScroll(page: Page) {
  const widths = await page.evaluate(() => ({ content: document.documentElement.scrollWidth, screen: window.innerWidth }));
  expect(widths.content).toBeLessThanOrEqual(widths.screen);
}

async function rosterEmailCell(page: Page) {
  await page.goto(url(`/groups/${groupId}`));
  await expectHeading(page, GROUP);
  return page.getByRole("row", { name: new RegExp(NAME) }).getByRole("cell").nth(1).innerText();
}

describe("consent in a real browser", () => {
  it("a participant gives and then revokes a consent at /my/consents, and the facilitator's roster follows at once", async () => {
    const fran = await openTab(browser);
    await signIn(fran.page, "fran@riverside.example");
    // Never asked: Fran sees the name (taking part needs it) but not the email.
    expect(await rosterEmailCell(fran.page)).toBe("Not shared");
    await expectAccessible(fran.page);

    const rowan = await openTab(browser, { viewport: PHONE });
    await signIn(rowan.page, email);
    // Enrolled without ever being asked: home asks for their own answer first.
    await expectHeading(rowan.page, "Please tell us what we may share");
    await expectAccessible(rowan.page);
    await expectNoSidewaysScroll(rowan.page);
    await rowan.page.getByRole("link", { name: "Answer on My consents" }).click();
    await expectHeading(rowan.page, "My consents");
    const item = rowan.page.getByRole("article", { name: "Facilitators may see your email and phone" });
    await expect(item.innerText()).resolves.toContain("Not asked yet");
    await expectAccessible(rowan.page);
    await expectNoSidewaysScroll(rowan.page);
    await item.getByRole("button", { name: /Yes, I agree/ }).click();
    await rowan.page.getByText("Thank you, your answer is saved.").waitFor();
    await expect(item.innerText()).resolves.toContain("Your answer: Yes");
    await expect(item.innerText()).resolves.toContain("The group's facilitators may see my email address and phone number");
    await expectAccessible(rowan.page);
    await expectNoSidewaysScroll(rowan.page);

    expect(await rosterEmailCell(fran.page)).toBe(email);

    await item.getByRole("button", { name: /Revoke/ }).click();
    await rowan.page.getByText("Revoked. It is no longer shared, starting now.").waitFor();
    await expect(item.innerText()).resolves.toContain("Your answer: Revoked");
    await expectAccessible(rowan.page);
    await expectNoSidewaysScroll(rowan.page);

    expect(await rosterEmailCell(fran.page)).toBe("Not shared");
    await expect(fran.page.content()).resolves.not.toContain(email);
    await expectAccessible(fran.page);

    // The circle's printable sheet names Rowan (taking part needs it) under the 42 CFR 2.32 notice.
    const [session] = await sql<{ id: string }[]>`select id from sessions where group_id = ${groupId} order by abs(extract(epoch from starts_at - now())) limit 1`;
    await fran.page.goto(url(`/sessions/${session.id}/sheet`));
    await expectHeading(fran.page, "Notice (42 CFR 2.32)");
    await expect(fran.page.getByRole("region", { name: "Notice (42 CFR 2.32)" }).innerText()).resolves.toContain("prohibit you from making any further disclosure");
    await expect(fran.page.getByRole("table").innerText()).resolves.toContain(NAME);
    await expect(fran.page.content()).resolves.not.toContain(email);
    await expectAccessible(fran.page);

    const [audit] = await sql<{ n: number }[]>`
      select count(*)::int as n from audit_events a join users u on u.id::text = a.subject_id
      where u.email = ${email} and a.action in ('consent.give', 'consent.revoke')`;
    expect(audit.n).toBe(2);
    expect(fran.problems).toEqual([]);
    expect(rowan.problems).toEqual([]);
    await fran.context.close();
    await rowan.context.close();
  });

  it("works without JavaScript on a phone", async () => {
    const { page, problems, context } = await openTab(browser, { viewport: PHONE, javaScript: false });
    await signIn(page, email);
    await page.goto(url("/my/consents"));
    const item = page.getByRole("article", { name: "Other members may see your first name" });
    await item.getByRole("button", { name: /^No/ }).click();
    await page.getByText("Saved: this is not shared.").waitFor();
    await expect(item.innerText()).resolves.toContain("Your answer: No");
    await expectAccessible(page);
    await expectNoSidewaysScroll(page);
    expect(problems).toEqual([]);
    await context.close();
  });
});
