import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { expectAccessible, expectHeading, launchBrowser, openTab, PHONE, signIn } from "./browser";

// A facilitator cannot be booked into two groups at the same hour: adding a series or moving a
// session into a time their other group meets is refused with that group, day and time named, on
// a phone, with and without JavaScript, and the person's entries stay in the form.
//
// Demo data (seeded relative to today): Felix leads the Resume & Interview Workshop (Chicago) and,
// with Fran, the Tuesday Peer Recovery Circle (Tuesdays 19:00–20:15 New York); Fran leads
// Budgeting Basics (Mondays and Wednesdays 18:00–19:30 New York).

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** The week after next in New York: its Monday and Tuesday, as "yyyy-MM-dd" and as the message writes them. */
const weekAfterNext = DateTime.now().setZone("America/New_York").startOf("week").plus({ weeks: 2 });
const day = (plus: number) => {
  const d = weekAfterNext.plus({ days: plus });
  return { iso: d.toISODate()!, text: d.toFormat("ccc, LLL d, yyyy") };
};

/** A message as a pattern, with "EST" standing for either of the zone's abbreviations (the date decides). */
const sentence = (text: string) => new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/ ([EC])ST\b/g, " $1[SD]T"));

async function openGroup(page: Page, name: string) {
  await page.getByRole("link", { name: "Recovery & Life Skills" }).first().click();
  await page.getByRole("link", { name }).first().click();
  await expectHeading(page, name);
}

describe("a facilitator's clash, refused in the browser", () => {
  it.each([true, false])("adding a series at the hour the facilitator's other group meets (JavaScript %s)", async (javaScript) => {
    const { page, problems, context } = await openTab(browser, { viewport: PHONE, javaScript });
    await signIn(page, "manager@riverside.example");
    await openGroup(page, "Resume & Interview Workshop");
    await page.getByRole("link", { name: "Add a weekly series" }).click();
    await expectAccessible(page);
    // Weeks apart, so the run without JavaScript does not meet the series (two weeks) the other one added.
    const tuesday = day(javaScript ? 1 : 15);
    // 18:00 in Chicago is 19:00 in New York: the Circle's hour, which Felix also leads.
    await page.getByLabel("Tuesday").check();
    await page.getByLabel("Start time").fill("18:00");
    await page.getByLabel("Length in minutes").fill("60");
    await page.getByLabel("First date").fill(tuesday.iso);
    await page.getByLabel("Number of sessions").fill("2");
    await page.getByRole("button", { name: "Create sessions" }).click();
    const message = sentence(
      `Felix Facilitator already leads Tuesday Peer Recovery Circle on ${tuesday.text}, 6:00–7:15 PM CST, at the same time as a session of this series. Nothing was added: choose another day or time.`,
    );
    await page.getByRole("alert").filter({ hasText: message }).first().waitFor();
    // Beside the field too, and the entries are kept.
    await expect(page.locator("#startTime-error").innerText()).resolves.toMatch(message);
    await expect(page.getByLabel("Start time").inputValue()).resolves.toBe("18:00");
    await expect(page.getByLabel("First date").inputValue()).resolves.toBe(tuesday.iso);
    await expect(page.getByLabel("Tuesday").isChecked()).resolves.toBe(true);
    await expectAccessible(page);
    // After the Circle (20:15 New York): added.
    await page.getByLabel("Start time").fill("19:30");
    await page.getByRole("button", { name: "Create sessions" }).click();
    await page.waitForURL(/\/groups\/[0-9a-f-]+\?created=2$/);
    // The group's page, with its roster, fits the phone (its table scrolls in its own box).
    await expectAccessible(page);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("moving a session to the hour one of its facilitators leads another group (phone)", async () => {
    const { page, problems, context } = await openTab(browser, { viewport: PHONE });
    await signIn(page, "manager@riverside.example");
    await openGroup(page, "Tuesday Peer Recovery Circle");
    await page.getByRole("link", { name: "Change this session" }).first().click();
    await expectHeading(page, "Change a session of Tuesday Peer Recovery Circle");
    await expectAccessible(page);
    const monday = day(0);
    const move = page.locator("section", { has: page.getByRole("heading", { name: "Move this session" }) });
    await move.getByLabel("New date").fill(monday.iso);
    await move.getByLabel("Start time").fill("18:30");
    await move.getByRole("button", { name: "Move session" }).click();
    const message = sentence(
      `Fran Facilitator already leads Budgeting Basics on ${monday.text}, 6:00–7:30 PM EST, at the same time as this session's new time. The session was not moved: choose another time.`,
    );
    await page.getByRole("alert").filter({ hasText: message }).first().waitFor();
    await expect(page.locator("#startTime-error").innerText()).resolves.toMatch(message);
    await expect(move.getByLabel("New date").inputValue()).resolves.toBe(monday.iso);
    await expect(move.getByLabel("Start time").inputValue()).resolves.toBe("18:30");
    await expectAccessible(page);
    expect(problems).toEqual([]);
    await context.close();
  });
});
