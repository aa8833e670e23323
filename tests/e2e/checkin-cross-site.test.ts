import postgres from "postgres";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAccessible, expectHeading, launchBrowser, openTab, PHONE, signIn, url } from "./browser";
import { e2eApp } from "./app";

/**
 * Hostile review dec6c #7 in a real browser: a check-in link followed from another site (here a
 * page of an opaque origin, so Chromium sends Sec-Fetch-Site: cross-site with the Lax cookie) asks
 * to confirm and names no group; "Continue to check in" opens it from our page, and one tap checks in.
 */
let browser: Browser;
let sql: postgres.Sql;
let sessionId: string;
const GROUP = "Open Door Drop-in";

beforeAll(async () => {
  browser = await launchBrowser();
  sql = postgres(e2eApp.databaseUrl, { max: 2, onnotice: () => {} });
  const [group] = await sql<{ id: string; organization_id: string }[]>`select id, organization_id from groups where name = ${GROUP}`;
  const startsAt = new Date(Date.now() + 10 * 60_000);
  const [session] = await sql<{ id: string }[]>`
    insert into sessions (organization_id, group_id, starts_at, ends_at, status)
    values (${group.organization_id}, ${group.id}, ${startsAt}, ${new Date(startsAt.getTime() + 3_600_000)}, 'scheduled') returning id`;
  sessionId = session.id;
});

afterAll(async () => {
  await browser?.close();
  await sql?.end();
});

describe("a check-in link from another site", () => {
  it("asks first, names no group, counts nothing; continuing checks in", async () => {
    const fran = await openTab(browser, { viewport: PHONE });
    await signIn(fran.page, "fran@riverside.example");
    await fran.page.goto(url(`/sessions/${sessionId}/checkin`));
    const code = (await fran.page.locator(".checkin-code").innerText()).trim();

    const alex = await openTab(browser, { viewport: PHONE });
    await signIn(alex.page, "alex@riverside.example");
    // Another site's page links to the check-in address (and to a junk code).
    for (const target of ["ZZZZZA", code]) {
      await alex.page.goto("about:blank");
      await alex.page.setContent(`<a id="go" href="${url(`/c/${target}`)}">scan me</a>`);
      await alex.page.click("#go");
      await expectHeading(alex.page, `Check in with code ${target}?`);
      await expect(alex.page.locator("main").innerText()).resolves.not.toContain(GROUP);
    }
    await expectAccessible(alex.page);
    const counted = await sql`select 1 from rate_limit_events e join users u on e.key like '%' || u.id || '%' where u.email = 'alex@riverside.example'`;
    expect(counted).toHaveLength(0);

    await alex.page.getByRole("link", { name: "Continue to check in" }).click();
    await expectHeading(alex.page, `Check in to ${GROUP}`);
    await alex.page.getByRole("button", { name: "Check me in" }).click();
    await expectHeading(alex.page, "You are checked in");
    const [mark] = await sql<{ status: string }[]>`
      select r.status from attendance_records r join users u on u.id = r.user_id where r.session_id = ${sessionId} and u.email = 'alex@riverside.example'`;
    expect(mark).toMatchObject({ status: "present" });
    expect([...fran.problems, ...alex.problems]).toEqual([]);
  });
});
