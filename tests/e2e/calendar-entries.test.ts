import postgres from "postgres";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAccessible, expectHeading, launchBrowser, openTab, PHONE, signIn, url } from "./browser";
import { e2eApp } from "./app";

/**
 * Calendar entries on a phone: a fresh participant of a demo group finds "Calendar entries" on
 * /profile ticked (discreet: the participant's default), and a session's calendar file reads
 * "Session"; unticked and saved, the next file names the group; ticked again without JavaScript,
 * it is discreet again.
 */
let browser: Browser;
let sql: postgres.Sql;
const email = `casey-${Date.now()}@example.org`;
let session: { id: string; name: string };

beforeAll(async () => {
  browser = await launchBrowser();
  sql = postgres(e2eApp.databaseUrl, { max: 2, onnotice: () => {} });
  const [org] = await sql<{ id: string }[]>`select id from organizations where slug = 'riverside'`;
  const [user] = await sql<{ id: string }[]>`
    insert into users (name, email, timezone, password_hash, email_confirmed_at)
    select 'Casey Calendar', ${email}, 'America/New_York', password_hash, now() from users where email = 'pat@riverside.example'
    returning id`;
  await sql`insert into memberships (user_id, organization_id, role) values (${user.id}, ${org.id}, 'participant')`;
  // A coming session of a demo group whose sessions belong to every member (no cohort).
  const [found] = await sql<{ id: string; name: string; groupId: string }[]>`
    select s.id, g.name, g.id as "groupId" from sessions s join groups g on g.id = s.group_id
    where g.organization_id = ${org.id} and s.status = 'scheduled' and s.starts_at > now()
      and (s.series_id is null or not exists (select 1 from series_assignments sa where sa.series_id = s.series_id))
    order by s.starts_at limit 1`;
  session = found;
  await sql`insert into enrolments (organization_id, group_id, user_id, status) values (${org.id}, ${found.groupId}, ${user.id}, 'enrolled')`;
});

afterAll(async () => {
  await browser?.close();
  await sql?.end();
});

/** The session's calendar file, downloaded with the page's sign-in, unfolded. */
async function calendarFile(page: Page): Promise<string> {
  const response = await page.context().request.get(url(`/sessions/${session.id}/calendar.ics`));
  expect(response.status()).toBe(200);
  return (await response.text()).replace(/\r\n[ \t]/g, "");
}

describe("calendar entries on Profile, on a phone", () => {
  it("discreet by default for a participant; unticked, the next file names the group; ticked again without JavaScript, discreet again", async () => {
    const { page } = await openTab(browser, { viewport: PHONE });
    await signIn(page, email);
    await page.goto(url("/profile"));
    await expectHeading(page, "Calendar entries");
    const form = page.getByRole("form", { name: "Calendar entries" });
    const box = form.getByRole("checkbox", { name: /^Discreet: entries show only/ });
    expect(await box.isChecked()).toBe(true);
    await expectAccessible(page);
    const discreet = await calendarFile(page);
    expect(discreet).toMatch(/^SUMMARY:Session$/m);
    expect(discreet).not.toContain(session.name);

    await box.uncheck();
    await form.getByRole("button", { name: "Save calendar entries" }).click();
    await page.getByText("Your calendar entries setting was saved.").waitFor();
    await page.reload();
    expect(await page.getByRole("form", { name: "Calendar entries" }).getByRole("checkbox").isChecked()).toBe(false);
    expect(await calendarFile(page)).toContain(`SUMMARY:${session.name}`);

    const noScript = await openTab(browser, { viewport: PHONE, javaScript: false });
    await signIn(noScript.page, email);
    await noScript.page.goto(url("/profile"));
    const plainForm = noScript.page.getByRole("form", { name: "Calendar entries" });
    await plainForm.getByRole("checkbox", { name: /^Discreet: entries show only/ }).check();
    await plainForm.getByRole("button", { name: "Save calendar entries" }).click();
    await noScript.page.getByText("Your calendar entries setting was saved.").waitFor();
    expect(await calendarFile(noScript.page)).toMatch(/^SUMMARY:Session$/m);
    const [stored] = await sql<{ choice: boolean }[]>`select calendar_discreet as choice from users where email = ${email}`;
    expect(stored.choice).toBe(true);
  });
});
