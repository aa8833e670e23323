import { readFileSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAccessible, expectHeading, launchBrowser, mainNav, openTab, PHONE, signIn, url } from "./browser";

/**
 * Accounting of disclosures in a real browser: the manager opens Pat's service plan; Pat, on a
 * phone, finds it under "Who has seen my records"; the administrator finds the same read in the
 * audit trail, filtered by Pat, and downloads it.
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Nothing wider than the phone's 390 px screen. */
async function expectNoSidewaysScroll(page: Page) {
  const widths = await page.evaluate(() => ({ content: document.documentElement.scrollWidth, screen: window.innerWidth }));
  expect(widths.content).toBeLessThanOrEqual(widths.screen);
}

describe("who has seen my records", () => {
  it("a manager's read of Pat's plan shows on Pat's phone and in the administrator's audit trail", async () => {
    const manager = await openTab(browser);
    await signIn(manager.page, "manager@riverside.example");
    await manager.page.goto(url("/outcomes"));
    await manager.page.getByRole("link", { name: "Pat Participant" }).click();
    await expectHeading(manager.page, "Goals and outcomes: Pat Participant");
    expect(manager.problems).toEqual([]);
    await manager.context.close();

    const pat = await openTab(browser, { viewport: PHONE });
    await signIn(pat.page, "pat@riverside.example");
    await (await mainNav(pat.page)).getByRole("link", { name: "Who has seen my records" }).click();
    await expectHeading(pat.page, "Who has seen my records");
    const first = pat.page.locator("ol.disclosures > li").first();
    await expect(first.innerText()).resolves.toMatch(/Viewed: Your goals and service plan[\s\S]*By .+, Program manager at Riverside Community Services[\s\S]*Purpose: Your service plan/);
    await expectAccessible(pat.page);
    await expectNoSidewaysScroll(pat.page);
    expect(pat.problems).toEqual([]);
    await pat.context.close();

    const admin = await openTab(browser);
    await signIn(admin.page, "admin@riverside.example");
    await admin.page.getByRole("link", { name: "Audit trail" }).click();
    await expectHeading(admin.page, "Audit trail");
    await admin.page.getByLabel("About (person)").fill("pat@riverside.example");
    await admin.page.getByLabel("Action").selectOption("goal.plan_viewed");
    await admin.page.getByRole("button", { name: "Show events" }).click();
    await admin.page.waitForURL(/\/admin\/audit\?.*person=pat%40riverside\.example/);
    const rows = admin.page.locator("main table tbody tr");
    await rows.first().waitFor();
    await expect(rows.first().innerText()).resolves.toMatch(/goal\.plan_viewed\tPat Participant/);
    await expectAccessible(admin.page);
    const [download] = await Promise.all([admin.page.waitForEvent("download"), admin.page.getByRole("link", { name: "Download these events (CSV)" }).click()]);
    const file = readFileSync((await download.path())!, "utf8");
    expect(file.startsWith("\uFEFF")).toBe(true); // the byte-order mark Excel needs
    const csv = file.slice(1);
    expect(csv).toMatch(/^"Notice \(42 CFR 2\.32\): /); // Riverside runs peer recovery groups
    expect(csv.split("\r\n")[2]).toBe("At (UTC),Actor,Actor email,Actor role,Action,Person,Person email,Subject type,Subject id,Reason");
    expect(csv).toContain(",goal.plan_viewed,Pat Participant,pat@riverside.example,");
    expect(admin.problems).toEqual([]);
    await admin.context.close();
  });
});
