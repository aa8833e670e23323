import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { expectAccessible, expectHeading, launchBrowser, openTab, PHONE, signIn, url } from "./browser";
import { e2eApp } from "./app";

/**
 * A pasted link is one unbroken word: on a 390 px phone the group-note page (an addendum, an
 * incident) and the incident's page (what happened, a follow-up action) wrap it instead of
 * scrolling sideways (expectAccessible fails on any page wider than the phone).
 */
const LONG = "https://county-crisis-line.example.org/referrals/" + "x".repeat(90) + "?utm_source=group-note";

let browser: Browser;
let sql: postgres.Sql;
let signedSessionId: string;

beforeAll(async () => {
  browser = await launchBrowser();
  sql = postgres(e2eApp.databaseUrl, { max: 2, onnotice: () => {} });
  // The demo gives Fran's Budgeting Basics signed group notes and an open incident.
  const [signed] = await sql<{ id: string }[]>`
    select s.id from sessions s join groups g on g.id = s.group_id join group_notes n on n.session_id = s.id
    where g.name = 'Budgeting Basics' and n.signed_at is not null order by s.starts_at limit 1`;
  signedSessionId = signed.id;
});
afterAll(async () => {
  await sql?.end();
  await browser?.close();
});

describe("long unbroken text in service records on a phone", () => {
  it("an addendum, an incident and a follow-up action holding a long URL wrap at 390 px", async () => {
    const fran = await openTab(browser, { viewport: PHONE });
    await signIn(fran.page, "fran@riverside.example");
    await fran.page.goto(url(`/sessions/${signedSessionId}/notes`));
    await expectHeading(fran.page, "Group note: Budgeting Basics");
    await fran.page.getByLabel("Add an addendum").fill(`Crisis line page for the group: ${LONG}`);
    await fran.page.getByRole("button", { name: "Add addendum" }).click();
    await fran.page.getByText("Addendum added.").waitFor();
    await fran.page.getByText(LONG).first().waitFor();
    await expectAccessible(fran.page);
    expect(await fran.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);

    await fran.page.getByText("Record an incident or crisis").click();
    await fran.page.getByLabel("What happened").fill(`A member shared a crisis page: ${LONG}`);
    await fran.page.getByLabel("Who was notified").fill("The program manager by phone");
    await fran.page.getByRole("button", { name: "Record incident" }).click();
    await fran.page.getByText("Incident recorded.").waitFor();
    await expectAccessible(fran.page);
    const [incident] = await sql<{ id: string }[]>`select id from incidents where session_id = ${signedSessionId} and what_happened like ${"%" + LONG + "%"}`;

    const manager = await openTab(browser, { viewport: PHONE });
    await signIn(manager.page, "manager@riverside.example");
    await manager.page.goto(url(`/incidents/${incident.id}`));
    await manager.page.getByText(LONG).first().waitFor();
    await manager.page.getByLabel("Action", { exact: true }).fill(`Send the link ${LONG}`);
    await manager.page.getByLabel("Owner").selectOption({ index: 1 });
    const due = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    await manager.page.getByLabel("Due date").fill(due);
    await manager.page.getByRole("button", { name: "Add action" }).click();
    await manager.page.getByText(`Send the link ${LONG}`).first().waitFor();
    await expectAccessible(manager.page);
    expect(await manager.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  });
});
