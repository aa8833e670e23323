import postgres from "postgres";
import type { Browser, Page, Request } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAccessible, expectHeading, hydrated, launchBrowser, openTab, PHONE, signIn, signInWithForm, url } from "./browser";
import { e2eApp } from "./app";

/**
 * A tired person on a slow phone connection taps a form's button twice. Each tap used to send the
 * form: the server acted on both, the second answer was the one shown.
 */
let browser: Browser;
let sql: postgres.Sql;
let sessionId: string;

/** A phone on a poor connection: every request takes at least this long to answer. */
async function slowConnection(page: Page, latencyMs = 900) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: latencyMs, downloadThroughput: 60_000, uploadThroughput: 60_000 });
}

/**
 * Every request the page sends from now on. `settled()` waits until none of them is still on its
 * way and the page has rendered the last answer. A second tap that got through is sent at once
 * (250 ms after the first, long before the first answer is back on the slow connection), so it is
 * among these: this waits for its answer, which would replace the first one's page, as long as it
 * takes and no longer (it replaces a fixed 2.5 s wait).
 */
function requestsFrom(page: Page) {
  const open = new Set<Request>();
  const sent = (request: Request) => void open.add(request);
  const done = (request: Request) => void open.delete(request);
  page.on("request", sent);
  page.on("requestfinished", done);
  page.on("requestfailed", done);
  return {
    async settled() {
      await expect.poll(() => open.size, { timeout: 15_000, interval: 50 }).toBe(0);
      page.off("request", sent);
      page.off("requestfinished", done);
      page.off("requestfailed", done);
      // The answer is read and rendered: two frames and a task after the last response.
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 0)))));
    },
  };
}

/** Two taps on the same button, the second while the first is still on its way. */
async function doubleTap(page: Page, name: string) {
  const button = page.getByRole("button", { name, exact: true });
  await button.click();
  await page.waitForTimeout(250);
  await button.click();
}

beforeAll(async () => {
  browser = await launchBrowser();
  sql = postgres(e2eApp.databaseUrl, { max: 2, onnotice: () => {} });
  // A drop-in session starting in two minutes (walk-ins allowed), led by Fran.
  const [group] = await sql<{ id: string; organization_id: string }[]>`select id, organization_id from groups where name = 'Open Door Drop-in'`;
  const startsAt = new Date(Date.now() + 2 * 60_000);
  const [session] = await sql<{ id: string }[]>`
    insert into sessions (organization_id, group_id, starts_at, ends_at, status)
    values (${group.organization_id}, ${group.id}, ${startsAt}, ${new Date(startsAt.getTime() + 3_600_000)}, 'scheduled') returning id`;
  sessionId = session.id;
});

afterAll(async () => {
  await browser?.close();
  await sql?.end();
});

describe("a second tap while the first is on its way", () => {
  it("adds a new walk-in once: the roster shows them and says Saved, never 'already has a record'", async () => {
    const { page, context } = await openTab(browser, { viewport: PHONE });
    await signIn(page, "fran@riverside.example");
    await page.goto(url(`/sessions/${sessionId}/roster`));
    await expectHeading(page, "Roster: Open Door Drop-in");
    expect(await hydrated(page)).toBe(true);
    await slowConnection(page);
    await page.getByLabel("Name", { exact: true }).fill("Marisol Quintero");
    const requests = requestsFrom(page);
    await doubleTap(page, "Add walk-in");
    await page.getByText("Saved.").first().waitFor();
    // The second answer (a refusal) would replace the first one's page: wait until every answer is back.
    await requests.settled();
    await expect(page.getByText("There is a problem").count()).resolves.toBe(0);
    await expect(page.getByText(/already has a record/).count()).resolves.toBe(0);
    const people = await sql<{ id: string }[]>`select id from users where name = 'Marisol Quintero'`;
    expect(people).toHaveLength(1);
    const rows = await sql`select 1 from attendance_records where session_id = ${sessionId} and user_id = ${people[0].id}`;
    expect(rows).toHaveLength(1);
    await expect(page.locator(`#row-${people[0].id}`).innerText()).resolves.toContain("Walk-in");
    await expectAccessible(page);
    await context.close();
  });

  it("sends a concern once", async () => {
    const { page, context } = await openTab(browser, { viewport: PHONE });
    await signIn(page, "pat@riverside.example");
    await page.goto(url("/concerns/new"));
    expect(await hydrated(page)).toBe(true);
    await page.getByLabel("What is it about?").selectOption("group");
    await page.getByLabel("Group", { exact: true }).selectOption({ label: "Tuesday Peer Recovery Circle" });
    const summary = `Chairs too close together ${Date.now()}`;
    await page.getByLabel("Summary in a few words").fill(summary);
    await page.getByLabel("Your concern").fill("People in the back row cannot get out without everyone standing up.");
    await slowConnection(page);
    const requests = requestsFrom(page);
    await doubleTap(page, "Send concern");
    await page.waitForURL((u) => !u.pathname.endsWith("/concerns/new"), { timeout: 15_000 });
    await requests.settled();
    const concerns = await sql`select 1 from concerns where summary = ${summary}`;
    expect(concerns).toHaveLength(1);
    await expectAccessible(page);
    await context.close();
  });
});

