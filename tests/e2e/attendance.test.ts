import { readFileSync } from "node:fs";
import postgres from "postgres";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAccessible, expectHeading, hydrated, launchBrowser, mainNav, openTab, PHONE, signIn, url } from "./browser";
import { e2eApp } from "./app";

/**
 * Attendance in a real browser against the demo: a drop-in session starting in ten minutes (made
 * here, so the check-in window is open whenever this file runs), Fran facilitates it.
 */
let browser: Browser;
let sql: postgres.Sql;
let sessionId: string;
const ids: Record<string, string> = {};
const GROUP = "Open Door Drop-in";

const statusOf = async (email: string) => {
  const rows = await sql<{ status: string; walk_in: boolean }[]>`
    select r.status, r.walk_in from attendance_records r join users u on u.id = r.user_id
    where r.session_id = ${sessionId} and u.email = ${email}`;
  return rows[0] ?? null;
};

beforeAll(async () => {
  browser = await launchBrowser();
  sql = postgres(e2eApp.databaseUrl, { max: 2, onnotice: () => {} });
  const [group] = await sql<{ id: string; organization_id: string }[]>`select id, organization_id from groups where name = ${GROUP}`;
  const startsAt = new Date(Date.now() + 10 * 60_000);
  const [session] = await sql<{ id: string }[]>`
    insert into sessions (organization_id, group_id, starts_at, ends_at, status)
    values (${group.organization_id}, ${group.id}, ${startsAt}, ${new Date(startsAt.getTime() + 3_600_000)}, 'scheduled') returning id`;
  sessionId = session.id;
  for (const u of await sql<{ id: string; email: string }[]>`select id, email from users where email like '%@riverside.example'`) ids[u.email] = u.id;
});

afterAll(async () => {
  await browser?.close();
  await sql?.end();
});

