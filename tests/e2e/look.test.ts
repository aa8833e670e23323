import postgres from "postgres";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DESKTOP, expectAccessible, expectHeading, launchBrowser, mainNav, openTab, PHONE, signIn, url } from "./browser";
import { e2eApp } from "./app";

/**
 * The look of the app on a phone and a desktop: the compact menu (with and without JavaScript),
 * touch targets, headline figure cards that agree with their tables, and the organisation's logo.
 */
let browser: Browser;
let sql: postgres.Sql;
let dropInSession = "";

beforeAll(async () => {
  browser = await launchBrowser();
  sql = postgres(e2eApp.databaseUrl, { max: 2, onnotice: () => {} });
  const [session] = await sql<{ id: string }[]>`
    select s.id from sessions s join groups g on g.id = s.group_id
    where g.name = 'Open Door Drop-in' order by abs(extract(epoch from s.starts_at - now())) limit 1`;
  dropInSession = session.id;
});

afterAll(async () => {
  await browser?.close();
  await sql?.end();
});

const menuOf = (page: Page) => page.locator("details.nav-menu");
const summaryOf = (page: Page) => page.locator("details.nav-menu > summary");
const isOpen = (page: Page) => menuOf(page).evaluate((d) => (d as HTMLDetailsElement).open);

/** The header on a phone: the name, the crisis link and one "Menu" button; no link list. */
async function expectCompactHeader(page: Page) {
  await expect(summaryOf(page).isVisible()).resolves.toBe(true);
  await expect(page.getByRole("link", { name: "Need help now?" }).isVisible()).resolves.toBe(true);
  await expect(page.getByRole("navigation", { name: "Main" }).isVisible()).resolves.toBe(false);
  const header = (await page.locator("header.site-header").boundingBox())!;
  // Before the menu, the manager's 16 links wrapped to five lines (about 190 px of header).
  expect(header.height, "the phone header stays compact").toBeLessThanOrEqual(130);
}

async function currentLinks(page: Page) {
  return page.getByRole("navigation", { name: "Main" }).locator('[aria-current="page"]').allInnerTexts();
}

describe("the phone menu", () => {
  for (const javaScript of [false, true]) {
    it(`opens and closes ${javaScript ? "with" : "without"} JavaScript, marks the current page, and keeps the crisis link in view`, async () => {
      const { page, problems, context } = await openTab(browser, { viewport: PHONE, javaScript });
      await signIn(page, "manager@riverside.example");
      await expectHeading(page, /^Hello,/);
      await expectCompactHeader(page);
      await expectAccessible(page);

      await summaryOf(page).click();
      const nav = page.getByRole("navigation", { name: "Main" });
      await nav.waitFor({ state: "visible" });
      expect(await currentLinks(page)).toEqual(["Home"]);
      await expect(page.getByRole("link", { name: "Need help now?" }).isVisible()).resolves.toBe(true);
      // Every link of the menu is a comfortable target.
      for (const box of await nav.getByRole("link").evaluateAll((links) => links.map((l) => l.getBoundingClientRect().height))) expect(box).toBeGreaterThanOrEqual(44);
      await expectAccessible(page);

      await summaryOf(page).click();
      await expect(isOpen(page)).resolves.toBe(false);
      await expect(nav.isVisible()).resolves.toBe(false);

      // Follow a link from the menu: the next page opens with the menu closed and marks its link.
      await (await mainNav(page)).getByRole("link", { name: "Attendance", exact: true }).click();
      await page.waitForURL(/\/attendance$/);
      await expectHeading(page, /Attendance/);
      await expectCompactHeader(page);
      await summaryOf(page).click();
      expect(await currentLinks(page)).toEqual(["Attendance"]);

      if (javaScript) {
        // Escape closes it and gives focus back to the button; Enter on the focused button opens it.
        await page.keyboard.press("Escape");
        await expect(isOpen(page)).resolves.toBe(false);
        await expect(summaryOf(page).evaluate((s) => document.activeElement === s)).resolves.toBe(true);
        await page.keyboard.press("Enter");
        await expect(isOpen(page)).resolves.toBe(true);
        await page.keyboard.press("Enter");
        await expect(isOpen(page)).resolves.toBe(false);
      }
      expect(problems).toEqual([]);
      await context.close();
    });
  }

  it("a wide screen shows the links in a row with the current page marked, and no Menu button", async () => {
    const { page, problems, context } = await openTab(browser, { viewport: DESKTOP });
    await signIn(page, "pat@riverside.example");
    await expectHeading(page, /^Hello,/);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "My groups" }).waitFor({ state: "visible" });
    await expect(summaryOf(page).isVisible()).resolves.toBe(false);
    expect(await currentLinks(page)).toEqual(["Home"]);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "My groups" }).click();
    await expectHeading(page, "My groups");
    expect(await currentLinks(page)).toEqual(["My groups"]);
    await expect(page.getByRole("link", { name: "Need help now?" }).isVisible()).resolves.toBe(true);
    expect(problems).toEqual([]);
    await context.close();
  });
});

