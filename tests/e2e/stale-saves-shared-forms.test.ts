import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { expectAccessible, expectHeading, launchBrowser, openTab, PHONE, signIn, url } from "./browser";
import { e2eApp } from "./app";

/**
 * Out-of-date saves on the last shared forms, in a real browser: a program's rules and a framework
 * item with JavaScript, the program's completion criteria and a group's translation without. Two staff members open the same page; one saves, the other —
 * whose page still shows the old text — saves theirs. The second save is refused (before, it
 * silently replaced the first): the page says so, shows what is saved now above the form, keeps
 * the person's own entries, and saving again after comparing works.
 */
let browser: Browser;
let sql: postgres.Sql;
let programId: string;
let groupId: string;
let itemId: string;

beforeAll(async () => {
  browser = await launchBrowser();
  sql = postgres(e2eApp.databaseUrl, { max: 2, onnotice: () => {} });
  const [group] = await sql<{ id: string; organization_id: string }[]>`select id, organization_id from groups where name = 'Resume & Interview Workshop' order by created_at limit 1`;
  groupId = group.id;
  const [item] = await sql<{ id: string }[]>`select id from competency_items where organization_id = ${group.organization_id} and archived_at is null order by code limit 1`;
  itemId = item.id;
  const [program] = await sql<{ id: string }[]>`insert into programs (organization_id, name) values (${group.organization_id}, 'Stale saves program') returning id`;
  programId = program.id;
});
afterAll(async () => {
  await sql?.end();
  await browser?.close();
});

describe("a program's rules published from two phones opened on the same version (JavaScript on)", () => {
  it("refuses the second publication with both texts on the page, then publishes it once the person has compared", async () => {
    const [first, second] = [await openTab(browser, { viewport: PHONE }), await openTab(browser, { viewport: PHONE })];
    await signIn(first.page, "manager@riverside.example");
    await signIn(second.page, "admin@riverside.example");
    for (const tab of [first, second]) {
      await tab.page.goto(url(`/programs/${programId}/rules`));
      await expectHeading(tab.page, "Rules of Stale saves program");
    }

    await second.page.getByLabel("Rules, in full").fill("1. Arrive on time.");
    await second.page.getByLabel("What changed").fill("First rules.");
    await second.page.getByRole("button", { name: "Publish rules" }).click();
    await second.page.getByText("The new version of the rules is published.").waitFor();

    await first.page.getByLabel("Rules, in full").fill("1. Phones on silent.");
    await first.page.getByLabel("What changed").fill("Phones.");
    await first.page.getByRole("button", { name: "Publish rules" }).click();
    await first.page.getByRole("alert").getByText(/^These rules were changed by someone else after you opened this page/).waitFor();
    const savedNow = first.page.getByRole("region", { name: "What is saved now" });
    await savedNow.getByText("Changed by someone else since you opened this page: Rules.", { exact: false }).waitFor();
    await savedNow.getByText("1. Arrive on time.").waitFor();
    await expect(first.page.getByLabel("Rules, in full").inputValue()).resolves.toBe("1. Phones on silent.");
    await expect(sql`select body from rule_versions where program_id = ${programId} order by version`).resolves.toEqual([{ body: "1. Arrive on time." }]);
    await expectAccessible(first.page);

    await first.page.getByLabel("Rules, in full").fill("1. Arrive on time.\n2. Phones on silent.");
    await first.page.getByRole("button", { name: "Publish rules" }).click();
    await first.page.getByText("The new version of the rules is published.").waitFor();
    await expect(sql`select body from rule_versions where program_id = ${programId} order by version`).resolves.toEqual([{ body: "1. Arrive on time." }, { body: "1. Arrive on time.\n2. Phones on silent." }]);
  });
});

