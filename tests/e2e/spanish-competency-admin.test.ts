import postgres from "postgres";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { expectAccessible, expectHeading, launchBrowser, openTab, PHONE, signIn, url } from "./browser";

/**
 * Refused forms of the competency and administration pages answer in Spanish (the page walk,
 * spanish-pages.test.ts, only opens pages). Nothing is saved: both forms are refused.
 */
const ADMIN = "admin@riverside.example";
let browser: Browser;
let sql: postgres.Sql;
let originalLocale: string;

beforeAll(async () => {
  browser = await launchBrowser();
  sql = postgres(inject("appDatabaseUrl"), { max: 2, onnotice: () => {} });
  [{ locale: originalLocale }] = await sql<{ locale: string }[]>`select locale from users where email = ${ADMIN}`;
});

afterAll(async () => {
  if (originalLocale) await sql`update users set locale = ${originalLocale} where email = ${ADMIN}`;
  await sql?.end();
  await browser?.close();
});

describe("competency and administration forms in Spanish", () => {
  it("a framework item without a name and an invitation to a malformed address are refused in Spanish", async () => {
    const { page } = await openTab(browser, { viewport: PHONE });
    await signIn(page, ADMIN);
    await sql`update users set locale = 'es-ES' where email = ${ADMIN}`;

    await page.goto(url("/competency/items"));
    await expectHeading(page, "Marco de competencias");
    await page.getByRole("button", { name: "Agregar el elemento" }).click();
    const summary = page.locator(".error-summary");
    await summary.waitFor();
    await expect(summary.innerText()).resolves.toContain("Hay un problema");
    await expect(summary.innerText()).resolves.toContain("Nombre: Escriba un nombre.");
    await expect(summary.innerText()).resolves.toContain("Código: Escriba un código corto, por ejemplo 2.04-engage.");
    await expect(page.locator("main").innerText()).resolves.not.toMatch(/\bEnter\b|\bChoose\b/);
    await expectAccessible(page);

    await page.goto(url("/admin/people"));
    await expectHeading(page, "Personas y roles");
    await page.getByLabel("Correo electrónico", { exact: true }).fill("not-an-address");
    await page.getByRole("button", { name: "Enviar la invitación" }).click();
    await page.locator(".error-summary").waitFor();
    await expect(page.locator(".error-summary").innerText()).resolves.toContain(
      "Correo electrónico: Escriba una dirección de correo electrónico como nombre@ejemplo.org.",
    );
    await expectAccessible(page);
    const [{ count }] = await sql<{ count: string }[]>`select count(*) from invitations where email = 'not-an-address'`;
    expect(count).toBe("0");
  });
});