/**
 * Every visible control (links, buttons, fields, disclosure buttons, choice labels) is at least
 * 24 × 24 px, or — WCAG 2.5.8's spacing exception — a 24 px circle centred on it touches no other
 * control. Returns the ones that fail, described.
 */
async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const selector = [
      "a[href]",
      "button",
      "input:not([type=hidden])",
      "select",
      "textarea",
      "summary",
      "[role=button]",
      "[role=link]",
      "[role=checkbox]",
      "[role=radio]",
      "[role=gridcell][tabindex]",
      "label:has(> input[type=checkbox])",
      "label:has(> input[type=radio])",
    ].join(",");
    const all = [...document.querySelectorAll<HTMLElement>(selector)];
    const targets = all
      .map((el) => ({ el, r: el.getBoundingClientRect() }))
      .filter(({ el, r }) => r.width > 1 && r.height > 1 && getComputedStyle(el).visibility !== "hidden" && !el.closest("[aria-hidden=true]"))
      // A box inside a label that is itself a target counts as part of that label.
      .filter(({ el }) => !(el instanceof HTMLInputElement && (el.type === "checkbox" || el.type === "radio") && el.parentElement?.tagName === "LABEL"));
    const failures: string[] = [];
    const intersectsCircle = (cx: number, cy: number, r: DOMRect) => {
      const nx = Math.max(r.left, Math.min(cx, r.right));
      const ny = Math.max(r.top, Math.min(cy, r.bottom));
      return (nx - cx) ** 2 + (ny - cy) ** 2 < 12 * 12;
    };
    for (const t of targets) {
      if (t.r.width >= 24 && t.r.height >= 24) continue;
      const cx = t.r.left + t.r.width / 2;
      const cy = t.r.top + t.r.height / 2;
      const crowded = targets.some((o) => {
        if (o === t || o.el.contains(t.el) || t.el.contains(o.el)) return false;
        if (o.r.width < 24 || o.r.height < 24) {
          const ox = o.r.left + o.r.width / 2;
          const oy = o.r.top + o.r.height / 2;
          if ((ox - cx) ** 2 + (oy - cy) ** 2 < 24 * 24) return true;
        }
        return intersectsCircle(cx, cy, o.r);
      });
      if (crowded) {
        const name = (t.el.getAttribute("aria-label") || t.el.textContent || t.el.getAttribute("name") || "").trim().slice(0, 40);
        failures.push(`${t.el.tagName.toLowerCase()} "${name}" ${Math.round(t.r.width)}×${Math.round(t.r.height)} px`);
      }
    }
    return failures;
  });
}

