import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { expectAccessible, expectHeading, launchBrowser, openTab, PHONE, signIn, url } from "./browser";
import { e2eApp } from "./app";

/**
 * Curriculum in a real browser, on phones: a manager builds a two-unit curriculum for the Resume &
 * Interview Workshop (which has none in the demo), its facilitator Felix sees the first session's
 * unit and materials on the roster and changes it on the session plan, and an enrolled participant
 * sees the unit titles (and the participants' link, not the facilitators' one) on their group page.
 */
let browser: Browser;
let sql: postgres.Sql;
let groupId: string;
let sessionId: string;
let participantEmail: string;

beforeAll(async () => {
  browser = await launchBrowser();
  sql = postgres(e2eApp.databaseUrl, { max: 2, onnotice: () => {} });
  const [group] = await sql<{ id: string }[]>`select id from groups where name = 'Resume & Interview Workshop' order by created_at limit 1`;
  groupId = group.id;
  const [first] = await sql<{ id: string }[]>`select id from sessions where group_id = ${groupId} and status = 'scheduled' and starts_at > now() order by starts_at limit 1`;
  sessionId = first.id;
  const [participant] = await sql<{ email: string }[]>`
    select u.email from enrolments e join users u on u.id = e.user_id
    where e.group_id = ${groupId} and e.status = 'enrolled' order by u.email limit 1`;
  participantEmail = participant.email;
});
afterAll(async () => {
  await sql?.end();
  await browser?.close();
});

describe("curriculum and session plans", () => {
  it("a manager builds a two-unit curriculum; the facilitator sees the unit on the roster; a participant sees its title", async () => {
    const manager = await openTab(browser, { viewport: PHONE });
    await signIn(manager.page, "manager@riverside.example");
    await manager.page.goto(url(`/groups/${groupId}`));
    await manager.page.getByRole("link", { name: "Curriculum and session plans" }).click();
    await expectHeading(manager.page, "Curriculum: Resume & Interview Workshop");
    await expectAccessible(manager.page);

    // A bad duration is refused beside the field and adds nothing.
    await manager.page.getByLabel("Title").fill("Writing your resume");
    await manager.page.getByLabel("Duration in minutes").fill("0");
    await manager.page.getByRole("button", { name: "Add unit" }).click();
    await manager.page.getByRole("alert").getByText("Duration: between 1 and 1440 minutes").waitFor();
    await expect(manager.page.getByRole("list", { name: "Units in order" }).getByRole("listitem").count()).resolves.toBe(0);
    await expectAccessible(manager.page);

    await manager.page.getByLabel("Duration in minutes").fill("120");
    await manager.page.getByLabel("Objectives").fill("Leave with a one-page resume.");
    await manager.page.getByLabel("Facilitator guidance").fill("Bring laptops from the lending shelf.");
    await manager.page.getByRole("button", { name: "Add unit" }).click();
    await manager.page.getByText("Unit added.").waitFor();
    // The add form starts empty again (it kept the first unit's text before it was keyed).
    await expect(manager.page.getByLabel("Objectives").inputValue()).resolves.toBe("");
    await manager.page.getByLabel("Title").fill("Practice interviews");
    await manager.page.getByLabel("Duration in minutes").fill("120");
    await manager.page.getByRole("button", { name: "Add unit" }).click();
    const units = manager.page.getByRole("list", { name: "Units in order" });
    await units.getByRole("listitem").nth(1).waitFor();
    await expect(units.getByRole("heading").allInnerTexts()).resolves.toEqual(["1. Writing your resume", "2. Practice interviews"]);
    await expectAccessible(manager.page);

    // Materials: a link for participants, one for facilitators only.
    await units.getByRole("link", { name: "1. Writing your resume" }).click();
    await expectHeading(manager.page, "Writing your resume");
    await manager.page.getByLabel("Title").nth(1).fill("Resume template");
    await manager.page.getByLabel("Web address").fill("https://example.org/resume-template");
    await manager.page.getByLabel("Who may see it").first().selectOption("participants");
    await manager.page.getByRole("button", { name: "Add link" }).click();
    await manager.page.getByText("Link added.").waitFor();
    // The link form is empty again, its audience back to "Facilitators only".
    await expect(manager.page.getByLabel("Who may see it").first().inputValue()).resolves.toBe("facilitators");
    await manager.page.getByLabel("Title").nth(1).fill("Marking guide");
    await manager.page.getByLabel("Web address").fill("https://example.org/marking-guide");
    await manager.page.getByRole("button", { name: "Add link" }).click();
    await manager.page.getByRole("link", { name: /Marking guide/ }).waitFor();
    await expectAccessible(manager.page);

    // Felix sees the first session's unit and both materials on the roster, then changes its unit.
    const felix = await openTab(browser, { viewport: PHONE });
    await signIn(felix.page, "felix@riverside.example");
    await felix.page.goto(url(`/sessions/${sessionId}/roster`));
    await expectHeading(felix.page, "Unit: Writing your resume");
    const materials = felix.page.getByRole("list", { name: "Materials for Writing your resume" });
    await expect(materials.innerText()).resolves.toContain("Marking guide");
    await expect(materials.innerText()).resolves.toContain("Resume template");
    await expectAccessible(felix.page);
    await felix.page.getByRole("link", { name: /Session plan/ }).click();
    await expectHeading(felix.page, "Session plan: Resume & Interview Workshop");
    await expect(felix.page.locator("main").innerText()).resolves.toContain("Bring laptops from the lending shelf.");
    await expectAccessible(felix.page);

    // The participant sees the titles and the participants' link only.
    const participant = await openTab(browser, { viewport: PHONE });
    await signIn(participant.page, participantEmail);
    await participant.page.goto(url("/my/groups"));
    await participant.page.getByRole("link", { name: "Sessions, units and materials of Resume & Interview Workshop" }).click();
    await participant.page.waitForURL(url(`/my/groups/${groupId}`));
    await expectHeading(participant.page, "Coming up");
    const page = await participant.page.locator("main").innerText();
    expect(page).toContain("Unit: Writing your resume");
    expect(page).toContain("Unit: Practice interviews");
    expect(page).toContain("Resume template");
    expect(page).not.toContain("Marking guide");
    expect(page).not.toContain("Bring laptops");
    await expectAccessible(participant.page);

    // Felix gives the first session the second unit; the participant's page follows.
    await felix.page.getByLabel("Unit this session covers").selectOption({ label: "2. Practice interviews" });
    await felix.page.getByRole("button", { name: "Save unit" }).click();
    await felix.page.getByText("Unit saved for this session.").waitFor();
    await expectHeading(felix.page, "Unit: Practice interviews");
    await expectAccessible(felix.page);
    await participant.page.reload();
    // That session by its id, not the list's first item: a session already under way today is listed first.
    const changed = participant.page.getByRole("list", { name: "Sessions coming up" }).locator(`#session-${sessionId}`);
    await expect(changed.innerText()).resolves.toContain("Unit: Practice interviews");

    for (const tab of [manager, felix, participant]) await tab.context.close();
  });
});
