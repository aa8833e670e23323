import postgres from "postgres";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAccessible, expectHeading, launchBrowser, openTab, PHONE, signIn, url } from "./browser";
import { e2eApp } from "./app";

/**
 * The neutral sender name for text messages, on a phone: the administrator reads why one might set
 * it, a name with markup is refused beside the field, a plain one is saved. Put back afterwards.
 */
let browser: Browser;
let sql: postgres.Sql;

beforeAll(async () => {
  browser = await launchBrowser();
  sql = postgres(e2eApp.databaseUrl, { max: 1, onnotice: () => {} });
});

afterAll(async () => {
  if (sql) await sql`update organizations set sms_sender_name = '' where slug = 'riverside'`;
  await browser?.close();
  await sql?.end();
});

describe("the sender name of text messages", () => {
  it("an administrator sets a neutral name on a phone; a bad one is refused beside the field", async () => {
    const { page, context } = await openTab(browser, { viewport: PHONE });
    await signIn(page, "admin@riverside.example");
    await page.goto(url("/admin/organization"));
    await expectHeading(page, "Organisation details");
    const field = page.getByLabel("Sender name for text messages");
    await expect(page.getByText("so a glance at someone's phone discloses nothing").isVisible()).resolves.toBe(true);
    await expectAccessible(page);

    await field.fill("Riverside <Center>");
    await page.getByRole("button", { name: "Save details" }).click();
    await page.getByText("Use only letters, digits, spaces and . , ' & ( ) - in the sender name of text messages.").first().waitFor();
    await expectAccessible(page);
    expect((await sql<{ n: string }[]>`select sms_sender_name as n from organizations where slug = 'riverside'`)[0].n).toBe("");

    await page.getByLabel("Sender name for text messages").fill("Riverside Center");
    await page.getByRole("button", { name: "Save details" }).click();
    await page.getByText("Saved.").waitFor();
    await expect(page.getByLabel("Sender name for text messages").inputValue()).resolves.toBe("Riverside Center");
    await expectAccessible(page);
    expect((await sql<{ n: string }[]>`select sms_sender_name as n from organizations where slug = 'riverside'`)[0].n).toBe("Riverside Center");
    await context.close();
  });
});
