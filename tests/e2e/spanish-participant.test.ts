import { describe, expect, it } from "vitest";
import { expectAccessible, expectHeading, openTab, PHONE, url } from "./browser";
import { spanishReaders } from "./spanish-readers";

/**
 * Refused participant forms in Spanish (issue 18): the server's English sentence reaches a Spanish
 * reader in Spanish and nothing is saved; a signed-out visitor with a Spanish browser checks a
 * certificate in Spanish.
 */
const spanish = spanishReaders();

describe("participant forms in Spanish", () => {
  it("a weekly time that ends when it starts, and a release with nothing filled in, are refused in Spanish; the release to sign reads in Spanish; nothing is saved", async () => {
    const pat = await spanish.tab("pat@riverside.example");
    const [{ id: patId }] = await spanish.sql<{ id: string }[]>`select id from users where email = 'pat@riverside.example'`;
    const availability = async () => JSON.stringify(await spanish.sql`select * from availability_windows where user_id = ${patId} order by 1`);
    const before = await availability();
    await pat.goto(url("/availability"));
    await expectHeading(pat, "Mi disponibilidad");
    await pat.getByRole("grid").waitFor();
    await pat.getByLabel("Día, fila 1").selectOption("thu");
    await pat.getByLabel("Desde, fila 1").fill("12:00");
    await pat.getByLabel("Hasta, fila 1").fill("12:00");
    await pat.getByRole("button", { name: "Guardar mi horario semanal" }).click();
    const alert = await pat.getByRole("alert").first().innerText();
    expect(alert).toContain("Hasta: El fin debe ser distinto del inicio (fila 1).");
    expect(await pat.locator("#row-0-error").innerText()).toContain("El fin debe ser distinto del inicio (fila 1).");
    await expectAccessible(pat);
    expect(await availability()).toBe(before);

    const [{ count: releasesBefore }] = await spanish.sql<{ count: number }[]>`select count(*)::int as count from information_releases`;
    await pat.goto(url("/my/releases"));
    await expectHeading(pat, "Mis autorizaciones para compartir información");
    await pat.getByRole("button", { name: "Leer la autorización" }).click();
    const problems = await pat.getByRole("alert").first().innerText();
    expect(problems).toContain("Nombre del destinatario: Escriba el nombre de la persona que recibirá la carta.");
    expect(problems).toContain("Qué se puede compartir: Marque al menos una cosa que se pueda compartir.");
    expect(problems).not.toMatch(/Enter|Choose|Tick/);
    await expectAccessible(pat);
    // Filled in, the statement to read and sign is in Spanish (reading it writes nothing).
    await pat.getByLabel("Nombre del destinatario").fill("Ana Ruiz");
    await pat.getByLabel("Su dirección postal o correo electrónico").fill("ana@example.org");
    await pat.getByLabel("Propósito", { exact: true }).fill("Prueba de asistencia para el tribunal");
    await pat.getByLabel("Fechas de asistencia (el día de cada sesión a la que asistí)").check();
    await pat.getByRole("button", { name: "Leer la autorización" }).click();
    await expectHeading(pat, "Leer y firmar");
    const statement = await pat.locator("#sign-heading ~ blockquote").innerText();
    expect(statement).toMatch(/^Yo, Pat Participant, autorizo a .+ a divulgar información sobre mi participación en /);
    expect(statement).toContain("Solo se puede compartir lo siguiente: fechas de asistencia.");
    expect(statement).toContain("Propósito: Prueba de asistencia para el tribunal");
    await expectAccessible(pat);
    const [{ count: releasesAfter }] = await spanish.sql<{ count: number }[]>`select count(*)::int as count from information_releases`;
    expect(releasesAfter).toBe(releasesBefore);
  });

  it("Pat's own signed notes and contacts read in Spanish when the organisation shares them", async () => {
    const pat = await spanish.tab("pat@riverside.example");
    const [{ organization_id: org }] = await spanish.sql<{ organization_id: string }[]>`
      select m.organization_id from memberships m join users u on u.id = m.user_id where u.email = 'pat@riverside.example' limit 1`;
    const [setting] = await spanish.sql<{ on: boolean }[]>`select participants_see_progress_notes as on from records_settings where organization_id = ${org}`;
    await spanish.sql`insert into records_settings (organization_id, participants_see_progress_notes) values (${org}, true)
      on conflict (organization_id) do update set participants_see_progress_notes = true`;
    try {
      await pat.goto(url("/my/notes"));
      await expectHeading(pat, "Mis notas de avance");
      await expectHeading(pat, "Contactos individuales");
      const main = await pat.locator("main").innerText();
      expect(main).toContain("Por teléfono, 20 minutos");
      expect(main).toContain("Activación y compromiso con la recuperación");
      expect(main).toMatch(/Escrita por Fran Facilitator\./);
      expect(main).not.toMatch(/Written by|Kind of support|One-to-one|minutes/);
      await expectAccessible(pat);
    } finally {
      if (setting) await spanish.sql`update records_settings set participants_see_progress_notes = ${setting.on} where organization_id = ${org}`;
      else await spanish.sql`delete from records_settings where organization_id = ${org}`;
    }
  });

  it("a check-in without a code is refused in Spanish", async () => {
    const casey = await spanish.tab("casey@riverside.example");
    await casey.goto(url("/checkin"));
    await expectHeading(casey, "Registrar su llegada a la sesión");
    await casey.getByRole("button", { name: "Registrar llegada" }).click();
    await expect(casey.getByRole("alert").first().innerText()).resolves.toContain("Código: Escriba el código que se muestra en la sala.");
    await expectAccessible(casey);
  });

  it("a signed-out visitor with a Spanish browser checks a certificate in Spanish", async () => {
    const { page } = await openTab(spanish.browser, { viewport: PHONE, locale: "es-ES" });
    await page.goto(url("/verify/NO-SUCH-CODE"));
    await expectHeading(page, "Comprobar un certificado de finalización");
    await expect(page.locator("html").getAttribute("lang")).resolves.toBe("es-ES");
    await expectHeading(page, "No podemos confirmar este código");
    await expectAccessible(page);
  });
});
