import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAccessible, expectHeading, launchBrowser, openTab, PHONE, signIn, url } from "./browser";
import { e2eApp } from "./app";

/**
 * Text messages in a real browser, on a phone: a participant adds a mobile number on /profile,
 * reads the code from the text the app wrote under its SMS_DIR (no provider in e2e), confirms it,
 * opts in to session reminders, and the administrator sees the texts at /admin/sms (code hidden).
 * A fresh participant (the demo password) keeps the demo people untouched.
 */
let browser: Browser;
let sql: postgres.Sql;
const email = `quinn-${Date.now()}@example.org`;
const NUMBER = "(415) 555-0177";
const E164 = "+14155550177";

beforeAll(async () => {
  browser = await launchBrowser();
  sql = postgres(e2eApp.databaseUrl, { max: 2, onnotice: () => {} });
  const [org] = await sql<{ id: string }[]>`select id from organizations where slug = 'riverside'`;
  const [user] = await sql<{ id: string }[]>`
    insert into users (name, email, timezone, password_hash, email_confirmed_at)
    select 'Quinn Texter', ${email}, 'America/New_York', password_hash, now() from users where email = 'pat@riverside.example'
    returning id`;
  await sql`insert into memberships (user_id, organization_id, role) values (${user.id}, ${org.id}, 'participant')`;
});

afterAll(async () => {
  await browser?.close();
  await sql?.end();
});

/** Waits for the worker to write the text to `to` and returns its 6-digit code. */
async function codeTextedTo(to: string, timeoutMs = 15_000): Promise<string> {
  const dir = e2eApp.smsDir;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const file of readdirSync(dir).sort().reverse()) {
      const text = readFileSync(path.join(dir, file), "utf8");
      const code = /your code is (\d{6})/.exec(text)?.[1];
      if (text.includes(`\nTo: ${to}\n`) && code) return code;
    }
    if (Date.now() > deadline) throw new Error(`no code texted to ${to} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe("text messages in a real browser", () => {
  it("a participant adds a mobile number, confirms it with the texted code and opts in to reminders", async () => {
    const { page, context } = await openTab(browser, { viewport: PHONE });
    await signIn(page, email);
    await page.goto(url("/profile"));
    await expectHeading(page, "Text messages");
    await expectAccessible(page);

    const section = page.getByRole("region", { name: "Text messages" });
    // A landline is refused beside the field, and nothing is stored.
    await section.getByLabel("Mobile number").fill("(800) 555-0100");
    await section.getByRole("button", { name: "Add number" }).click();
    await page.getByText("That number cannot receive text messages").first().waitFor();
    await expectAccessible(page);
    expect(await sql`select 1 from user_phones p join users u on u.id = p.user_id where u.email = ${email}`).toHaveLength(0);

    await section.getByLabel("Mobile number").fill(NUMBER);
    await section.getByRole("button", { name: "Add number" }).click();
    await page.getByText("We texted you a 6-digit code.").waitFor();
    // The notice (the action's answer) can show a moment before the page's data is read again.
    await section.getByText(`Your mobile number: ${NUMBER} (not confirmed yet)`).waitFor();
    await expectAccessible(page);

    const code = await codeTextedTo(E164);
    // A wrong code first: counted, with the tries left.
    await section.getByLabel("Code from the text message").fill(code === "000000" ? "111111" : "000000");
    await section.getByRole("button", { name: "Confirm number" }).click();
    await page.getByText("That code is not right. 4 tries left.").first().waitFor();
    await expectAccessible(page);
    await section.getByLabel("Code from the text message").fill(code);
    await section.getByRole("button", { name: "Confirm number" }).click();
    await page.getByText("Your mobile number is confirmed.").waitFor();
    await section.getByText(`Your mobile number: ${NUMBER} (confirmed)`).waitFor();
    await expectAccessible(page);

    const reminders = section.getByRole("checkbox", { name: "Session reminders by text" });
    await reminders.waitFor();
    await expect(reminders.isChecked()).resolves.toBe(false);
    await reminders.check();
    await section.getByRole("button", { name: "Save text choices" }).click();
    await page.getByText("Your text-message choices were saved.").waitFor();
    await section.getByText(/Your text-message choices on record \(1\)/).waitFor();
    await expect(section.getByRole("checkbox", { name: "Session reminders by text" }).isChecked()).resolves.toBe(true);
    await expect(section.getByRole("checkbox", { name: "Waiting-list offers by text" }).isChecked()).resolves.toBe(false);
    await section.getByText(/Your text-message choices on record/).click();
    await expect(section.innerText()).resolves.toMatch(/Session reminders by text: yes, on this page/);
    await expectAccessible(page);

    // The consent record keeps the exact words shown beside the box.
    const rows = await sql<{ kind: string; status: string; wording: string }[]>`
      select c.kind, c.status, c.wording from consents c join users u on u.id = c.user_id
      where u.email = ${email} and c.revoked_at is null`;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: "sms_session_reminders", status: "given" });
    await expect(section.innerText()).resolves.toContain(rows[0].wording);
    await context.close();

    // The administrator sees the texts, the number masked and the code hidden.
    const admin = await openTab(browser, { viewport: PHONE });
    await signIn(admin.page, "admin@riverside.example");
    await admin.page.goto(url("/admin/sms"));
    await expectHeading(admin.page, "Text messages");
    const table = await admin.page.getByRole("table").innerText();
    expect(table).toContain("•••0177");
    expect(table).not.toContain(code);
    expect(table).not.toContain(E164);
    await expectAccessible(admin.page);
    await admin.context.close();
  });

  it("without JavaScript on a phone: a person who texted STOP sees it on the profile, and removing the number works", async () => {
    const { page, context } = await openTab(browser, { viewport: PHONE, javaScript: false });
    // Sam (demo) confirmed a number and later texted STOP.
    await signIn(page, "sam@riverside.example");
    await page.goto(url("/profile"));
    const section = page.getByRole("region", { name: "Text messages" });
    await expect(section.innerText()).resolves.toMatch(/Texts are stopped\. You texted STOP on .*text START to the same number/s);
    // No choices can be made while stopped; the ended choice is on record as a text keyword.
    await expect(section.getByRole("button", { name: "Save text choices" }).count()).resolves.toBe(0);
    await section.getByText(/Your text-message choices on record/).click();
    await expect(section.innerText()).resolves.toMatch(/Session reminders by text: no, by text \(STOP or START\)/);
    await expectAccessible(page);
    await section.getByRole("button", { name: "Remove my number" }).click();
    await page.getByText("Your mobile number was removed. We send you no texts.").waitFor();
    await expect(page.getByRole("region", { name: "Text messages" }).getByRole("button", { name: "Add number" }).count()).resolves.toBe(1);
    await expectAccessible(page);
    expect(await sql`select 1 from user_phones p join users u on u.id = p.user_id where u.email = 'sam@riverside.example'`).toHaveLength(0);
    await context.close();
  });
});
