import postgres from "postgres";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAccessible, expectHeading, launchBrowser, openTab, PHONE, signIn, url } from "./browser";
import { e2eApp } from "./app";

/**
 * The staff hub and housekeeping pages on a phone (390 px, axe, no sideways scroll): the group
 * page's links, People (search, access, invitations), a walk-in with a known name, and moderating
 * one comment of a proposal. Data made here, so other files' demo data is left alone.
 */
let browser: Browser;
let sql: postgres.Sql;
let group: { id: string; organization_id: string; program_id: string };
let sessionId: string;
let proposalId: string;
const GROUP = "Open Door Drop-in";

beforeAll(async () => {
  browser = await launchBrowser();
  sql = postgres(e2eApp.databaseUrl, { max: 2, onnotice: () => {} });
  [group] = await sql<{ id: string; organization_id: string; program_id: string }[]>`select id, organization_id, program_id from groups where name = ${GROUP}`;
  const startsAt = new Date(Date.now() + 5 * 60_000);
  [{ id: sessionId }] = await sql<{ id: string }[]>`
    insert into sessions (organization_id, group_id, starts_at, ends_at, status)
    values (${group.organization_id}, ${group.id}, ${startsAt}, ${new Date(startsAt.getTime() + 3_600_000)}, 'scheduled') returning id`;
  const [pat] = await sql<{ id: string }[]>`select id from users where email = 'pat@riverside.example'`;
  [{ id: proposalId }] = await sql<{ id: string }[]>`
    insert into proposals (organization_id, scope, program_id, group_id, topic, title, description, voting, closes_at, proposer_id)
    values (${group.organization_id}, 'group', ${group.program_id}, ${group.id}, 'place', 'Meet at the pub on Fridays', 'The pub has a back room.', 'agree',
      ${new Date(Date.now() + 5 * 86_400_000)}, ${pat.id}) returning id`;
  await sql`insert into proposal_comments (organization_id, proposal_id, author_id, body)
    values (${group.organization_id}, ${proposalId}, ${pat.id}, 'Only people who drink should come.')`;
});

afterAll(async () => {
  await browser?.close();
  await sql?.end();
});

