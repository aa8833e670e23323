import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser } from "playwright-core";
import { expectAccessible, expectHeading, launchBrowser, openTab, PHONE, signIn, url } from "./browser";

/**
 * Refused submissions of the voice, intake, referral and directory pages in Spanish (issue 18):
 * the server's English sentence reaches a Spanish reader in Spanish, and nothing is saved.
 */
let browser: Browser;
let sql: postgres.Sql;
const original = new Map<string, string>();

beforeAll(async () => {
  browser = await launchBrowser();
  sql = postgres(inject("appDatabaseUrl"), { max: 1, onnotice: () => {} });
});
afterAll(async () => {
  for (const [email, locale] of original) await sql`update users set locale = ${locale} where email = ${email}`;
  await sql?.end();
  await browser?.close();
});

async function spanishTab(email: string) {
  const { page } = await openTab(browser, { viewport: PHONE, locale: "en-US" });
  await signIn(page, email);
  const [user] = await sql<{ locale: string }[]>`select locale from users where email = ${email}`;
  if (!original.has(email)) original.set(email, user.locale);
  await sql`update users set locale = 'es-ES' where email = ${email}`;
  return page;
}

describe("refused forms in Spanish", () => {
  it("a proposal without a title, and a directory import without a file, are refused in Spanish", async () => {
    const pat = await spanishTab("pat@riverside.example");
    const [{ count: before }] = await sql<{ count: number }[]>`select count(*)::int as count from proposals`;
    await pat.goto(url("/proposals/new"));
    await expectHeading(pat, "Hacer una propuesta");
    await pat.getByRole("button", { name: "Publicar la propuesta" }).click();
    const alert = await pat.getByRole("alert").innerText();
    expect(alert).toContain("Título: Escriba un título breve.");
    expect(alert).toContain("Descripción: Escriba una descripción.");
    expect(alert).not.toMatch(/Enter|Choose/);
    await expectAccessible(pat);
    const [{ count: after }] = await sql<{ count: number }[]>`select count(*)::int as count from proposals`;
    expect(after).toBe(before);

    const manager = await spanishTab("manager@riverside.example");
    await manager.goto(url("/directory/import"));
    await expectHeading(manager, "Importar el directorio desde un CSV");
    await manager.getByLabel("O pegue el texto del CSV").fill("name,colour\nSpringfield Legal Aid,blue");
    await manager.getByRole("button", { name: "Importar" }).click();
    await expectHeading(manager, "Importar el directorio desde un CSV");
    const problems = await manager.getByRole("alert").innerText();
    expect(problems).toContain("No se importó nada");
    expect(problems).toContain("Línea 1: Columna desconocida: colour.");
    await expectAccessible(manager);
  });
});
