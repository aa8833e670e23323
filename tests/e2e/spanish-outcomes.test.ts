import { describe, expect, it } from "vitest";
import { expectAccessible, expectHeading, url } from "./browser";
import { spanishReaders } from "./spanish-readers";

/** A refused outcome-measure form answers in Spanish (the page walk only opens pages). Nothing is saved. */
const MANAGER = "manager@riverside.example";
const spanish = spanishReaders();

describe("the outcome measures in Spanish", () => {
  it("an empty new measure is refused in Spanish and nothing is added", async () => {
    const [{ n: before }] = await spanish.sql<{ n: number }[]>`select count(*)::int as n from custom_outcome_measures`;
    const page = await spanish.tab(MANAGER);
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
    const [{ n: after }] = await spanish.sql<{ n: number }[]>`select count(*)::int as n from custom_outcome_measures`;
    expect(after).toBe(before);
  });
});