describe("staff hub on a phone", () => {
  it("the group page links to everything about the group for its facilitator; the calendar link works without JavaScript", async () => {
    const { page, problems, context } = await openTab(browser, { viewport: PHONE, javaScript: false });
    await signIn(page, "fran@riverside.example");
    await page.goto(url(`/groups/${group.id}`));
    await expectHeading(page, "Run this group");
    for (const name of ["Group rules", "Seats and waitlist", "Register someone", "Attendance", "Scheduling rounds"]) {
      await page.getByRole("navigation", { name: "Run this group" }).getByRole("link", { name, exact: true }).waitFor();
    }
    await expectAccessible(page);
    await page.getByRole("button", { name: "Make a calendar link for this group" }).click();
    await page.getByText("Your new calendar link").waitFor();
    await expectAccessible(page);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("People: search, access and invitations (resend and revoke) fit a phone", async () => {
    const { page, problems, context } = await openTab(browser, { viewport: PHONE });
    await signIn(page, "admin@riverside.example");
    await page.goto(url("/admin/people"));
    await page.getByLabel("Email", { exact: true }).fill("hub-invitee@riverside.example");
    await page.getByRole("button", { name: "Send invitation" }).click();
    await page.getByText("Invitation sent to hub-invitee@riverside.example.").waitFor();
    await page.getByLabel("Email", { exact: true }).fill("hub-invitee@riverside.example");
    await page.getByRole("button", { name: "Send invitation" }).click();
    await page.getByText(/already had an open invitation/).waitFor();
    await expectAccessible(page);
    await page.getByRole("button", { name: "Revoke the invitation to hub-invitee@riverside.example" }).click();
    await page.getByText(/is revoked/).waitFor();
    await page.getByLabel("Find a person by name or email").fill("pat@");
    await page.getByRole("button", { name: "Search" }).click();
    await page.getByText(/1 matching/).waitFor();
    await page.getByRole("button", { name: /^Deactivate/ }).waitFor();
    await expectAccessible(page);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("deactivating a participant says which places they gave up (a phone, axe)", async () => {
    const [person] = await sql<{ id: string }[]>`
      insert into users (name, email, timezone) values ('Hub Leaver', 'hub-leaver@riverside.example', 'America/New_York') returning id`;
    await sql`insert into memberships (user_id, organization_id, role) values (${person.id}, ${group.organization_id}, 'participant')`;
    const places = await sql<{ id: string; name: string }[]>`select id, name from groups where organization_id = ${group.organization_id} order by name limit 2`;
    for (const g of places) {
      await sql`insert into enrolments (organization_id, group_id, user_id, status) values (${group.organization_id}, ${g.id}, ${person.id}, 'waitlisted')`;
    }
    const { page, problems, context } = await openTab(browser, { viewport: PHONE });
    await signIn(page, "admin@riverside.example");
    await page.goto(url("/admin/people?q=hub-leaver"));
    await page.getByRole("button", { name: "Deactivate Hub Leaver" }).click();
    const notice = page.locator(".notice");
    await notice.getByText(/Hub Leaver is deactivated/).waitFor();
    const text = await notice.innerText();
    expect(text).toContain("2 open places were given up, in ");
    for (const g of places) expect(text).toContain(g.name);
    expect(text).toContain("Reactivating Hub Leaver does not give places back: they would register again.");
    await expectAccessible(page);
    const left = await sql<{ status: string }[]>`select status from enrolments where user_id = ${person.id}`;
    expect(left.map((r) => r.status)).toEqual(["withdrawn", "withdrawn"]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("a walk-in with a known participant's name is suggested, not duplicated", async () => {
    const [{ name }] = await sql<{ name: string }[]>`select name from users where email = 'sam@riverside.example'`;
    const { page, problems, context } = await openTab(browser, { viewport: PHONE });
    await signIn(page, "fran@riverside.example");
    await page.goto(url(`/sessions/${sessionId}/roster`));
    await page.getByLabel("Name", { exact: true }).fill(name.toLowerCase());
    await page.getByRole("button", { name: "Add walk-in" }).click();
    await expectHeading(page, "Already known with this name");
    await expect(page.locator("#name-error").textContent()).resolves.toContain("already has a record");
    await expectAccessible(page);
    const [{ n }] = await sql<{ n: number }[]>`select count(*)::int as n from users where lower(name) = ${name.toLowerCase()}`;
    expect(n).toBe(1);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("a moderator hides one comment with a reason; a hidden proposal says voting is paused", async () => {
    const { page, problems, context } = await openTab(browser, { viewport: PHONE });
    await signIn(page, "fran@riverside.example");
    await page.goto(url(`/proposals/${proposalId}`));
    await page.getByText("Hide this comment").click();
    await page.getByLabel("Reason (members see it)").fill("It leaves people out.");
    await page.getByRole("button", { name: "Hide comment" }).click();
    await page.getByText("Hidden by a moderator: It leaves people out.").waitFor();
    await expectAccessible(page);
    await page.getByLabel("Reason for hiding (the proposer sees it)").fill("Please suggest a place without alcohol.");
    await page.getByRole("button", { name: "Hide proposal" }).click();
    await page.getByText(/Voting is paused while a moderator has this proposal hidden/).waitFor();
    await expect(page.locator("main").innerText()).resolves.not.toContain("Voting closed");
    await expectAccessible(page);
    expect(problems).toEqual([]);
    await context.close();
    // The proposer reads the reason in the list on a phone: a long status wraps, the page does not scroll sideways.
    const proposer = await openTab(browser, { viewport: PHONE });
    await signIn(proposer.page, "pat@riverside.example");
    await proposer.page.goto(url("/proposals"));
    await proposer.page.getByText("Hidden by a moderator: Please suggest a place without alcohol.").waitFor();
    await expectAccessible(proposer.page);
    expect(proposer.problems).toEqual([]);
    await proposer.context.close();
  });
});