describe("touch targets", () => {
  it("on a 390 px phone, every control of the roster, the metrics dashboard and the competency matrix is at least 24 px (or spaced as WCAG 2.5.8 allows)", async () => {
    const fran = await openTab(browser, { viewport: PHONE });
    await signIn(fran.page, "fran@riverside.example");
    await fran.page.goto(url(`/sessions/${dropInSession}/roster`));
    await expectHeading(fran.page, /Open Door Drop-in/);
    expect(await smallTargets(fran.page), "roster").toEqual([]);
    // The roster's details (times, note) open into more controls: those too.
    await fran.page.locator(".roster-details > summary").first().click();
    expect(await smallTargets(fran.page), "roster with a person's details open").toEqual([]);
    await fran.context.close();

    const manager = await openTab(browser, { viewport: PHONE });
    await signIn(manager.page, "manager@riverside.example");
    for (const [path, heading] of [
      ["/metrics", "Program metrics"],
      ["/competency", /Competenc/],
      ["/evidence", "Accreditation evidence"],
    ] as const) {
      await manager.page.goto(url(path));
      await expectHeading(manager.page, heading);
      expect(await smallTargets(manager.page), path).toEqual([]);
    }
    // With the menu open as well.
    await mainNav(manager.page);
    expect(await smallTargets(manager.page), "open menu").toEqual([]);
    expect([...fran.problems, ...manager.problems]).toEqual([]);
    await manager.context.close();
  });

  it("and on the other main pages at 390 px: a participant's, a facilitator's and a manager's", async () => {
    for (const [email, pages] of [
      ["pat@riverside.example", ["/home", "/catalogue", "/availability", "/my/groups", "/my/goals", "/my/attendance", "/profile"]],
      ["fran@riverside.example", ["/home", "/attendance", "/competency/me", "/proposals"]],
      ["manager@riverside.example", ["/outcomes", "/programs", "/admin/people", "/intake", "/referrals", "/concerns"]],
    ] as const) {
      const { page, problems, context } = await openTab(browser, { viewport: PHONE });
      await signIn(page, email);
      for (const path of pages) {
        await page.goto(url(path));
        await page.locator("h1").first().waitFor();
        expect(await smallTargets(page), `${email} ${path}`).toEqual([]);
      }
      expect(problems).toEqual([]);
      await context.close();
    }
  });
});

