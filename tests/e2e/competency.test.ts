import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import postgres from "postgres";
import { e2eApp } from "./app";
import { expectAccessible, expectHeading, launchBrowser, mainNav, openTab, PHONE, signIn, url } from "./browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function openBudgetingEdit(page: Page) {
  await page.goto(url("/programs"));
  await page.getByRole("link", { name: "Recovery & Life Skills" }).first().click();
  await page.getByRole("link", { name: "Budgeting Basics", exact: true }).click();
  await page.getByRole("link", { name: "Edit group" }).click();
  await expectHeading(page, "Edit Budgeting Basics");
}

describe("competency in a real browser", () => {
  it("blocks assigning a facilitator missing a 2.04 competency until a supervisor observes it and a manager verifies it", async () => {
    // The manager sees the matrix: Felix lacks Managing group dynamics and his suicide-risk training expires soon.
    const manager = await openTab(browser);
    await signIn(manager.page, "manager@riverside.example");
    await manager.page.getByRole("link", { name: "Competency" }).click();
    await expectHeading(manager.page, "Competency matrix");
    const felixRow = manager.page.getByRole("row", { name: /Felix Facilitator/ });
    await expect(felixRow.innerText()).resolves.toMatch(/Not started/);
    await expect(felixRow.innerText()).resolves.toMatch(/expires in 20 days/);
    await expectAccessible(manager.page);

    // Assigning Felix to lead Budgeting Basics is refused, with the reason beside the field.
    await openBudgetingEdit(manager.page);
    await expectAccessible(manager.page);
    await manager.page.getByLabel("Felix Facilitator (facilitator)").check();
    await manager.page.getByRole("button", { name: "Save group" }).click();
    await expect(manager.page.getByRole("alert").textContent()).resolves.toContain(
      "Felix Facilitator cannot lead this class: missing Managing group dynamics (PA-CSE 2.04): no record",
    );
    await expect(manager.page.getByLabel("Reason for assigning anyway").isVisible()).resolves.toBe(true);
    await expectAccessible(manager.page);

    // Avery (admin, Felix's supervisor) records an observation of the peer circle Felix led.
    const supervisor = await openTab(browser);
    await signIn(supervisor.page, "admin@riverside.example");
    await supervisor.page.goto(url("/competency/observations/new"));
    await expectHeading(supervisor.page, "Record an observation");
    await supervisor.page.getByLabel("Facilitator you observed").selectOption({ label: "Felix Facilitator" });
    await supervisor.page.getByRole("button", { name: "Show their sessions" }).click();
    await supervisor.page.getByLabel("Session observed").waitFor();
    await expectAccessible(supervisor.page);
    const options = await supervisor.page.getByLabel("Session observed").locator("option").allTextContents();
    const circle = options.find((o) => o.startsWith("Tuesday Peer Recovery Circle"))!;
    await supervisor.page.getByLabel("Session observed").selectOption({ label: circle });
    const dynamics = supervisor.page.getByRole("group", { name: /Managing group dynamics/ });
    await dynamics.getByLabel(/3 – Competent/).check();
    await dynamics.getByLabel(/Notes on managing group dynamics/).fill("Handled a disagreement calmly and fairly.");
    await supervisor.page.getByRole("button", { name: "Save observation" }).click();
    await expect(supervisor.page.getByRole("status").textContent()).resolves.toContain("1 competency now count as demonstrated");
    await expectAccessible(supervisor.page);
    expect(supervisor.problems).toEqual([]);
    await supervisor.context.close();

    // The manager verifies the demonstrated record from the matrix.
    await manager.page.goto(url("/competency?person=&status=demonstrated"));
    await manager.page.getByRole("link", { name: /Felix Facilitator, Managing group dynamics: Demonstrated/ }).click();
    await expectHeading(manager.page, "Managing group dynamics: Felix Facilitator");
    await expect(manager.page.locator("main").innerText()).resolves.toContain("rated 3 of 4");
    await expectAccessible(manager.page);
    await manager.page.getByRole("button", { name: "Verify this record" }).click();
    await expect(manager.page.getByRole("status").textContent()).resolves.toContain("Record verified.");
    await expectAccessible(manager.page);

    // Now the assignment goes through.
    await openBudgetingEdit(manager.page);
    await manager.page.getByLabel("Felix Facilitator (facilitator)").check();
    await manager.page.getByRole("button", { name: "Save group" }).click();
    await manager.page.getByRole("heading", { name: "Budgeting Basics", exact: true }).waitFor();
    await expect(manager.page.getByText(/^Facilitators: /).innerText()).resolves.toContain("Felix Facilitator");
    // Put the demo back as it was (removing someone is never gated).
    await openBudgetingEdit(manager.page);
    await manager.page.getByLabel("Felix Facilitator (facilitator)").uncheck();
    await manager.page.getByRole("button", { name: "Save group" }).click();
    await manager.page.getByRole("heading", { name: "Budgeting Basics", exact: true }).waitFor();
    await expect(manager.page.getByText(/^Facilitators: /).innerText()).resolves.not.toContain("Felix Facilitator");
    expect(manager.problems).toEqual([]);
    await manager.context.close();
  });

  it("a manager starts a missing record from its cell in the matrix, with scripts and without", async () => {
    // A new item nobody holds yet: a cell without a record (so a "Start record" button) in every row.
    const sql = postgres(e2eApp.databaseUrl, { max: 1, onnotice: () => {} });
    await sql`insert into competency_items (organization_id, code, name, kind) select id, 'e2e-cpr', 'CPR refresher', 'training' from organizations where slug = 'riverside'`;
    await sql.end();
    for (const javaScript of [true, false]) {
      const { page, problems, context } = await openTab(browser, { javaScript });
      await signIn(page, "manager@riverside.example");
      await page.goto(url("/competency"));
      await expectHeading(page, "Competency matrix");
      // Each cell's button names its person and item (one form around the matrix sends the cell it names).
      const start = page.getByRole("button", { name: /^Start record.*, CPR refresher$/ }).first();
      expect(await start.getAttribute("value")).toMatch(/^[0-9a-f-]{36} [0-9a-f-]{36}$/);
      const [, person, item] = /^Start record: (.+?), (.+)$/.exec(((await start.textContent()) ?? "").trim())!;
      await start.click();
      await expectHeading(page, `${item}: ${person}`);
      expect(page.url()).toMatch(/\/competency\/records\/[0-9a-f-]{36}$/);
      if (javaScript) await expectAccessible(page);
      expect(problems).toEqual([]);
      await context.close();
    }
  });

  it("a facilitator sees what they hold and what is expiring on their phone", async () => {
    const { page, problems, context } = await openTab(browser, { viewport: PHONE });
    await signIn(page, "felix@riverside.example");
    await (await mainNav(page)).getByRole("link", { name: "Competency" }).click();
    await expectHeading(page, "My competencies");
    const expiring = await page.getByRole("region", { name: "Expiring within 60 days" }).innerText();
    expect(expiring).toContain("Suicide risk recognition and response");
    expect(expiring).toContain("expires in 20 days");
    await expect(page.getByRole("region", { name: "What I hold" }).innerText()).resolves.toContain("Peer specialist certification");
    await expectAccessible(page);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("uploads say clearly what is wrong, and the admin pages are accessible", async () => {
    const felix = await openTab(browser);
    await signIn(felix.page, "felix@riverside.example");
    await felix.page.goto(url("/competency/me"));
    await felix.page.getByRole("region", { name: "What I hold" }).getByRole("link", { name: "Managing triggers" }).click();
    await expectHeading(felix.page, "Managing triggers: Felix Facilitator");
    await felix.page.getByLabel("Upload a certificate").setInputFiles({ name: "certificate.pdf", mimeType: "application/pdf", buffer: Buffer.from("<html>not a pdf</html>") });
    await felix.page.getByRole("button", { name: "Upload", exact: true }).click();
    await expect(felix.page.getByRole("alert").textContent()).resolves.toContain("Upload a PDF, PNG or JPEG file");
    await expectAccessible(felix.page);
    const big = Buffer.alloc(5 * 1024 * 1024 + 1024, 0x20);
    big.write("%PDF-1.4\n");
    await felix.page.getByLabel("Upload a certificate").setInputFiles({ name: "scan.pdf", mimeType: "application/pdf", buffer: big });
    await felix.page.getByRole("button", { name: "Upload", exact: true }).click();
    await felix.page.getByRole("alert").filter({ hasText: "This file is larger than 5.0 MB" }).waitFor();
    await expectAccessible(felix.page);
    await felix.page.getByLabel("Upload a certificate").setInputFiles({ name: "renewal.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n%%EOF\n") });
    await felix.page.getByRole("button", { name: "Upload", exact: true }).click();
    await expect(felix.page.getByRole("status").textContent()).resolves.toContain("Certificate uploaded.");
    // The evidence list is revalidated after the action: wait for it rather than read it at once.
    await felix.page.getByRole("link", { name: "renewal.pdf" }).waitFor();
    await expect(felix.page.getByRole("link", { name: "renewal.pdf" }).count()).resolves.toBe(1);
    await felix.context.close();

    const admin = await openTab(browser);
    await signIn(admin.page, "admin@riverside.example");
    for (const [path, heading] of [
      ["/competency/items", "Competency framework"],
      ["/competency/settings", "Caseload and supervisors"],
      ["/competency/me", "My competencies"],
    ]) {
      await admin.page.goto(url(path));
      await expectHeading(admin.page, heading);
      await expectAccessible(admin.page);
    }
    await admin.page.goto(url("/competency/items"));
    await admin.page.getByRole("button", { name: "Add item" }).click();
    await expect(admin.page.getByRole("alert").textContent()).resolves.toContain("Enter a name.");
    await expectAccessible(admin.page);
    await admin.page.goto(url("/competency/observations/new"));
    await admin.page.getByLabel("Facilitator you observed").selectOption({ label: "Felix Facilitator" });
    await admin.page.getByRole("button", { name: "Show their sessions" }).click();
    await admin.page.getByRole("button", { name: "Save observation" }).click();
    await expect(admin.page.getByRole("alert").textContent()).resolves.toContain("Choose the session you observed.");
    await expectAccessible(admin.page);
    expect(admin.problems).toEqual([]);
    await admin.context.close();
  });

  it("a manager records a supervision session on a phone; the peer worker reads it in their own log (2.06)", async () => {
    const manager = await openTab(browser, { viewport: PHONE });
    await signIn(manager.page, "manager@riverside.example");
    await manager.page.goto(url("/competency"));
    await manager.page.getByRole("link", { name: "Supervision log" }).click();
    await expectHeading(manager.page, "Supervision log");
    await expectAccessible(manager.page);
    // A mistake is explained beside its field, and nothing is saved.
    await manager.page.getByLabel("Peer worker").selectOption({ label: "Fran Facilitator" });
    await manager.page.getByRole("button", { name: "Save entry" }).click();
    await expect(manager.page.getByRole("alert").textContent()).resolves.toContain("Enter how many minutes it lasted.");
    await expectAccessible(manager.page);
    await manager.page.getByLabel("Peer worker").selectOption({ label: "Fran Facilitator" });
    await manager.page.getByLabel("Minutes").fill("50");
    await manager.page.getByLabel("Topics discussed").fill("Managing triggers in the family class after a hard disclosure.");
    await manager.page.getByLabel("Follow-ups (optional)").fill("Fran to plan a grounding exercise for the next session.");
    await manager.page.getByRole("button", { name: "Save entry" }).click();
    await expect(manager.page.getByRole("status").textContent()).resolves.toContain("Supervision entry saved.");
    const entries = manager.page.getByRole("region", { name: "Entries" });
    await entries.getByText("Managing triggers in the family class after a hard disclosure.").waitFor();
    await expect(entries.getByRole("article").first().innerText()).resolves.toContain("Fran Facilitator (supervision)");
    await expectAccessible(manager.page);
    expect(manager.problems).toEqual([]);
    await manager.context.close();

    // Fran reads her own entries (the new one and the seeded mentoring session) and records none herself.
    const fran = await openTab(browser, { viewport: PHONE });
    await signIn(fran.page, "fran@riverside.example");
    await fran.page.goto(url("/competency/me"));
    await fran.page.getByRole("link", { name: "Supervision log" }).click();
    await expectHeading(fran.page, "Supervision log");
    const own = await fran.page.getByRole("region", { name: "Entries" }).innerText();
    expect(own).toContain("Managing triggers in the family class after a hard disclosure.");
    expect(own).toContain("(mentoring)");
    expect(own).not.toContain("Felix Facilitator");
    await expect(fran.page.getByRole("button", { name: "Save entry" }).count()).resolves.toBe(0);
    await expectAccessible(fran.page);
    expect(fran.problems).toEqual([]);
    await fran.context.close();
  });

  it("a manager sets caseload limits by role and the weight of urgent intakes on a phone (2.08)", async () => {
    const { page, problems, context } = await openTab(browser, { viewport: PHONE });
    await signIn(page, "manager@riverside.example");
    await page.goto(url("/competency/settings"));
    await expectHeading(page, "Caseload and supervisors");
    await expectAccessible(page);
    await page.getByLabel("An urgent intake counts as").fill("9");
    await page.getByRole("button", { name: "Save limits" }).click();
    await page.getByRole("alert").filter({ hasText: "Enter how much an urgent intake counts as a whole number from 1 to 5." }).waitFor();
    await expectAccessible(page);
    await page.getByLabel("An urgent intake counts as").fill("2");
    await page.getByRole("button", { name: "Save limits" }).click();
    await page.getByRole("status").filter({ hasText: "Caseload limits and default supervisor saved." }).waitFor();
    await page.getByLabel("Applies to").selectOption({ label: "Role: Facilitators" });
    await page.getByLabel("Most participant load").fill("40");
    await page.getByRole("button", { name: "Save this limit" }).click();
    await page.getByRole("status").filter({ hasText: "Limit saved." }).waitFor();
    const byRole = page.getByRole("region", { name: "Limits by role or qualification" });
    await byRole.getByText("Facilitators: no groups limit, 40 participants").waitFor();
    await expectAccessible(page);
    // Put the demo back as it was for the other tests.
    await byRole.getByRole("button", { name: "Remove the limit for Facilitators" }).click();
    await page.getByRole("status").filter({ hasText: "Limit removed." }).waitFor();
    await page.getByLabel("An urgent intake counts as").fill("1");
    await page.getByRole("button", { name: "Save limits" }).click();
    await page.getByRole("status").filter({ hasText: "Caseload limits and default supervisor saved." }).waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });
});