describe("attendance in a real browser", () => {
  it("a participant sends an apology from 'my sessions'", async () => {
    const { page, problems, context } = await openTab(browser, { viewport: PHONE });
    await signIn(page, "sam@riverside.example");
    await (await mainNav(page)).getByRole("link", { name: "My attendance", exact: true }).click();
    await expectHeading(page, "My attendance");
    const card = page.locator(`li.card:has(input[name=sessionId][value="${sessionId}"])`).first();
    await card.getByText("Send an apology").click();
    await card.getByLabel("Reason (optional, seen by your facilitator)").fill("Car broke down");
    await card.getByRole("button", { name: "Send apology" }).click();
    await page.getByText("Your apology was sent to the facilitator.").waitFor();
    await expectAccessible(page);
    expect(await statusOf("sam@riverside.example")).toMatchObject({ status: "excused" });
    expect(problems).toEqual([]);
    await context.close();
  });

  it("the facilitator opens the roster from home, marks with mouse and keyboard on a phone, adds a walk-in; a participant checks in with the code", async () => {
    const { page, problems, context } = await openTab(browser, { viewport: PHONE });
    await signIn(page, "fran@riverside.example");
    await expectHeading(page, "Today's sessions");
    // One tap from home.
    await page.getByRole("link", { name: `Roster: ${GROUP}` }).first().click();
    await expectHeading(page, `Roster: ${GROUP}`);
    await page.goto(url(`/sessions/${sessionId}/roster`));
    await expectHeading(page, `Roster: ${GROUP}`);
    // The apology is on the roster.
    await expect(page.locator(`#row-${ids["sam@riverside.example"]}`).innerText()).resolves.toContain("Apology: Car broke down");
    await expectAccessible(page);
    // The roster downloads as a spreadsheet from its own page (byte-order mark, then the table).
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download this roster (CSV)" }).click()]);
    const csv = readFileSync((await download.path())!, "utf8");
    expect(csv.startsWith("\uFEFF")).toBe(true);
    expect(csv).toContain("Sam");

    // Mouse: one tap marks Riley absent (saved by the page's save queue, no page load).
    const absent = page.getByRole("button", { name: "Absent: Riley Johnson" });
    await absent.click();
    await expect.poll(() => absent.getAttribute("aria-pressed")).toBe("true");
    await expect.poll(async () => (await statusOf("riley@riverside.example"))?.status).toBe("absent");

    // Keyboard: from "Present" Tab moves to "Late"; Space presses it.
    await page.getByRole("button", { name: "Present: Riley Johnson" }).focus();
    await page.keyboard.press("Tab");
    await expect(page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).resolves.toBe("Late: Riley Johnson");
    await page.keyboard.press("Space");
    await expect.poll(async () => (await statusOf("riley@riverside.example"))?.status).toBe("late");
    await expect.poll(() => page.getByRole("button", { name: "Late: Riley Johnson" }).getAttribute("aria-pressed")).toBe("true");

    // The connection drops: the tap shows at once, waits in the page (nothing saved, no error
    // page), and is saved by itself when the connection is back.
    const rileyRow = page.locator(`#row-${ids["riley@riverside.example"]}`);
    // The offline queue is the page's script: a tap before it has taken over is a plain form post.
    expect(await hydrated(page)).toBe(true);
    await context.setOffline(true);
    await page.getByRole("button", { name: "Left early: Riley Johnson" }).click();
    await page.getByText("1 mark is not sent yet. Keep this page open: they are saved as soon as the connection is back.").waitFor();
    await expect(rileyRow.innerText()).resolves.toContain("not sent yet");
    await expect(page.getByRole("button", { name: "Left early: Riley Johnson" }).getAttribute("aria-pressed")).resolves.toBe("true");
    expect((await statusOf("riley@riverside.example"))?.status).toBe("late");
    // The browser logs the failed sends while offline; those are expected here, nothing else is.
    const dropOfflineErrors = () => problems.splice(0, problems.length, ...problems.filter((p) => !/ERR_INTERNET_DISCONNECTED/.test(p)));
    dropOfflineErrors();
    await expectAccessible(page);
    await context.setOffline(false);
    await expect.poll(async () => (await statusOf("riley@riverside.example"))?.status, { timeout: 15_000 }).toBe("left_early");
    await expect.poll(() => rileyRow.innerText()).not.toContain("not sent yet");
    await expect.poll(() => page.locator(".queue-notice").innerText()).toBe("");
    dropOfflineErrors();

    // Walk-in: find an existing participant who is not enrolled.
    await page.getByLabel("Find a participant by name or email").fill("Jamie");
    await page.getByRole("button", { name: "Search" }).click();
    await page.getByRole("button", { name: "Add Jamie Wilson as walk-in" }).click();
    await page.getByText("Saved.").first().waitFor();
    await expect(page.locator(`#row-${ids["jamie@riverside.example"]}`).innerText()).resolves.toContain("Walk-in");
    expect(await statusOf("jamie@riverside.example")).toMatchObject({ status: "present", walk_in: true });
    await expectAccessible(page);

    // The check-in screen: a QR code (an image, no script) and a short code.
    await page.goto(url(`/sessions/${sessionId}/checkin`));
    await expectHeading(page, `Check in: ${GROUP}`);
    await expect(page.getByRole("img", { name: /QR code/ }).isVisible()).resolves.toBe(true);
    const code = (await page.locator(".checkin-code").innerText()).trim();
    expect(code).toMatch(/^[A-Z2-9]{6}$/);
    await expectAccessible(page);

    // Alex scans the QR code (its link) and taps once.
    const alex = await openTab(browser, { viewport: PHONE });
    await signIn(alex.page, "alex@riverside.example");
    await alex.page.goto(url(`/c/${code}`));
    await expectHeading(alex.page, `Check in to ${GROUP}`);
    await expectAccessible(alex.page);
    await alex.page.getByRole("button", { name: "Check me in" }).click();
    await expectHeading(alex.page, "You are checked in");
    await expectAccessible(alex.page);
    expect(await statusOf("alex@riverside.example")).toMatchObject({ status: "present" });

    // Pat types the code, in lower case.
    const pat = await openTab(browser, { viewport: PHONE });
    await signIn(pat.page, "pat@riverside.example");
    await pat.page.goto(url("/checkin"));
    await expectAccessible(pat.page);
    await pat.page.getByLabel("Code").fill("WRONG1");
    await pat.page.getByRole("button", { name: "Check in" }).click();
    await expect(pat.page.getByRole("alert").first().textContent()).resolves.toMatch(/not right|6-character/);
    await pat.page.getByLabel("Code").fill(code.toLowerCase());
    await pat.page.getByRole("button", { name: "Check in" }).click();
    await expectHeading(pat.page, "You are checked in");
    expect(await statusOf("pat@riverside.example")).toMatchObject({ status: "present" });

    // Back on the roster: the check-ins are shown; "Mark all present" fills the rest.
    await page.goto(url(`/sessions/${sessionId}/roster`));
    await expect(page.locator(`#row-${ids["alex@riverside.example"]}`).innerText()).resolves.toContain("Present");
    await page.getByRole("button", { name: "Mark all present" }).click();
    await expect.poll(async () => (await statusOf("drew@riverside.example"))?.status).toBe("present");
    expect(await statusOf("sam@riverside.example")).toMatchObject({ status: "excused" });
    await expectAccessible(page);
    expect([...problems, ...alex.problems, ...pat.problems]).toEqual([]);
    await Promise.all([alex.context.close(), pat.context.close(), context.close()]);
  });

  it("without JavaScript the roster still records attendance, and the printable sheet is accessible", async () => {
    const { page, context } = await openTab(browser, { viewport: PHONE, javaScript: false });
    await signIn(page, "fran@riverside.example");
    await page.goto(url(`/sessions/${sessionId}/roster`));
    await page.getByRole("button", { name: "Absent: Drew Martinez" }).click();
    await page.waitForURL(/saved=mark/);
    expect(await statusOf("drew@riverside.example")).toMatchObject({ status: "absent" });
    await expect(page.getByRole("button", { name: "Absent: Drew Martinez" }).getAttribute("aria-pressed")).resolves.toBe("true");
    await expectAccessible(page);
    // A correction with a reason through the details form, still without scripts.
    const row = page.locator(`#row-${ids["drew@riverside.example"]}`);
    await row.getByText("Times, note").click();
    await row.getByLabel("Status").selectOption("excused");
    await row.getByLabel("Reason for the change (optional)").fill("Phoned in sick");
    await row.getByRole("button", { name: /Save details/ }).click();
    await page.waitForURL(/saved=details/);
    expect(await statusOf("drew@riverside.example")).toMatchObject({ status: "excused" });
    await page.locator(`#row-${ids["drew@riverside.example"]}`).getByText(/History|Times, note/).first().click();
    await page.locator(`#row-${ids["drew@riverside.example"]}`).getByText("Phoned in sick").first().waitFor();
    await expect(page.locator(`#row-${ids["drew@riverside.example"]}`).innerText()).resolves.toContain("Phoned in sick");
    await page.goto(url(`/sessions/${sessionId}/sheet`));
    await expectHeading(page, `${GROUP}: attendance sheet`);
    await expectAccessible(page);
    // The alerts page: the demo's run of absences (raised by the background job) and a group's settings.
    await page.goto(url("/attendance"));
    await expect.poll(async () => {
      await page.reload();
      return page.locator("main").innerText();
    }).toContain("Kai Thompson missed 2 sessions of Tuesday Peer Recovery Circle in a row");
    await expectAccessible(page);
    await page.getByRole("link", { name: GROUP, exact: true }).click();
    await expectHeading(page, `Attendance: ${GROUP}`);
    await expectAccessible(page);
    await context.close();
  });
  it("the details form keeps the status just tapped: 'Left early', then a note, stays 'Left early'", async () => {
    const [group] = await sql<{ id: string; organization_id: string }[]>`select id, organization_id from groups where name = ${GROUP}`;
    const alex = ids["alex@riverside.example"];
    await sql`
      insert into attendance_records (organization_id, session_id, group_id, user_id, status, source)
      values (${group.organization_id}, ${sessionId}, ${group.id}, ${alex}, 'present', 'roster')
      on conflict (session_id, user_id) do update set status = 'present', left_at = null, note = ''`;
    const { page, context } = await openTab(browser, { viewport: PHONE });
    await signIn(page, "fran@riverside.example");
    await page.goto(url(`/sessions/${sessionId}/roster`));
    const row = page.locator(`#row-${alex}`);
    await row.getByRole("button", { name: /^Left early:/ }).click();
    await expect.poll(async () => (await statusOf("alex@riverside.example"))?.status).toBe("left_early");
    await row.getByText("Times, note").click();
    await expect(row.getByLabel("Status").inputValue()).resolves.toBe("left_early");
    await row.getByLabel("Private note (staff only)").fill("Left for the last bus");
    await row.getByRole("button", { name: /Save details/ }).click();
    await row.getByText("Saved.").waitFor();
    const [saved] = await sql<{ status: string; note: string }[]>`select status, note from attendance_records where session_id = ${sessionId} and user_id = ${alex}`;
    expect(saved).toEqual({ status: "left_early", note: "Left for the last bus" });
    await expect(row.locator(".roster-state").innerText()).resolves.toContain("Left early");
    await expectAccessible(page);
    await context.close();
  });

  it("the attendance pages, a manager's home, My groups and the public page show real figures and times, and hydrate without errors", async () => {
    const fran = await openTab(browser, { viewport: PHONE });
    await signIn(fran.page, "fran@riverside.example");
    await fran.page.goto(url("/attendance"));
    await expectHeading(fran.page, "Attendance");
    await expectAccessible(fran.page);
    await fran.page.getByRole("link", { name: GROUP, exact: true }).click();
    await expectHeading(fran.page, `Attendance: ${GROUP}`);
    const attendedCells = await fran.page.locator("table tbody tr td:nth-child(2)").allInnerTexts();
    expect(attendedCells.map(Number).some((n) => n > 0), `attended per session: ${attendedCells.join(", ")}`).toBe(true);
    await expectAccessible(fran.page);
    await expect(fran.page.locator("main").innerText()).resolves.not.toContain("Invalid DateTime");
    await fran.page.goto(url("/home"));
    await expect(fran.page.locator("section[aria-labelledby=leading]").innerText()).resolves.toMatch(/next: \w{3}, \w{3} \d+, \d{4}, \d{1,2}:\d\d [AP]M [A-Z]/); // Fran: US style, 12-hour
    await expectAccessible(fran.page);
    await fran.context.close();

    const manager = await openTab(browser);
    await signIn(manager.page, "manager@riverside.example");
    await expectHeading(manager.page, "Today's sessions in the organisation");
    await manager.page.getByRole("link", { name: `Roster: ${GROUP}` }).first().waitFor();
    const home = await manager.page.locator("main").innerText();
    expect(home).not.toMatch(/— 0 groups/);
    await expectAccessible(manager.page);
    await manager.page.goto(url("/programs"));
    await expect(manager.page.locator("main").innerText()).resolves.not.toMatch(/— 0 groups/);
    await expectAccessible(manager.page);
    await manager.context.close();

    const pat = await openTab(browser, { viewport: PHONE });
    await signIn(pat.page, "pat@riverside.example");
    await pat.page.goto(url("/my/groups"));
    await expect(pat.page.locator("main").innerText()).resolves.toMatch(/Next session: \w{3}, \w{3} \d+, \d{4}, \d{1,2}:\d\d [AP]M P[SD]T/); // Pat: US style
    await expectAccessible(pat.page);
    await pat.context.close();

    const visitor = await openTab(browser, { viewport: PHONE });
    await visitor.page.goto(url("/o/riverside"));
    const publicPage = await visitor.page.locator("main").innerText();
    expect(publicPage).not.toContain("Invalid DateTime");
    // Signed out: the default US style.
    expect(publicPage).toMatch(/Next session: \w{3}, \w{3} \d+, \d{4}, \d{1,2}:\d\d [AP]M [A-Z]/);
    await expectAccessible(visitor.page);
    await visitor.context.close();
  });

  it("a session before everyone joined: each row says so, 'Mark the rest absent' leaves them out and says why, one by one still marks", async () => {
    // Last (it adds a past session to the group). A week before the earliest enrolment in the group started.
    const [group] = await sql<{ id: string; organization_id: string; first: Date }[]>`
      select g.id, g.organization_id, min(e.created_at) as first from groups g join enrolments e on e.group_id = g.id and e.status = 'enrolled'
      where g.name = ${GROUP} group by g.id`;
    const startsAt = new Date(group.first.getTime() - 7 * 86_400_000);
    const [past] = await sql<{ id: string }[]>`
      insert into sessions (organization_id, group_id, starts_at, ends_at, status)
      values (${group.organization_id}, ${group.id}, ${startsAt}, ${new Date(startsAt.getTime() + 3_600_000)}, 'held') returning id`;
    const { page, problems, context } = await openTab(browser, { viewport: PHONE });
    await signIn(page, "fran@riverside.example");
    await page.goto(url(`/sessions/${past.id}/roster`));
    await expectHeading(page, `Roster: ${GROUP}`);
    const drew = page.locator(`#row-${ids["drew@riverside.example"]}`);
    await expect(drew.locator(".badge").allInnerTexts()).resolves.toContain("Joined after this session");
    await page.getByText(/people who joined after this session are left out of “Mark the rest absent”: the session was before they joined\./).waitFor();
    await expect(page.getByRole("button", { name: "Mark the rest absent" }).isDisabled()).resolves.toBe(true);
    await expectAccessible(page);
    // On purpose, one by one (a paper sheet typed in later).
    const absent = page.getByRole("button", { name: "Absent: Drew Martinez" });
    await absent.click();
    await expect.poll(async () => (await sql<{ status: string }[]>`select status from attendance_records where session_id = ${past.id} and user_id = ${ids["drew@riverside.example"]}`)[0]?.status).toBe("absent");
    expect(problems).toEqual([]);
    await context.close();
  });
});