describe("a program's completion criteria saved from two phones opened on the same version (JavaScript off)", () => {
  it("refuses the second save with both on the page, then saves it once the person has compared", async () => {
    const [first, second] = [await openTab(browser, { viewport: PHONE, javaScript: false }), await openTab(browser, { viewport: PHONE, javaScript: false })];
    await signIn(first.page, "manager@riverside.example");
    await signIn(second.page, "admin@riverside.example");
    for (const tab of [first, second]) {
      await tab.page.goto(url(`/programs/${programId}/completion`));
      await expectHeading(tab.page, "Completion criteria: Stale saves program");
    }

    await second.page.getByLabel("Sessions to attend").fill("6");
    await second.page.getByRole("button", { name: "Save the criteria" }).click();
    await second.page.getByText("The completion criteria are saved.").waitFor();

    await first.page.getByLabel("Sessions to attend").fill("8");
    await first.page.getByRole("button", { name: "Save the criteria" }).click();
    await first.page.getByRole("alert").getByText(/^These completion criteria were changed by someone else after you opened this page/).waitFor();
    const savedNow = first.page.getByRole("region", { name: "What is saved now" });
    await savedNow.getByText("At least 6 sessions attended; no limit on unexcused absences.").waitFor();
    await expect(first.page.getByLabel("Sessions to attend").inputValue()).resolves.toBe("8");
    await expect(sql`select min_sessions_attended from completion_criteria where program_id = ${programId}`).resolves.toEqual([{ min_sessions_attended: 6 }]);
    await expectAccessible(first.page);

    await first.page.getByRole("button", { name: "Save the criteria" }).click();
    await first.page.getByText("The completion criteria are saved.").waitFor();
    await expect(sql`select min_sessions_attended from completion_criteria where program_id = ${programId}`).resolves.toEqual([{ min_sessions_attended: 8 }]);
  });
});

describe("a group's Spanish description saved from two pages opened on the same version (JavaScript off)", () => {
  it("refuses the second save with both texts on the page, then saves it once the person has compared", async () => {
    const [first, second] = [await openTab(browser, { viewport: PHONE, javaScript: false }), await openTab(browser, { viewport: PHONE, javaScript: false })];
    await signIn(first.page, "manager@riverside.example");
    await signIn(second.page, "admin@riverside.example");
    for (const tab of [first, second]) await tab.page.goto(url("/admin/translations?language=es"));
    const card = (tab: typeof first) => tab.page.locator(`#group_description-${groupId}`);

    await card(second).locator("textarea[name=text]").fill("Taller de currículum y entrevistas.");
    await card(second).getByRole("button").click();
    await second.page.getByText("Saved. Readers of this language see it now.").waitFor();

    await card(first).locator("textarea[name=text]").fill("Prepare su currículum y su entrevista.");
    await card(first).getByRole("button").click();
    await card(first).getByRole("alert").getByText(/^This translation was changed by someone else after you opened this page/).waitFor();
    const savedNow = card(first).getByRole("region", { name: "What is saved now" });
    await savedNow.getByText("Taller de currículum y entrevistas.").waitFor();
    await expect(card(first).locator("textarea[name=text]").inputValue()).resolves.toBe("Prepare su currículum y su entrevista.");
    await expect(sql`select text from translated_texts where subject_id = ${groupId} and language = 'es'`).resolves.toEqual([{ text: "Taller de currículum y entrevistas." }]);

    await card(first).getByRole("button").click();
    await first.page.getByText("Saved. Readers of this language see it now.").waitFor();
    await expect(sql`select text from translated_texts where subject_id = ${groupId} and language = 'es'`).resolves.toEqual([{ text: "Prepare su currículum y su entrevista." }]);
  });
});

describe("a competency framework item edited in two tabs opened on the same version (JavaScript on)", () => {
  it("refuses the second save with the item as saved now above the form, then saves it once the person has compared", async () => {
    const [first, second] = [await openTab(browser), await openTab(browser)];
    for (const tab of [first, second]) {
      await signIn(tab.page, "admin@riverside.example");
      await tab.page.goto(url(`/competency/items?edit=${itemId}#item-form`));
    }
    await second.page.getByLabel("Description").fill("Shown in two observed sessions.");
    await second.page.getByRole("button", { name: "Save item" }).click();
    await second.page.getByText(/^Saved /).waitFor();

    await first.page.getByLabel("Standard").fill("PA-CSE 2.04 (2026)");
    await first.page.getByRole("button", { name: "Save item" }).click();
    await first.page.getByRole("alert").getByText(/^This item was changed by someone else after you opened this page/).waitFor();
    const savedNow = first.page.getByRole("region", { name: "What is saved now" });
    await savedNow.getByText("Changed by someone else since you opened this page: Description.", { exact: false }).waitFor();
    await savedNow.getByText("Shown in two observed sessions.").waitFor();
    await expect(first.page.getByLabel("Standard").inputValue()).resolves.toBe("PA-CSE 2.04 (2026)");
    await expectAccessible(first.page);

    await first.page.getByLabel("Description").fill("Shown in two observed sessions.");
    await first.page.getByRole("button", { name: "Save item" }).click();
    await first.page.getByText(/^Saved /).waitFor();
    await expect(sql`select standard, description from competency_items where id = ${itemId}`).resolves.toEqual([{ standard: "PA-CSE 2.04 (2026)", description: "Shown in two observed sessions." }]);
  });
});
