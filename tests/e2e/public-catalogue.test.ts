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

const WORKSHOP = "Resume & Interview Workshop"; // online, full, with people waiting (seed)

describe("the public catalogue, signed out, on a phone", () => {
  for (const javaScript of [true, false]) {
    it(`walks from the organisation page to a group and Join lands on sign-up carrying the registration (JavaScript ${javaScript ? "on" : "off"})`, async () => {
      const { page, context, problems } = await openTab(browser, { viewport: PHONE, javaScript, timezoneId: "America/Chicago" });
      await page.goto(url("/o/riverside"));
      await expectHeading(page, /Riverside/);
      await expectAccessible(page);

      await page.getByRole("link", { name: "See all groups, with seats and session times" }).click();
      await page.waitForURL(/\/o\/riverside\/catalogue$/);
      await expectHeading(page, /^Groups at /);
      const card = await page.getByRole("article", { name: WORKSHOP }).innerText();
      expect(card).toMatch(/Online/);
      expect(card).toMatch(/Full: waitlist \(\d+ waiting\)/);
      // Never the meeting link on a public page.
      expect(await page.content()).not.toContain("meet.example.org");
      await expectAccessible(page);

      await page.getByRole("link", { name: WORKSHOP, exact: true }).click();
      await page.waitForURL(/\/o\/riverside\/groups\/[0-9a-f-]{36}$/);
      await expectHeading(page, WORKSHOP);
      const groupId = page.url().split("/").pop()!;
      expect(await page.content()).not.toContain("meet.example.org");
      await expect(page.getByRole("link", { name: `Sign in to join ${WORKSHOP}` }).getAttribute("href")).resolves.toBe(
        `/login?redirectTo=${encodeURIComponent(`/groups/${groupId}/register`)}`,
      );
      await expectAccessible(page);

      await page.getByRole("link", { name: `Join the waitlist for ${WORKSHOP}` }).click();
      await page.waitForURL(/\/o\/riverside\/signup\?redirectTo=/);
      expect(new URL(page.url()).searchParams.get("redirectTo")).toBe(`/groups/${groupId}/register`);
      await expectHeading(page, /^Create your account at /);
      // The form carries the return path into the emailed confirmation link.
      await expect(page.locator('input[name="redirectTo"]').getAttribute("value")).resolves.toBe(`/groups/${groupId}/register`);
      await expectAccessible(page);
      expect(problems).toEqual([]);
      await context.close();
    });
  }
});
