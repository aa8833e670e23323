import type { Browser, CDPSession, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAccessible, expectHeading, hydrated, launchBrowser, openTab, PHONE, signIn, url } from "./browser";

/**
 * The weekly availability grid under a finger. Nothing is saved here (the demo's availability is
 * what other files plan with): the grid's own state is read back from its cells and summary.
 */
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

type Point = { x: number; y: number };

async function touchscreen(page: Page): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Emulation.setTouchEmulationEnabled", { enabled: true, maxTouchPoints: 1 });
  return cdp;
}

/** A finger put down at `from` and moved to `to` in small steps, then lifted. */
async function swipe(cdp: CDPSession, page: Page, from: Point, to: Point, steps = 10) {
  await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: [from] });
  for (let i = 1; i <= steps; i++) {
    const at = { x: from.x + ((to.x - from.x) * i) / steps, y: from.y + ((to.y - from.y) * i) / steps };
    await cdp.send("Input.dispatchTouchEvent", { type: "touchMove", touchPoints: [at] });
    await page.waitForTimeout(16);
  }
  await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
}

async function centreOf(page: Page, cell: number): Promise<Point> {
  const box = (await page.locator(`[data-cell='${cell}']`).boundingBox())!;
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Until the page has stopped scrolling (a swipe leaves it gliding for a moment). */
async function scrollSettled(page: Page) {
  let last = -1;
  for (;;) {
    const now = await page.evaluate(() => window.scrollY);
    if (now === last) return;
    last = now;
    await page.waitForTimeout(150);
  }
}

const ROWS = 48; // half hours in a day: cell = day * 48 + slot
const selected = (page: Page) => page.locator("[data-cell][aria-selected=true]").count();
const summary = (page: Page) => page.locator("p", { hasText: /^Selected in the grid:/ }).innerText();

describe("the availability grid on a touch screen", () => {
  it("scrolling the page by swiping up over the grid selects nothing; a tap selects one half hour; a sideways drag paints a row", async () => {
    const { page, context } = await openTab(browser, { viewport: PHONE });
    await signIn(page, "casey@riverside.example");
    await page.goto(url("/availability"));
    await expectHeading(page, "My availability");
    expect(await hydrated(page)).toBe(true);
    const cdp = await touchscreen(page);

    // Monday 2:30 PM, a cell Casey has not chosen, in the middle of the screen.
    const monday1430 = 0 * ROWS + 29;
    await page.locator(`[data-cell='${monday1430}']`).scrollIntoViewIfNeeded();
    await page.evaluate(() => window.scrollBy(0, 200));
    const before = { count: await selected(page), text: await summary(page), scrollY: await page.evaluate(() => window.scrollY) };
    expect(await page.locator(`[data-cell='${monday1430}']`).getAttribute("aria-selected")).toBe("false");

    const start = await centreOf(page, monday1430);
    await swipe(cdp, page, start, { x: start.x, y: start.y - 250 });
    await scrollSettled(page);
    // The page scrolled, and the week is what it was.
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(before.scrollY + 100);
    expect(await selected(page)).toBe(before.count);
    expect(await summary(page)).toBe(before.text);

    // A tap on Monday 2:30 PM (scrolled back into view) selects that half hour only.
    await page.locator(`[data-cell='${monday1430}']`).scrollIntoViewIfNeeded();
    await scrollSettled(page);
    const tapAt = await centreOf(page, monday1430);
    await swipe(cdp, page, tapAt, tapAt, 1);
    await expect.poll(() => page.locator(`[data-cell='${monday1430}']`).getAttribute("aria-selected")).toBe("true");
    expect(await selected(page)).toBe(before.count + 1);
    expect(await summary(page)).toContain("Monday 2:30 PM–3:00 PM");

    // A sideways drag along Friday-to-Sunday 6:00 AM (not chosen) paints the three half hours.
    const friday0600 = 4 * ROWS + 12;
    const sunday0600 = 6 * ROWS + 12;
    await page.locator(`[data-cell='${friday0600}']`).scrollIntoViewIfNeeded();
    await scrollSettled(page);
    await swipe(cdp, page, await centreOf(page, friday0600), await centreOf(page, sunday0600));
    await expect.poll(() => selected(page)).toBe(before.count + 4);
    for (const day of [4, 5, 6]) expect(await page.locator(`[data-cell='${day * ROWS + 12}']`).getAttribute("aria-selected")).toBe("true");
    await expectAccessible(page);
    await context.close();
  });
});
