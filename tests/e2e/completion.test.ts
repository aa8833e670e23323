import { readFile } from "node:fs/promises";
import postgres from "postgres";
import { PDFDocument } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { expectAccessible, expectHeading, launchBrowser, openTab, PHONE, signIn, url } from "./browser";
import { e2eApp } from "./app";

/**
 * Completion on a phone: a manager sets the autumn cohort's criteria (a bad number explained
 * first) and records Kai as completed; Kai downloads the certificate from My groups and opens the
 * verification page with the code printed on it.
 */
let browser: Browser;
let sql: postgres.Sql;
let groupId: string;

beforeAll(async () => {
  browser = await launchBrowser();
  sql = postgres(e2eApp.databaseUrl, { max: 2, onnotice: () => {} });
  const [group] = await sql<{ id: string }[]>`select id from groups where name = 'Budgeting Basics (autumn cohort)'`;
  groupId = group.id;
});
afterAll(async () => {
  await sql?.end();
  await browser?.close();
});

describe("completion and certificates", () => {
  it("a manager sets criteria and records Kai's completion; Kai downloads the certificate and verifies it", async () => {
    const manager = await openTab(browser, { viewport: PHONE });
    await signIn(manager.page, "manager@riverside.example");
    await manager.page.goto(url(`/groups/${groupId}`));
    await manager.page.getByRole("link", { name: "Completion and discharge" }).click();
    await expectHeading(manager.page, "Completion: Budgeting Basics (autumn cohort)");
    await expectAccessible(manager.page);
    await expect(manager.page.locator("main").innerText()).resolves.toContain("Kai Thompson: 3 of 5 sessions attended");

    await manager.page.getByLabel("Sessions to attend").fill("0");
    await manager.page.getByRole("button", { name: "Save the criteria" }).click();
    await manager.page.getByRole("alert").getByText("must be between 1 and 500").waitFor();
    await expectAccessible(manager.page);
    await manager.page.getByLabel("Sessions to attend").fill("3");
    await manager.page.getByRole("button", { name: "Save the criteria" }).click();
    await manager.page.getByText("The completion criteria are saved.").waitFor();
    await expect(manager.page.locator("main").innerText()).resolves.toContain("Kai Thompson: 3 of 3 sessions attended; you have met the completion requirements");

    await manager.page.getByRole("link", { name: "Record how it ended for Kai Thompson" }).click();
    await expectHeading(manager.page, "How Kai Thompson's enrolment ended");
    await expectAccessible(manager.page);
    // With Kai's outcome form open (?record= in the address), a refused criteria save still shows
    // its message beside the criteria and keeps what was typed there.
    await manager.page.getByLabel("Sessions to attend").fill("0");
    await manager.page.getByRole("button", { name: "Save the criteria" }).click();
    await manager.page.getByRole("alert").getByText("must be between 1 and 500").waitFor();
    await expect(manager.page.getByLabel("Sessions to attend").getAttribute("aria-invalid")).resolves.toBe("true");
    await expect(manager.page.getByLabel("Sessions to attend").inputValue()).resolves.toBe("0");
    await expectHeading(manager.page, "How Kai Thompson's enrolment ended");
    await manager.page.getByLabel("Sessions to attend").fill("3");
    await manager.page.getByLabel("Completed (meets the criteria)").check();
    await manager.page.getByLabel("Participant's comment (optional)").fill("Glad I stuck with it.");
    await manager.page.getByRole("button", { name: "Record the outcome" }).click();
    await manager.page.getByText("The outcome is recorded.").waitFor();
    await expect(manager.page.locator("main").innerText()).resolves.toMatch(/Kai Thompson: Completed on/);
    await expectAccessible(manager.page);
    await manager.context.close();

    const kai = await openTab(browser, { viewport: PHONE });
    await signIn(kai.page, "kai@riverside.example");
    await kai.page.goto(url("/my/groups"));
    await expectHeading(kai.page, "My groups");
    await expectAccessible(kai.page);
    const [download] = await Promise.all([
      kai.page.waitForEvent("download"),
      kai.page.getByRole("link", { name: "Certificate (PDF) for Budgeting Basics (autumn cohort)" }).click(),
    ]);
    const pdf = await PDFDocument.load(await readFile((await download.path())!));
    expect(pdf.getTitle()).toMatch(/^Certificate of completion: /);
    const code = /Verification code ([A-Z0-9-]{24})\./.exec(pdf.getSubject() ?? "")?.[1];
    expect(pdf.getSubject()).toContain("Kai Thompson completed");
    expect(code).toBeTruthy();

    await kai.page.getByRole("link", { name: "Summary of Budgeting Basics (autumn cohort)" }).click();
    await expectHeading(kai.page, "Discharge summary: Kai Thompson");
    await expect(kai.page.locator("main").innerText()).resolves.toContain("Glad I stuck with it.");
    await expectAccessible(kai.page);
    await kai.context.close();

    // Whoever Kai shows the code to, signed in or not.
    const clerk = await openTab(browser, { viewport: PHONE });
    await clerk.page.goto(url("/verify"));
    await clerk.page.getByLabel("Verification code").fill(code!.toLowerCase());
    await clerk.page.getByRole("button", { name: "Check" }).click();
    await expectHeading(clerk.page, "This certificate is valid");
    const shown = await clerk.page.locator("main").innerText();
    expect(shown).toContain("Kai Thompson");
    expect(shown).not.toMatch(/hours|attended|session/i);
    await expectAccessible(clerk.page);
    await clerk.page.goto(url("/verify/ABCD-EFGH-JKMN-PQRS-TVWX"));
    await expectHeading(clerk.page, "We cannot confirm this code");
    await expectAccessible(clerk.page);
    await clerk.context.close();
  });
});
