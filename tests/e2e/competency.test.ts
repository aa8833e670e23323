import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { expectAccessible, expectHeading, launchBrowser, openTab, PHONE, signIn, url } from "./browser";

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
  await page.getByRole("link", { name: "Budgeting Basics" }).click();
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

  it("a facilitator sees what they hold and what is expiring on their phone", async () => {
    const { page, problems, context } = await openTab(browser, { viewport: PHONE });
    await signIn(page, "felix@riverside.example");
    await page.getByRole("link", { name: "Competency" }).click();
    await expectHeading(page, "My competencies");
    const expiring = await page.getByRole("region", { name: "Expiring within 60 days" }).innerText();
    expect(expiring).toContain("Suicide risk recognition and response");
    expect(expiring).toContain("expires in 20 days");
    await expect(page.getByRole("region", { name: "What I hold" }).innerText()).resolves.toContain("Peer specialist certification");
    await expectAccessible(page);
    expect(problems).toEqual([]);
    await context.close();
  });
});
