import postgres from "postgres";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAccessible, expectHeading, hydrated, launchBrowser, openTab, PHONE, signIn, url } from "./browser";
import { e2eApp } from "./app";

/** A participant on a phone writes something long, and the connection goes at the moment they send it. */
let browser: Browser;
let sql: postgres.Sql;

beforeAll(async () => {
  browser = await launchBrowser();
  sql = postgres(e2eApp.databaseUrl, { max: 2, onnotice: () => {} });
});

afterAll(async () => {
  await browser?.close();
  await sql?.end();
});

const TEXT = "The room was so cold that two of us left at the break. Could the heating be on before the group starts?";

describe("sending a form without a connection", () => {
  it("keeps the form and what was typed, says nothing was sent, and sends it once when the connection is back", async () => {
    const { page, context, problems } = await openTab(browser, { viewport: PHONE });
    await signIn(page, "pat@riverside.example");
    await page.goto(url("/concerns/new"));
    await expectHeading(page, "Raise a concern");
    expect(await hydrated(page)).toBe(true);
    await page.getByLabel("What is it about?").selectOption("group");
    await page.getByLabel("Group", { exact: true }).selectOption({ label: "Tuesday Peer Recovery Circle" });
    const summary = `Cold room ${Date.now()}`;
    await page.getByLabel("Summary in a few words").fill(summary);
    await page.getByLabel("Your concern").fill(TEXT);

    await context.setOffline(true);
    await page.getByRole("button", { name: "Send concern" }).click();
    // Before: the whole page became "Something went wrong" and the text was gone.
    await page.getByText("No connection: nothing was sent. What you entered is still here").waitFor();
    await expect(page.getByLabel("Your concern").inputValue()).resolves.toBe(TEXT);
    await expect(page.getByLabel("Summary in a few words").inputValue()).resolves.toBe(summary);
    await expect(page.getByText("Something went wrong").count()).resolves.toBe(0);
    await expectAccessible(page);
    expect(await sql`select 1 from concerns where summary = ${summary}`).toHaveLength(0);

    await context.setOffline(false);
    await page.getByRole("button", { name: "Send concern" }).click();
    await page.waitForURL((u) => !u.pathname.endsWith("/concerns/new"));
    await expect.poll(async () => (await sql`select 1 from concerns where summary = ${summary}`).length).toBe(1);
    await expect(page.getByText("No connection").count()).resolves.toBe(0);
    await expectAccessible(page);
    // Only the browser's own note of the failed send while offline, if any.
    problems.splice(0, problems.length, ...problems.filter((p) => !/ERR_INTERNET_DISCONNECTED/.test(p)));
    await context.close();
  });

  it("when the connection drops while the form is on its way, the page says the connection dropped, not that the server failed", async () => {
    const { page, context, problems } = await openTab(browser, { viewport: PHONE });
    await signIn(page, "pat@riverside.example");
    await page.goto(url("/concerns/new"));
    expect(await hydrated(page)).toBe(true);
    await page.getByLabel("What is it about?").selectOption("group");
    await page.getByLabel("Group", { exact: true }).selectOption({ label: "Tuesday Peer Recovery Circle" });
    await page.getByLabel("Summary in a few words").fill("Dropped on the way");
    await page.getByLabel("Your concern").fill(TEXT);
    // The phone still believes it is online; the request never reaches the server.
    await page.route("**/concerns/new*", (route) => (route.request().method() === "POST" ? route.abort("internetdisconnected") : route.continue()));
    await page.getByRole("button", { name: "Send concern" }).click();
    await expectHeading(page, "The connection dropped");
    await expect(page.getByText(/open the page again to see what was saved/).count()).resolves.toBe(1);
    // No "reference for support": the server never saw this request.
    await expect(page.getByText(/Reference for support/).count()).resolves.toBe(0);
    problems.splice(0, problems.length, ...problems.filter((p) => !/ERR_INTERNET_DISCONNECTED/.test(p)));
    await expectAccessible(page);
    expect(await sql`select 1 from concerns where summary = 'Dropped on the way'`).toHaveLength(0);
    await context.close();
  });
});
