import { describe, expect, it } from "vitest";
import { expectAccessible, expectHeading, url } from "./browser";
import { spanishReaders } from "./spanish-readers";

/**
 * A refused form of the metrics pages answers in Spanish (the page walk, spanish-pages.test.ts,
 * opens the pages themselves): saving a funder report without a name names the field and the
 * problem in Spanish, and nothing is saved.
 */
const MANAGER = "manager@riverside.example";
const spanish = spanishReaders();

describe("the funder report in Spanish", () => {
  it("saving a report without a name is refused in Spanish and saves nothing", async () => {
    const { page, context } = await spanish.reader(MANAGER);
    const count = async () => (await spanish.sql<{ n: number }[]>`select count(*)::int as n from funder_report_definitions`)[0].n;
    const before = await count();
    await page.goto(url("/metrics/funder?rule=last_year"));
    await expectHeading(page, "Informe para financiadores");
    await page.getByRole("button", { name: "Guardar", exact: true }).click();
    const summary = page.locator(".error-summary");
    await summary.waitFor();
    await expect(summary.innerText()).resolves.toContain("Hay un problema");
    await expect(summary.innerText()).resolves.toContain("Nombre del informe guardado: Ponga un nombre al informe, por ejemplo «Subvención del condado — trimestral».");
    await expect(count()).resolves.toBe(before);
    await expectAccessible(page);
    await context.close();
  });
});

describe("the metrics of one group in Spanish", () => {
  it("the goal figures say what they cover and sessions still to come are named apart from those not recorded", async () => {
    const { page, context } = await spanish.reader(MANAGER); // on a phone (390 px)
    const [group] = await spanish.sql<{ id: string }[]>`select id from groups where name = 'Budgeting Basics'`;
    await page.goto(url(`/metrics?group=${group.id}&by=month`));
    await expectHeading(page, "Indicadores del programa");
    const main = await page.locator("main").innerText();
    expect(main).toContain("Con este filtro, las metas son las cuyo plan nombra uno de estos grupos");
    expect(main).toMatch(/\d+ aún por realizarse; \d+ aún sin registrar/);
    await expectAccessible(page);
    await context.close();
  });
});
