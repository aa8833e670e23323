import { readFile } from "node:fs/promises";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { pdfText } from "../factories/pdf";
import { expectAccessible, expectHeading, launchBrowser, openTab, PHONE, signIn, url } from "./browser";
import { e2eApp } from "./app";

/**
 * A court letter on a phone: Casey signs a release in the app for their probation officer (a
 * mistyped signature explained first); the manager issues the letter under it and downloads the
 * PDF, which states only what Casey allowed; Casey sees the letter under the release and in
 * "Who has seen my records", then revokes the release and the manager can send no more.
 */
let browser: Browser;
let sql: postgres.Sql;
let groupId: string;

beforeAll(async () => {
  browser = await launchBrowser();
  sql = postgres(e2eApp.databaseUrl, { max: 2, onnotice: () => {} });
  const [group] = await sql<{ id: string }[]>`select id from groups where name = 'Budgeting Basics'`;
  groupId = group.id;
});
afterAll(async () => {
  await sql?.end();
  await browser?.close();
});

describe("attendance letters under a release of information", () => {
  it("Casey signs a release; the manager issues a court letter showing only what it allows; Casey sees the disclosure and revokes", async () => {
    const casey = await openTab(browser, { viewport: PHONE });
    await signIn(casey.page, "casey@riverside.example");
    await casey.page.goto(url("/my/groups"));
    await casey.page.getByRole("link", { name: "My releases: letters to a court, probation officer or employer" }).click();
    await expectHeading(casey.page, "My releases of information");
    await expectAccessible(casey.page);
    await casey.page.getByLabel("Recipient's name").fill("Judge Alma Ortiz");
    await casey.page.getByLabel("Their organisation (optional)").fill("Springfield Municipal Court");
    await casey.page.getByLabel("Their postal address or email").fill("clerk@springfield-court.example");
    await casey.page.getByLabel("Purpose").fill("Proof of attendance for my court date.");
    await casey.page.getByLabel(/^Attendance dates/).check();
    await casey.page.getByLabel(/^Attendance totals/).check();
    await casey.page.getByRole("button", { name: "Read the release" }).click();
    await expectHeading(casey.page, "Read and sign");
    await expect(casey.page.locator("blockquote").first().innerText()).resolves.toContain("I, Casey Brown, authorise Riverside Community Services");
    await expectAccessible(casey.page);
    await casey.page.getByLabel("Type your full name to sign").fill("Someone Else");
    await casey.page.getByLabel("I have read this release and I sign it.").check();
    await casey.page.getByRole("button", { name: "Sign the release" }).click();
    await casey.page.getByRole("alert").getByText("Type your name as it is on your account").waitFor();
    await expectAccessible(casey.page);
    await casey.page.getByLabel("Type your full name to sign").fill("Casey Brown");
    await casey.page.getByLabel("I have read this release and I sign it.").check();
    await casey.page.getByRole("button", { name: "Sign the release" }).click();
    await casey.page.getByText("Signed. Staff can now send a letter").waitFor();
    await expectAccessible(casey.page);

    const manager = await openTab(browser, { viewport: PHONE });
    await signIn(manager.page, "manager@riverside.example");
    await manager.page.goto(url(`/groups/${groupId}/completion`));
    await manager.page.getByRole("link", { name: "Letters and releases of Casey Brown" }).click();
    await expectHeading(manager.page, "Letters and releases: Casey Brown");
    await expectAccessible(manager.page);
    await manager.page.getByRole("button", { name: "Issue the letter" }).click();
    await manager.page.getByText("Letter issued and recorded.").waitFor();
    await expectAccessible(manager.page);
    const [download] = await Promise.all([manager.page.waitForEvent("download"), manager.page.getByRole("link", { name: "Download the letter (PDF)" }).click()]);
    const text = await pdfText(new Uint8Array(await readFile((await download.path())!)));
    expect(text).toContain("Judge Alma Ortiz");
    expect(text).toContain("Re: Casey Brown");
    expect(text).toContain("Attendance dates");
    expect(text).toContain("Attendance totals");
    expect(text).not.toContain("Completion status");
    expect(text).not.toContain("Progress summary");

    await casey.page.goto(url("/my/releases"));
    await expect(casey.page.locator("main").innerText()).resolves.toMatch(/by Morgan Manager, about Budgeting Basics; shared attendance dates, attendance totals/);
    await expectAccessible(casey.page);
    await casey.page.goto(url("/my/privacy"));
    await expectHeading(casey.page, "Who has seen my records");
    await expect(casey.page.locator("main").innerText()).resolves.toContain("Sent outside the organisation: A letter about your attendance or progress");
    await expect(casey.page.locator("main").innerText()).resolves.toContain("Reason given: To Judge Alma Ortiz, Springfield Municipal Court: Proof of attendance for my court date.");
    await expectAccessible(casey.page);

    await casey.page.goto(url("/my/releases"));
    await casey.page.getByRole("button", { name: "Revoke the release to Judge Alma Ortiz" }).click();
    await casey.page.getByText("Revoked. From now on no letter can be sent under this release.").waitFor();
    await expectAccessible(casey.page);
    await manager.page.reload();
    await expect(manager.page.locator("main").innerText()).resolves.toContain("A letter can only be sent under a current release of information");
    expect(await manager.page.getByRole("button", { name: "Issue the letter" }).count()).toBe(0);
    await expectAccessible(manager.page);
    // A paper release needs the scan of the signed page: refused, explained beside the field, form kept open.
    await manager.page.getByText("Record a release signed on paper").click();
    await manager.page.getByLabel("Recipient's name").fill("Judge Alma Ortiz");
    await manager.page.getByRole("button", { name: "Record the paper release" }).click();
    await manager.page.getByRole("alert").getByText("Choose a file to upload.").waitFor();
    await expectAccessible(manager.page);
    await manager.context.close();
    await casey.context.close();
  });

  it("works without JavaScript: Taylor reads, signs and revokes a release", async () => {
    const taylor = await openTab(browser, { viewport: PHONE, javaScript: false });
    await signIn(taylor.page, "taylor@riverside.example");
    await taylor.page.goto(url("/my/releases"));
    await expectHeading(taylor.page, "My releases of information");
    await taylor.page.getByLabel("Recipient's name").fill("Lou Park");
    await taylor.page.getByLabel("Their postal address or email").fill("lou.park@employer.example");
    await taylor.page.getByLabel("Purpose").fill("My employer asked for proof of attendance.");
    await taylor.page.getByRole("button", { name: "Read the release" }).click();
    await taylor.page.getByRole("alert").getByText("Tick at least one thing that may be shared.").waitFor();
    await expectAccessible(taylor.page);
    await taylor.page.getByLabel(/^Completion status/).check();
    await taylor.page.getByRole("button", { name: "Read the release" }).click();
    await expectHeading(taylor.page, "Read and sign");
    await expect(taylor.page.locator("blockquote").first().innerText()).resolves.toContain(
      "Only the following may be shared: completion status (whether I am still taking part, completed, was discharged and the reason, or was transferred, and the date).",
    );
    await taylor.page.getByLabel("Type your full name to sign").fill("Taylor Davis");
    await taylor.page.getByRole("button", { name: "Sign the release" }).click();
    await taylor.page.getByRole("alert").getByText("Tick the box to confirm").waitFor();
    await taylor.page.getByLabel("Type your full name to sign").fill("Taylor Davis");
    await taylor.page.getByLabel("I have read this release and I sign it.").check();
    await taylor.page.getByRole("button", { name: "Sign the release" }).click();
    await taylor.page.getByText("Signed. Staff can now send a letter").waitFor();
    await expect(taylor.page.locator("main").innerText()).resolves.toContain("To Lou Park Current");
    await expectAccessible(taylor.page);
    await taylor.page.getByRole("button", { name: "Revoke the release to Lou Park" }).click();
    await taylor.page.getByText("Revoked. From now on no letter can be sent under this release.").waitFor();
    await expectAccessible(taylor.page);
    await taylor.context.close();
  });
});
