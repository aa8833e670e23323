import { DateTime } from "luxon";
import type { Browser, Page } from "playwright-core";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAccessible, expectHeading, launchBrowser, openTab, PHONE, signIn, url } from "./browser";
import { e2eApp } from "./app";

let browser: Browser;
let sql: postgres.Sql;
let roundUrl = "";

beforeAll(async () => {
  browser = await launchBrowser();
  sql = postgres(e2eApp.databaseUrl, { max: 2, onnotice: () => {} });
});
afterAll(async () => {
  await browser?.close();
  await sql?.end({ timeout: 5 });
});

const cell = (page: Page, name: string) => page.getByRole("gridcell", { name, exact: true });

describe("scheduling in a real browser", () => {
  it("a manager starts a scheduling round for a group", async () => {
    const { page, problems, context } = await openTab(browser);
    await signIn(page, "manager@riverside.example");
    await page.goto(url("/programs"));
    await page.getByRole("link", { name: "Recovery & Life Skills" }).first().click();
    await page.getByRole("link", { name: "Wellness Workshop" }).click();
    await page.getByRole("link", { name: "Scheduling rounds", exact: true }).click(); // "Run this group" on the group page
    await expectHeading(page, "Scheduling rounds for Wellness Workshop");
    await page.getByRole("link", { name: "New scheduling round" }).click();
    await expectAccessible(page);
    await page.getByLabel("First date").fill("2027-03-01");
    await page.getByLabel("Last date").fill("2027-04-04");
    for (const day of ["Monday", "Wednesday", "Friday"]) await page.getByLabel(day).uncheck();
    await page.getByLabel("Number of cohorts").fill("2");
    await page.getByLabel("Capacity per cohort").fill("8");
    await page.getByLabel("Minimum size").fill("3");
    await page.getByLabel("Skipped dates (holidays)").fill("2027-03-18");
    await page.getByRole("button", { name: "Create the round and invite participants" }).click();
    await page.waitForURL(/\/rounds\/[0-9a-f-]+\?invited=12$/);
    roundUrl = page.url().replace(/\?.*$/, "");
    await expectHeading(page, "When should Wellness Workshop meet?");
    expect(problems).toEqual([]);
    await context.close();
  });

  it("a participant enters availability with the grid: mouse drag and keyboard", async () => {
    const { page, problems, context } = await openTab(browser);
    await signIn(page, "lee@riverside.example"); // Lee lives in Chicago
    await page.getByRole("link", { name: "Availability", exact: true }).click();
    await expectHeading(page, "My availability");
    await page.getByRole("grid").waitFor();
    await expectAccessible(page);
    // Mouse: drag down the Thursday column from 4:00 PM to 7:30 PM (4–8 PM Chicago time). Lee has
    // the default US style, so the grid speaks 12-hour times.
    await cell(page, "Thursday 6:00 PM to 6:30 PM").scrollIntoViewIfNeeded();
    const from = (await cell(page, "Thursday 4:00 PM to 4:30 PM").boundingBox())!;
    const to = (await cell(page, "Thursday 7:30 PM to 8:00 PM").boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 20 });
    await page.mouse.up();
    await expect(cell(page, "Thursday 5:30 PM to 6:00 PM").getAttribute("aria-selected")).resolves.toBe("true");
    await expect(cell(page, "Thursday 8:00 PM to 8:30 PM").getAttribute("aria-selected")).resolves.toBe("false");
    // Keyboard: from Monday 9:00 AM (the grid's tab stop) move right, Space selects, Shift+Down extends.
    await cell(page, "Monday 9:00 AM to 9:30 AM").focus();
    await page.keyboard.press("ArrowRight");
    await expect(page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).resolves.toBe("Tuesday 9:00 AM to 9:30 AM");
    await page.keyboard.press("Space");
    for (let i = 0; i < 3; i++) await page.keyboard.press("Shift+ArrowDown");
    await expect(cell(page, "Tuesday 10:30 AM to 11:00 AM").getAttribute("aria-selected")).resolves.toBe("true");
    await expect(cell(page, "Monday 9:00 AM to 9:30 AM").getAttribute("aria-selected")).resolves.toBe("false");
    await expect(page.getByText("Selected in the grid:").locator("..").innerText()).resolves.toContain("Tuesday 9:00 AM–11:00 AM; Thursday 4:00 PM–8:00 PM");
    await page.getByRole("button", { name: "Save my weekly times" }).click();
    await page.waitForURL(/saved=1/);
    // The URL changes before React commits the revalidated page: wait for the saved times.
    const usual = page.locator("section", { has: page.getByRole("heading", { name: "When you are usually free" }) });
    await usual.getByText("Tuesday 9:00 AM–11:00 AM").first().waitFor();
    const saved = await usual.innerText();
    expect(saved).toContain("Tuesday 9:00 AM–11:00 AM");
    expect(saved).toContain("Thursday 4:00 PM–8:00 PM");
    expect(saved).toContain("America/Chicago".replace("_", " "));
    await expect(cell(page, "Thursday 7:30 PM to 8:00 PM").getAttribute("aria-selected")).resolves.toBe("true");
    expect(problems).toEqual([]);
    await context.close();
  });

  it("another participant uses the plain fields without JavaScript; bad times save nothing", async () => {
    const { page, context } = await openTab(browser, { javaScript: false, viewport: PHONE });
    await signIn(page, "kai@riverside.example"); // Honolulu
    await page.goto(url("/availability"));
    await expect(page.getByRole("grid").count()).resolves.toBe(0);
    await expectAccessible(page);
    await page.getByLabel("Day, row 1").selectOption("thu");
    await page.getByLabel("From, row 1").fill("12:00");
    await page.getByLabel("To, row 1").fill("12:00");
    await page.getByRole("button", { name: "Save my weekly times" }).click();
    await expect(page.getByRole("alert").first().textContent()).resolves.toContain("The end must differ from the start (row 1)");
    await expect(page.getByLabel("To, row 1").getAttribute("aria-invalid")).resolves.toBe("true");
    await expectAccessible(page);
    await page.getByLabel("To, row 1").fill("16:00");
    await page.getByLabel("Day, row 2").selectOption("sat");
    await page.getByLabel("From, row 2").fill("22:00");
    await page.getByLabel("To, row 2").fill("24:00");
    await page.getByRole("button", { name: "Save my weekly times" }).click();
    await page.waitForURL(/saved=1/);
    const saved = await page.locator("main").innerText();
    // Kai has the default US style: the saved times read 12-hour (the inputs stay type=time values).
    expect(saved).toContain("Thursday 12:00 PM–4:00 PM");
    expect(saved).toContain("Saturday 10:00 PM–12:00 AM");
    await context.close();
  });

  it("the manager sees the heatmap (accessible), names on demand, and publishes the cohorts", async () => {
    const { page, problems, context } = await openTab(browser);
    await signIn(page, "manager@riverside.example");
    await page.goto(roundUrl);
    await expectHeading(page, "When should Wellness Workshop meet?");
    await expectAccessible(page);
    const thursday = page.locator(".heatmap summary", { hasText: "Thursday 6:00 PM:" });
    await thursday.click();
    const names = await page.locator(".heatmap details[open] .names").innerText();
    expect(names).toContain("Lee Anderson");
    expect(names).toContain("Kai Thompson");
    await page.getByRole("link", { name: "Table view" }).click();
    await expectHeading(page, "Candidate times for Wellness Workshop");
    await expectAccessible(page);
    await page.goBack();
    // Felix lacks a required 2.04 competency: never suggested, shown as not cleared with why.
    const plan = page.locator("#plan ~ .warnings", { hasText: "Not cleared to lead this group" });
    await expect(plan.innerText()).resolves.toContain("Felix Facilitator:");
    for (const card of await page.locator(".cohort-card").all()) await expect(card.innerText()).resolves.toContain("Facilitator: Fran Facilitator");
    // Choosing him anyway and publishing without a reason: the refusal is at the top of the page, focused.
    const felix = (await page.locator("#facilitator-1 option", { hasText: "Felix Facilitator (not cleared)" }).getAttribute("value"))!;
    await page.locator("#facilitator-1").selectOption(felix);
    await page.getByRole("button", { name: "Check and keep these changes" }).click();
    await page.waitForURL(/adjusted=1/);
    await page.getByText("Felix Facilitator is not cleared to lead").first().waitFor();
    await page.getByRole("button", { name: "Publish cohorts" }).click();
    const summary = page.locator(".error-summary");
    await summary.waitFor();
    await expect(summary.innerText()).resolves.toContain("Felix Facilitator cannot lead");
    await expect(page.evaluate(() => document.activeElement?.className)).resolves.toBe("error-summary");
    const [summaryTop, heatmapTop] = await Promise.all([summary.boundingBox(), page.locator(".heatmap").first().boundingBox()]);
    expect(summaryTop!.y).toBeLessThan(heatmapTop!.y);
    await expectAccessible(page);
    await page.getByRole("button", { name: "Go back to the suggestion" }).click();
    await page.waitForURL(/reset=1/);
    await page.getByLabel(/Reason to go ahead/).fill("Co-facilitated while the refresher course is booked.");
    await page.getByRole("button", { name: "Publish cohorts" }).click();
    await page.waitForURL(/published=2$/);
    await page.getByRole("status").filter({ hasText: "2 weekly series created" }).first().waitFor();
    await expect(page.getByRole("status").first().innerText()).resolves.toContain("2 weekly series created");
    await expectAccessible(page);
    // What was created, not a recomputed plan.
    const main = await page.locator("main").innerText();
    expect(main).toContain("2 weekly series created; calendar invitations sent to");
    expect(main).not.toContain("not free at this time");
    expect(main).not.toContain("Fix before publishing");
    const heading = await page.locator(".cohort-card", { hasText: "Lee Anderson" }).locator("h3").innerText();
    const match = /(Mondays|Tuesdays|Wednesdays|Thursdays|Fridays) at (\d{1,2}:\d\d [AP]M)/.exec(heading)!;
    expect(match).toBeTruthy();
    leeCohort = { day: match[1], start: match[2] };
    const other = await page.locator(".cohort-card").filter({ hasNotText: "Lee Anderson" }).locator("h3").innerText();
    const m2 = /(Mondays|Tuesdays|Wednesdays|Thursdays|Fridays) at (\d{1,2}:\d\d [AP]M)/.exec(other)!;
    otherCohort = { day: m2[1], start: m2[2] };
    // The group page labels each cohort on its schedule and roster.
    await page.getByRole("link", { name: "group page" }).click();
    await page.waitForURL(/\/groups\/[0-9a-f-]+$/);
    await expectHeading(page, "Wellness Workshop");
    await page.locator("main .badge", { hasText: /^Cohort [12] · / }).first().waitFor();
    const labels = await page.locator("main .badge", { hasText: /^Cohort [12] · / }).allInnerTexts();
    expect(new Set(labels).size).toBe(2);
    await expect(page.locator("#roster ~ .table-scroll > table").innerText()).resolves.toMatch(/Lee Anderson.*Cohort [12] · /);
    await expectAccessible(page);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("the participant sees their cohort's sessions in their own zone, and in their calendar feed", async () => {
    const { page, problems, context } = await openTab(browser, { viewport: PHONE });
    await signIn(page, "lee@riverside.example");
    await expectHeading(page, "My upcoming sessions");
    await page.getByText("Wellness Workshop").first().waitFor();
    const home = await page.locator("main").innerText();
    const mine = sessionsOf(leeCohort);
    // The first session (CST) and one after the 14 March change (CDT), in Chicago time.
    expect(home).toContain(chicago(mine[0]));
    expect(home).toContain(chicago(mine.find((d) => d.toISODate()! > "2027-03-14")!));
    expect(home).not.toContain(chicago(sessionsOf(otherCohort)[0]));
    expect(home).not.toContain("Mar 18, 2027"); // the skipped holiday
    await expectAccessible(page);
    // Calendar feed on the profile page: it lists the published sessions by UID.
    await page.goto(url("/profile"));
    await page.getByRole("button", { name: /calendar link for my sessions/ }).click();
    const feedUrl = await page.getByLabel("Calendar link").inputValue();
    // One tap to subscribe (webcal), or copy the link.
    const webcal = feedUrl.replace(/^https?:\/\//, "webcal://");
    await expect(page.getByRole("link", { name: "Add to Apple Calendar" }).getAttribute("href")).resolves.toBe(webcal);
    await expect(page.getByRole("link", { name: /Add to Google Calendar/ }).getAttribute("href")).resolves.toContain(encodeURIComponent(webcal));
    await expect(page.getByRole("link", { name: /Add to Outlook/ }).getAttribute("href")).resolves.toContain(encodeURIComponent(feedUrl));
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(page.url()).origin });
    await page.getByRole("button", { name: "Copy the calendar link" }).click();
    await page.getByText("Copied.").waitFor();
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(feedUrl);
    await expectAccessible(page);
    const ics = await (await fetch(feedUrl)).text();
    const ids = await sql<{ id: string }[]>`
      select s.id from sessions s join series_assignments sa on sa.series_id = s.series_id
      join users u on u.id = sa.user_id where u.email = 'lee@riverside.example'`;
    expect(ids.length).toBeGreaterThan(0);
    for (const { id } of ids) expect(ics).toContain(`session-${id}@group-sessions`);
    expect(problems).toEqual([]);
    await context.close();
  });
});

