import postgres from "postgres";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAccessible, expectHeading, hydrated, launchBrowser, openTab, PHONE, signIn, url } from "./browser";
import { e2eApp } from "./app";

/** Someone taps a group's link in a text message: the public group page on a phone, signed out. */
let browser: Browser;
let sql: postgres.Sql;

beforeAll(async () => {
  browser = await launchBrowser();
  sql = postgres(e2eApp.databaseUrl, { max: 1, onnotice: () => {} });
});

afterAll(async () => {
  await browser?.close();
  await sql?.end();
});

describe("a group's public page opened from a text message", () => {
  it("names the language the group meets in ('in English', 'en inglés'), not its code ('language en')", async () => {
    const [group] = await sql<{ id: string }[]>`select id from groups where name = 'Budgeting Basics' and language = 'en' limit 1`;
    const { page, context } = await openTab(browser, { viewport: PHONE });
    await page.goto(url(`/o/riverside/groups/${group.id}`));
    await expectHeading(page, "Budgeting Basics");
    const facts = page.locator("main p").filter({ hasText: "Room 2" }).first();
    await expect(facts.innerText()).resolves.toContain("· in English");
    await expect(facts.innerText()).resolves.not.toContain("language en");
    await expectAccessible(page);
    // Half-way through, the reader switches to Spanish in the header.
    expect(await hydrated(page)).toBe(true);
    await page.locator("#header-locale").selectOption("es-US");
    await page.locator(".language-switch button").click();
    await page.waitForFunction(() => document.documentElement.lang.startsWith("es"));
    await expect.poll(() => page.locator("main p").filter({ hasText: "Room 2" }).first().innerText()).toContain("· en inglés");
    await expectAccessible(page);
    await context.close();
  });

  it("the group's own page, signed in, says 'in English' too", async () => {
    const [group] = await sql<{ id: string }[]>`select id from groups where name = 'Budgeting Basics' and language = 'en' limit 1`;
    const { page, context } = await openTab(browser, { viewport: PHONE });
    await signIn(page, "manager@riverside.example");
    await page.goto(url(`/groups/${group.id}`));
    await expectHeading(page, "Budgeting Basics");
    const about = page.locator("main p.muted").first();
    await expect(about.innerText()).resolves.toContain("· in English");
    await expect(about.innerText()).resolves.not.toContain("language en");
    await expectAccessible(page);
    await context.close();
  });
});
