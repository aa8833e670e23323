import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { expectAccessible, expectHeading, launchBrowser, openTab, PHONE, signIn, url } from "./browser";
import { e2eApp } from "./app";

/**
 * Out-of-date saves in a real browser, on phones: two managers open the same curriculum unit, one
 * saves new guidance, and the other — whose page still shows the old text — saves theirs. The
 * second save is refused (before, it silently replaced the first): the page says so, names the
 * field, shows the guidance as saved now above the form, keeps the person's own text in the form,
 * and a second press of Save (after comparing) saves it.
 */
let browser: Browser;
let sql: postgres.Sql;
let groupId: string;
let unitId: string;

beforeAll(async () => {
  browser = await launchBrowser();
  sql = postgres(e2eApp.databaseUrl, { max: 2, onnotice: () => {} });
  const [group] = await sql<{ id: string; organization_id: string }[]>`select id, organization_id from groups where name = 'Resume & Interview Workshop' order by created_at limit 1`;
  groupId = group.id;
  const [unit] = await sql<{ id: string }[]>`
    insert into curriculum_units (organization_id, group_id, position, title, objectives, duration_minutes, guidance)
    values (${group.organization_id}, ${group.id}, 1, 'Writing your resume', 'Leave with a one-page resume.', 120, 'Bring laptops from the lending shelf.')
    returning id`;
  unitId = unit.id;
});
afterAll(async () => {
  await sql?.end();
  await browser?.close();
});

describe("a curriculum unit saved from two phones opened on the same version", () => {
  it("refuses the second save with both texts on the page, then saves it once the person has compared", async () => {
    const [first, second] = [await openTab(browser, { viewport: PHONE }), await openTab(browser, { viewport: PHONE })];
    await signIn(first.page, "manager@riverside.example");
    await signIn(second.page, "admin@riverside.example");
    for (const tab of [first, second]) {
      await tab.page.goto(url(`/groups/${groupId}/curriculum/${unitId}`));
      await expectHeading(tab.page, "Writing your resume");
    }

    await second.page.getByLabel("Facilitator guidance").fill("Laptops are in room 2 this term.");
    await second.page.getByRole("button", { name: "Save unit" }).click();
    await second.page.getByText("Unit saved.").waitFor();

    await first.page.getByLabel("Facilitator guidance").fill("Bring laptops; print three copies each.");
    await first.page.getByRole("button", { name: "Save unit" }).click();
    await first.page.getByRole("alert").getByText(/^This unit was changed by someone else after you opened this page/).waitFor();
    const savedNow = first.page.getByRole("region", { name: "What is saved now" });
    await savedNow.getByText("Changed by someone else since you opened this page: Facilitator guidance.", { exact: false }).waitFor();
    await savedNow.getByText("Laptops are in room 2 this term.").waitFor();
    await expect(first.page.getByLabel("Facilitator guidance").inputValue()).resolves.toBe("Bring laptops; print three copies each.");
    await expect(sql`select guidance from curriculum_units where id = ${unitId}`).resolves.toEqual([{ guidance: "Laptops are in room 2 this term." }]);
    await expectAccessible(first.page);

    // Compared: the person keeps both and saves again.
    await first.page.getByLabel("Facilitator guidance").fill("Laptops are in room 2 this term; print three copies each.");
    await first.page.getByRole("button", { name: "Save unit" }).click();
    await first.page.getByText("Unit saved.").waitFor();
    await expect(sql`select guidance from curriculum_units where id = ${unitId}`).resolves.toEqual([{ guidance: "Laptops are in room 2 this term; print three copies each." }]);
    await expect(first.page.getByRole("region", { name: "What is saved now" }).count()).resolves.toBe(0);
    await expectAccessible(first.page);
  });
});