let leeCohort = { day: "", start: "" };
let otherCohort = { day: "", start: "" };
const WEEKDAY: Record<string, number> = { Mondays: 1, Tuesdays: 2, Wednesdays: 3, Thursdays: 4, Fridays: 5 };

/** The cohort's session starts (New York wall time), 2027-03-01..2027-04-04 without 18 March. */
function sessionsOf(cohort: { day: string; start: string }): DateTime[] {
  // The cohort's start as the manager's page writes it (US style, "6:00 PM").
  const { hour, minute } = DateTime.fromFormat(cohort.start, "h:mm a", { locale: "en-US" });
  const out: DateTime[] = [];
  for (let d = DateTime.fromISO("2027-03-01", { zone: "America/New_York" }); d.toISODate()! <= "2027-04-04"; d = d.plus({ days: 1 })) {
    if (d.weekday === WEEKDAY[cohort.day] && d.toISODate() !== "2027-03-18") out.push(d.set({ hour, minute }));
  }
  return out;
}

/** A 90-minute session as Lee (Chicago, US style) reads it: "Thu, Mar 4, 2027, 5:00–6:30 PM CST". */
function chicago(start: DateTime): string {
  const s = start.setZone("America/Chicago").setLocale("en-US");
  const e = s.plus({ minutes: 90 });
  const from = s.toFormat(s.toFormat("a") === e.toFormat("a") ? "ccc, LLL d, yyyy, h:mm" : "ccc, LLL d, yyyy, h:mm a");
  return `${from}–${e.toFormat("h:mm a")} ${s.toFormat("ZZZZ")}`;
}
