import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { expectAccessible, expectHeading, launchBrowser, openTab, PHONE, signIn, url } from "./browser";
import { e2eApp } from "./app";

/**
 * Service records in a real browser: Fran writes and signs a group note with two progress notes on
 * a phone (from the session roster), a manager sees it in the service-records report, and a
 * participant reads their own progress note once an administrator lets participants see them.
 */
let browser: Browser;
let sql: postgres.Sql;
let sessionId: string;
let people: { name: string; email: string }[];

beforeAll(async () => {
  browser = await launchBrowser();
  sql = postgres(e2eApp.databaseUrl, { max: 2, onnotice: () => {} });
  // The demo leaves the latest past Budgeting Basics session with attendance and without a note, for Fran.
  const [session] = await sql<{ id: string }[]>`
    select s.id from sessions s join groups g on g.id = s.group_id
    where g.name = 'Budgeting Basics' and s.ends_at < now()
      and not exists (select 1 from group_notes n where n.session_id = s.id)
      and (select count(*) from attendance_records a where a.session_id = s.id and a.status in ('present', 'late', 'left_early')) >= 2
    order by s.starts_at desc limit 1`;
  sessionId = session.id;
  people = await sql<{ name: string; email: string }[]>`
    select u.name, u.email from attendance_records a join users u on u.id = a.user_id
    where a.session_id = ${sessionId} and a.status in ('present', 'late', 'left_early') order by u.name limit 2`;
});
afterAll(async () => {
  await sql?.end();
  await browser?.close();
});

describe("service records", () => {
  it("Fran writes and signs a group note with two progress notes on a phone; a manager sees it; the participant reads theirs once enabled", async () => {
    const fran = await openTab(browser, { viewport: PHONE });
    await signIn(fran.page, "fran@riverside.example");
    await fran.page.goto(url(`/sessions/${sessionId}/roster`));
    await fran.page.getByRole("link", { name: "Group and progress notes" }).click();
    await expectHeading(fran.page, "Group note: Budgeting Basics");
    await expectAccessible(fran.page);

    // Signing without the activities is refused beside the field, and nothing is signed.
    await fran.page.getByLabel("Unit or topic covered").fill("Unit 5: Planning for bills");
    await fran.page.getByRole("button", { name: "Save and sign" }).click();
    await fran.page.getByRole("alert").getByText("Enter the activities before signing").waitFor();
    await expectAccessible(fran.page);

    await fran.page.getByLabel("Activities").fill("Made a calendar of the month's bills.");
    await fran.page.getByLabel("Group dynamics").fill("Everyone joined in; good questions about late fees.");
    await fran.page.getByRole("button", { name: "Save and sign" }).click();
    await fran.page.waitForURL(/\/notes\?saved=sign$/);
    await fran.page.getByText("Signed. The note is now locked.").waitFor();
    await expect(fran.page.getByRole("button", { name: "Save and sign" }).count()).resolves.toBe(0);
    await expectAccessible(fran.page);

    for (const [i, person] of people.entries()) {
      await fran.page.getByRole("link", { name: `Write a progress note for ${person.name}` }).click();
      await expectHeading(fran.page, `Progress note: ${person.name}`);
      await expectAccessible(fran.page);
      await fran.page.getByLabel("What they worked on").fill(`Listed bills and due dates (${i + 1}).`);
      await fran.page.getByLabel("4 — Good progress").check();
      await fran.page.getByLabel("Next step").fill("Set reminders for two bills.");
      await fran.page.getByRole("button", { name: "Save and sign" }).click();
      await fran.page.waitForURL(/\/notes\?saved=sign$/);
    }
    const cards = fran.page.getByRole("list", { name: "People who attended" });
    for (const person of people) await expect(cards.getByRole("listitem").filter({ hasText: person.name }).innerText()).resolves.toContain("Signed");
    await expectAccessible(fran.page);

    // An addendum to the signed group note keeps the note as it was.
    await fran.page.getByLabel("Add an addendum").fill("Two members asked for the bill calendar template.");
    await fran.page.getByRole("button", { name: "Add addendum" }).click();
    await fran.page.getByText("Addendum added.").waitFor();
    await expect(fran.page.locator("main").innerText()).resolves.toContain("Made a calendar of the month's bills.");
    await expectAccessible(fran.page);

    // The manager sees the signed note in the report and opens it, progress notes included.
    const manager = await openTab(browser);
    await signIn(manager.page, "manager@riverside.example");
    await manager.page.goto(url("/metrics/records"));
    await expectHeading(manager.page, "Service records report");
    await expectAccessible(manager.page);
    const signed = manager.page.getByRole("region", { name: "Group notes signed in the last 30 days" });
    const row = signed.getByRole("row").filter({ hasText: "Unit 5: Planning for bills" });
    await expect(row.innerText()).resolves.toMatch(/Fran Facilitator\t2$/);
    await row.getByRole("link", { name: "Budgeting Basics", exact: true }).click();
    await expectHeading(manager.page, "Group note: Budgeting Basics");
    await expect(manager.page.locator("main").innerText()).resolves.toContain("Two members asked for the bill calendar template.");
    await expectAccessible(manager.page);

    // The incident log on a phone: the demo's open incident, its follow-up action marked done.
    const phone = await openTab(browser, { viewport: PHONE });
    await signIn(phone.page, "manager@riverside.example");
    await phone.page.goto(url("/incidents"));
    await expectHeading(phone.page, "Incident log");
    await expectAccessible(phone.page);
    await phone.page.getByRole("list", { name: "Incidents" }).getByRole("link").first().click();
    await expectHeading(phone.page, "Incident: Budgeting Basics");
    await expectAccessible(phone.page);
    await phone.page.getByRole("button", { name: "Mark done: Offer a referral to free debt advice" }).click();
    await phone.page.getByText("Action marked done.").waitFor();
    await phone.page.getByLabel("Closing note").fill("Referral made; the member is doing well.");
    await phone.page.getByRole("button", { name: "Close incident" }).click();
    await phone.page.getByText("Incident closed.").waitFor();
    await expectAccessible(phone.page);

    // The participant sees nothing until an administrator enables it, then their own note only.
    const participant = await openTab(browser, { viewport: PHONE });
    await signIn(participant.page, people[0].email);
    await participant.page.goto(url("/my/notes"));
    await expectHeading(participant.page, "My progress notes");
    await participant.page.getByText("Your organisation does not share progress notes with participants here.").waitFor();
    await expectAccessible(participant.page);

    const admin = await openTab(browser);
    await signIn(admin.page, "admin@riverside.example");
    await admin.page.goto(url("/admin/records"));
    await expectAccessible(admin.page);
    await admin.page.getByLabel("Yes").check();
    await admin.page.getByRole("button", { name: "Save" }).click();
    await admin.page.getByText("Saved.").waitFor();

    await participant.page.reload();
    const mine = participant.page.getByRole("list", { name: "Progress notes" });
    await mine.waitFor();
    const text = await mine.innerText();
    expect(text).toContain("Listed bills and due dates (1).");
    expect(text).toContain("Good progress");
    expect(text).not.toContain("Listed bills and due dates (2).");
    await expectAccessible(participant.page);
  });
});
