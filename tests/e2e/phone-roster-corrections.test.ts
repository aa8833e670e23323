import postgres from "postgres";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAccessible, expectHeading, hydrated, launchBrowser, openTab, PHONE, signIn, url } from "./browser";
import { e2eApp } from "./app";

/** A tired facilitator corrects a mistaken tap on the roster of a session that has just started. */
let browser: Browser;
let sql: postgres.Sql;
let sessionId: string;
let drewId: string;

beforeAll(async () => {
  browser = await launchBrowser();
  sql = postgres(e2eApp.databaseUrl, { max: 2, onnotice: () => {} });
  const [group] = await sql<{ id: string; organization_id: string }[]>`select id, organization_id from groups where name = 'Open Door Drop-in'`;
  const startsAt = new Date(Date.now() - 3 * 60_000);
  const [session] = await sql<{ id: string }[]>`
    insert into sessions (organization_id, group_id, starts_at, ends_at, status)
    values (${group.organization_id}, ${group.id}, ${startsAt}, ${new Date(startsAt.getTime() + 3_600_000)}, 'scheduled') returning id`;
  sessionId = session.id;
  [{ id: drewId }] = await sql<{ id: string }[]>`select id from users where email = 'drew@riverside.example'`;
  // Drew sent an apology from "My attendance" with a reason.
  await sql`
    insert into attendance_records (organization_id, session_id, group_id, user_id, status, source, apology_reason)
    values (${group.organization_id}, ${sessionId}, ${group.id}, ${drewId}, 'excused', 'apology', 'Working nights')`;
});

afterAll(async () => {
  await browser?.close();
  await sql?.end();
});

describe("correcting a mistaken tap", () => {
  it("Absent tapped by mistake on someone who apologised, then Excused: the apology's reason is still on the row", async () => {
    const { page, context } = await openTab(browser, { viewport: PHONE });
    await signIn(page, "fran@riverside.example");
    await page.goto(url(`/sessions/${sessionId}/roster`));
    await expectHeading(page, "Roster: Open Door Drop-in");
    expect(await hydrated(page)).toBe(true);
    const row = page.locator(`#row-${drewId}`);
    await expect(row.innerText()).resolves.toContain("Apology: Working nights");
    await row.getByRole("button", { name: "Absent: Drew Martinez" }).click();
    await expect.poll(async () => (await sql`select status from attendance_records where session_id = ${sessionId} and user_id = ${drewId}`)[0]?.status).toBe("absent");
    await row.getByRole("button", { name: "Excused: Drew Martinez" }).click();
    await expect.poll(async () => (await sql`select status from attendance_records where session_id = ${sessionId} and user_id = ${drewId}`)[0]?.status).toBe("excused");
    await expect.poll(() => row.locator(".queue-state, .roster-state").first().innerText()).not.toContain("not sent");
    // After the page has fetched the roster again, the reason is still shown.
    await page.reload();
    await expectHeading(page, "Roster: Open Door Drop-in");
    await expect(page.locator(`#row-${drewId}`).innerText()).resolves.toContain("Apology: Working nights");
    await expectAccessible(page);
    await context.close();
  });
});
