import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { expectAccessible, expectHeading, launchBrowser, openTab, PHONE, signIn, url } from "./browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("the organisation's own outcome measures in a real browser", () => {
  it("a manager on a phone defines a measure (a refused one first), staff record it on a plan, and /outcomes lists it", async () => {
    const { page, problems, context } = await openTab(browser, { viewport: PHONE });
    await signIn(page, "manager@riverside.example");
    await page.goto(url("/outcomes"));
    await page.getByRole("link", { name: "The organisation's own outcome measures" }).click();
    await expectHeading(page, "Outcome measures of the organisation");
    await expectAccessible(page);

    await page.getByRole("button", { name: "Add measure" }).click();
    await page.getByRole("alert").waitFor();
    await expect(page.getByRole("alert").innerText()).resolves.toContain("Name the measure");
    await expectAccessible(page);

    await page.getByLabel("Name", { exact: true }).fill("Housing stability");
    await page.getByLabel("Scale or instrument").fill("Staff rating 0–10");
    await page.getByLabel("Lowest possible score").fill("0");
    await page.getByLabel("Highest possible score").fill("10");
    await page.getByLabel("A higher score is better").check();
    await page.getByRole("button", { name: "Add measure" }).click();
    await page.getByRole("status").filter({ hasText: "“Housing stability” was added." }).waitFor();
    await expect(page.getByRole("table").innerText()).resolves.toContain("Housing stability");
    // The add form is empty again, so the same measure is not sent twice.
    await expect(page.getByLabel("Name", { exact: true }).inputValue()).resolves.toBe("");
    await expectAccessible(page);

    await page.getByRole("link", { name: "Edit Housing stability" }).click();
    await expectHeading(page, "Edit “Housing stability”");
    await expectAccessible(page);

    await page.goto(url("/outcomes"));
    await page.getByRole("link", { name: "Pat Participant" }).click();
    await expectHeading(page, "Goals and outcomes: Pat Participant");
    await page.getByLabel("Domain").selectOption("other");
    await page.getByLabel("Organisation's own measure").selectOption({ label: "Housing stability: Staff rating 0–10, 0–10, higher is better" });
    await page.getByLabel("When").selectOption("intake");
    await page.getByLabel("Score").fill("11");
    await page.getByLabel("Measured on").fill("2026-11-02");
    await page.getByRole("button", { name: "Record measure" }).click();
    await page.getByRole("alert").filter({ hasText: "Enter a whole number from 0 to 10 for Housing stability." }).waitFor();
    await expectAccessible(page);
    await page.getByLabel("Score").fill("4");
    await page.getByRole("button", { name: "Record measure" }).click();
    await page.getByRole("status").filter({ hasText: "The outcome measure was recorded." }).waitFor();
    await page.getByRole("cell", { name: "Other: Housing stability" }).first().waitFor();
    await expectAccessible(page);

    await page.goto(url("/outcomes"));
    await page.getByRole("rowheader", { name: /^Housing stability/ }).first().waitFor();
    await expectAccessible(page);
    expect(problems).toEqual([]);
    await context.close();
  });
});
