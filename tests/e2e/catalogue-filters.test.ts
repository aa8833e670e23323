import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { expectAccessible, expectHeading, launchBrowser, openTab, PHONE, url } from "./browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const WORKSHOP = "Resume & Interview Workshop"; // online only, Saturdays 10:00 Chicago time
const BUDGETING = "Budgeting Basics"; // in person, Mondays and Wednesdays 18:00 New York time

describe("public catalogue filters on a phone", () => {
  it("filter without JavaScript through a shareable address, and junk in the address is named, not a failure", async () => {
    const { page, problems, context } = await openTab(browser, { viewport: PHONE, javaScript: false });
    await page.goto(url("/o/riverside/catalogue"));
    await expectHeading(page, "Groups at Riverside Community Services");
    await expect(page.getByRole("article", { name: BUDGETING, exact: true }).count()).resolves.toBe(1);
    await expectAccessible(page);
    await page.getByLabel("Where").selectOption("online");
    await page.getByLabel("Day", { exact: true }).selectOption("sat");
    await page.getByLabel("Time of day").selectOption("morning");
    await page.getByRole("button", { name: "Show groups" }).click();
    await page.waitForURL(/mode=online/);
    const shared = new URL(page.url());
    expect(Object.fromEntries(shared.searchParams)).toMatchObject({ mode: "online", day: "sat", time: "morning" });
    await expect(page.getByRole("article", { name: WORKSHOP }).count()).resolves.toBe(1);
    await expect(page.getByRole("article", { name: BUDGETING, exact: true }).count()).resolves.toBe(0);
    // The fields show the filters in force.
    await expect(page.getByLabel("Where").inputValue()).resolves.toBe("online");
    await expectAccessible(page);

    // The same address opened afresh gives the same groups.
    const again = await openTab(browser, { viewport: PHONE });
    await again.page.goto(shared.toString());
    await expect(again.page.getByRole("article", { name: WORKSHOP }).count()).resolves.toBe(1);
    await expect(again.page.getByRole("article", { name: BUDGETING, exact: true }).count()).resolves.toBe(0);
    // Open seats only: no card left says the group is full.
    await again.page.getByLabel("Only groups with a seat free now").check();
    await again.page.getByLabel("Where").selectOption("");
    await again.page.getByLabel("Day", { exact: true }).selectOption("");
    await again.page.getByLabel("Time of day").selectOption("");
    await again.page.getByRole("button", { name: "Show groups" }).click();
    await again.page.waitForURL(/seats=open/);
    await again.page.getByRole("article").first().waitFor();
    // A client-side navigation (JavaScript on) adds nothing the filter would call junk.
    await expect(again.page.getByText("Some of this address could not be used").count()).resolves.toBe(0);
    for (const card of await again.page.getByRole("article").allInnerTexts()) expect(card).not.toMatch(/Full: waitlist/);
    await expectAccessible(again.page);
    expect(again.problems).toEqual([]);
    await again.context.close();

    // A hand-edited address: what cannot be used is named, the rest still filters.
    await page.goto(url("/o/riverside/catalogue?day=funday&mode=online&colour=blue"));
    const notice = await page.getByRole("status").first().innerText();
    expect(notice).toContain('We ignored the day in the address: it is not one of the choices.');
    expect(notice).toContain('We ignored 1 part of the address that is not a filter.');
    await expect(page.getByRole("article", { name: WORKSHOP }).count()).resolves.toBe(1);
    await expect(page.getByRole("article", { name: BUDGETING, exact: true }).count()).resolves.toBe(0);
    await expectAccessible(page);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("a signed-out visitor opening a group's address lands on its public page", async () => {
    const { page, problems, context } = await openTab(browser, { viewport: PHONE });
    await page.goto(url("/o/riverside/catalogue"));
    const href = (await page.getByRole("article", { name: BUDGETING, exact: true }).getByRole("link", { name: BUDGETING, exact: true }).getAttribute("href"))!;
    const groupId = href.split("/").pop()!;
    await page.goto(url(`/groups/${groupId}`));
    await page.waitForURL(new RegExp(`/o/riverside/groups/${groupId}$`));
    await expectHeading(page, BUDGETING);
    await expectAccessible(page);
    expect(problems).toEqual([]);
    await context.close();
  });
});
