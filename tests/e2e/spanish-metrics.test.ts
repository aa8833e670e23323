import postgres from "postgres";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { expectAccessible, expectHeading, launchBrowser, openTab, PHONE, signIn, url } from "./browser";

/**
 * A refused form of the metrics pages answers in Spanish (the page walk, spanish-pages.test.ts,
 * opens the pages themselves): saving a funder report without a name names the field and the
 * problem in Spanish, and nothing is saved.
 */
const MANAGER = "manager@riverside.example";
let browser: Browser;
let sql: postgres.Sql;
let originalLocale: string;

beforeAll(async () => {
  browser = await launchBrowser();
  sql = postgres(inject("appDatabaseUrl"), { max: 2, onnotice: () => {} });
  [{ locale: originalLocale }] = await sql<{ locale: string }[]>`select locale from users where email = ${MANAGER}`;
});

afterAll(async () => {
  if (originalLocale) await sql`update users set locale = ${originalLocale} where email = ${MANAGER}`;
  await sql?.end();
  await browser?.close();
});

describe("the funder report in Spanish", () => {
  it("saving a report without a name is refused in Spanish and saves nothing", async () => {
    const { page, context } = await openTab(browser, { viewport: PHONE });
    await signIn(page, MANAGER);
    await sql`update users set locale = 'es-ES' where email = ${MANAGER}`;
    const count = async () => (await sql<{ n: number }[]>`select count(*)::int as n from funder_report_definitions`)[0].n;
    const before = await count();
    await page.goto(url("/metrics/funder?rule=last_year"));
    await expectHeading(page, "Informe para financiadores");
    await page.getByRole("button", { name: "Guardar", exact: true }).click();
    const summary = page.locator(".error-summary");
    await summary.waitFor();
    await expect(summary.innerText()).resolves.toContain("Hay un problema");
    await expect(summary.innerText()).resolves.toContain("Nombre del informe guardado: Ponga un nombre al informe, por ejemplo «Subvención del condado — trimestral».");
    await expect(count()).resolves.toBe(before);
    await expectAccessible(page);
    await context.close();
  });
});
