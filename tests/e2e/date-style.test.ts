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

const TWELVE_HOUR = /Next session: \w{3}, \w{3} \d+, \d{4}, \d{1,2}:\d\d [AP]M [A-Z]/;
const TWENTY_FOUR_HOUR = /Next session: \w{3} \d+ \w{3} \d{4}, \d\d:\d\d [A-Z]/;

describe("times follow the viewer's date and time style", () => {
  it("a 12-hour reader sees '6:00 PM'-style times and a 24-hour reader '18:00', with no hydration error", async () => {
    // Pat (Los Angeles) has the default US style.
    const pat = await openTab(browser, { viewport: PHONE });
    await signIn(pat.page, "pat@riverside.example");
    await pat.page.goto(url("/my/groups"));
    await expectHeading(pat.page, "My groups");
    const patText = await pat.page.locator("main").innerText();
    expect(patText).toMatch(TWELVE_HOUR);
    expect(patText).not.toMatch(TWENTY_FOUR_HOUR);
    await expectAccessible(pat.page);
    expect(pat.problems).toEqual([]);
    await pat.context.close();

    // Jordan (London) chose the 24-hour style.
    const jordan = await openTab(browser, { viewport: PHONE });
    await signIn(jordan.page, "jordan@riverside.example");
    await jordan.page.goto(url("/my/groups"));
    await expectHeading(jordan.page, "My groups");
    const jordanText = await jordan.page.locator("main").innerText();
    expect(jordanText).toMatch(TWENTY_FOUR_HOUR);
    expect(jordanText).not.toMatch(/\d [AP]M\b/);
    await expectAccessible(jordan.page);
    expect(jordan.problems).toEqual([]);
    await jordan.context.close();
  });

  it("changing the style on the profile changes every page at once, and changes back", async () => {
    const tab = await openTab(browser, { viewport: PHONE });
    await signIn(tab.page, "sam@riverside.example");
    const choose = async (style: "en-US" | "en-GB") => {
      await tab.page.goto(url("/profile"));
      await tab.page.getByLabel("Language", { exact: true }).selectOption(style);
      await tab.page.getByRole("button", { name: "Save details" }).click();
      // Sam's profile also shows "Texts are stopped" (role=status): wait for the save's own notice.
      await tab.page.getByRole("status").filter({ hasText: "Your profile was saved." }).waitFor();
    };
    await choose("en-GB");
    await expect(tab.page.getByLabel("Language", { exact: true }).inputValue()).resolves.toBe("en-GB");
    await tab.page.goto(url("/my/groups"));
    await expect(tab.page.locator("main").innerText()).resolves.toMatch(TWENTY_FOUR_HOUR);
    await expectAccessible(tab.page);
    await choose("en-US");
    await tab.page.goto(url("/my/groups"));
    await expect(tab.page.locator("main").innerText()).resolves.toMatch(TWELVE_HOUR);
    expect(tab.problems).toEqual([]);
    await tab.context.close();
  });
});
