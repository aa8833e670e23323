import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { expectAccessible, expectHeading, launchBrowser, mainNav, openTab, PHONE, signIn, url } from "./browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("metrics in a real browser", () => {
  it("a manager filters to a program and a quarter, reads a chart and its table, exports CSV and opens the evidence page", async () => {
    const { page, problems, context } = await openTab(browser);
    await signIn(page, "manager@riverside.example");
    await page.getByRole("link", { name: "Metrics", exact: true }).click();
    await expectHeading(page, "Program metrics");
    await expectAccessible(page);

    // Filter: the demo program and the last full quarter (the third choice: last 12 months, this quarter, last quarter).
    await page.getByLabel("Program").selectOption({ label: "Recovery & Life Skills" });
    const quarter = await page.locator("#filter-period option").nth(2).getAttribute("value");
    expect(quarter).toMatch(/^\d{4}-Q[1-4]$/);
    await page.getByLabel("Period", { exact: true }).selectOption(quarter!);
    await page.getByLabel("Show by").selectOption("month");
    await page.getByRole("button", { name: "Show figures" }).click();
    await page.waitForURL(/\/metrics\?.*program=.*period=\d{4}-Q[1-4]/);
    const shared = page.url();
    // The URL changes before React commits the new figures: wait for the filtered view itself.
    await page.getByText("Program: Recovery & Life Skills").first().waitFor();
    await expect(page.locator("main").innerText()).resolves.toContain("Program: Recovery & Life Skills");

    // The chart is an image with a name and a description, and its table alternative has the same months.
    const chart = page.getByRole("img", { name: "Attendance rate" });
    await chart.waitFor();
    expect(await chart.locator("desc").textContent()).toMatch(/Attendance rate: from \d+(\.\d)?% /);
    const table = page.getByRole("table", { name: "Attendance rate: table" });
    const rows = await table.locator("tbody tr").allInnerTexts();
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(row).toMatch(/^\w{3} \d{4}\t(\d+(\.\d)?%|—)$/);
    const heldInTable = await page.getByRole("table", { name: "Sessions held and cancelled: table" }).locator("tbody tr td:first-of-type").allInnerTexts();
    const heldTotal = heldInTable.reduce((a, v) => a + Number(v.replace(/,/g, "")), 0);
    await expect(page.locator('td[data-metric="sessions_held"]').innerText()).resolves.toBe(String(heldTotal));
    await expectAccessible(page);

    // The same view opens from its URL (bookmarkable), and its CSV matches the table.
    await page.goto(shared);
    const shownHeld = await page.locator('td[data-metric="sessions_held"]').innerText();
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download outputs (CSV)" }).click()]);
    const file = readFileSync((await download.path())!, "utf8");
    // A UTF-8 byte-order mark first, so Excel reads names with accents correctly; then the table.
    expect(file.startsWith("\uFEFF")).toBe(true);
    const csv = file.slice(1);
    expect(csv.split("\r\n")[0]).toBe("Figure,Key,Shown as,Value,Behind the figure,Period,Scope");
    expect(csv).toContain(`Sessions held,sessions_held,${shownHeld},`);

    // Drill down to the rows behind a figure.
    await page.getByRole("link", { name: "See rows behind Sessions held" }).click();
    await expectHeading(page, "Sessions held: the rows behind the figure");
    await expect(page.locator("main table tbody tr").count()).resolves.toBe(heldTotal);
    await expectAccessible(page);

    await page.getByRole("link", { name: "Evidence", exact: true }).click();
    await expectHeading(page, "Accreditation evidence");
    await expect(page.getByRole("heading", { name: /PA-CSE 1\.01: Program logic model/ }).count()).resolves.toBe(1);
    await expect(page.locator("main").innerText()).resolves.toContain("PA-CSE 7.02");
    await expectAccessible(page);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("on a phone, a group and this quarter: the goal figures say what they cover and sessions still to come are not 'not yet recorded'", async () => {
    const { page, problems, context } = await openTab(browser, { viewport: PHONE });
    await signIn(page, "manager@riverside.example");
    await page.goto(url("/metrics"));
    await page.getByLabel("Group", { exact: true }).selectOption({ label: "Budgeting Basics" });
    // The second choice: this quarter, which reaches into the future.
    const quarter = await page.locator("#filter-period option").nth(1).getAttribute("value");
    await page.getByLabel("Period", { exact: true }).selectOption(quarter!);
    await page.getByRole("button", { name: "Show figures" }).click();
    await page.waitForURL(/\/metrics\?.*group=.*period=\d{4}-Q[1-4]/);
    await page.getByText("Group: Budgeting Basics").first().waitFor();
    const main = await page.locator("main").innerText();
    expect(main).toContain("Under this filter, goals are those whose plan names one of these groups");
    expect(main).toMatch(/\d+ still to come; \d+ not yet recorded/);
    await expectAccessible(page);
    // The printable report of the same view says the same.
    await page.goto(page.url().replace("/metrics?", "/metrics/report?"));
    await expectHeading(page, /program report/);
    expect(await page.locator("main").innerText()).toContain("Under this filter, goals are those whose plan names one of these groups");
    await expectAccessible(page);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("on a phone, one facilitator: the dashboard and the report say the figures count what they led while they led it", async () => {
    const { page, problems, context } = await openTab(browser, { viewport: PHONE });
    await signIn(page, "manager@riverside.example");
    await page.goto(url("/metrics"));
    const facilitator = await page.locator("#filter-facilitator option").nth(1).getAttribute("value");
    await page.getByLabel("Facilitator", { exact: true }).selectOption(facilitator!);
    await page.getByRole("button", { name: "Show figures" }).click();
    await page.waitForURL(/\/metrics\?.*facilitator=/);
    await page.getByText("Facilitator: ").first().waitFor();
    const sentence = "A facilitator's figures count what happened while they led each group";
    expect(await page.locator("main").innerText()).toContain(sentence);
    await expectAccessible(page);
    await page.goto(page.url().replace("/metrics?", "/metrics/report?"));
    await expectHeading(page, /program report/);
    expect(await page.locator("main").innerText()).toContain(sentence);
    await expectAccessible(page);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("the logic model, report, outcomes and a plan are accessible; a participant reads their goals on a phone", async () => {
    const { page, problems, context } = await openTab(browser);
    await signIn(page, "manager@riverside.example");
    await page.goto(url("/metrics"));
    await page.getByRole("link", { name: "Recovery & Life Skills" }).first().click();
    await expectHeading(page, "Logic model: Recovery & Life Skills");
    await expect(page.getByRole("table").first().innerText()).resolves.toContain("Sessions held");
    await expectAccessible(page);
    await page.goto(url("/metrics/report?period=last-12-months"));
    await expectHeading(page, /program report/);
    await expectAccessible(page);
    expect(problems, "logic model and report").toEqual([]);
    await page.goto(url("/outcomes"));
    await expectHeading(page, "Outcomes");
    await expectAccessible(page);
    await page.getByRole("link", { name: "Pat Participant" }).click();
    await expectHeading(page, "Goals and outcomes: Pat Participant");
    await expectAccessible(page);
    // Correcting a goal: an empty title is refused beside the field, and the goal is unchanged.
    const edit = page.locator("details.edit-goal").first();
    await edit.locator("summary").click();
    await edit.getByLabel("Goal", { exact: true }).fill("");
    await edit.getByRole("button", { name: /^Save goal changes/ }).click();
    await page.getByRole("alert").waitFor();
    await expect(page.locator("details.edit-goal[open] .error").first().textContent()).resolves.toMatch(/\S/);
    await expectAccessible(page);
    expect(problems).toEqual([]);
    await context.close();

    const phone = await openTab(browser, { viewport: PHONE });
    await signIn(phone.page, "pat@riverside.example");
    await (await mainNav(phone.page)).getByRole("link", { name: "My goals" }).click();
    await expectHeading(phone.page, "My goals");
    await expect(phone.page.locator("main").innerText()).resolves.toContain("Keep a monthly budget");
    await expectAccessible(phone.page);
    const denied = await phone.page.goto(url("/metrics"));
    expect(denied?.status()).toBe(403);
    expect(phone.problems.filter((p) => !/403/.test(p))).toEqual([]);
    await phone.context.close();
  });
});
