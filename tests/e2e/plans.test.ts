import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { expectAccessible, expectHeading, launchBrowser, openTab, PHONE, signIn, url } from "./browser";
import { e2eApp } from "./app";

/**
 * The service plan in a real browser: Fran opens Pat's plan on a phone, adds a measurable objective
 * with a peer-support intervention (after a refused empty measure), Pat sees it on /my/goals and
 * proposes a goal in their own words about Budgeting Basics, Fran accepts it, and a manager reads the
 * plan history and the plans report.
 */
let browser: Browser;
let sql: postgres.Sql;
let patId: string;

const objective = "Put $20 into savings every payday";
const intervention = "Show Pat the envelope method I used in my own recovery";
const proposal = "I want to save for a bike to get to work";

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

describe("service plans", () => {
  it("Fran adds an objective with an intervention on a phone; Pat sees it and proposes a goal for Budgeting Basics; Fran accepts it; the manager sees the history and the report", async () => {
    const fran = await openTab(browser, { viewport: PHONE });
    await signIn(fran.page, "fran@riverside.example");
    await fran.page.goto(url(`/participants/${patId}/goals`));
    await fran.page.getByRole("link", { name: "Open the service plan" }).click();
    await expectHeading(fran.page, "Service plan: Pat Participant");
    await expect(fran.page.locator("main").innerText()).resolves.toContain("attended");
    await expectAccessible(fran.page);

    // An objective without a measure is refused beside the field, and nothing is added.
    const goal = fran.page.locator("section").filter({ has: fran.page.getByRole("heading", { name: "Keep a monthly budget" }) });
    const addObjective = goal.locator("details").filter({ has: fran.page.locator("summary", { hasText: "Add an objective" }) }).last();
    await addObjective.locator("summary").click();
    await addObjective.getByLabel("Objective").fill(objective);
    await addObjective.getByRole("button", { name: "Add objective" }).click();
    await fran.page.getByRole("alert").getByText("Measured by: Say how it is measured").waitFor();
    await expectAccessible(fran.page);
    await addObjective.getByLabel("Measured by").fill("bank statement each month");
    await addObjective.getByRole("button", { name: "Add objective" }).click();
    await fran.page.getByText("The objective was added.").waitFor();
    await expectHeading(fran.page, objective);

    const card = goal.locator("div.card").filter({ has: fran.page.getByRole("heading", { name: objective }) });
    const addIntervention = card.locator("details").filter({ has: fran.page.locator("summary", { hasText: "Add an intervention" }) });
    await addIntervention.locator("summary").click();
    await addIntervention.getByLabel("How you will support it").fill(intervention);
    await addIntervention.getByLabel("Component of peer support").selectOption({ label: "Activation and engagement in recovery" });
    await addIntervention.getByRole("button", { name: "Add intervention" }).click();
    await fran.page.getByText("The intervention was added.").waitFor();
    // The page's data is reloaded after the action: wait for the new item rather than reading the card at once.
    const added = card.locator("li").filter({ hasText: intervention });
    await added.waitFor();
    await expect(added.innerText()).resolves.toContain(`${intervention} (Activation and engagement in recovery; responsible: Fran Facilitator)`);
    await expectAccessible(fran.page);

    // Pat sees the objective and how Fran will support it, and proposes a goal.
    const pat = await openTab(browser, { viewport: PHONE });
    await signIn(pat.page, "pat@riverside.example");
    await pat.page.goto(url("/my/goals"));
    await expectHeading(pat.page, "My service plan");
    const plan = pat.page.locator("main");
    await expect(plan.innerText()).resolves.toContain(objective);
    await expect(plan.innerText()).resolves.toContain(intervention);
    await expectAccessible(pat.page);
    await pat.page.getByLabel("Your goal", { exact: true }).fill(proposal);
    // About Budgeting Basics: the proposal is that program's, read by Fran.
    await pat.page.getByLabel("What is it about?").selectOption({ label: "Budgeting Basics (the group)" });
    await pat.page.getByRole("button", { name: "Send my proposal" }).click();
    await pat.page.getByText("Your proposal was sent to the staff of that group or goal's program.").waitFor();
    await expect(pat.page.locator("li.card").filter({ hasText: proposal }).innerText()).resolves.toContain("Waiting for staff");
    await expectAccessible(pat.page);

    // Without JavaScript the proposal form works the same (a plain form post).
    const patNoScript = await openTab(browser, { viewport: PHONE, javaScript: false });
    await signIn(patNoScript.page, "pat@riverside.example");
    await patNoScript.page.goto(url("/my/goals"));
    await patNoScript.page.getByLabel("Your goal", { exact: true }).fill("Learn to cook three cheap meals");
    await patNoScript.page.getByRole("button", { name: "Send my proposal" }).click();
    await patNoScript.page.getByText(/^Your proposal was sent to the (staff of that group or goal's program|managers of your plan)\.$/).waitFor();
    await expectAccessible(patNoScript.page);

    // Fran accepts it in staff wording; Pat's words stay beside it.
    await fran.page.reload();
    const proposed = fran.page.locator("article").filter({ has: fran.page.getByRole("heading", { name: `“${proposal}”` }) });
    await proposed.getByLabel("Goal in staff wording").fill("Save $300 for a bicycle");
    await proposed.getByRole("button", { name: "Accept into the plan" }).click();
    await fran.page.getByText("The proposed goal is now part of the plan.").waitFor();
    const accepted = fran.page.locator("section").filter({ has: fran.page.getByRole("heading", { name: "Save $300 for a bicycle" }) });
    await accepted.getByText(`“${proposal}”`).waitFor();
    await expectAccessible(fran.page);
    // The plan history is a part of no program: the manager's, not Fran's.
    await expect(fran.page.getByRole("link", { name: "Plan history" }).count()).resolves.toBe(0);
    const manager = await openTab(browser);
    await signIn(manager.page, "manager@riverside.example");
    await manager.page.goto(url(`/participants/${patId}/plan`));
    await manager.page.getByRole("link", { name: "Plan history" }).click();
    await expectHeading(manager.page, "Plan history: Pat Participant");
    await expect(manager.page.locator("main").innerText()).resolves.toContain("Proposed goal accepted into the plan");
    await expectAccessible(manager.page);

    // The manager's report lists Pat's review, due within the week.
    await manager.page.goto(url("/metrics/plans"));
    await expectHeading(manager.page, "Service plans report");
    await expect(manager.page.getByRole("region", { name: "Plans due for review" }).innerText()).resolves.toContain("Pat Participant");
    await expectAccessible(manager.page);
  });
});
