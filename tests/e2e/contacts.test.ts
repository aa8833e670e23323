import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { expectAccessible, expectHeading, launchBrowser, openTab, PHONE, signIn, url } from "./browser";
import { e2eApp } from "./app";

/**
 * One-to-one contacts on a phone: Fran opens Pat's service plan, goes to the contacts, sees the
 * demo's signed contacts and draft, is told what is missing when signing too early, logs a contact
 * (under the program of her group with Pat, the form's only one, chosen already) and signs it,
 * then adds an addendum to it.
 */
let browser: Browser;
let sql: postgres.Sql;
let patId: string;

beforeAll(async () => {
  browser = await launchBrowser();
  sql = postgres(e2eApp.databaseUrl, { max: 2, onnotice: () => {} });
  const [pat] = await sql<{ id: string }[]>`select id from users where email = 'pat@riverside.example'`;
  patId = pat.id;
});
afterAll(async () => {
  await sql?.end();
  await browser?.close();
});

describe("one-to-one contacts", () => {
  it("Fran logs and signs a contact with Pat on a phone, then adds an addendum", async () => {
    const fran = await openTab(browser, { viewport: PHONE });
    await signIn(fran.page, "fran@riverside.example");
    await fran.page.goto(url(`/participants/${patId}/plan`));
    await fran.page.getByRole("link", { name: "One-to-one contacts" }).click();
    await expectHeading(fran.page, "One-to-one contacts: Pat Participant");
    const list = fran.page.getByRole("list", { name: "Contacts so far" });
    await expect(list.getByRole("listitem").count()).resolves.toBe(3);
    await expectAccessible(fran.page);

    // The program of Fran's group that Pat attends (the demo's contacts are filed under it) is the only choice, chosen.
    const [program] = await sql<{ name: string }[]>`select distinct p.name from individual_contacts c join programs p on p.id = c.program_id where c.participant_id = ${patId}`;
    await expect(fran.page.getByLabel("Program", { exact: true }).locator("option").allInnerTexts()).resolves.toEqual([program.name]);

    // Signing without the component is refused beside the field, and nothing is logged.
    await fran.page.getByLabel("Minutes").fill("25");
    await fran.page.getByLabel("Phone").check();
    await fran.page.getByLabel("Note").fill("Went over the bill calendar by phone.");
    await fran.page.getByRole("button", { name: "Save and sign" }).click();
    await fran.page.getByRole("alert").getByText("Choose the component of peer support before signing").waitFor();
    await expect(list.getByRole("listitem").count()).resolves.toBe(3);
    await expectAccessible(fran.page);

    await fran.page.getByLabel("Component of peer support").selectOption({ label: "Transitional support" });
    await fran.page.getByRole("button", { name: "Save and sign" }).click();
    await fran.page.waitForURL(/\/contacts\/[0-9a-f-]+\?saved=sign$/);
    await fran.page.getByText("Signed. The note is now locked.").waitFor();
    await expect(fran.page.locator("main").innerText()).resolves.toContain("Went over the bill calendar by phone.");
    await expect(fran.page.locator("main").innerText()).resolves.toContain(program.name);
    await expect(fran.page.getByRole("button", { name: "Save and sign" }).count()).resolves.toBe(0);
    await expectAccessible(fran.page);

    await fran.page.getByLabel("Add an addendum").fill("Pat set two reminders afterwards.");
    await fran.page.getByRole("button", { name: "Add addendum" }).click();
    await fran.page.getByText("Addendum added.").waitFor();
    await expect(fran.page.locator("main").innerText()).resolves.toContain("Pat set two reminders afterwards.");
    await expectAccessible(fran.page);
    await fran.context.close();
  });
});
