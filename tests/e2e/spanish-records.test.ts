import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser } from "playwright-core";
import { expectAccessible, expectHeading, launchBrowser, openTab, PHONE, signIn, url } from "./browser";

/**
 * Service records in Spanish, a refused form: a manager whose language is Spanish tries to close an
 * open incident without a closing note and reads the refusal in Spanish; nothing changes.
 */
let browser: Browser;
let sql: postgres.Sql;
let before: string;

beforeAll(async () => {
  browser = await launchBrowser();
  sql = postgres(inject("appDatabaseUrl"), { max: 2, onnotice: () => {} });
  [{ locale: before }] = await sql<{ locale: string }[]>`select locale from users where email = 'manager@riverside.example'`;
});
afterAll(async () => {
  if (sql && before) await sql`update users set locale = ${before} where email = 'manager@riverside.example'`;
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
});
