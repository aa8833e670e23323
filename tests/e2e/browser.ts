import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { expect } from "vitest";
import { e2eApp } from "./app";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
/**
 * axe reaches each tab once, when its context opens, instead of once per checked document: the
 * 650 kB source sent with every check cost ~100–300 ms (Node → browser → page) each time. The script
 * only defines a function around axe (the function's body is parsed when first called), which
 * `expectAccessible` calls on a document the first time it checks it; a document not checked never
 * runs axe, and the page's own scripts see nothing but the function's name.
 */
const AXE_LOADER = "__e2eLoadAxe";
const axeLoaderScript = `window.${AXE_LOADER} = function () {\n${axeSource}\n};`;

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 900 };

/** The worker's Chromium, launched by the first file that asks and shared by the files after it. */
let sharedBrowser: Promise<Browser> | undefined;

function startChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
    ],
  });
}

/**
 * The file's browser. Files of a worker share one Chromium process (each launch cost ~0.5–1 s and
 * ~1 s of CPU per file), and nothing else is shared: every tab is a new context (its own cookies,
 * storage and cache), and `close()` on what this returns closes the contexts the file opened, not
 * the process. A Chromium that crashed or was closed is launched again for the next file.
 */
export async function launchBrowser(): Promise<Browser> {
  let browser = sharedBrowser ? await sharedBrowser.catch(() => undefined) : undefined;
  if (!browser?.isConnected()) {
    sharedBrowser = startChromium();
    browser = await sharedBrowser;
  }
  const real = browser;
  const contexts = new Set<BrowserContext>();
  return new Proxy(real, {
    get(target, property) {
      if (property === "newContext") {
        return async (...args: Parameters<Browser["newContext"]>) => {
          const context = await target.newContext(...args);
          contexts.add(context);
          context.once("close", () => contexts.delete(context));
          return context;
        };
      }
      if (property === "newPage") {
        return async (...args: Parameters<Browser["newPage"]>) => {
          const page = await target.newPage(...args);
          contexts.add(page.context());
          page.context().once("close", () => contexts.delete(page.context()));
          return page;
        };
      }
      if (property === "close") {
        return async () => {
          await Promise.all([...contexts].map((context) => context.close().catch(() => {})));
          contexts.clear();
        };
      }
      const value = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** The first frames of an error's stack (the message excluded), one per line. */
function stackOf(err: Error): string {
  const frames = (err.stack ?? "").split("\n").filter((line) => /^\s+at /.test(line));
  return frames.length ? `\n${frames.slice(0, 8).join("\n")}` : "";
}

const noScriptPages = new WeakSet<Page>();
/** Each page's console errors and uncaught errors (React logs hydration mismatches with console.error). */
const pageProblems = new WeakMap<Page, string[]>();
/** Tabs opened by the running test: any problem left in them fails the test when it ends. */
let openedInTest: Tab[] = [];

export type Tab = { context: BrowserContext; page: Page; problems: string[] };

/**
 * A fresh context (no cookies). Console errors, uncaught errors and CSP violations are collected as
 * problems; a test fails on any problem left in `problems` when it ends (a test that expects one,
 * e.g. while offline, removes it from the array first), and `expectAccessible` fails at once on
 * the page where one appeared.
 */
export async function openTab(
  browser: Browser,
  options: { viewport?: { width: number; height: number }; javaScript?: boolean; timezoneId?: string; locale?: string } = {},
): Promise<Tab> {
  const context = await browser.newContext({
    viewport: options.viewport ?? DESKTOP,
    javaScriptEnabled: options.javaScript ?? true,
    timezoneId: options.timezoneId ?? "America/Los_Angeles",
    // The browser's language (navigator.language and Accept-Language).
    locale: options.locale ?? "en-US",
  });
  context.setDefaultTimeout(10_000);
  if (options.javaScript !== false) await context.addInitScript({ content: axeLoaderScript });
  const page = await context.newPage();
  const problems: string[] = [];
  if (options.javaScript === false) noScriptPages.add(page);
  pageProblems.set(page, problems);
  page.on("console", (msg) => {
    // A 4xx answer to a form submission is the expected validation response, not a problem.
    if (msg.type() === "error" && !/status of 4(00|03|04|29)/.test(msg.text())) problems.push(`${page.url()}: ${msg.text()}`);
  });
  // With where it was thrown (a minified bundle's file, line and column: `remix build --sourcemap`
  // maps them back), so a failure that happens once in many runs can be traced from its log.
  page.on("pageerror", (err) => problems.push(`${page.url()}: ${String(err)}${stackOf(err)}`));
  const tab = { context, page, problems };
  openedInTest.push(tab);
  return tab;
}

/**
 * Fails the running test on any problem left in the tabs it opened, and forgets those tabs. Called
 * after each test by tests/setup/per-file-app.ts: a setup file runs for every e2e file, whereas
 * this module is loaded once per worker (e2e files share their worker's modules), so a hook
 * registered here would run for the first file only.
 */
export function expectNoProblemsLeft() {
  const left = openedInTest.flatMap((tab) => tab.problems);
  openedInTest = [];
  expect(left, "console errors or uncaught errors in the browser").toEqual([]);
}

/**
 * The page's problems so far, once scripts have run (hydration included). Hydration runs in a
 * transition after the scripts load; React marks each element it has hydrated (a `__reactFiber$…`
 * property), the root <html> last, and commits — reporting any mismatch — in the same task. So this
 * waits until <html> is marked (a page without Remix's context has nothing to hydrate), then for
 * two more turns of the event loop so the effects that follow the commit have run.
 */
/** Whether the page's scripts have taken over (React hydrated <html>) within 15 s of loading. */
export async function hydrated(page: Page): Promise<boolean> {
  await page.waitForLoadState("load");
  return page
    .waitForFunction(
      () => !("__remixContext" in window) || Object.keys(document.documentElement).some((k) => k.startsWith("__reactFiber$")),
      undefined,
      { timeout: 15_000, polling: 10 },
    )
    .then(() => true)
    .catch(() => false);
}

async function settledProblems(page: Page): Promise<string[]> {
  if (!noScriptPages.has(page)) {
    if (!(await hydrated(page))) pageProblems.get(page)?.push(`${page.url()}: the page did not hydrate within 15 s of loading`);
    await page.evaluate(() => new Promise((resolve) => setTimeout(() => setTimeout(resolve, 0), 0)));
  }
  return pageProblems.get(page) ?? [];
}

export const url = (p: string) => `${e2eApp.baseUrl}${p}`;

/**
 * Checks the page a test is on: no console or uncaught errors (hydration mismatches included),
 * no sideways scroll on a phone (390 px wide), and no serious or critical axe violations.
 */
export async function expectAccessible(page: Page) {
  expect(await settledProblems(page), `console errors on ${page.url()}`).toEqual([]);
  const width = page.viewportSize()?.width ?? DESKTOP.width;
  if (noScriptPages.has(page)) {
    // Scripts cannot run in a page without JavaScript: check the same markup in a scripted copy.
    const html = (await page.content()).replace("<head>", `<head><base href="${new URL(page.url()).origin}/">`);
    const copy = await page.context().browser()!.newContext({ javaScriptEnabled: true, viewport: page.viewportSize() ?? DESKTOP });
    const mirror = await copy.newPage();
    await mirror.route("**/*.js", (route) => route.abort());
    await mirror.setContent(html, { waitUntil: "load" });
    try {
      await expectNoSidewaysScroll(mirror, width, page.url());
      await expectAccessibleScripted(mirror, page.url());
    } finally {
      await copy.close();
    }
    return;
  }
  await expectNoSidewaysScroll(page, width, page.url());
  await expectAccessibleScripted(page, page.url());
}

/** On a phone-sized viewport (≤ 390 px) nothing may make the page scroll sideways. */
async function expectNoSidewaysScroll(page: Page, width: number, label: string) {
  if (width > PHONE.width) return;
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth, `page wider than the ${width} px phone screen: ${label}`).toBeLessThanOrEqual(width);
}

async function expectAccessibleScripted(page: Page, label: string) {
  // axe is evaluated once per document: a client-side navigation keeps it, a new document has none.
  // A tab opened by openTab has the loader (see AXE_LOADER); any other page gets the source sent.
  type Violation = { id: string; impact: string; help: string; nodes: { target: string[] }[] };
  type Axe = { run: (ctx: Document, opts: object) => Promise<{ violations: Violation[] }> };
  const run = (loader: string) => {
    const w = window as unknown as { axe?: Axe } & Record<string, unknown>;
    if (!w.axe) {
      if (typeof w[loader] !== "function") return null;
      (w[loader] as () => void)();
    }
    return w.axe!.run(document, { resultTypes: ["violations"] });
  };
  let results = await page.evaluate(run, AXE_LOADER);
  if (!results) {
    await page.evaluate((source) => void (0, eval)(source), axeSource);
    results = await page.evaluate(run, AXE_LOADER);
  }
  if (!results) throw new Error(`axe did not load on ${label}`);
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(
    serious.map((v) => `${v.id}: ${v.help} @ ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
    `axe violations on ${label}`,
  ).toEqual([]);
}

/**
 * Signs the person in on the page's context with a fresh session and opens their home page. The
 * sign-in form is posted by the context itself (its cookie jar, the app's origin), as a browser
 * without JavaScript sends it, instead of the page loading /login and filling it in: that took a
 * page load and a client-side navigation (~0.6–0.8 s at load ~9) in ~190 sign-ins of a full run.
 * The form itself, in a browser with and without scripts, is tested through `signInWithForm`.
 * Like the form, this ends on the home page, hydrated, and fails if the sign-in was refused.
 */
export async function signIn(page: Page, email: string, password = "demo-password-1") {
  const response = await page.context().request.post(url("/login"), {
    form: { email, password, redirectTo: "/home" },
    headers: { Origin: e2eApp.baseUrl },
    maxRedirects: 0,
  });
  const location = response.headers()["location"] ?? "";
  if (![302, 303].includes(response.status()) || !/\/home$/.test(location)) {
    throw new Error(`signing in as ${email} was refused (${response.status()}): ${(await response.text()).slice(0, 300)}`);
  }
  await page.goto(url("/home"));
  if (!noScriptPages.has(page)) await hydrated(page);
}

/** Signs in as a person does: the sign-in page, its form filled in and sent, the home page reached. */
export async function signInWithForm(page: Page, email: string, password = "demo-password-1") {
  await page.goto(url("/login"));
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/home$/);
}

/** Waits (briefly) until a heading with this name is visible. */
export async function expectHeading(page: Page, name: string | RegExp) {
  await page.getByRole("heading", { name }).first().waitFor({ state: "visible" });
}

/**
 * The main navigation as a person reaches it: on a phone its links sit behind the "Menu"
 * disclosure, which this opens first (a click, as a person would, with or without JavaScript);
 * on a wide screen the links are in the header already.
 */
export async function mainNav(page: Page) {
  const menu = page.locator("details.nav-menu");
  const summary = menu.locator("> summary");
  // A signed-in header has one or the other (after a client-side sign-in, once it has rendered).
  await summary.or(page.locator("nav.nav-wide")).first().waitFor({ state: "visible" });
  if ((await summary.isVisible()) && !(await menu.evaluate((d) => (d as HTMLDetailsElement).open))) await summary.click();
  const nav = page.getByRole("navigation", { name: "Main" });
  await nav.waitFor({ state: "visible" });
  return nav;
}
