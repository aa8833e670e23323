import { mkdirSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DESKTOP, expectAccessible, launchBrowser, mainNav, openTab, PHONE, signIn, url } from "./browser";
import { e2eApp } from "./app";

/**
 * Every e2e run saves the main pages at phone (390 px) and desktop (1280 px) width under
 * tests/.artifacts/screenshots/ (git-ignored), each checked on the way: no console errors, no
 * sideways scroll on the phone, no serious axe violations. Also: what a missing page says.
 */
const DIR = path.resolve("tests/.artifacts/screenshots");
let browser: Browser;
let sql: postgres.Sql;
const ids = { dropInSession: "", group: "", round: "" };

beforeAll(async () => {
  mkdirSync(DIR, { recursive: true });
  browser = await launchBrowser();
  sql = postgres(e2eApp.databaseUrl, { max: 2, onnotice: () => {} });
  // Fran's drop-in session today (the demo seeds one starting a few minutes after start-up).
  const [session] = await sql<{ id: string; group_id: string }[]>`
    select s.id, s.group_id from sessions s join groups g on g.id = s.group_id
    where g.name = 'Open Door Drop-in' order by abs(extract(epoch from s.starts_at - now())) limit 1`;
  ids.dropInSession = session.id;
  ids.group = session.group_id;
  const [round] = await sql<{ id: string }[]>`select id from scheduling_rounds order by created_at limit 1`;
  ids.round = round.id;
});

afterAll(async () => {
  await browser?.close();
  await sql?.end();
});

/** Visits `pagePath` at both widths, checks it, and saves a full-page screenshot of each. */
async function shoot(page: Page, name: string, pagePath: string) {
  for (const [label, viewport] of [
    ["390", PHONE],
    ["1280", DESKTOP],
  ] as const) {
    await page.setViewportSize(viewport);
    const response = await page.goto(url(pagePath));
    expect(response?.status(), `${pagePath} answers`).toBe(200);
    await page.locator("h1").first().waitFor();
    await expectAccessible(page);
    await page.screenshot({ path: path.join(DIR, `${name}-${label}.png`), fullPage: true });
  }
}

describe("screenshots of the main pages at 390 px and 1280 px", () => {
  it("public organisation page, signed out", async () => {
    const { page, problems, context } = await openTab(browser);
    await shoot(page, "01-public-organisation", "/o/riverside");
    expect(problems).toEqual([]);
    await context.close();
  });

  it("a participant's pages: catalogue, home, availability, my groups", async () => {
    const { page, problems, context } = await openTab(browser);
    await signIn(page, "pat@riverside.example");
    await shoot(page, "02-catalogue", "/catalogue");
    await shoot(page, "03-participant-home", "/home");
    await shoot(page, "04-availability", "/availability");
    await shoot(page, "05-my-groups", "/my/groups");
    expect(problems).toEqual([]);
    await context.close();
  });

  it("a facilitator's pages: home, today's roster, the group", async () => {
    const { page, problems, context } = await openTab(browser);
    await signIn(page, "fran@riverside.example");
    await shoot(page, "06-facilitator-home", "/home");
    await shoot(page, "07-session-roster", `/sessions/${ids.dropInSession}/roster`);
    await shoot(page, "08-group", `/groups/${ids.group}`);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("a manager's pages: round heatmap, metrics, competency matrix, evidence", async () => {
    const { page, problems, context } = await openTab(browser);
    await signIn(page, "manager@riverside.example");
    await shoot(page, "09-round-heatmap", `/rounds/${ids.round}`);
    await shoot(page, "10-metrics", "/metrics");
    await shoot(page, "11-competency-matrix", "/competency");
    await shoot(page, "12-evidence", "/evidence");
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe("a missing page speaks to people", () => {
  const said = async (page: Page) => (await page.locator("main").innerText()).replace(/\u2019/g, "'");

  it("signed out and signed in, for an unknown address and a junk or unknown id, with a reference for support", async () => {
    const { page, problems, context } = await openTab(browser, { viewport: PHONE });
    const missing = await page.goto(url("/no-such-page"));
    expect(missing?.status()).toBe(404);
    let text = await said(page);
    expect(text).toContain("We can't find that page");
    expect(text).toContain("It may have moved, or the link may be mistyped.");
    expect(text).not.toMatch(/No route matches|Not found/i);
    expect(text).toMatch(/Reference for support: \S+/);
    await page.screenshot({ path: path.join(DIR, "13-not-found-signed-out-390.png"), fullPage: true });

    await expectAccessible(page);
    await signIn(page, "pat@riverside.example");
    for (const address of ["/no-such-page", "/groups/not-an-id", "/groups/00000000-0000-0000-0000-000000000000"]) {
      const response = await page.goto(url(address));
      expect(response?.status(), address).toBe(404);
      text = await said(page);
      expect(text, address).toContain("We can't find that page");
      expect(text, address).toContain("It may have moved, or the link may be mistyped.");
      expect(text, address).not.toMatch(/Group not found|No route matches|^Not found/im);
      expect(text, address).toMatch(/Reference for support: \S+/);
      // Signed in, the page keeps the person's own navigation.
      await (await mainNav(page)).getByRole("link", { name: "My groups" }).waitFor();
      // Closed again (Escape), so the saved picture shows the page rather than the open menu.
      await page.keyboard.press("Escape");
    }
    await expectAccessible(page);
    await page.screenshot({ path: path.join(DIR, "14-not-found-signed-in-390.png"), fullPage: true });
    expect(problems).toEqual([]);
    await context.close();
  });
});