describe("headline figures", () => {
  const figure = (page: Page, key: string) => page.locator(`[data-figure="${key}"] .figure-value`).innerText();

  it("each card shows the same number as the table or list below it", async () => {
    const { page, problems, context } = await openTab(browser);
    await signIn(page, "manager@riverside.example");

    // Home: sessions today is the length of today's list.
    await expectHeading(page, "Today's sessions in the organisation");
    await expect(figure(page, "sessions-today")).resolves.toBe(String(await page.locator("#today-sessions ~ ul > li").count()));
    const todayCount = Number(await figure(page, "sessions-today"));
    expect(todayCount).toBeGreaterThan(0);

    // Metrics: the four cards are the outputs table's values.
    await page.goto(url("/metrics"));
    await expectHeading(page, "Program metrics");
    for (const key of ["sessions_held", "unique_participants", "attendance_rate", "participant_hours"]) {
      await expect(figure(page, key), key).resolves.toBe(await page.locator(`td[data-metric="${key}"]`).innerText());
    }
    expect(Number(await figure(page, "sessions_held"))).toBeGreaterThan(0);

    // Evidence: the cards count the standards listed below by the status each shows.
    await page.goto(url("/evidence"));
    await expectHeading(page, "Accreditation evidence");
    await expect(figure(page, "standards")).resolves.toBe(String(await page.locator("main section.card h2").count()));
    for (const status of ["evidence", "gaps", "no-data"]) {
      await expect(figure(page, status), status).resolves.toBe(String(await page.locator(`[data-status="${status}"]`).count()));
    }
    const gapItems = await page.locator("[data-gap-items]").evaluateAll((hs) => hs.reduce((n, h) => n + Number(h.getAttribute("data-gap-items")), 0));
    await expect(figure(page, "gap-items")).resolves.toBe(String(gapItems));

    // Outcomes: the cards are the plans table's totals, and the totals add up its rows.
    await page.goto(url("/outcomes"));
    await expectHeading(page, "Outcomes");
    const rows = page.getByRole("region", { name: "Participants' plans" }).locator("tbody tr");
    await expect(figure(page, "participants")).resolves.toBe(String(await rows.count()));
    for (const [key, column] of [
      ["active-goals", 1],
      ["goals", 2],
      ["measures", 3],
    ] as const) {
      const sum = (await rows.locator(`td:nth-of-type(${column})`).allInnerTexts()).reduce((n, v) => n + Number(v), 0);
      await expect(page.locator(`td[data-total="${key}"]`).innerText()).resolves.toBe(String(sum));
      await expect(figure(page, key), key).resolves.toBe(String(sum));
    }
    await expectAccessible(page);
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe("the organisation's logo", () => {
  /** A 2×1 PNG (red, blue). */
  const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAIAAAB7QOjdAAAAD0lEQVR4nGM4IScnZ3MCAAdfAieyfXRcAAAAAElFTkSuQmCC", "base64");
  const headerLogo = (page: Page) => page.locator("header .brand img.brand-logo");

  it("an administrator uploads one, it shows in everyone's header and on the public page, and can be removed", async () => {
    const admin = await openTab(browser, { viewport: PHONE });
    await signIn(admin.page, "admin@riverside.example");
    await admin.page.goto(url("/admin/organization"));
    await expectHeading(admin.page, "Organisation details");
    await expect(headerLogo(admin.page).count()).resolves.toBe(0);

    // A file that is not a PNG or JPEG is refused beside the field.
    await admin.page.getByLabel("Upload a logo").setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: Buffer.from("<svg xmlns='http://www.w3.org/2000/svg'/>") });
    await admin.page.getByRole("button", { name: "Upload logo" }).click();
    await admin.page.getByRole("alert").waitFor();
    await expect(admin.page.getByRole("alert").innerText()).resolves.toContain("Upload the logo as a PNG or JPEG image");
    await expectAccessible(admin.page);

    await admin.page.getByLabel("Upload a logo").setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: PNG });
    await admin.page.getByRole("button", { name: "Upload logo" }).click();
    await admin.page.getByText("Logo saved.").waitFor();
    await headerLogo(admin.page).waitFor();
    // The image really loads (same origin, allowed by the page's CSP) and the link keeps the name.
    await expect(headerLogo(admin.page).evaluate((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth)).resolves.toBe(2);
    await expect(admin.page.locator("header .brand").innerText()).resolves.toBe("Riverside Community Services");
    await expectAccessible(admin.page);

    const visitor = await openTab(browser, { viewport: PHONE, javaScript: false });
    await visitor.page.goto(url("/o/riverside"));
    await expect(visitor.page.locator("header .brand").innerText()).resolves.toBe("Riverside Community Services");
    await expect(headerLogo(visitor.page).getAttribute("src")).resolves.toMatch(/^\/o\/riverside\/logo\?v=\d+$/);
    await expectAccessible(visitor.page);

    const participant = await openTab(browser, { viewport: DESKTOP });
    await signIn(participant.page, "pat@riverside.example");
    await headerLogo(participant.page).waitFor();

    await admin.page.getByRole("button", { name: "Remove the logo" }).click();
    await admin.page.getByText("Logo removed.").waitFor();
    await expect(headerLogo(admin.page).count()).resolves.toBe(0);
    await visitor.page.goto(url("/o/riverside"));
    await expect(headerLogo(visitor.page).count()).resolves.toBe(0);
    expect([...admin.problems, ...visitor.problems, ...participant.problems]).toEqual([]);
    await Promise.all([admin.context.close(), visitor.context.close(), participant.context.close()]);
  });
});
