import { describe, expect, it } from "vitest";
import { expectAccessible, expectHeading, url } from "./browser";
import { spanishReaders } from "./spanish-readers";

/**
 * Refused submissions of the voice, intake, referral and directory pages in Spanish (issue 18):
 * the server's English sentence reaches a Spanish reader in Spanish, and nothing is saved.
 */
const spanish = spanishReaders();

describe("refused forms in Spanish", () => {
  it("a proposal without a title, and a directory import without a file, are refused in Spanish", async () => {
    const pat = await spanish.tab("pat@riverside.example");
    const [{ count: before }] = await spanish.sql<{ count: number }[]>`select count(*)::int as count from proposals`;
    await pat.goto(url("/proposals/new"));
    await expectHeading(pat, "Hacer una propuesta");
    await pat.getByRole("button", { name: "Publicar la propuesta" }).click();
    const alert = await pat.getByRole("alert").innerText();
    expect(alert).toContain("Título: Escriba un título breve.");
    expect(alert).toContain("Descripción: Escriba una descripción.");
    expect(alert).not.toMatch(/Enter|Choose/);
    await expectAccessible(pat);
    const [{ count: after }] = await spanish.sql<{ count: number }[]>`select count(*)::int as count from proposals`;
    expect(after).toBe(before);

    const manager = await spanish.tab("manager@riverside.example");
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
