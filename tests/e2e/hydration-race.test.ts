import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAccessible, expectHeading, hydrated, launchBrowser, openTab, PHONE, signIn, url } from "./browser";

/**
 * A tap in the moment between the page's scripts starting to hydrate it and the page's data being
 * read (with single fetch, Remix reads its data stream while React hydrates, and the whole document
 * waits on it; on a slow phone, or a Spanish page whose texts load before hydration starts, that
 * moment is longer). React answers a tap on a page still hydrating by trying to hydrate it at once;
 * the tap must still send the form (the browser sends it, as before any script has run), with no
 * error in the browser, and once hydrated the page's scripts send it.
 */
let browser: Browser;

/**
 * Makes the page's data stream slow to read: every read waits 1.5 s, so hydration stays waiting on
 * the data long enough to tap. `window.__dataReadStarted` is set when hydration first reads it.
 */
async function slowDataStream(page: Page) {
  await page.addInitScript(() => {
    const w = window as unknown as Record<string, unknown>;
    let context: Record<string, unknown> | undefined;
    Object.defineProperty(window, "__remixContext", {
      configurable: true,
      get: () => context,
      set(value: Record<string, unknown>) {
        let stream: ReadableStream<Uint8Array> | undefined;
        Object.defineProperty(value, "stream", {
          configurable: true,
          get: () => stream,
          set(original: ReadableStream<Uint8Array> | undefined) {
            if (!original) return void (stream = original);
            const reader = original.getReader();
            stream = new ReadableStream<Uint8Array>(
              {
                async pull(controller) {
                  w.__dataReadStarted = true;
                  await new Promise((resolve) => setTimeout(resolve, 1_500));
                  const { done, value: chunk } = await reader.read();
                  if (done) controller.close();
                  else controller.enqueue(chunk);
                },
              },
              { highWaterMark: 0 },
            );
          },
        });
        context = value;
      },
    });
  });
}

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe("a tap while the page is hydrating", () => {
  it("sends the form as the browser would, with no error in the browser; once hydrated, the form is sent by the page's scripts", async () => {
    const tab = await openTab(browser, { viewport: PHONE });
    const { page } = tab;
    await signIn(page, "pat@riverside.example");
    await slowDataStream(page);
    await page.goto(url("/proposals/new"), { waitUntil: "commit" });
    await expectHeading(page, "Make a proposal");
    await page.waitForFunction(() => "__dataReadStarted" in window, undefined, { polling: 5 });
    await page.getByRole("button", { name: "Publish proposal" }).click();
    const alert = page.getByRole("alert");
    await alert.waitFor();
    await expect(alert.innerText()).resolves.toContain("Title: ");
    expect(tab.problems).toEqual([]);
    await expectAccessible(page);

    // Hydrated: the same button is handled by the page's scripts (no new document: a mark left on
    // this window survives), and the form is refused again.
    expect(await hydrated(page)).toBe(true);
    await page.evaluate(() => void ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
    await page.getByRole("button", { name: "Publish proposal" }).click();
    await alert.waitFor();
    await expect(alert.innerText()).resolves.toContain("Title: ");
    expect(await page.evaluate(() => "__sameDocument" in window)).toBe(true);
    expect(tab.problems).toEqual([]);
  });
});
