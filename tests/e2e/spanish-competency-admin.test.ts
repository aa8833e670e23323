import { describe, expect, it } from "vitest";
import { expectAccessible, expectHeading, url } from "./browser";
import { spanishReaders } from "./spanish-readers";

/**
 * Refused forms of the competency and administration pages answer in Spanish (the page walk,
 * spanish-pages.test.ts, only opens pages). Nothing is saved: both forms are refused.
 */
const ADMIN = "admin@riverside.example";
const spanish = spanishReaders();

describe("competency and administration forms in Spanish", () => {
  it("a framework item without a name and an invitation to a malformed address are refused in Spanish", async () => {
    const page = await spanish.tab(ADMIN);

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
    const [{ count }] = await spanish.sql<{ count: string }[]>`select count(*) from invitations where email = 'not-an-address'`;
    expect(count).toBe("0");
  });
});
