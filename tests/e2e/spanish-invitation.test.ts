import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { expectAccessible, expectHeading, launchBrowser, openTab, PHONE, signIn, url } from "./browser";
import { linkInMail } from "./mail";

/**
 * The invitation an administrator sends in Spanish opens in Spanish for the invitee, although the
 * invitee's browser asks for English: texts, refusals and the title. The header's switch still
 * wins (the reader's own choice), and the invitation can then be accepted.
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const INVITEE = `invitee-${Date.now()}@example.org`;

describe("an invitation sent in Spanish", () => {
  it("opens in Spanish for an English browser, refuses in Spanish, and follows the header's switch", async () => {
    const admin = await openTab(browser);
    await signIn(admin.page, "admin@riverside.example");
    await admin.page.goto(url("/admin/people"));
    await admin.page.getByLabel("Email", { exact: true }).fill(INVITEE);
    await admin.page.getByLabel("Role", { exact: true }).selectOption("facilitator");
    await admin.page.getByLabel("Their language").selectOption("es-ES");
    await admin.page.getByRole("button", { name: "Send invitation" }).click();
    await admin.page.getByText(`Invitation sent to ${INVITEE}.`).waitFor();
    const link = await linkInMail(INVITEE, /http:\/\/\S+\/invite\/[A-Za-z0-9_-]+/);

    const { page } = await openTab(browser, { viewport: PHONE, locale: "en-US" });
    await page.goto(link);
    await expectHeading(page, /^Únase a /);
    await expect(page.locator("html").getAttribute("lang")).resolves.toBe("es-ES");
    await expect(page.title()).resolves.toBe("Aceptar la invitación · Group Sessions");
    const main = await page.locator("main").innerText();
    expect(main).toContain("Lo invitan como facilitador/a con la dirección");
    expect(main).not.toMatch(/\b(Join|You are invited|Your name|Choose a password|Accept the invitation)\b/);
    expect(await page.locator("body").innerText()).toContain("¿Necesita ayuda ahora?");
    await expectAccessible(page);

    // Sent empty: the refusals are in Spanish too, and nothing is accepted.
    await page.getByRole("button", { name: "Aceptar la invitación" }).click();
    const summary = page.locator(".error-summary");
    await summary.waitFor();
    await expect(summary.innerText()).resolves.toContain("Hay un problema");
    await expect(summary.innerText()).resolves.toContain("Su nombre: Escriba un nombre.");
    await expect(summary.innerText()).resolves.toContain("Contraseña: Use al menos 10 caracteres.");
    await expect(page.locator("html").getAttribute("lang")).resolves.toBe("es-ES");
    await expectAccessible(page);

    // The reader's own choice wins: the header's switch to English.
    await page.getByLabel("Idioma de la página").selectOption("en-US");
    await page.getByRole("button", { name: "Cambiar idioma" }).click();
    await expectHeading(page, /^Join /);
    await expect(page.locator("html").getAttribute("lang")).resolves.toBe("en-US");
    await expectAccessible(page);

    await page.getByLabel("Your name").fill("Inés Invitada");
    await page.getByLabel("Choose a password").fill("a long enough test phrase");
    await page.getByLabel("Confirm password").fill("a long enough test phrase");
    await page.getByRole("button", { name: "Accept the invitation" }).click();
    await page.waitForURL(/\/home$/);
    await expectAccessible(page);
  });
});
