import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { expectAccessible, expectHeading, launchBrowser, openTab, PHONE, signIn, url } from "./browser";
import { e2eApp } from "./app";

/**
 * A staff session ends after 30 minutes without a request. A facilitator writing a long note sends
 * none while typing: typing now counts as activity, and a note sent after a long pause is not turned
 * into a sign-in page with the text lost — the page says the session ended, keeps the text, and
 * sends it once the person has signed in again in another tab.
 */
let browser: Browser;
let sql: postgres.Sql;
let sessionId: string;

beforeAll(async () => {
  browser = await launchBrowser();
  sql = postgres(e2eApp.databaseUrl, { max: 2, onnotice: () => {} });
  const [session] = await sql<{ id: string }[]>`
    select s.id from sessions s join groups g on g.id = s.group_id
    where g.name = 'Budgeting Basics' and s.ends_at < now()
      and not exists (select 1 from group_notes n where n.session_id = s.id)
    order by s.starts_at desc limit 1`;
  sessionId = session.id;
});

afterAll(async () => {
  await sql.end();
  await browser.close();
});

const franIdleFor = (minutes: number) =>
  sql`update auth_sessions set last_seen_at = now() - ${`${minutes} minutes`}::interval
      where user_id = (select id from users where email = 'fran@riverside.example')`;
const franLastSeenAgo = async () =>
  (await sql<{ s: number }[]>`select extract(epoch from now() - max(last_seen_at))::float as s from auth_sessions
      where user_id = (select id from users where email = 'fran@riverside.example')`)[0].s;

describe("a facilitator's long note and the 30-minute staff timeout", () => {
  it("typing counts as activity; a note sent after the session ended keeps its text and is sent after signing in again", async () => {
    const fran = await openTab(browser, { viewport: PHONE });
    await fran.page.clock.install();
    await signIn(fran.page, "fran@riverside.example");
    await fran.page.goto(url(`/sessions/${sessionId}/notes`));
    await expectHeading(fran.page, "Group note: Budgeting Basics");

    // 29 minutes after the last request, typing tells the server the person is still there.
    await franIdleFor(29);
    await fran.page.clock.fastForward("05:00");
    await fran.page.getByLabel("Unit or topic covered").fill("Unit 6: Saving for emergencies");
    await expect.poll(franLastSeenAgo, { timeout: 10_000 }).toBeLessThan(60);

    // Then a long pause: the session ends on the server; pressing Save sends nothing and says so.
    await fran.page.getByLabel("Activities").fill("Each person wrote down one emergency they had last year and what it cost.");
    await franIdleFor(35);
    await fran.page.clock.fastForward("31:00");
    await fran.page.getByRole("button", { name: "Save draft" }).click();
    await fran.page.getByRole("alert").getByText("You were signed out after 30 minutes without activity, so nothing was sent.").waitFor();
    expect(fran.page.url()).toContain(`/sessions/${sessionId}/notes`);
    await expect(fran.page.getByLabel("Activities").inputValue()).resolves.toBe("Each person wrote down one emergency they had last year and what it cost.");
    await expectAccessible(fran.page);
    expect((await sql`select 1 from group_notes where session_id = ${sessionId}`).length).toBe(0);

    // Signed in again (another tab of the same browser: its cookie), the same button sends the note.
    const again = await fran.page.context().request.post(url("/login"), {
      form: { email: "fran@riverside.example", password: "demo-password-1", redirectTo: "/home" },
      headers: { Origin: e2eApp.baseUrl },
      maxRedirects: 0,
    });
    expect(again.status()).toBe(302);
    await fran.page.getByRole("button", { name: "Save draft" }).click();
    await expect.poll(async () => (await sql<{ activities: string }[]>`select activities from group_notes where session_id = ${sessionId}`)[0]?.activities ?? null, { timeout: 15_000 }).toBe(
      "Each person wrote down one emergency they had last year and what it cost.",
    );
    await fran.context.close();
  });

  it("signing out after a long pause is not held: it signs out", async () => {
    const fran = await openTab(browser);
    await fran.page.clock.install();
    await signIn(fran.page, "fran@riverside.example");
    await fran.page.goto(url(`/sessions/${sessionId}/notes`));
    await expectHeading(fran.page, "Group note: Budgeting Basics");
    await franIdleFor(35);
    await fran.page.clock.fastForward("31:00");
    await fran.page.getByRole("button", { name: "Sign out" }).first().click();
    await fran.page.waitForURL((address) => !address.pathname.startsWith("/sessions/"));
    expect(await fran.page.getByText("You were signed out after 30 minutes without activity, so nothing was sent.").count()).toBe(0);
    await fran.context.close();
  });
});
