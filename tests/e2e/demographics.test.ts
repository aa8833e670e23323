import { readFileSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAccessible, expectHeading, launchBrowser, openTab, PHONE, signIn, url } from "./browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("demographics and funder reports in a real browser", () => {
  it("Pat answers on a phone (a refused ZIP first, gender 'prefer not to say'); payer and Medicaid ID are not on Pat's page", async () => {
    const { page, context } = await openTab(browser, { viewport: PHONE });
    await signIn(page, "pat@riverside.example");
    await page.goto(url("/my/privacy"));
    await page.getByRole("link", { name: "About me" }).click();
    await expectHeading(page, "About me");
    await expectAccessible(page);
    await expect(page.content()).resolves.not.toMatch(/Medicaid|Payer/);

    await page.getByLabel("Age group (optional)").selectOption("35_44");
    await page.getByLabel("Gender identity (optional)").selectOption("prefer_not_to_say");
    await page.getByRole("checkbox", { name: "Hispanic or Latino" }).check();
    await page.getByRole("checkbox", { name: "White" }).check();
    await page.getByLabel("Primary language (optional)").selectOption("spanish");
    await page.getByLabel("ZIP code where you live (optional)").fill("0110");
    await page.getByLabel("Veteran status (optional)").selectOption("not_veteran");
    await page.getByRole("button", { name: "Save my answers" }).click();
    await page.getByRole("alert").filter({ hasText: "Enter 5 digits, or ZIP+4" }).waitFor();
    await expectAccessible(page);

    await page.getByLabel("ZIP code where you live (optional)").fill("01103-2204");
    await page.getByRole("button", { name: "Save my answers" }).click();
    await page.getByRole("status").filter({ hasText: "Your answers were saved." }).waitFor();
    await expect(page.getByLabel("Gender identity (optional)").inputValue()).resolves.toBe("prefer_not_to_say");
    await expect(page.getByRole("checkbox", { name: "White" }).isChecked()).resolves.toBe(true);
    await expectAccessible(page);
    await context.close();
  });

  it("a manager on a phone runs last quarter's funder report, saves it, reruns it and downloads the CSV; the printout hides the forms", async () => {
    const { page, context } = await openTab(browser, { viewport: PHONE });
    await signIn(page, "manager@riverside.example");
    await page.goto(url("/metrics"));
    await page.getByRole("link", { name: "Funder report (by demographics)" }).click();
    await expectHeading(page, "Funder report");
    await expectAccessible(page);

    await page.getByLabel("Period", { exact: true }).selectOption("last_quarter");
    await page.getByRole("button", { name: "Run the report" }).click();
    await page.getByRole("heading", { name: /Riverside Community Services: Q\d \d{4}/ }).waitFor();
    // Headline figures, a gender table with figures, and suppressed cells marked.
    const people = await page.locator('[data-figure="people"] .figure-value').innerText();
    expect(Number(people)).toBeGreaterThanOrEqual(5);
    await page.getByRole("heading", { name: "Gender identity" }).waitFor();
    expect(await page.locator("abbr[title='Suppressed: fewer than 5 people']").count()).toBeGreaterThan(0);
    expect(await page.locator("abbr[title^='Suppressed so that a small cell']").count()).toBeGreaterThan(0);
    await expectAccessible(page);

    // A bad fixed period is refused beside the field.
    await page.getByLabel("Period", { exact: true }).selectOption("fixed");
    await page.getByLabel("First day (fixed dates only)").fill("2026-09-30");
    await page.getByLabel("Last day (fixed dates only)").fill("2026-07-01");
    await page.getByRole("button", { name: "Run the report" }).click();
    await page.getByRole("alert").filter({ hasText: "The last day cannot be before the first day." }).waitFor();
    await expectAccessible(page);
    await page.getByLabel("Period", { exact: true }).selectOption("last_quarter");
    await page.getByRole("button", { name: "Run the report" }).click();
    await page.getByRole("heading", { name: /Riverside Community Services: Q\d \d{4}/ }).waitFor();

    await page.getByLabel("Name of the saved report").fill("Funder e2e — last quarter");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByRole("status").filter({ hasText: "Saved as “Funder e2e — last quarter”." }).waitFor();
    await expectHeading(page, "Funder report: Funder e2e — last quarter");
    await expectAccessible(page);

    await page.goto(url("/metrics/funder"));
    await page.getByRole("link", { name: "Funder e2e — last quarter" }).click();
    await expectHeading(page, "Funder report: Funder e2e — last quarter");
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download this report (CSV)" }).click()]);
    const csv = readFileSync((await download.path())!, "utf8");
    expect(csv.startsWith("\uFEFFFunder report: Riverside Community Services")).toBe(true);
    expect(csv).toContain("Gender identity,Woman,");
    expect(csv).toContain("Suppressed (fewer than 5)");
    expect(csv).not.toMatch(/MA100200\d\d/); // Medicaid IDs only in the billing export

    await page.emulateMedia({ media: "print" });
    expect(await page.getByRole("button", { name: "Run the report" }).isVisible()).toBe(false);
    expect(await page.getByRole("heading", { name: "Gender identity" }).isVisible()).toBe(true);
    await page.emulateMedia({ media: "screen" });
    await context.close();
  });
});

describe("demographics without JavaScript", () => {
  it("a participant changes an answer with scripts off", async () => {
    const { page, context } = await openTab(browser, { viewport: PHONE, javaScript: false });
    await signIn(page, "sam@riverside.example");
    await page.goto(url("/my/demographics"));
    await expectHeading(page, "About me");
    await page.getByLabel("Veteran status (optional)").selectOption("prefer_not_to_say");
    await page.getByRole("button", { name: "Save my answers" }).click();
    await page.getByRole("status").filter({ hasText: "Your answers were saved." }).waitFor();
    await expect(page.getByLabel("Veteran status (optional)").inputValue()).resolves.toBe("prefer_not_to_say");
    await expectAccessible(page);
    await context.close();
  });
});