describe("the same form sent again on purpose, once its answer shows", () => {
  it("is sent: the answer shows while the page still reloads its data, and a deliberate second send is not taken for a double tap", async () => {
    // The guard above drops a second tap while the first is on its way. After an action the router
    // shows its answer at once and then reloads the page's data; a person who reads the answer and
    // sends the same form again (here: an invitation sent again) must not be ignored in that time.
    const { page, problems, context } = await openTab(browser, { viewport: PHONE });
    await signIn(page, "admin@riverside.example");
    await page.goto(url("/admin/people"));
    expect(await hydrated(page)).toBe(true);
    // Every reload of the page's data (a GET of its .data) takes 2 s: the answer is shown long before.
    await page.route(/\.data(\?|$)/, async (route) => {
      if (route.request().method() === "GET") await new Promise((resolve) => setTimeout(resolve, 2_000));
      // The second send makes the router cancel the first send's pending reload: that request is
      // gone by now, and there is nothing left to continue.
      await route.continue().catch((error: Error) => {
        if (!/already handled|closed/i.test(error.message)) throw error;
      });
    });
    const email = `resend-${Date.now()}@riverside.example`;
    await page.getByLabel("Email", { exact: true }).fill(email);
    await page.getByRole("button", { name: "Send invitation" }).click();
    await page.getByText(`Invitation sent to ${email}.`).waitFor();
    await page.getByLabel("Email", { exact: true }).fill(email);
    await page.getByRole("button", { name: "Send invitation" }).click();
    await page.getByText(`${email} already had an open invitation`).waitFor({ timeout: 8_000 });
    const [{ n }] = await sql<{ n: number }[]>`select count(*)::int as n from invitations where email = ${email}`;
    expect(n).toBeGreaterThanOrEqual(1);
    await page.unrouteAll({ behavior: "wait" });
    await expectAccessible(page);
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe("the same form sent twice with JavaScript off (no script can stop the browser sending it again)", () => {
  // The server tells the two POSTs apart by the form's one-time token (app/db/tables/forms.ts). A
  // browser's own double send cannot be timed reliably here, so the page's form is sent twice at
  // once, as it stands in the page (its fields, its token, the tab's cookies), and the tab then
  // follows the answers.
  async function sendTwice(page: Page, formSelector: string): Promise<string[]> {
    const form = page.locator(formSelector);
    const fields = await form.locator("input[name], select[name], textarea[name]").evaluateAll((els) =>
      els.filter((el) => !(el instanceof HTMLInputElement && el.type === "checkbox" && !el.checked)).map((el) => [(el as HTMLInputElement).name, (el as HTMLInputElement).value]),
    );
    const post = () =>
      page.request.post(page.url(), { form: Object.fromEntries(fields), headers: { origin: new URL(page.url()).origin }, maxRedirects: 0 });
    const answers = await Promise.all([post(), post()]);
    return answers.map((a) => a.headers()["location"] ?? "");
  }

  it("adds a new walk-in once; the repeat's answer says the second send changed nothing", async () => {
    const { page, context } = await openTab(browser, { viewport: PHONE, javaScript: false });
    // The sign-in form without scripts, as a person sends it (other tests sign in without the form).
    await signInWithForm(page, "fran@riverside.example");
    await page.goto(url(`/sessions/${sessionId}/roster`));
    await expectHeading(page, "Roster: Open Door Drop-in");
    await page.getByLabel("Name", { exact: true }).fill("Tomasz Wieczorek");
    const locations = await sendTwice(page, 'form:has(input[name="intent"][value="walkInNew"])');
    expect(locations.sort()).toEqual([`/sessions/${sessionId}/roster?saved=walkInNew`, `/sessions/${sessionId}/roster?saved=walkInNew&again=1`]);
    const people = await sql<{ id: string }[]>`select id from users where name = 'Tomasz Wieczorek'`;
    expect(people).toHaveLength(1);
    await page.goto(url(locations[1]));
    await page.getByText("Saved once: the form was sent twice, and the second time changed nothing.").waitFor();
    await expect(page.locator(`#row-${people[0].id}`).innerText()).resolves.toContain("Walk-in");
    await expectAccessible(page);
    await context.close();
  });

  it("files a concern once; the repeat's answer opens the same concern and says so", async () => {
    const { page, context } = await openTab(browser, { viewport: PHONE, javaScript: false });
    await signIn(page, "pat@riverside.example");
    await page.goto(url("/concerns/new"));
    await page.getByLabel("What is it about?").selectOption("group");
    await page.getByLabel("Group", { exact: true }).selectOption({ label: "Tuesday Peer Recovery Circle" });
    const summary = `No water jug ${Date.now()}`;
    await page.getByLabel("Summary in a few words").fill(summary);
    await page.getByLabel("Your concern").fill("There was nothing to drink during the two-hour session.");
    const locations = await sendTwice(page, 'form[method="post"]:has(textarea[name="body"])');
    const filed = await sql<{ id: string }[]>`select id from concerns where summary = ${summary}`;
    expect(filed).toHaveLength(1);
    expect(locations.sort()).toEqual([`/concerns/${filed[0].id}?sent=1`, `/concerns/${filed[0].id}?sent=1&again=1`]);
    await page.goto(url(locations[1]));
    await page.getByText("It was sent twice (a double tap) and filed once.").waitFor();
    await expectAccessible(page);
    await context.close();
  });
});
