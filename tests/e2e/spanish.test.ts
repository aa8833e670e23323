import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { expectAccessible, expectHeading, launchBrowser, openTab, PHONE, url } from "./browser";
import { linkInMail } from "./mail";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** A catalog key shown instead of its text ("my.groups.title"): the areas of app/locales. */
const RAW_KEY = /\b(common|auth|public|registration|my|voice|profile|email)\.[a-zA-Z]+(\.[a-zA-Z]+)*\b/;

/** The page is in Spanish as far as the reader can tell: lang, no raw key, no English chrome; axe passes. */
async function expectSpanish(page: Page, lang: string) {
  await expect(page.locator("html").getAttribute("lang")).resolves.toBe(lang);
  const text = await page.locator("body").innerText();
  expect(text).not.toMatch(RAW_KEY);
  expect(text).toContain("¿Necesita ayuda ahora?");
  expect(text).not.toContain("Need help now?");
  await expectAccessible(page);
}

describe("the participant journey in Spanish", () => {
  it("a visitor whose browser asks for Spanish signs up, confirms, registers for a group in Spanish, with Spanish dates", async () => {
    const { page } = await openTab(browser, { viewport: PHONE, locale: "es-MX" });
    // Signed out: the browser's Accept-Language is the default (Spanish outside Spain → es-US).
    await page.goto(url("/o/riverside"));
    await expectSpanish(page, "es-US");
    await expect(page.getByRole("link", { name: "Crear una cuenta de participante" }).isVisible()).resolves.toBe(true);

    await page.goto(url("/o/riverside/catalogue"));
    await expectHeading(page, /^Grupos de /);
    await expectSpanish(page, "es-US");
    // Spanish day and month names, 12-hour clock for es-US.
    expect(await page.locator("main").innerText()).toMatch(/(lun|mar|mié|jue|vie|sáb|dom) \d{1,2} (ene|feb|mar|abr|may|jun|jul|ago|sept|oct|nov|dic) \d{4}, \d{1,2}:\d\d/);
    expect(await page.locator("main").innerText()).toMatch(/[ap]\. m\./);

    // Sign-up: the form preselects the page's language; validation errors are in Spanish too.
    await page.goto(url("/o/riverside/signup"));
    await expectHeading(page, /^Cree su cuenta en /);
    await expect(page.getByLabel("Idioma", { exact: true }).inputValue()).resolves.toBe("es-US");
    await page.getByRole("button", { name: "Crear cuenta" }).click();
    await expect(page.getByRole("alert").textContent()).resolves.toContain("Hay un problema");
    await expect(page.getByRole("alert").textContent()).resolves.toContain("Escriba su dirección de correo electrónico.");
    await expectSpanish(page, "es-US");
    const email = `lucia-${Date.now()}@example.org`;
    await page.getByLabel("Su nombre").fill("Lucía");
    await page.getByLabel("Correo electrónico").fill(email);
    await page.getByLabel("Contraseña", { exact: true }).fill("una frase larga de prueba");
    await page.getByLabel("Confirme la contraseña").fill("una frase larga de prueba");
    await page.getByRole("button", { name: "Crear cuenta" }).click();
    await expectHeading(page, "Revise su correo electrónico");
    await expectSpanish(page, "es-US");
    await page.goto(await linkInMail(email, /http:\/\/\S+\/confirm-email\/[A-Za-z0-9_-]+/));
    await expectSpanish(page, "es-US");
    await page.getByLabel("Contraseña que eligió").fill("una frase larga de prueba");
    await page.getByRole("button", { name: "Confirmar mi correo electrónico" }).click();
    await page.waitForURL(/\/home$/);
    await expectHeading(page, "Hola, Lucía");
    await expectSpanish(page, "es-US");

    // The catalogue, then a group with a free seat.
    await page.goto(url("/catalogue"));
    await expectHeading(page, "Buscar un grupo");
    await expectSpanish(page, "es-US");
    await page.getByRole("link", { name: /^Unirme a (?!la lista de espera)/ }).first().click();
    await page.waitForURL(/\/groups\/[0-9a-f-]+\/register$/);
    await expectHeading(page, /^Unirse a /);
    await expectSpanish(page, "es-US");
    // Sending without the required answers: Spanish errors beside the fields and in the summary.
    await page.getByRole("button", { name: "Inscribirme" }).click();
    await expect(page.getByRole("alert").textContent()).resolves.toContain("Indique si alguna de estas necesidades es urgente.");
    await expect(page.getByRole("alert").textContent()).resolves.toContain("Para inscribirse, necesita aceptar participar en el grupo.");
    await expectSpanish(page, "es-US");
    await page.getByLabel("Vivienda", { exact: true }).check();
    await page.getByLabel("No", { exact: true }).check();
    await page.getByLabel("¿Cómo debemos comunicarnos con usted?").selectOption("email");
    await page.getByLabel("Acepto participar en este grupo.").check();
    await page.getByRole("button", { name: "Inscribirme" }).click();
    await page.waitForURL(/\/my\/groups\?registered=/);
    await expectHeading(page, "Mis grupos");
    const main = await page.locator("main").innerText();
    expect(main).toContain("Gracias, usted está inscrito.");
    expect(main).toContain("Inscrito");
    expect(main).toContain("Usted tiene un lugar.");
    await expectSpanish(page, "es-US");
  });

  it("a participant switches to Spanish (Spain) on the profile and gives feedback in Spanish, with 24-hour times", async () => {
    const { page } = await openTab(browser, { viewport: PHONE });
    // Sign in (in English: the browser asks for English), then choose Spanish on the profile.
    await page.goto(url("/login"));
    // Casey is in Budgeting Basics only: an answer there leaves the Peer Recovery Circle's feedback
    // inbox as voice.test.ts expects it (answers are released in batches of 5 per group).
    await page.getByLabel("Email").fill("casey@riverside.example");
    await page.getByLabel("Password").fill("demo-password-1");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/home$/);
    await page.goto(url("/profile"));
    await page.getByLabel("Language", { exact: true }).selectOption("es-ES");
    await page.getByRole("button", { name: "Save details" }).click();
    await page.getByRole("status").filter({ hasText: "Su perfil se guardó." }).waitFor();
    await expectSpanish(page, "es-ES");
    try {
      await page.goto(url("/home"));
      await expectHeading(page, "Su opinión");
      await expectSpanish(page, "es-ES");
      expect(await page.locator("main").innerText()).not.toMatch(/\d [ap]\. m\./);
      await page.getByRole("link", { name: /^Dar mi opinión sobre Budgeting Basics/ }).first().click();
      await page.waitForURL(/\/feedback\/[0-9a-f-]+$/);
      await expectHeading(page, /^¿Qué tal estuvo /);
      await expectSpanish(page, "es-ES");
      await page.getByRole("button", { name: "Enviar mi opinión" }).click();
      await expect(page.getByRole("alert").textContent()).resolves.toContain("Elija una calificación del 1 al 5");
      await expectSpanish(page, "es-ES");
      for (const group of await page.getByRole("group").filter({ hasText: "1 significa nada, 5 significa mucho." }).all()) {
        await group.getByLabel("4", { exact: true }).check();
      }
      await page.getByLabel("¿Hay algo más que quiera decirnos? (opcional)").fill("Me sentí bienvenida.");
      await page.getByRole("button", { name: "Enviar mi opinión" }).click();
      await page.waitForURL(/\?thanks=1$/);
      await page.getByRole("status").filter({ hasText: "su opinión sobre esta sesión está guardada" }).waitFor();
      await expectSpanish(page, "es-ES");
    } finally {
      // Other tests meet Casey in English.
      await page.goto(url("/profile"));
      await page.getByLabel("Idioma", { exact: true }).selectOption("en-US");
      await page.getByRole("button", { name: "Guardar datos" }).click();
      await page.getByRole("status").filter({ hasText: "Your profile was saved." }).waitFor();
    }
  });

  it("a signed-out visitor changes the language from the header, and it stays for the next pages", async () => {
    const { page } = await openTab(browser, { viewport: PHONE });
    await page.goto(url("/o/riverside/catalogue"));
    await expectHeading(page, /^Groups at /);
    await page.getByLabel("Page language").selectOption("es-ES");
    await page.getByRole("button", { name: "Change language" }).click();
    await page.waitForURL(/\/o\/riverside\/catalogue$/);
    await expectHeading(page, /^Grupos de /);
    await expectSpanish(page, "es-ES");
    await page.goto(url("/login"));
    await expectHeading(page, "Iniciar sesión");
    await expectSpanish(page, "es-ES");
  });
});

describe("each page downloads its own language's texts only", () => {
  it("an English page does not fetch the Spanish catalog; a Spanish page does", async () => {
    const { page } = await openTab(browser, { viewport: PHONE });
    const scripts = () => page.evaluate(() => performance.getEntriesByType("resource").map((e) => new URL(e.name).pathname).filter((p) => p.endsWith(".js")));
    await page.goto(url("/o/riverside/catalogue"));
    await expectHeading(page, /^Groups at /);
    await expectAccessible(page);
    // English is in the bundle; the Spanish texts are a chunk of their own, not fetched here.
    const english = await scripts();
    expect(english.length).toBeGreaterThan(0);
    expect(english.some((p) => /\/_shared\/es-[A-Z0-9]+\.js$/.test(p))).toBe(false);
    await page.getByLabel("Page language").selectOption("es-ES");
    await page.getByRole("button", { name: "Change language" }).click();
    await expectHeading(page, /^Grupos de /);
    await expectSpanish(page, "es-ES");
    expect((await scripts()).some((p) => /\/_shared\/es-[A-Z0-9]+\.js$/.test(p))).toBe(true);
  });
});
