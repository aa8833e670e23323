import postgres from "postgres";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { expectAccessible, expectHeading, launchBrowser, openTab, PHONE, signIn, url } from "./browser";

/** A refused outcome-measure form answers in Spanish (the page walk only opens pages). Nothing is saved. */
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

describe("the outcome measures in Spanish", () => {
  it("an empty new measure is refused in Spanish and nothing is added", async () => {
    const [{ n: before }] = await sql<{ n: number }[]>`select count(*)::int as n from custom_outcome_measures`;
    const { page } = await openTab(browser, { viewport: PHONE });
    await signIn(page, MANAGER);
    await sql`update users set locale = 'es-ES' where email = ${MANAGER}`;
    await page.goto(url("/outcome-measures"));
    await expectHeading(page, "Medidas de resultados de la organización");
    await page.getByRole("button", { name: "Agregar la medida" }).click();
    const summary = page.locator(".error-summary");
    await summary.waitFor();
    const text = await summary.innerText();
    expect(text).toContain("Hay un problema");
    expect(text).toContain("Nombre: Ponga un nombre a la medida (lo que muestra sobre la persona).");
    expect(text).toContain("Escala o instrumento: Indique la escala o el instrumento del que sale la puntuación.");
    expect(text).toContain("¿En qué sentido se mejora?: Elija si es mejor una puntuación más alta o más baja.");
    await expectAccessible(page);
    const [{ n: after }] = await sql<{ n: number }[]>`select count(*)::int as n from custom_outcome_measures`;
    expect(after).toBe(before);
  });
});
