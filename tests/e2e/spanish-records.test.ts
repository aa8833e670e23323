import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser } from "playwright-core";
import { expectAccessible, expectHeading, launchBrowser, openTab, PHONE, signIn, url } from "./browser";

/**
 * Service records in Spanish: a manager whose language is Spanish tries to close an open incident
 * without a closing note and reads the refusal in Spanish (nothing changes); a facilitator's
 * contact form names the person's goals and objectives in Spanish.
 */
let browser: Browser;
let sql: postgres.Sql;
const before = new Map<string, string>();
const ACCOUNTS = ["manager@riverside.example", "fran@riverside.example"];

beforeAll(async () => {
  browser = await launchBrowser();
  sql = postgres(inject("appDatabaseUrl"), { max: 2, onnotice: () => {} });
  for (const row of await sql<{ email: string; locale: string }[]>`select email, locale from users where email in ${sql(ACCOUNTS)}`) before.set(row.email, row.locale);
});
afterAll(async () => {
  for (const [email, locale] of before) await sql`update users set locale = ${locale} where email = ${email}`;
  await sql?.end();
  await browser?.close();
});

describe("service records in Spanish", () => {
  it("closing an incident without a closing note is refused in Spanish and the incident stays open", async () => {
    const [incident] = await sql<{ id: string }[]>`select id from incidents where status = 'open' order by created_at limit 1`;
    const { page } = await openTab(browser, { viewport: PHONE });
    await signIn(page, "manager@riverside.example");
    await sql`update users set locale = 'es-ES' where email = 'manager@riverside.example'`;
    await page.goto(url(`/incidents/${incident.id}`));
    await expectHeading(page, /^Incidente: /);
    await page.getByRole("button", { name: "Cerrar incidente" }).click();
    const alert = page.getByRole("alert").first();
    await alert.getByText("Escriba una nota de cierre").waitFor();
    await expect(alert.textContent()).resolves.toContain("Hay un problema");
    await expect(page.getByLabel("Nota de cierre").getAttribute("aria-invalid")).resolves.toBe("true");
    await expectAccessible(page);
    const [after] = await sql<{ status: string }[]>`select status from incidents where id = ${incident.id}`;
    expect(after.status).toBe("open");
  });

  it("a draft contact's goal and objective choices read in Spanish", async () => {
    const [contact] = await sql<{ id: string; participant_id: string }[]>`
      select c.id, c.participant_id from individual_contacts c join users u on u.id = c.participant_id
      where u.email = 'pat@riverside.example' and c.signed_at is null limit 1`;
    const { page } = await openTab(browser, { viewport: PHONE });
    await signIn(page, "fran@riverside.example");
    await sql`update users set locale = 'es-ES' where email = 'fran@riverside.example'`;
    await page.goto(url(`/participants/${contact.participant_id}/contacts/${contact.id}`));
    await expectHeading(page, /^Contacto con /);
    const choices = await page.getByLabel("Meta u objetivo trabajado").locator("option").allInnerTexts();
    expect(choices[0]).toBe("Ninguna de sus metas");
    expect(choices.slice(1).length).toBeGreaterThan(0);
    for (const choice of choices.slice(1)) expect(choice).toMatch(/^(Meta|Objetivo): /);
    await expectAccessible(page);
  });
});
